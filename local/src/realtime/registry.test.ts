import { describe, expect, it } from 'vitest';
import type { SubscriptionPlan } from './engine';
import { SubscriptionRegistry } from './registry';

interface Entry {
  name: string;
  plan: SubscriptionPlan;
}

function entry(name: string, argumentFilter: Record<string, unknown>, extra: Partial<SubscriptionPlan> = {}): Entry {
  return {
    name,
    plan: {
      fieldName: 'onPut',
      mutations: ['put'],
      argumentFilter,
      filter: null,
      invalidationFilter: null,
      auth: { mode: 'API_KEY', identity: null, headers: {} },
      render: null,
      ...extra,
    },
  };
}

const names = (entries: Iterable<Entry>) => [...entries].map((e) => e.name).sort();

describe('the subscription index', () => {
  it('returns exactly the subscribers whose arguments equal the payload fields', () => {
    const registry = new SubscriptionRegistry<Entry>();
    for (let i = 0; i < 1000; i += 1) registry.add(entry(`owner-${i}`, { owner: `user-${i}` }));
    registry.add(entry('everyone', {}));
    registry.add(entry('owner-7-drinks', { owner: 'user-7', category: 'drinks' }));
    registry.add(entry('ignores-null', { owner: 'user-7', category: null }));

    expect(names(registry.candidates('put', { owner: 'user-7', category: 'drinks' }))).toEqual(['everyone', 'ignores-null', 'owner-7', 'owner-7-drinks']);
    expect(names(registry.candidates('put', { owner: 'user-7', category: 'food' }))).toEqual(['everyone', 'ignores-null', 'owner-7']);
    expect(names(registry.candidates('put', { owner: 'nobody' }))).toEqual(['everyone']);
  });

  it('keys argument values structurally, so key order in objects does not matter', () => {
    const registry = new SubscriptionRegistry<Entry>();
    registry.add(entry('by-key', { key: { a: 1, b: 2 } }));
    expect(names(registry.candidates('put', { key: { b: 2, a: 1 } }))).toEqual(['by-key']);
    expect(names(registry.candidates('put', { key: '{"a":1,"b":2}' }))).toEqual([]);
  });

  it('files a subscriber under every mutation it listens to, and forgets it completely on removal', () => {
    const registry = new SubscriptionRegistry<Entry>();
    const both = entry('both', {}, { mutations: ['put', 'archive'] });
    registry.add(both);
    expect(names(registry.candidates('archive', {}))).toEqual(['both']);
    registry.remove(both);
    expect(registry.size).toBe(0);
    expect(names(registry.candidates('put', {}))).toEqual([]);
    expect(names(registry.candidates('archive', {}))).toEqual([]);
  });

  it('lists invalidation candidates by subscription field', () => {
    const registry = new SubscriptionRegistry<Entry>();
    const filter = { filterGroup: [{ filters: [{ fieldName: 'owner', operator: 'eq', value: 'a' }] }] };
    const invalidatable = entry('inv', {}, { invalidationFilter: filter });
    registry.add(invalidatable);
    registry.add(entry('plain', {}));
    expect(registry.invalidationCandidates('onPut').map((e) => e.name)).toEqual(['inv']);
    registry.remove(invalidatable);
    expect(registry.invalidationCandidates('onPut')).toEqual([]);
  });
});
