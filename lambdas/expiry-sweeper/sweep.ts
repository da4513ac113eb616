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

// customerId and status are selected so the expiry reaches the customer's onMyOrderChanged
// (its filter matches on customerId) and the baristas' onOrderQueueChanged with the new status.
const EXPIRE_ORDER = /* GraphQL */ `
  mutation ExpireOrder($orderId: ID!) {
    expireOrder(orderId: $orderId) {
      id
      customerId
      orderNumber
      pickupName
      status
      statusReason
      version
      updatedAt
      readyAt
    }
  }
`;

export interface SweepResult {
  expired: string[];
  /** Orders that could not be expired, e.g. collected between the query and the mutation. */
  skipped: Array<{ orderId: string; errorType: string | null; message: string }>;
}

const PAGE_SIZE = 50;
/** A sweep stops after this many pages; the next sweep carries on. */
const MAX_PAGES = 10;

function failure(errors: GraphqlError[] | undefined): GraphqlError | null {
  return errors && errors.length > 0 ? (errors[0] ?? null) : null;
}

/**
 * One sweep: asks the API which READY orders are past the store's collection window and expires
 * each through the API, page by page until none is left. Nothing here reads the table: the API's
 * resolvers own the rules (the window, the transition, the audit event, the counters).
 */
export async function sweepOverdueOrders(graphql: GraphqlRequester): Promise<SweepResult> {
  const result: SweepResult = { expired: [], skipped: [] };
  const seen = new Set<string>();
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const overdue = await graphql<{ overdueOrders: { items: Array<{ id: string }> } }>(OVERDUE_ORDERS, { limit: PAGE_SIZE });
    const error = failure(overdue.errors);
    if (error) throw new Error(`overdueOrders failed: ${error.errorType ?? 'Error'}: ${error.message}`);
    // An order that could not be expired stays overdue; asking again would loop on it.
    const fresh = (overdue.data?.overdueOrders.items ?? []).filter((order) => !seen.has(order.id));
    if (fresh.length === 0) break;
    for (const { id } of fresh) {
      seen.add(id);
      const expired = await graphql<{ expireOrder: { id: string } | null }>(EXPIRE_ORDER, { orderId: id });
      const problem = failure(expired.errors);
      if (problem) result.skipped.push({ orderId: id, errorType: problem.errorType ?? null, message: problem.message });
      else result.expired.push(id);
    }
  }
  return result;
}
