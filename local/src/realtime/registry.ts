import type { SubscriptionPlan } from './engine';
import { canonicalJson, valueAtPath } from './filter';

/**
 * Index of live subscriptions, so that publishing a mutation costs hash lookups rather than a scan
 * of every subscriber: mutation field -> argument signature (the sorted names of a plan's
 * non-null arguments) -> the canonical JSON of those argument values -> subscriptions.
 *
 * A publish looks up one bucket per distinct signature for that mutation field (a handful per
 * subscription field in practice), computing the key from the payload's values. Subscribers whose
 * arguments differ from the payload are never visited.
 */
export interface Indexed {
  readonly plan: SubscriptionPlan;
}

type ValueBuckets<T> = Map<string, Set<T>>;

interface Signature<T> {
  names: string[];
  buckets: ValueBuckets<T>;
}

interface Placement<T> {
  signatures: Map<string, Signature<T>>;
  signatureKey: string;
  valueKey: string;
}

export class SubscriptionRegistry<T extends Indexed> {
  private readonly byMutation = new Map<string, Map<string, Signature<T>>>();
  private readonly invalidatable = new Map<string, Set<T>>();
  private readonly placements = new Map<T, Placement<T>[]>();

  get size(): number {
    return this.placements.size;
  }

  add(entry: T): void {
    if (this.placements.has(entry)) return;
    const args = Object.entries(entry.plan.argumentFilter)
      .filter(([, value]) => value !== null && value !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const names = args.map(([name]) => name);
    const signatureKey = JSON.stringify(names);
    const valueKey = canonicalJson(args.map(([, value]) => value));
    const placements: Placement<T>[] = [];
    for (const mutation of new Set(entry.plan.mutations)) {
      let signatures = this.byMutation.get(mutation);
      if (!signatures) {
        signatures = new Map();
        this.byMutation.set(mutation, signatures);
      }
      let signature = signatures.get(signatureKey);
      if (!signature) {
        signature = { names, buckets: new Map() };
        signatures.set(signatureKey, signature);
      }
      let bucket = signature.buckets.get(valueKey);
      if (!bucket) {
        bucket = new Set();
        signature.buckets.set(valueKey, bucket);
      }
      bucket.add(entry);
      placements.push({ signatures, signatureKey, valueKey });
    }
    this.placements.set(entry, placements);
    if (entry.plan.invalidationFilter) {
      let set = this.invalidatable.get(entry.plan.fieldName);
      if (!set) {
        set = new Set();
        this.invalidatable.set(entry.plan.fieldName, set);
      }
      set.add(entry);
    }
  }

  remove(entry: T): void {
    const placements = this.placements.get(entry);
    if (!placements) return;
    this.placements.delete(entry);
    for (const { signatures, signatureKey, valueKey } of placements) {
      const signature = signatures.get(signatureKey);
      const bucket = signature?.buckets.get(valueKey);
      if (!signature || !bucket) continue;
      bucket.delete(entry);
      if (bucket.size === 0) signature.buckets.delete(valueKey);
      if (signature.buckets.size === 0) signatures.delete(signatureKey);
    }
    for (const mutation of entry.plan.mutations) {
      if (this.byMutation.get(mutation)?.size === 0) this.byMutation.delete(mutation);
    }
    const set = this.invalidatable.get(entry.plan.fieldName);
    if (set) {
      set.delete(entry);
      if (set.size === 0) this.invalidatable.delete(entry.plan.fieldName);
    }
  }

  /** Subscriptions fed by this mutation whose arguments all equal the payload's fields. */
  *candidates(mutationField: string, payload: unknown): Generator<T> {
    const signatures = this.byMutation.get(mutationField);
    if (!signatures) return;
    for (const { names, buckets } of [...signatures.values()]) {
      const values: unknown[] = [];
      let complete = true;
      for (const name of names) {
        const value = valueAtPath(payload, name);
        if (value === null || value === undefined) {
          complete = false;
          break;
        }
        values.push(value);
      }
      if (!complete) continue;
      const bucket = buckets.get(canonicalJson(values));
      if (bucket) yield* [...bucket];
    }
  }

  /** Subscriptions of this field that declared an invalidation filter. */
  invalidationCandidates(subscriptionField: string): T[] {
    return [...(this.invalidatable.get(subscriptionField) ?? [])];
  }
}
