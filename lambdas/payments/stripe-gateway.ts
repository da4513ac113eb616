import Stripe from 'stripe';
import type { PaymentResult } from './contract';
import {
  ATTEMPT_METADATA,
  chargedResult,
  isAttempt,
  LOOKUP_SLACK_SECONDS,
  refundCovering,
  type CallOptions,
  type ChargeRequest,
  type LookupRequest,
  type PaymentGateway,
  type RefundRequest,
} from './gateway';

/**
 * Stripe through its SDK: a Charge from the card token the browser got from Stripe.js, and a
 * Refund of it, each with our idempotency key so Stripe answers a retry with the first answer.
 * (The Charges API takes tokens as they are; moving to PaymentIntents for 3-D Secure is future work.)
 */
export class StripeGateway implements PaymentGateway {
  constructor(private readonly stripe: Stripe) {}

  async charge(request: ChargeRequest, options: CallOptions): Promise<PaymentResult> {
    try {
      const charge = await this.stripe.charges.create(
        {
          amount: request.amount,
          currency: request.currency.toLowerCase(),
          source: request.cardToken,
          description: `Order ${request.orderId}`,
          metadata: { orderId: request.orderId, customerId: request.customerId, [ATTEMPT_METADATA]: request.idempotencyKey },
        },
        { idempotencyKey: request.idempotencyKey, timeout: options.timeoutMs },
      );
      return chargedResult(charge, request.currency);
    } catch (error) {
      return chargeFailure(error);
    }
  }

  async refund(request: RefundRequest, options: CallOptions): Promise<PaymentResult> {
    try {
      const refund = await this.stripe.refunds.create(
        { charge: request.chargeId, amount: request.amount, metadata: { orderId: request.orderId } },
        { idempotencyKey: request.idempotencyKey, timeout: options.timeoutMs },
      );
      return { outcome: 'REFUNDED', refundId: refund.id, amount: refund.amount };
    } catch (error) {
      if (isRetryable(error)) return { outcome: 'GATEWAY_ERROR', message: error.message };
      // charge_already_refunded (refunded out of band, or by a request whose answer was lost):
      // the money is back, and the refund that did it is the answer.
      if (error instanceof Stripe.errors.StripeInvalidRequestError) {
        const refunds = await this.stripe.refunds.list({ charge: request.chargeId, limit: 100 }, { timeout: options.timeoutMs });
        const existing = refundCovering(refunds.data, request.amount);
        if (existing) return existing;
      }
      throw error;
    }
  }

  async findCharge(request: LookupRequest, options: CallOptions): Promise<PaymentResult> {
    try {
      // The list API, not search: search can lag behind by a minute; a list is consistent.
      for await (const charge of this.stripe.charges.list({ created: { gte: request.since - LOOKUP_SLACK_SECONDS }, limit: 100 }, { timeout: options.timeoutMs })) {
        if (isAttempt(charge, request.idempotencyKey)) return chargedResult(charge, charge.currency.toUpperCase());
      }
      return { outcome: 'NOT_CHARGED' };
    } catch (error) {
      if (isRetryable(error)) return { outcome: 'GATEWAY_ERROR', message: error.message };
      throw error;
    }
  }
}

/** Timeouts, lost connections, Stripe's 5xx and rate limits: nothing is known to have happened. */
function isRetryable(error: unknown): error is Stripe.errors.StripeError {
  return (
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeAPIError ||
    error instanceof Stripe.errors.StripeRateLimitError
  );
}

function chargeFailure(error: unknown): PaymentResult {
  if (isRetryable(error)) return { outcome: 'GATEWAY_ERROR', message: error.message };
  if (error instanceof Stripe.errors.StripeCardError) {
    const insufficient = error.decline_code === 'insufficient_funds' || error.code === 'insufficient_funds';
    return { outcome: insufficient ? 'INSUFFICIENT_FUNDS' : 'DECLINED', message: error.message };
  }
  if (
    error instanceof Stripe.errors.StripeInvalidRequestError &&
    ((error.code === 'resource_missing' && error.param === 'source') || error.code === 'token_already_used')
  ) {
    return { outcome: 'INVALID_CARD_TOKEN', message: error.message };
  }
  // Authentication, permissions, idempotency misuse, malformed requests: retrying cannot help.
  throw error;
}
