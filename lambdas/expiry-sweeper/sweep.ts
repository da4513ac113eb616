import { print } from 'graphql';
import { OrderFieldsFragmentDoc } from '../../generated/client-operations';
import type { GraphqlError, GraphqlRequester } from './iam-graphql';

const OVERDUE_ORDERS = /* GraphQL */ `
  query OverdueOrders($limit: Int) {
    overdueOrders(limit: $limit) {
      items {
        id
      }
    }
  }
`;

// AppSync delivers a mutation's selection set to the subscriptions it feeds: these mutations
// select the apps' own OrderFields (client/src/graphql/operations.graphql), so the customer's
// tracker and the barista's board get every field they render (test/api/subscription-selections).
const ORDER_FIELDS = print(OrderFieldsFragmentDoc);

export const EXPIRE_ORDER = /* GraphQL */ `
  mutation ExpireOrder($orderId: ID!) {
    expireOrder(orderId: $orderId) {
      ...OrderFields
    }
  }
  ${ORDER_FIELDS}
`;

const DUE_ORDERS = /* GraphQL */ `
  query DueOrders($limit: Int) {
    dueOrders(limit: $limit) {
      items {
        id
      }
    }
  }
`;

export const SETTLE_ORDER = /* GraphQL */ `
  mutation SettleOrder($orderId: ID!) {
    settleOrder(orderId: $orderId) {
      ...OrderFields
    }
  }
  ${ORDER_FIELDS}
`;

export interface SweepResult {
  /** READY orders not collected in time. */
  expired: string[];
  /** Orders settleOrder settled: a stale payment or refund, or an order left unpaid. */
  settled: string[];
  /** Orders that could not be expired, e.g. collected between the query and the mutation. */
  skipped: Array<{ orderId: string; errorType: string | null; message: string }>;
}

const PAGE_SIZE = 50;
/** A sweep stops after this many pages; the next sweep carries on. */
const MAX_PAGES = 10;

function failure(errors: GraphqlError[] | undefined): GraphqlError | null {
  return errors && errors.length > 0 ? (errors[0] ?? null) : null;
}

type Listing = 'overdueOrders' | 'dueOrders';

/**
 * Lists orders with `listing` page by page and runs `mutation` on each, until the listing has
 * nothing new. An order the mutation could not handle stays listed; asking again would loop on it.
 */
async function sweepListing(graphql: GraphqlRequester, listing: Listing, query: string, mutation: string, done: string[], skipped: SweepResult['skipped']): Promise<void> {
  const seen = new Set<string>();
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const listed = await graphql<Record<Listing, { items: Array<{ id: string }> }>>(query, { limit: PAGE_SIZE });
    const error = failure(listed.errors);
    if (error) throw new Error(`${listing} failed: ${error.errorType ?? 'Error'}: ${error.message}`);
    const fresh = (listed.data?.[listing].items ?? []).filter((order) => !seen.has(order.id));
    if (fresh.length === 0) break;
    for (const { id } of fresh) {
      seen.add(id);
      const answer = await graphql<Record<string, { id: string } | null>>(mutation, { orderId: id });
      const problem = failure(answer.errors);
      if (problem) skipped.push({ orderId: id, errorType: problem.errorType ?? null, message: problem.message });
      else done.push(id);
    }
  }
}

/**
 * One sweep: expires READY orders past the store's collection window (overdueOrders,
 * expireOrder), then settles what is due (dueOrders, settleOrder): payments and refunds whose
 * outcome stayed unknown, and orders left unpaid. Nothing here reads the table: the API's
 * resolvers own the rules (the windows, the transitions, the audit events, the counters).
 */
export async function sweepOverdueOrders(graphql: GraphqlRequester): Promise<SweepResult> {
  const result: SweepResult = { expired: [], settled: [], skipped: [] };
  await sweepListing(graphql, 'overdueOrders', OVERDUE_ORDERS, EXPIRE_ORDER, result.expired, result.skipped);
  await sweepListing(graphql, 'dueOrders', DUE_ORDERS, SETTLE_ORDER, result.settled, result.skipped);
  return result;
}
