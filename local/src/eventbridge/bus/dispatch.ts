import type { RetryPolicy, RuleTargetDefinition } from '../../project/event-definitions';
import type { Clock, TimerHandle } from './clock';
import type { EventBridgeEvent } from './put-events';

/**
 * Delivery to one target of one rule: its own queue, a bounded number of deliveries in flight, retries
 * with exponential backoff and full jitter, then the dead-letter queue. Each target has its own
 * dispatcher, so a slow or failing target never holds back another.
 *
 * What EventBridge documents (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html):
 * by default 185 retries over 24 hours "with an exponential back off and jitter"; errors that a retry
 * cannot fix (missing permissions, a target that no longer exists) go to the dead-letter queue at once;
 * without a dead-letter queue the event is dropped; each dead letter carries the attributes RULE_ARN,
 * TARGET_ARN, ERROR_CODE, ERROR_MESSAGE, EXHAUSTED_RETRY_CONDITION and RETRY_ATTEMPTS.
 * What it does not publish, decided here: the backoff base (1 s) and cap (5 min), and that a retry
 * waiting for its turn holds no in-flight slot.
 */

/** EventBridge's dead-letter ERROR_CODE values that a local target can meaningfully produce. */
export type DeadLetterErrorCode =
  | 'ERROR_FROM_TARGET'
  | 'INTERNAL_ERROR'
  | 'INVALID_JSON'
  | 'INVALID_PARAMETER'
  | 'NO_PERMISSIONS'
  | 'NO_RESOURCE'
  | 'THROTTLING'
  | 'TIMEOUT';

const NOT_RETRIED: ReadonlySet<DeadLetterErrorCode> = new Set(['NO_PERMISSIONS', 'NO_RESOURCE', 'INVALID_PARAMETER', 'INVALID_JSON']);

/**
 * What an injected delivery function rejects with to say why; any other rejection counts as
 * ERROR_FROM_TARGET and is retried.
 */
export class TargetDeliveryError extends Error {
  readonly errorCode: DeadLetterErrorCode;
  readonly retryable: boolean;
  constructor(message: string, options: { errorCode: DeadLetterErrorCode; retryable?: boolean }) {
    super(message);
    this.name = 'TargetDeliveryError';
    this.errorCode = options.errorCode;
    this.retryable = options.retryable ?? !NOT_RETRIED.has(options.errorCode);
  }
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maximumRetryAttempts: 185, maximumEventAgeSeconds: 86_400 };

export interface BackoffOptions {
  /** The first retry waits up to this long; each further retry doubles it, up to capMs. */
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, capMs: 5 * 60_000 };

/** Retries of a failed dead-letter send, after which the event is reported dropped. */
const DEAD_LETTER_SEND_ATTEMPTS = 4;

export type TraceOutcome =
  | { kind: 'delivered'; attempts: number }
  | { kind: 'retrying'; retry: number; errorMessage: string }
  | { kind: 'dead-lettered'; errorCode: string; errorMessage: string }
  | { kind: 'dropped'; errorCode: string; errorMessage: string };

export interface DispatcherOptions {
  ruleName: string;
  ruleArn: string;
  target: RuleTargetDefinition;
  targetArn: string;
  deliver: (payload: string) => Promise<unknown>;
  /** Present when the target declares a dead-letter queue. */
  deadLetter?: (body: string, attributes: Record<string, string>) => Promise<unknown>;
  clock: Clock;
  backoff: BackoffOptions;
  maxInFlight: number;
  random: () => number;
  onOutcome: (event: EventBridgeEvent, outcome: TraceOutcome) => void;
  onSettled: () => void;
}

interface Delivery {
  event: EventBridgeEvent;
  /** The event as this target receives it (its Input, InputPath or InputTransformer applied). */
  payload: string;
  receivedAt: number;
  retries: number;
}

interface Failure {
  errorCode: DeadLetterErrorCode;
  message: string;
  retryable: boolean;
}

function describeFailure(error: unknown): Failure {
  if (error instanceof TargetDeliveryError) {
    return { errorCode: error.errorCode, message: error.message, retryable: error.retryable };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { errorCode: 'ERROR_FROM_TARGET', message, retryable: true };
}

export class TargetDispatcher {
  private readonly queue: Delivery[] = [];
  private readonly timers = new Set<TimerHandle>();
  private inFlight = 0;
  /** Deliveries not yet finished: queued, in flight, waiting to retry or being dead-lettered. */
  private open = 0;
  private closed = false;
  private readonly policy: RetryPolicy;

  constructor(private readonly options: DispatcherOptions) {
    this.policy = options.target.retryPolicy ?? DEFAULT_RETRY_POLICY;
  }

  get pending(): number {
    return this.open;
  }

  enqueue(event: EventBridgeEvent, payload: string): void {
    if (this.closed) return;
    this.open += 1;
    this.queue.push({ event, payload, receivedAt: this.options.clock.now(), retries: 0 });
    this.pump();
  }

  /** An event whose input could not be shaped: no attempt can succeed, so straight to the dead letters. */
  reject(event: EventBridgeEvent, errorCode: DeadLetterErrorCode, message: string): void {
    if (this.closed) return;
    this.open += 1;
    this.deadLetter({ event, payload: '', receivedAt: this.options.clock.now(), retries: 0 }, errorCode, message, null);
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) this.options.clock.clearTimeout(timer);
    this.timers.clear();
    this.queue.length = 0;
  }

  private pump(): void {
    while (!this.closed && this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const delivery = this.queue.shift();
      if (delivery) this.attempt(delivery);
    }
  }

  private attempt(delivery: Delivery): void {
    this.inFlight += 1;
    // Promise.resolve().then() also catches a delivery function that throws instead of rejecting.
    Promise.resolve()
      .then(() => this.options.deliver(delivery.payload))
      .then(
        () => {
          this.options.onOutcome(delivery.event, { kind: 'delivered', attempts: delivery.retries + 1 });
          this.finish();
        },
        (error: unknown) => this.failed(delivery, describeFailure(error)),
      )
      .finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
  }

  private failed(delivery: Delivery, failure: Failure): void {
    if (this.closed) return this.finish();
    if (!failure.retryable) return this.deadLetter(delivery, failure.errorCode, failure.message, null);
    if (delivery.retries >= this.policy.maximumRetryAttempts) {
      return this.deadLetter(delivery, failure.errorCode, failure.message, 'MaximumRetryAttempts');
    }
    const retry = delivery.retries + 1;
    const ceiling = Math.min(this.options.backoff.capMs, this.options.backoff.baseMs * 2 ** (retry - 1));
    const delay = Math.floor(this.options.random() * ceiling);
    this.options.onOutcome(delivery.event, { kind: 'retrying', retry, errorMessage: failure.message });
    const timer = this.options.clock.setTimeout(() => {
      this.timers.delete(timer);
      if (this.options.clock.now() - delivery.receivedAt > this.policy.maximumEventAgeSeconds * 1000) {
        this.deadLetter(delivery, failure.errorCode, failure.message, 'MaximumEventAgeInSeconds');
        return;
      }
      delivery.retries = retry;
      this.queue.push(delivery);
      this.pump();
    }, delay);
    this.timers.add(timer);
  }

  private deadLetter(
    delivery: Delivery,
    errorCode: DeadLetterErrorCode,
    message: string,
    exhausted: 'MaximumRetryAttempts' | 'MaximumEventAgeInSeconds' | null,
  ): void {
    const send = this.options.deadLetter;
    if (!send) {
      this.options.onOutcome(delivery.event, { kind: 'dropped', errorCode, errorMessage: message });
      return this.finish();
    }
    const attributes: Record<string, string> = {
      RULE_ARN: this.options.ruleArn,
      TARGET_ARN: this.options.targetArn,
      ERROR_CODE: errorCode,
      ERROR_MESSAGE: message,
      RETRY_ATTEMPTS: String(delivery.retries),
    };
    if (exhausted) attributes.EXHAUSTED_RETRY_CONDITION = exhausted;
    const body = JSON.stringify(delivery.event);
    const trySend = (attempt: number): void => {
      Promise.resolve()
        .then(() => send(body, attributes))
        .then(
          () => {
            this.options.onOutcome(delivery.event, { kind: 'dead-lettered', errorCode, errorMessage: message });
            this.finish();
          },
          (error: unknown) => {
            if (this.closed || attempt >= DEAD_LETTER_SEND_ATTEMPTS) {
              const reason = error instanceof Error ? error.message : String(error);
              this.options.onOutcome(delivery.event, {
                kind: 'dropped',
                errorCode,
                errorMessage: `${message}; the dead-letter queue refused it too: ${reason}`,
              });
              return this.finish();
            }
            const ceiling = Math.min(this.options.backoff.capMs, this.options.backoff.baseMs * 2 ** attempt);
            const timer = this.options.clock.setTimeout(() => {
              this.timers.delete(timer);
              trySend(attempt + 1);
            }, Math.floor(this.options.random() * ceiling));
            this.timers.add(timer);
          },
        );
    };
    trySend(1);
  }

  private finish(): void {
    this.open -= 1;
    this.options.onSettled();
  }
}
