/** Host-side shapes of what one APPSYNC_JS handler run produces. */

export type HandlerName = 'request' | 'response';

/** An error as AppSync reports it for a field: util.error / util.appendError arguments, or a runtime failure. */
export interface FieldError {
  message: string;
  errorType: string | null;
  data?: unknown;
  errorInfo?: unknown;
}

/** extensions.* calls recorded during a resolver run. */
export interface RecordedExtensions {
  subscriptionFilter?: unknown;
  subscriptionInvalidationFilter?: unknown;
  invalidateSubscriptions: Array<{ subscriptionField: string; payload: Record<string, unknown> }>;
  cacheEvictions: Array<{ typeName: string; fieldName: string; keys: unknown }>;
  /** Accepted util.http.addResponseHeader(s) calls, in call order; the executor merges them per operation. */
  responseHeaders?: Array<{ name: string; value: string }>;
}

/**
 * How a handler ended. `error` covers util.error (cause 'util.error') and failures AppSync
 * reports the same way: a runtime exception in the code (errorType "Code"), running past the
 * time limit, or a missing request/response export.
 */
export type HandlerResult =
  | { kind: 'return'; value: unknown }
  | { kind: 'earlyReturn'; value: unknown; skipTo: 'END' | 'NEXT' | null }
  | { kind: 'error'; error: FieldError; cause: 'util.error' | 'exception' | 'timeout' | 'missingHandler' };

export interface HandlerRun {
  result: HandlerResult;
  /** ctx.stash after the handler ran: it carries over to the next handler of the same resolver. */
  stash: Record<string, unknown>;
  appendedErrors: FieldError[];
  logs: string[];
  extensions: RecordedExtensions;
}

/** Facts about the field and request that util needs (util.unauthorized, util.authType). */
export interface HandlerFacts {
  fieldName: string;
  parentTypeName: string;
  /** AppSync's auth mode of the request, e.g. API_KEY; null when unknown. */
  authType: string | null;
}
