import type { AppSyncError, AuthContext } from '../identity';

/**
 * What the real-time side needs from the GraphQL side. The runtime (local/src/runtime.ts)
 * implements it; the WebSocket protocol core depends only on this interface, so it can be
 * tested without a schema and the GraphQL side without a socket.
 */

/** AppSync's enhanced-filter JSON, as util.transform.toSubscriptionFilter returns it (parsed). */
export interface FilterSpec {
  filterGroup: Array<{ filters: Array<{ fieldName: string; operator: string; value: unknown }> }>;
}

/** A validated, authorized subscription, ready to be matched against published mutations. */
export interface SubscriptionPlan {
  /** The subscription field, e.g. "onCreateTodo". */
  fieldName: string;
  /** The mutation fields whose completion feeds it (@aws_subscribe(mutations: [...])). */
  mutations: string[];
  /**
   * Equality filters from the subscription's non-null arguments: field name -> value. Empty when
   * `filter` is set: an enhanced filter replaces argument-based filtering, as in AppSync.
   */
  argumentFilter: Record<string, unknown>;
  /** From extensions.setSubscriptionFilter in the subscription resolver's response, if any. */
  filter: FilterSpec | null;
  /** From extensions.setSubscriptionInvalidationFilter, if any. */
  invalidationFilter: FilterSpec | null;
  /** Who subscribed; used by renderPayload when auth must be re-checked per field. */
  auth: AuthContext;
  /** Opaque to the real-time side: what renderPayload needs to shape a delivery. */
  render: unknown;
}

/** Published when a mutation field listed in some @aws_subscribe completes without error. */
export interface MutationPublished {
  mutationField: string;
  /** The mutation's result as the mutation's own selection set shaped it (aliases removed). */
  payload: unknown;
}

/** Published by extensions.invalidateSubscriptions in a mutation's resolver. */
export interface InvalidationRequested {
  subscriptionField: string;
  payload: Record<string, unknown>;
}

export type StartResult = { ok: true; plan: SubscriptionPlan } | { ok: false; errors: AppSyncError[] };

export interface SubscriptionEngine {
  /**
   * Parses, validates and authorizes a `start` message's {query, variables}, runs the
   * subscription field's resolver (if any) and returns the plan. Errors come in AppSync's shape.
   */
  prepareSubscription(
    request: { query: string; variables?: Record<string, unknown> | null; operationName?: string | null },
    auth: AuthContext,
  ): Promise<StartResult>;

  /** Shapes one delivery: the subscriber's selection set applied to the mutation's payload. */
  renderPayload(plan: SubscriptionPlan, payload: unknown): { data: unknown; errors?: AppSyncError[] };

  /** Subscribe to publications; returns an unsubscribe function. */
  onMutation(listener: (event: MutationPublished) => void): () => void;
  onInvalidation(listener: (event: InvalidationRequested) => void): () => void;
}
