import type { PaymentRequest, PaymentResult } from './contract';

export type ChargeRequest = Extract<PaymentRequest, { action: 'charge' }>;
export type RefundRequest = Extract<PaymentRequest, { action: 'refund' }>;

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
  refund(request: RefundRequest, options: CallOptions): Promise<PaymentResult>;
}

/** The parts of a Stripe-shaped charge (Stripe's own, or the sandbox's copy of it) a result needs. */
export interface ChargeLike {
  id: string;
  amount: number;
  payment_method_details?: { card?: { brand?: string | null; last4?: string | null } | null } | null;
}

/** A successful charge as the payments contract reports it. */
export function chargedResult(charge: ChargeLike, currency: string): PaymentResult {
  const card = charge.payment_method_details?.card;
  return { outcome: 'CHARGED', chargeId: charge.id, amount: charge.amount, currency, cardBrand: card?.brand ?? null, cardLast4: card?.last4 ?? null };
}
