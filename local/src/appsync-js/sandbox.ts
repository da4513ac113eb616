/**
 * One APPSYNC_JS module in its own `node:vm` realm. The realm has no Node globals and cannot
 * compile code from strings; resolver code sees only ECMAScript built-ins plus what the util
 * bundle defines inside the realm. Values cross the boundary as JSON text or primitives, never
 * as host objects, so nothing in the realm can reach the host's Function constructor.
 *
 * A module is validated and compiled once; each request/response run is a small precompiled
 * script. Its time limit is checked inside the realm, at every function entry and loop iteration
 * of the (instrumented) resolver code, not by `vm`'s `timeout`: that option starts and joins a
 * watchdog thread on every call, which cost more than the handler itself (bench/README.md,
 * "Where the time goes"). The module's top level, run once at load, keeps the `vm` timeout.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { createContext, Script, type Context } from 'node:vm';
import type { JsCode } from '../config';
import { mayRunOwnRegExp } from './instrument';
import { toSandboxScript } from './module-script';
import type { FieldError, HandlerFacts, HandlerName, HandlerRun, HandlerResult, RecordedExtensions } from './types';
import { utilScript } from './util-bundle';
import { validateAppSyncJs } from './validate';

/** Default limit per handler run; AppSync's whole request may take 30 s. */
export const DEFAULT_HANDLER_TIMEOUT_MS = 5_000;

// A catastrophically backtracking regular expression is one long built-in call that no in-realm
// check can stop. With this flag V8 reruns such a regexp on its linear-time engine when it can
// (no backreferences or lookarounds; on Node 20 not with the `u` flag); modules that may run a
// pattern of their own keep the `vm` watchdog besides (instrument.ts, mayRunOwnRegExp).
// Process-wide; it changes no match result.
setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');

const ENVELOPE_GLOBAL = '__appsyncEnvelope';
const INVOKE = new Script(`__appsyncLocal.invoke(globalThis.${ENVELOPE_GLOBAL})`, { filename: 'appsync-invoke.js' });

export interface SandboxOptions {
  /** Time limit for one handler run (and for the module's top-level code at load). */
  timeoutMs?: number;
}

/** The context a handler receives, before the sandbox adds ctx.args and ctx.env. */
export interface HandlerContext {
  arguments: Record<string, unknown>;
  identity: unknown;
  source: unknown;
  info: unknown;
  request: unknown;
  stash: Record<string, unknown>;
  prev?: { result: unknown };
  result?: unknown;
  error?: { message: string; type: string } | null;
  /** The API's environment variables (AppSync's ctx.env). */
  env?: Record<string, string>;
}

/** Thrown when a module's top-level code fails while loading. */
export class AppSyncJsLoadError extends Error {
  constructor(
    readonly source: string,
    message: string,
  ) {
    super(`${source}: ${message}`);
    this.name = 'AppSyncJsLoadError';
  }
}

/** The host's primitives-only bridge; every function returns a string and never throws. */
const HOST_BRIDGE = Object.freeze({
  randomUUID: (): string => randomUUID(),
  randomBytesHex: (count: unknown): string => {
    const size = typeof count === 'number' && Number.isInteger(count) && count > 0 && count <= 1024 ? count : 0;
    return randomBytes(size).toString('hex');
  },
});

interface RawOutcome {
  kind: 'return' | 'error' | 'earlyReturn' | 'exception' | 'missingHandler' | 'timeout';
  value?: unknown;
  skipTo?: 'END' | 'NEXT' | null;
  error?: FieldError;
  exception?: { name: string; message: string; location: string | null };
  stash?: Record<string, unknown>;
  appendedErrors?: FieldError[];
  logs?: string[];
  subscriptionFilter?: unknown;
  subscriptionInvalidationFilter?: unknown;
  invalidateSubscriptions?: RecordedExtensions['invalidateSubscriptions'];
  cacheEvictions?: RecordedExtensions['cacheEvictions'];
  responseHeaders?: RecordedExtensions['responseHeaders'];
}

function isTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}

/** AppSync's text for a runtime failure in resolver code: `code.js:12:5: TypeError: ...`. */
function codeErrorMessage(exception: NonNullable<RawOutcome['exception']>): string {
  const where = exception.location === null ? 'code.js' : `code.js:${exception.location}`;
  return `${where}: ${exception.name}: ${exception.message}`;
}

function toResult(raw: RawOutcome, handler: HandlerName): HandlerResult {
  switch (raw.kind) {
    case 'return':
      return { kind: 'return', value: raw.value ?? null };
    case 'earlyReturn':
      return { kind: 'earlyReturn', value: raw.value ?? null, skipTo: raw.skipTo ?? null };
    case 'error':
      return { kind: 'error', error: raw.error ?? { message: 'util.error', errorType: null }, cause: 'util.error' };
    case 'missingHandler':
      return {
        kind: 'error',
        error: { message: `code.js: TypeError: ${handler} is not a function`, errorType: 'Code', data: null, errorInfo: null },
        cause: 'missingHandler',
      };
    default:
      return {
        kind: 'error',
        error: { message: codeErrorMessage(raw.exception ?? { name: 'Error', message: 'unknown failure', location: null }), errorType: 'Code', data: null, errorInfo: null },
        cause: 'exception',
      };
  }
}

export class SandboxModule {
  private constructor(
    readonly source: string,
    private readonly context: Context,
    private readonly globals: Record<string, unknown>,
    private readonly timeoutMs: number,
    /** `vm`'s run options: a preemptive `timeout` only for modules that may run their own regexp. */
    private readonly runOptions: { timeout?: number },
  ) {}

  /** Validates (throws AppSyncJsCodeError), realm-loads and runs the module's top level once. */
  static async load(js: JsCode, options: SandboxOptions = {}): Promise<SandboxModule> {
    const program = validateAppSyncJs(js);
    const script = toSandboxScript(program, js.code);
    const timeoutMs = options.timeoutMs ?? DEFAULT_HANDLER_TIMEOUT_MS;
    const globals: Record<string, unknown> = {};
    const context = createContext(globals, {
      name: `APPSYNC_JS ${js.source}`,
      codeGeneration: { strings: false, wasm: false },
      microtaskMode: 'afterEvaluate',
    });
    const install = (await utilScript()).runInContext(context) as (bridge: typeof HOST_BRIDGE) => void;
    install(HOST_BRIDGE);
    try {
      new Script(script.text, { filename: 'code.js', lineOffset: -1 }).runInContext(context, { timeout: timeoutMs });
    } catch (error) {
      const message = isTimeout(error) ? `loading took longer than ${timeoutMs} ms` : String((error as Error)?.message ?? error);
      throw new AppSyncJsLoadError(js.source, message);
    }
    return new SandboxModule(js.source, context, globals, timeoutMs, mayRunOwnRegExp(program) ? { timeout: timeoutMs } : {});
  }

  /** Runs `request` or `response` with the given context; never throws for resolver-code failures. */
  run(handler: HandlerName, ctx: HandlerContext, facts: HandlerFacts): HandlerRun {
    this.globals[ENVELOPE_GLOBAL] = JSON.stringify({ handler, ctx, facts, limitMs: this.timeoutMs });
    let raw: RawOutcome;
    try {
      raw = JSON.parse(String(INVOKE.runInContext(this.context, this.runOptions))) as RawOutcome;
    } catch (error) {
      if (!isTimeout(error)) throw error;
      raw = { kind: 'timeout' };
    } finally {
      delete this.globals[ENVELOPE_GLOBAL];
    }
    if (raw.kind === 'timeout') {
      return {
        result: {
          kind: 'error',
          error: { message: 'Execution timed out.', errorType: 'ExecutionTimeout', data: null, errorInfo: null },
          cause: 'timeout',
        },
        stash: ctx.stash,
        appendedErrors: [],
        logs: [`ERROR - code.js: ${handler} did not finish within ${this.timeoutMs} ms`],
        extensions: { invalidateSubscriptions: [], cacheEvictions: [] },
      };
    }
    const extensions: RecordedExtensions = {
      invalidateSubscriptions: raw.invalidateSubscriptions ?? [],
      cacheEvictions: raw.cacheEvictions ?? [],
    };
    if (raw.responseHeaders && raw.responseHeaders.length > 0) extensions.responseHeaders = raw.responseHeaders;
    if (raw.subscriptionFilter !== undefined) extensions.subscriptionFilter = raw.subscriptionFilter;
    if (raw.subscriptionInvalidationFilter !== undefined) extensions.subscriptionInvalidationFilter = raw.subscriptionInvalidationFilter;
    return {
      result: toResult(raw, handler),
      stash: raw.stash ?? {},
      appendedErrors: raw.appendedErrors ?? [],
      logs: raw.logs ?? [],
      extensions,
    };
  }
}
