import { util, type Context } from '@aws-appsync/utils';
import type { MutationPayOrderArgs } from '../../generated/graphql';
import type { PayableOrder, PaymentStash } from '../lib/payment';

/**
 * payOrder: 1 load the order (owner only; payable, or already paid with this key), 2 take the
 * payment lock and a queue place, 3 charge the card through the payments Lambda, 4 take the
 * day's number for a charged order, 5 record the outcome (PAID with the day's sales, or
 * PAYMENT_FAILED, the place given back, and the typed error). A GATEWAY_ERROR stops at step 3 with
 * the lock kept: a retry with the same key is safe, and the sweeper settles it if none comes.
 */
const MAX_KEY_LENGTH = 128;
const MAX_TOKEN_LENGTH = 255;

function invalid(field: string, message: string): never {
  return util.error(message, 'INVALID_INPUT', null, { field });
}

export function request(ctx: Context<MutationPayOrderArgs, PaymentStash>): Record<string, never> {
  const { cardToken, idempotencyKey } = ctx.args.input;
  if (idempotencyKey.trim() === '' || idempotencyKey.length > MAX_KEY_LENGTH) {
    invalid('idempotencyKey', `idempotencyKey must be 1 to ${MAX_KEY_LENGTH} characters.`);
  }
  if (cardToken.trim() === '' || cardToken.length > MAX_TOKEN_LENGTH) invalid('cardToken', `cardToken must be 1 to ${MAX_TOKEN_LENGTH} characters.`);
  // A card number sent where the token belongs must never be stored or forwarded.
  if (util.matches('^[0-9 -]+$', cardToken)) {
    util.error('cardToken must be a token from the payment gateway, never a card number.', 'INVALID_CARD_TOKEN', null, { field: 'cardToken' });
  }
  return {};
}

/** The order as payOrder left it: paid, or as it already was for a retry of a paid key. */
export function response(ctx: Context<MutationPayOrderArgs, PaymentStash>): PayableOrder {
  return ctx.prev.result as PayableOrder;
}
