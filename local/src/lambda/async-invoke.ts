import { randomUUID } from 'node:crypto';
import { LambdaConfigError } from './errors';
import type { PoolOutcome } from './pool';

/**
 * Lambda's asynchronous invocation (InvocationType Event): the caller gets 202 at once, the event
 * waits in the function's queue, a function error is retried twice (one minute, then two minutes
 * later), and what still fails (or grows too old) goes to the on-failure destination or is dropped.
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html (the record)
 */

export interface AsyncInvokeConfig {
  /** MaximumRetryAttempts, 0..2; Lambda's default is 2. */
  maximumRetryAttempts?: number;
  /** MaximumEventAgeInSeconds, 60..21600; Lambda's default is 21600 (6 hours). */
  maximumEventAgeSeconds?: number;
  /** The waits before each retry; Lambda's are one and two minutes. Tests shorten them. */
  retryDelaysMs?: readonly number[];
  /** The on-failure destination: called with Lambda's invocation record, then the event is gone. */
  onFailure?(record: AsyncInvocationRecord): void;
  /** The on-success destination. */
  onSuccess?(record: AsyncInvocationRecord): void;
}

/** The record Lambda sends to a destination (its field names and values). */
export interface AsyncInvocationRecord {
  version: '1.0';
  timestamp: string;
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: 'Success' | 'RetriesExhausted' | 'EventAgeExceeded';
    approximateInvokeCount: number;
  };
  requestPayload: unknown;
  responseContext: { statusCode: 200; executedVersion: '$LATEST'; functionError?: 'Unhandled' };
  responsePayload: unknown;
}

type Run = (functionName: string, event: unknown) => Promise<PoolOutcome>;

interface Pending {
  requestId: string;
  functionName: string;
  event: unknown;
  enqueuedAt: number;
  attempts: number;
}

const DEFAULT_RETRY_DELAYS_MS = [60_000, 120_000];

export class AsyncInvokeQueue {
  private readonly maxRetries: number;
  private readonly maxAgeMs: number;
  private readonly delays: readonly number[];
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly run: Run,
    private readonly arn: (functionName: string) => string,
    private readonly config: AsyncInvokeConfig = {},
  ) {
    this.maxRetries = config.maximumRetryAttempts ?? 2;
    if (!Number.isInteger(this.maxRetries) || this.maxRetries < 0 || this.maxRetries > 2) {
      throw new LambdaConfigError(`MaximumRetryAttempts must be 0, 1 or 2, not ${this.maxRetries}.`);
    }
    const maxAge = config.maximumEventAgeSeconds ?? 21_600;
    if (!Number.isInteger(maxAge) || maxAge < 60 || maxAge > 21_600) {
      throw new LambdaConfigError(`MaximumEventAgeInSeconds must be between 60 and 21600, not ${maxAge}.`);
    }
    this.maxAgeMs = maxAge * 1000;
    this.delays = config.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  }

  enqueue(functionName: string, event: unknown): void {
    this.attempt({ requestId: randomUUID(), functionName, event, enqueuedAt: Date.now(), attempts: 0 });
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private attempt(pending: Pending): void {
    if (this.closed) return;
    if (Date.now() - pending.enqueuedAt > this.maxAgeMs) {
      this.config.onFailure?.(this.record(pending, 'EventAgeExceeded', undefined));
      return;
    }
    pending.attempts += 1;
    const settled = this.run(pending.functionName, pending.event).catch(
      (error: Error): PoolOutcome => ({ ok: false, errorType: error.name || 'ServiceException', errorMessage: error.message }),
    );
    void settled.then((outcome) => {
      if (this.closed) return;
      if (outcome.ok) {
        this.config.onSuccess?.(this.record(pending, 'Success', outcome));
        return;
      }
      const retriesDone = pending.attempts - 1;
      if (retriesDone >= this.maxRetries) {
        this.config.onFailure?.(this.record(pending, 'RetriesExhausted', outcome));
        return;
      }
      const delay = this.delays[retriesDone] ?? this.delays[this.delays.length - 1] ?? 0;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.attempt(pending);
      }, delay);
      this.timers.add(timer);
    });
  }

  private record(pending: Pending, condition: AsyncInvocationRecord['requestContext']['condition'], outcome: PoolOutcome | undefined): AsyncInvocationRecord {
    const failed = outcome !== undefined && !outcome.ok;
    return {
      version: '1.0',
      timestamp: new Date().toISOString(),
      requestContext: {
        requestId: pending.requestId,
        functionArn: `${this.arn(pending.functionName)}:$LATEST`,
        condition,
        approximateInvokeCount: pending.attempts,
      },
      requestPayload: pending.event,
      responseContext: failed ? { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' } : { statusCode: 200, executedVersion: '$LATEST' },
      responsePayload: outcome === undefined ? null : outcome.ok ? outcome.payload : { errorType: outcome.errorType, errorMessage: outcome.errorMessage },
    };
  }
}
