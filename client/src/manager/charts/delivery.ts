import { Hub } from 'aws-amplify/utils';
import { OnAnalyticsExecutionDocument } from '../../../../generated/client-operations';
import { subscribe } from '../../shared/api';

/**
 * Every analytics field answers READY with its figures or PENDING with an execution id while
 * Athena is still running the query (it may outlast AppSync's 30 s). A PENDING answer is delivered
 * by subscription: the chart subscribes to onAnalyticsExecution with the id, and asks the field
 * again with the id once when the subscription is in place (the query may have ended before) and
 * once when the execution's end is announced. Athena publishes its state changes on a best-effort
 * basis, so a chart that hears nothing asks again after BACKSTOP_MS, a safety net and not the path.
 */
export interface AnalyticsAnswer {
  status: 'READY' | 'PENDING';
  executionId?: string | null;
}

/** One subscription to an execution's end. */
export interface ExecutionWatch {
  /** Resolves once AppSync acknowledged the subscription (or it failed: asking again then tells). */
  ready: Promise<void>;
  /** Resolves when the execution's end is announced, or the subscription ended. */
  ended: Promise<void>;
  close(): void;
}

export interface DeliveryOptions {
  /** Called on each PENDING answer, so the chart can say it is still working. */
  onPending?: () => void;
  /** Set when the answer is no longer wanted (the range changed): delivery stops quietly. */
  signal?: AbortSignal;
  /** Watches an execution; by default onAnalyticsExecution over Amplify. Tests pass their own. */
  watch?: (executionId: string) => ExecutionWatch;
  /** Resolves after `ms`: the backstop's wait. Tests pass one they control. */
  wait?: (ms: number) => Promise<void>;
}

/** A notice lost (best-effort events) costs a chart this long, not the figures. */
export const BACKSTOP_MS = 60_000;
/** Athena stops a DML query after 30 minutes by default; a chart gives up at about that. */
const MAX_ROUNDS = 30;

export class AbandonedError extends Error {
  constructor() {
    super('The answer is no longer wanted.');
    this.name = 'AbandonedError';
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves with `promise`, or rejects with AbandonedError as soon as `signal` aborts. */
function unlessAbandoned<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new AbandonedError());
  return new Promise<T>((resolve, reject) => {
    const abandon = () => reject(new AbandonedError());
    signal.addEventListener('abort', abandon, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', abandon);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abandon);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

export async function untilReady<T extends AnalyticsAnswer>(ask: (executionId: string | undefined) => Promise<T>, options: DeliveryOptions = {}): Promise<T> {
  const watch = options.watch ?? watchExecution;
  const wait = options.wait ?? sleep;
  const { signal } = options;
  let answer = await unlessAbandoned(ask(undefined), signal);
  for (let round = 1; answer.status === 'PENDING'; round += 1) {
    const executionId = answer.executionId;
    if (!executionId) throw new Error('The API answered PENDING without an execution id to wait for.');
    if (round > MAX_ROUNDS) throw new Error('The figures are taking too long; try again later.');
    options.onPending?.();
    const watching = watch(executionId);
    try {
      // A notice before the acknowledgement counts as well (the Hub event is Amplify's, not AppSync's).
      await unlessAbandoned(Promise.race([watching.ready, watching.ended]), signal);
      // The execution may have ended before the subscription was in place.
      answer = await unlessAbandoned(ask(executionId), signal);
      if (answer.status !== 'PENDING') break;
      await unlessAbandoned(Promise.race([watching.ended, wait(BACKSTOP_MS)]), signal);
      answer = await unlessAbandoned(ask(executionId), signal);
    } finally {
      watching.close();
    }
  }
  if (signal?.aborted) throw new AbandonedError();
  return answer;
}

/**
 * onAnalyticsExecution for one execution. Amplify tells a subscription's start_ack only on its Hub
 * ('api' channel, "Subscription ack", with the subscription's variables), so `ready` listens there.
 */
export function watchExecution(executionId: string): ExecutionWatch {
  let acknowledged!: () => void;
  let announced!: () => void;
  const ready = new Promise<void>((resolve) => (acknowledged = resolve));
  const ended = new Promise<void>((resolve) => (announced = resolve));
  const stopListening = Hub.listen('api', ({ payload }) => {
    const data = payload.data as { variables?: { executionId?: unknown } } | undefined;
    if (payload.event === 'Subscription ack' && data?.variables?.executionId === executionId) acknowledged();
  });
  const subscription = subscribe(
    OnAnalyticsExecutionDocument,
    { executionId },
    {
      next: (data) => {
        if (data.onAnalyticsExecution?.executionId === executionId) announced();
      },
      // A refused or dropped subscription: asking again says what is wrong, or picks the answer up.
      error: () => {
        acknowledged();
        announced();
      },
    },
  );
  return {
    ready,
    ended,
    close() {
      stopListening();
      subscription.unsubscribe();
    },
  };
}
