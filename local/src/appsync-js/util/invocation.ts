/**
 * What one request or response handler run records besides its return value: appended errors,
 * console output and extensions.* calls. The sandbox resets it before each run and ships it to
 * the host (as JSON) afterwards.
 *
 * This file runs INSIDE the sandbox realm.
 */

export interface AppendedError {
  message: string;
  errorType: string | null;
  data: unknown;
  errorInfo: unknown;
}

/** Facts about the field being resolved that some util functions need. */
export interface InvocationFacts {
  /** AppSync's auth mode of the request (API_KEY, AWS_IAM, ...), or null when unknown. */
  authType: string | null;
  fieldName: string;
  parentTypeName: string;
}

export interface InvocationRecord {
  facts: InvocationFacts;
  appendedErrors: AppendedError[];
  logs: string[];
  subscriptionFilter?: unknown;
  subscriptionInvalidationFilter?: unknown;
  invalidateSubscriptions: Array<{ subscriptionField: string; payload: unknown }>;
  cacheEvictions: Array<{ typeName: string; fieldName: string; keys: unknown }>;
  /** util.http.addResponseHeader(s) calls that passed the name and value checks, in call order. */
  responseHeaders: Array<{ name: string; value: string }>;
}

function blank(facts: InvocationFacts): InvocationRecord {
  return { facts, appendedErrors: [], logs: [], invalidateSubscriptions: [], cacheEvictions: [], responseHeaders: [] };
}

let current: InvocationRecord = blank({ authType: null, fieldName: '', parentTypeName: '' });

export function beginInvocation(facts: InvocationFacts): InvocationRecord {
  current = blank(facts);
  return current;
}

export function currentInvocation(): InvocationRecord {
  return current;
}
