/**
 * Sets up one sandbox realm: the globals AppSync gives resolver code (util, extensions,
 * runtime, console; JSON.parse that never throws) and the loader/invoker the host drives
 * through small scripts. Everything the host sees comes back as JSON text.
 *
 * This file runs INSIDE the sandbox realm.
 */
import { beginInvocation, currentInvocation, type InvocationFacts } from './invocation';
import { isEarlyReturnSignal, isErrorSignal } from './signals';
import { endTimeLimit, startTimeLimit, tick } from './time-limit';

export type ModuleObjects = Record<string, Record<string, unknown>>;

type Handler = (ctx: unknown) => unknown;
type ModuleFactory = (require: (name: string) => unknown, exports: Record<string, unknown>, check: () => void) => void;

interface Envelope {
  handler: 'request' | 'response';
  ctx: Record<string, unknown>;
  facts: InvocationFacts;
  /** The run's time limit. */
  limitMs: number;
}

/** Per 1-based line of the code: [original 0-based column, inserted length] of each time-limit check. */
type ColumnShifts = Record<string, Array<[number, number]>>;

/** Where resolver code sits in stack traces; AppSync names it the same. */
const CODE_FILE = 'code.js';
const FRAME = /code\.js:(\d+):(\d+)/;

let handlers: Record<string, unknown> = {};
const TIMED_OUT = JSON.stringify({ kind: 'timeout' });
/** "line:column" of a console method name -> "line:column" of its call, as AppSync reports. */
let callSites: Record<string, string> = {};
let shifts: ColumnShifts = {};

/** A generated 1-based column of a line, as the code was written (before the checks were inserted). */
function originalColumn(line: string, column: number): number {
  const inserted = shifts[line];
  if (inserted === undefined) return column;
  let at = column - 1;
  let moved = 0;
  for (const [original, length] of inserted) {
    const start = original + moved;
    if (at < start) break;
    if (at < start + length) {
      at = start;
      break;
    }
    moved += length;
  }
  return at - moved + 1;
}

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
  const line = match[1] ?? '0';
  const at = `${line}:${originalColumn(line, Number(match[2]))}`;
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

function runHandler(handler: unknown, ctx: Record<string, unknown>): Record<string, unknown> {
  if (typeof handler !== 'function') return { kind: 'missingHandler' };
  try {
    const value = (handler as Handler)(ctx);
    return { kind: 'return', value: value === undefined ? null : value };
  } catch (thrown) {
    if (isErrorSignal(thrown)) {
      const { message, errorType, data, errorInfo } = thrown;
      return { kind: 'error', error: { message, errorType, data, errorInfo } };
    }
    if (isEarlyReturnSignal(thrown)) return { kind: 'earlyReturn', value: thrown.value, skipTo: thrown.skipTo };
    return { kind: 'exception', exception: describeException(thrown) };
  }
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
    responseHeaders: record.responseHeaders,
  });
  // The limit covers serialising the outcome too: a returned object's toJSON is resolver code.
  startTimeLimit(envelope.limitMs);
  try {
    const outcome = runHandler(handlers[envelope.handler], ctx);
    let text: string;
    try {
      text = JSON.stringify({ ...outcome, ...base() });
    } catch (thrown) {
      if (endTimeLimit()) return TIMED_OUT;
      text = JSON.stringify({ kind: 'exception', exception: describeException(thrown), ...base(), stash: {} });
    }
    return endTimeLimit() ? TIMED_OUT : text;
  } catch (thrown) {
    if (endTimeLimit()) return TIMED_OUT;
    throw thrown;
  }
}

function load(factory: ModuleFactory, positionsJson: string): void {
  ({ callSites, shifts } = JSON.parse(positionsJson) as { callSites: Record<string, string>; shifts: ColumnShifts });
  const exported: Record<string, unknown> = {};
  factory(
    (name) => {
      const found = modules[name];
      if (found === undefined) throw new Error(`Cannot find module '${name}'`);
      return found;
    },
    exported,
    tick,
  );
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
