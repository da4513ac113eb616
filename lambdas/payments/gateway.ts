import type { PaymentRequest, PaymentResult } from './contract';

export type ChargeRequest = Extract<PaymentRequest, { action: 'charge' }>;
export type RefundRequest = Extract<PaymentRequest, { action: 'refund' }>;
export type LookupRequest = Extract<PaymentRequest, { action: 'lookupCharge' }>;

/**
 * The charge's metadata key that carries the attempt's idempotency key, so a later lookup can tell
 * which charge an attempt made (Stripe does not let one list charges by idempotency key).
 */
export const ATTEMPT_METADATA = 'paymentAttempt';

/** A lookup reads charges created from this long before the attempt began (clock skew). */
export const LOOKUP_SLACK_SECONDS = 300;

export interface CallOptions {
  /** How long the gateway may take: past it the call is a GATEWAY_ERROR, before Lambda's own timeout. */
  timeoutMs: number;
}

/**
 * A card payment gateway. Business outcomes (declines, a gateway that is down) are results, not
 * exceptions; an implementation throws only for what retrying can never fix (a misconfiguration,
 * a request the gateway calls malformed), which reaches the resolver as Lambda:Unhandled.
 *
 * Both calls are idempotent on `request.idempotencyKey`: the gateway answers a repeated key with
 * the first answer, so a retry after a lost answer never moves money twice.
 */
export interface PaymentGateway {
  charge(request: ChargeRequest, options: CallOptions): Promise<PaymentResult>;
  /** A refund of a charge already refunded in full (out of band, or by a lost answer) is REFUNDED with that refund. */
  refund(request: RefundRequest, options: CallOptions): Promise<PaymentResult>;
  /**
   * What became of a charge attempt whose answer was lost: CHARGED with the successful charge
   * that carries the attempt's key, NOT_CHARGED when the gateway has none, GATEWAY_ERROR when it
   * cannot be asked. Reads a list (strongly consistent at Stripe), never a search index (which
   * can lag a minute behind).
   */
  findCharge(request: LookupRequest, options: CallOptions): Promise<PaymentResult>;
}

/** The parts of a Stripe-shaped charge (Stripe's own, or the sandbox's copy of it) a result needs. */
export interface ChargeLike {
  id: string;
  amount: number;
  currency: string;
  status?: string;
  metadata?: Record<string, string> | null;
  payment_method_details?: { card?: { brand?: string | null; last4?: string | null } | null } | null;
}

/** A successful charge as the payments contract reports it. */
export function chargedResult(charge: ChargeLike, currency: string): PaymentResult {
  const card = charge.payment_method_details?.card;
  return { outcome: 'CHARGED', chargeId: charge.id, amount: charge.amount, currency, cardBrand: card?.brand ?? null, cardLast4: card?.last4 ?? null };
}

export interface ChargeList {
  data: ChargeLike[];
  has_more: boolean;
}

export interface RefundLike {
  id: string;
  amount: number;
  status?: string | null;
}

export interface RefundList {
  data: RefundLike[];
}

/** The charge an attempt made: its metadata names the attempt, and it went through. */
export function isAttempt(charge: ChargeLike, attemptKey: string): boolean {
  return charge.metadata?.[ATTEMPT_METADATA] === attemptKey && (charge.status === undefined || charge.status === 'succeeded');
}

/** REFUNDED with the newest refund when the charge's refunds cover `amount`; null otherwise. */
export function refundCovering(refunds: RefundLike[], amount: number): PaymentResult | null {
  const done = refunds.filter((refund) => refund.status === undefined || refund.status === null || refund.status === 'succeeded' || refund.status === 'pending');
  const total = done.reduce((sum, refund) => sum + refund.amount, 0);
  const newest = done[0];
  return newest && total >= amount ? { outcome: 'REFUNDED', refundId: newest.id, amount: total } : null;
}
