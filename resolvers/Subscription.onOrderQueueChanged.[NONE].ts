import type { Context, NONERequest } from '@aws-appsync/utils';
import { requireStaff } from './lib/order-access';

export function request(): NONERequest {
  return { payload: null };
}

/**
 * Staff only (the schema's directive says so; refused here too). No filter: the mutations this
 * field subscribes to are the ones that matter to the counter, starting with payOrder.
 */
export function response(ctx: Context): null {
  requireStaff(ctx.identity);
  return null;
}
