/** What the sandbox answers, before HTTP: a status and a Stripe-shaped body. */
export interface SandboxAnswer {
  status: number;
  body: unknown;
  /** A replay of the first answer given for this idempotency key (Stripe's Idempotent-Replayed). */
  replayed?: boolean;
  /** Close the connection without answering: the answer was "lost in the network". */
  dropConnection?: boolean;
}

type ErrorType = 'card_error' | 'invalid_request_error' | 'idempotency_error' | 'api_error';

export function error(status: number, type: ErrorType, message: string, extra: Record<string, unknown> = {}): SandboxAnswer {
  return { status, body: { error: { type, message, ...extra } } };
}
