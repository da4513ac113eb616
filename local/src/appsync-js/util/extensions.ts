/**
 * The `extensions` object: its calls are recorded per invocation and handed to the runtime,
 * which applies them (subscription filters, invalidations). There is no API cache locally, so
 * evictFromApiCache only leaves a log line.
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
    record.logs.push(`INFO - extensions.evictFromApiCache(${JSON.stringify(typeName)}, ${JSON.stringify(fieldName)}): no API cache runs locally, nothing to evict`);
  },
};
