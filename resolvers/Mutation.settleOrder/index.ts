import type { Context } from '@aws-appsync/utils';
import type { MutationSettleOrderArgs } from '../../generated/graphql';
import type { PayableOrder } from '../lib/payment';
import type { SettlementStash } from '../lib/order-settlement';

/** settleOrder: see lib/order-settlement.ts for what each step settles. */
export function request(): Record<string, never> {
  return {};
}

export function response(ctx: Context<MutationSettleOrderArgs, SettlementStash>): PayableOrder {
  return ctx.prev.result as PayableOrder;
}
