import { extensions, util, type Context, type NONERequest } from '@aws-appsync/utils';
import { cognitoUserId } from './lib/identity';

export function request(): NONERequest {
  return { payload: null };
}

/**
 * The caller's own orders only: the filter is built from the token's sub on the server, so no
 * argument a client sends can widen it. A mutation's payload is what the mutation selected, so
 * a client that wants these events selects customerId in its mutations (an event without it
 * matches no one).
 */
export function response(ctx: Context): null {
  const customerId = cognitoUserId(ctx.identity);
  extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter({ customerId: { eq: customerId } }));
  return null;
}
