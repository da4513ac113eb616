/**
 * What the payOrder and cancelOrder resolvers send the payments Lambda, and what it answers.
 * Business outcomes (declined, no funds, gateway down) are answers, not thrown errors, so the
 * resolver can turn each into its own typed GraphQL error; the handler throws only on bugs.
 */

export type PaymentRequest =
  | {
      action: 'charge';
      orderId: string;
      customerId: string;
      amount: number;
      currency: string;
      /** From the gateway's tokenization endpoint; the API never sees a card number. */
      cardToken: string;
      /** Passed to the gateway: a retry with the same key never charges twice. */
      idempotencyKey: string;
    }
  | {
      action: 'refund';
      orderId: string;
      chargeId: string;
      amount: number;
      idempotencyKey: string;
    }
  | {
      /**
       * What became of a charge attempt whose answer was lost (a timeout, a crash, a replayed 500):
       * the gateway's record of charges made with this idempotency key since `since`.
       */
      action: 'lookupCharge';
      orderId: string;
      idempotencyKey: string;
      /** Epoch seconds when the attempt began; the lookup reads charges created from a little before. */
      since: number;
    };

export type PaymentResult =
  | { outcome: 'CHARGED'; chargeId: string; amount: number; currency: string; cardBrand: string | null; cardLast4: string | null }
  | { outcome: 'REFUNDED'; refundId: string; amount: number }
  | { outcome: 'DECLINED' | 'INSUFFICIENT_FUNDS' | 'INVALID_CARD_TOKEN'; message: string }
  /** The lookup found no successful charge for the attempt: nothing was taken from the card. */
  | { outcome: 'NOT_CHARGED' }
  /** Timeout, 5xx or network failure: nothing is known to be charged; retrying with the same key is safe. */
  | { outcome: 'GATEWAY_ERROR'; message: string };
