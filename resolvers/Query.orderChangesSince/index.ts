import { util, type Context } from '@aws-appsync/utils';
import type { QueryOrderChangesSinceArgs } from '../../generated/graphql';
import { requireStaff } from '../lib/order-access';
import { CURSOR_PATTERN, type ChangesStash } from '../lib/order-changes';
import { orderPageSize } from '../lib/order-pages';
import type { OrderRecord } from '../lib/order-record';
import { businessDateOf, nowTimestamp } from '../lib/order-time';

export function request(ctx: Context<QueryOrderChangesSinceArgs, ChangesStash>): Record<string, never> {
  requireStaff(ctx.identity);
  const today = businessDateOf(nowTimestamp());
  const { cursor } = ctx.args;
  if (cursor && (!util.matches(CURSOR_PATTERN, cursor) || businessDateOf(cursor) > today)) {
    util.error('The cursor is not one this API handed out.', 'INVALID_INPUT', null, { field: 'cursor' });
  }
  ctx.stash.today = today;
  ctx.stash.day = cursor ? businessDateOf(cursor) : today;
  ctx.stash.after = cursor ?? null;
  ctx.stash.limit = orderPageSize(ctx.args.limit);
  ctx.stash.items = [];
  ctx.stash.more = false;
  return {};
}

/** The changed orders, oldest change first; the cursor is the last one's place (null: nothing new). */
export function response(ctx: Context<QueryOrderChangesSinceArgs, ChangesStash>): { items: OrderRecord[]; cursor: string | null } {
  const { items } = ctx.stash;
  const last = items[items.length - 1];
  return { items, cursor: last ? last.gsi3sk : null };
}
