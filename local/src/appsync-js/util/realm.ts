/**
 * Sets up one sandbox realm: the globals AppSync gives resolver code (util, extensions,
 * runtime, console; JSON.parse that never throws) and the loader/invoker the host drives
 * through small scripts. Everything the host sees comes back as JSON text.
 *
 * This file runs INSIDE the sandbox realm.
 */
import { beginInvocation, currentInvocation, type InvocationFacts } from './invocation';
import { isEarlyReturnSignal, isErrorSignal } from './signals';

export type ModuleObjects = Record<string, Record<string, unknown>>;

type Handler = (ctx: unknown) => unknown;
type ModuleFactory = (require: (name: string) => unknown, exports: Record<string, unknown>) => void;

interface Envelope {
  handler: 'request' | 'response';
  ctx: Record<string, unknown>;
  facts: InvocationFacts;
}

/** Where resolver code sits in stack traces; AppSync names it the same. */
const CODE_FILE = 'code.js';
const FRAME = /code\.js:(\d+):(\d+)/;

let handlers: Record<string, unknown> = {};
/** "line:column" of a console method name -> "line:column" of its call, as AppSync reports. */
let callSites: Record<string, string> = {};

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

function callerLocation(stack: string | undefined): string | null {
  const match = FRAME.exec(stack ?? '');
  if (match === null) return null;
  const at = `${match[1]}:${match[2]}`;
  return callSites[at] ?? at;
}

function logLine(level: 'INFO' | 'ERROR', args: unknown[]): void {
  const location = callerLocation(new Error().stack);
  const text = args.map((arg) => (arg === undefined ? 'undefined' : (JSON.stringify(arg) ?? String(arg)))).join(' ');
  currentInvocation().logs.push(`${level} - ${location === null ? CODE_FILE : `${CODE_FILE}:${location}`}: ${text}`);
}

function describeException(thrown: unknown): { name: string; message: string; location: string | null } {
  if (thrown instanceof Error) {
    return { name: thrown.name, message: thrown.message, location: callerLocation(thrown.stack) };
  }
  return { name: 'Error', message: String(thrown), location: null };
}

function invoke(envelopeJson: string): string {
  const envelope = JSON.parse(envelopeJson) as Envelope;
  const record = beginInvocation(envelope.facts);
  const ctx = envelope.ctx;
  ctx.args = ctx.arguments;
  ctx.env ??= {};
  const base = () => ({
    stash: ctx.stash ?? {},
    appendedErrors: record.appendedErrors,
    logs: record.logs,
    subscriptionFilter: record.subscriptionFilter,
    subscriptionInvalidationFilter: record.subscriptionInvalidationFilter,
    invalidateSubscriptions: record.invalidateSubscriptions,
    cacheEvictions: record.cacheEvictions,
  });
  const handler = handlers[envelope.handler];
  let outcome: Record<string, unknown>;
  if (typeof handler !== 'function') {
    outcome = { kind: 'missingHandler' };
  } else {
    try {
      const value = (handler as Handler)(ctx);
      outcome = { kind: 'return', value: value === undefined ? null : value };
    } catch (thrown) {
      if (isErrorSignal(thrown)) {
        const { message, errorType, data, errorInfo } = thrown;
        outcome = { kind: 'error', error: { message, errorType, data, errorInfo } };
      } else if (isEarlyReturnSignal(thrown)) {
        outcome = { kind: 'earlyReturn', value: thrown.value, skipTo: thrown.skipTo };
      } else {
        outcome = { kind: 'exception', exception: describeException(thrown) };
      }
    }
  }
  try {
    return JSON.stringify({ ...outcome, ...base() });
  } catch (thrown) {
    return JSON.stringify({ kind: 'exception', exception: describeException(thrown), ...base(), stash: {} });
  }
}

function load(factory: ModuleFactory, callSitesJson: string): void {
  callSites = JSON.parse(callSitesJson) as Record<string, string>;
  const exported: Record<string, unknown> = {};
  factory((name) => {
    const found = modules[name];
    if (found === undefined) throw new Error(`Cannot find module '${name}'`);
    return found;
  }, exported);
  handlers = exported;
}

let modules: ModuleObjects = {};

/** Installs the globals; `modules` are what `import ... from '@aws-appsync/utils...'` yields. */
export function setUpRealm(moduleObjects: ModuleObjects): void {
  modules = deepFreeze(moduleObjects);
  const root = globalThis as unknown as Record<string, unknown>;
  const utils = modules['@aws-appsync/utils'] ?? {};
  for (const name of ['util', 'extensions', 'runtime']) {
    Object.defineProperty(root, name, { value: utils[name], writable: false, configurable: false, enumerable: false });
  }
  Object.defineProperty(root, 'console', {
    value: deepFreeze({ log: (...args: unknown[]) => logLine('INFO', args), error: (...args: unknown[]) => logLine('ERROR', args) }),
    writable: false,
    configurable: false,
    enumerable: false,
  });
  const parse = JSON.parse;
  // AppSync: "Returns a blank string if the parsed string is not valid JSON."
  JSON.parse = (text: string) => {
    try {
      return parse(text) as unknown;
    } catch {
      return '';
    }
  };
  // A custom prepareStackTrace sees CallSite objects of host frames too; resolver code gets none.
  Object.defineProperty(Error, 'prepareStackTrace', { value: undefined, writable: false, configurable: false });
  Object.defineProperty(root, '__appsyncLocal', {
    value: Object.freeze({ load, invoke: (envelopeJson: string) => invoke(String(envelopeJson)) }),
    writable: false,
    configurable: false,
    enumerable: false,
  });
}
