/**
 * Control-flow signals thrown inside the sandbox. Resolver code may not throw (APPSYNC_JS forbids
 * it), so util.error and runtime.earlyReturn are the only ways out of a function early; the
 * sandbox recognises these objects by their marker and turns them into AppSync's behaviour.
 *
 * This file runs INSIDE the sandbox realm: no Node APIs, only JavaScript built-ins.
 */

export const ERROR_MARKER = '__appsyncLocalError';
export const EARLY_RETURN_MARKER = '__appsyncLocalEarlyReturn';

export interface ErrorSignal {
  [ERROR_MARKER]: true;
  message: string;
  errorType: string | null;
  data: unknown;
  errorInfo: unknown;
}

/** runtime.earlyReturn's ReturnOptions.skipTo; null when the caller gave none. */
export type SkipTo = 'END' | 'NEXT';

export interface EarlyReturnSignal {
  [EARLY_RETURN_MARKER]: true;
  value: unknown;
  skipTo: SkipTo | null;
}

/** util.error: aborts the current request/response function with an AppSync error. */
export function raiseError(message: string, errorType?: string | null, data?: unknown, errorInfo?: unknown): never {
  const signal: ErrorSignal = {
    [ERROR_MARKER]: true,
    message: String(message),
    errorType: errorType ?? null,
    data: data ?? null,
    errorInfo: errorInfo ?? null,
  };
  throw signal;
}

/** runtime.earlyReturn: skips the data source (and, in a pipeline, the remaining functions). */
export function raiseEarlyReturn(value: unknown, skipTo?: SkipTo | null): never {
  const signal: EarlyReturnSignal = { [EARLY_RETURN_MARKER]: true, value: value ?? null, skipTo: skipTo ?? null };
  throw signal;
}

export function isErrorSignal(thrown: unknown): thrown is ErrorSignal {
  return typeof thrown === 'object' && thrown !== null && (thrown as Record<string, unknown>)[ERROR_MARKER] === true;
}

export function isEarlyReturnSignal(thrown: unknown): thrown is EarlyReturnSignal {
  return typeof thrown === 'object' && thrown !== null && (thrown as Record<string, unknown>)[EARLY_RETURN_MARKER] === true;
}
