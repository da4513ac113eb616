/**
 * An optional recording of the DynamoDB calls each GraphQL request made, with their inputs, for
 * tools that replay a request's data work without the runtime (the bench's floor for the order
 * flow). Off by default: then a request costs one boolean check here, and nothing is kept.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface CapturedCall {
  /** The SDK command's name without "Command" (GetItem, TransactWriteItems...). */
  operation: string;
  /** The command's input as sent, deep-copied when sent. */
  input: unknown;
}

export interface CapturedRequest {
  /** The order in which requests started. */
  sequence: number;
  /** The GraphQL request body as received. */
  body: string;
  calls: CapturedCall[];
}

const scope = new AsyncLocalStorage<CapturedRequest>();
let enabled = false;
let nextSequence = 0;
let captured: CapturedRequest[] = [];

/** Starts (or stops) recording; starting drops what was recorded before. */
export function setCapture(on: boolean): void {
  enabled = on;
  if (on) captured = [];
}

/** What was recorded since capture was last started. */
export function capturedRequests(): CapturedRequest[] {
  return captured;
}

/** Runs one GraphQL request, recording its DynamoDB calls when capture is on. */
export function withCapture<T>(body: string, run: () => Promise<T>): Promise<T> {
  if (!enabled) return run();
  const request: CapturedRequest = { sequence: nextSequence++, body, calls: [] };
  captured.push(request);
  return scope.run(request, run);
}

/** Called by the DynamoDB meter for each call. */
export function recordCall(operation: string, input: unknown): void {
  if (!enabled) return;
  scope.getStore()?.calls.push({ operation, input: structuredClone(input) });
}
