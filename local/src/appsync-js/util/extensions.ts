/**
 * The `extensions` object: its calls are recorded per invocation and handed to the runtime,
 * which applies them (subscription filters, invalidations, and evictFromApiCache through the API
 * cache, local/src/cache).
 *
 * This file runs INSIDE the sandbox realm.
 */
import { currentInvocation } from './invocation';

/** util.transform.toSubscriptionFilter may hand back JSON text; the runtime wants the object. */
function asObject(filter: unknown): unknown {
  if (typeof filter !== 'string') return filter;
  try {
    return JSON.parse(filter) as unknown;
  } catch {
    return filter;
  }
}

export const extensions = {
  setSubscriptionFilter(filter: unknown): void {
    currentInvocation().subscriptionFilter = asObject(filter);
  },
  setSubscriptionInvalidationFilter(filter: unknown): void {
    currentInvocation().subscriptionInvalidationFilter = asObject(filter);
  },
  invalidateSubscriptions(invalidation: { subscriptionField: string; payload: unknown }): void {
    currentInvocation().invalidateSubscriptions.push({
      subscriptionField: String(invalidation?.subscriptionField),
      payload: invalidation?.payload ?? {},
    });
  },
  evictFromApiCache(typeName: string, fieldName: string, keys: unknown): void {
    const record = currentInvocation();
    record.cacheEvictions.push({ typeName: String(typeName), fieldName: String(fieldName), keys });
    record.logs.push(`INFO - extensions.evictFromApiCache(${JSON.stringify(typeName)}, ${JSON.stringify(fieldName)}): applied after the resolver run when the API has a cache`);
  },
};
