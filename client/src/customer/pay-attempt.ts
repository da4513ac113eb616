import { ApiError } from '../shared/errors';

/**
 * One payment attempt: the idempotency key and the card token travel together until the server
 * gives a definitive answer. The gateway refuses a key reused with other parameters, and a card
 * token is single-use, so a retry resends both unchanged.
 */
export interface PayAttempt {
  orderId: string;
  idempotencyKey: string;
  cardToken: string;
}

/**
 * What an error from payOrder tells the page to do (the contract in
 * resolvers/Mutation.payOrder/3.chargeCard.[payments].ts and lib/payment.ts):
 * - `retry`: nothing is known to be charged and the server asks for the same key again
 *   (PAYMENT_GATEWAY_ERROR with errorInfo.retryable, or no answer at all: a request lost on the
 *   network may have reached the server, so only the same key is safe).
 * - `checking`: PAYMENT_IN_PROGRESS, the server is settling the attempt with the gateway and will
 *   push the outcome (PAID or PAYMENT_FAILED) over onMyOrderChanged.
 * - `definitive`: the card was refused; the next attempt is a new one with a new key.
 * - `other`: anything else (the order moved on, the session expired): shown, attempt dropped.
 */
export type PayVerdict = 'retry' | 'checking' | 'definitive' | 'other';

const DEFINITIVE = new Set(['PAYMENT_DECLINED', 'INSUFFICIENT_FUNDS', 'INVALID_CARD_TOKEN']);

export function verdictFor(error: unknown): PayVerdict {
  if (!(error instanceof ApiError)) return 'retry';
  if (error.errorType === 'PAYMENT_GATEWAY_ERROR') return error.errorInfo?.retryable === false ? 'other' : 'retry';
  if (error.errorType === 'PAYMENT_IN_PROGRESS') return 'checking';
  if (DEFINITIVE.has(error.errorType)) return 'definitive';
  return 'other';
}

/** Waits before each automatic retry: two retries, after 1 s then 3 s. */
export const RETRY_DELAYS_MS: readonly number[] = [1000, 3000];

export type PayOutcome<Order> =
  | { kind: 'paid'; order: Order | null }
  | { kind: 'unreachable'; error: unknown }
  | { kind: 'checking'; error: unknown }
  | { kind: 'definitive'; error: unknown }
  | { kind: 'other'; error: unknown };

/**
 * Sends one attempt, retrying a retryable failure with the SAME attempt after each delay, and
 * settles on the first answer that is not a retryable one. After the last delay the outcome is
 * `unreachable`: the caller keeps the attempt so a manual "Try again" reuses it.
 */
export async function payWithRetries<Order>(
  attempt: PayAttempt,
  send: (attempt: PayAttempt) => Promise<Order | null>,
  options: { delays?: readonly number[]; wait?: (ms: number) => Promise<void>; onRetry?: (retry: number, delayMs: number) => void } = {},
): Promise<PayOutcome<Order>> {
  const delays = options.delays ?? RETRY_DELAYS_MS;
  const wait = options.wait ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let retry = 0; ; retry += 1) {
    try {
      return { kind: 'paid', order: await send(attempt) };
    } catch (error) {
      const verdict = verdictFor(error);
      if (verdict !== 'retry') return { kind: verdict, error };
      const delay = delays[retry];
      if (delay === undefined) return { kind: 'unreachable', error };
      options.onRetry?.(retry + 1, delay);
      await wait(delay);
    }
  }
}
