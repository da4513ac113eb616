import { util, type Context } from '@aws-appsync/utils';
import type { EstimateStash } from '../lib/order-estimate';
import { estimateMillis, type QueueSource } from '../lib/order-queue';
import { epochMillisOf, timestampOf } from '../lib/order-time';
import { DEFAULT_SETTINGS } from '../lib/store';

export function request(): Record<string, never> {
  return {};
}

export function response(ctx: Context<unknown, EstimateStash, undefined, QueueSource>): string | null {
  const order = ctx.source as QueueSource;
  if (order.status === 'READY') return order.readyAt ?? null;
  const nowMillis = util.time.nowEpochMilliSeconds();
  const prepMinutes = ctx.stash.prepMinutes ?? DEFAULT_SETTINGS.prepMinutesPerOrder;
  const preparingSince = order.preparingAt ? epochMillisOf(order.preparingAt) : null;
  const estimate = estimateMillis(order, nowMillis, prepMinutes, (ctx.stash.ahead ?? 0) + 1, ctx.stash.preparing ?? 0, preparingSince);
  return estimate === null ? null : timestampOf(estimate);
}
