import { describe, expect, it } from 'vitest';
import { evaluateCondition, matchesArguments, matchesFilter, validateFilterSpec, valueAtPath } from './filter';

const spec = (...groups: Array<Array<[string, string, unknown]>>) => ({
  filterGroup: groups.map((filters) => ({ filters: filters.map(([fieldName, operator, value]) => ({ fieldName, operator, value })) })),
});

describe('each enhanced-filter operator', () => {
  it.each([
    ['eq', 5, 5, true],
    ['eq', 5, 6, false],
    ['eq', { a: 1, b: 2 }, { b: 2, a: 1 }, true],
    ['eq', undefined, null, true],
    ['ne', 'a', 'b', true],
    ['ne', 'a', 'a', false],
    ['ne', undefined, 'a', true],
    ['le', 3, 3, true],
    ['le', 4, 3, false],
    ['lt', 2, 3, true],
    ['lt', 3, 3, false],
    ['ge', 3, 3, true],
    ['ge', 2, 3, false],
    ['gt', 4, 3, true],
    ['gt', 3, 3, false],
    ['gt', 'b', 'a', true],
    ['gt', '10', 9, false],
    ['contains', 'espresso', 'press', true],
    ['contains', ['hot', 'oat'], 'oat', true],
    ['contains', ['hot'], 'iced', false],
    ['notContains', ['hot'], 'iced', true],
    ['notContains', 'espresso', 'press', false],
    ['beginsWith', 'order#42', 'order#', true],
    ['beginsWith', 'user#1', 'order#', false],
    ['in', 'b', ['a', 'b'], true],
    ['in', 'c', ['a', 'b'], false],
    ['notIn', 'c', ['a', 'b'], true],
    ['notIn', 'a', ['a', 'b'], false],
    ['between', 5, [1, 10], true],
    ['between', 10, [1, 10], true],
    ['between', 11, [1, 10], false],
    ['containsAny', ['a', 'x'], ['x', 'y'], true],
    ['containsAny', ['a'], ['x', 'y'], false],
    ['containsAny', 'x', ['x', 'y'], true],
    ['unknownOperator', 1, 1, false],
  ])('%s(%j, %j) is %s', (operator, field, value, expected) => {
    expect(evaluateCondition(operator, field, value)).toBe(expected);
  });
});

describe('filter groups', () => {
  const payload = { priority: 7, category: 'drinks', meta: { level: 2, labels: ['hot'] } };

  it('requires every filter of a group (AND)', () => {
    expect(matchesFilter(spec([['priority', 'gt', 5], ['category', 'eq', 'drinks']]), payload)).toBe(true);
    expect(matchesFilter(spec([['priority', 'gt', 5], ['category', 'eq', 'food']]), payload)).toBe(false);
  });

  it('needs only one group to match (OR)', () => {
    expect(matchesFilter(spec([['category', 'eq', 'food']], [['meta.level', 'eq', 2]]), payload)).toBe(true);
  });

  it('follows dotted field paths into nested objects', () => {
    expect(valueAtPath(payload, 'meta.labels')).toEqual(['hot']);
    expect(matchesFilter(spec([['meta.labels', 'contains', 'hot']]), payload)).toBe(true);
    expect(valueAtPath(payload, 'meta.missing.deeper')).toBeUndefined();
  });
});

describe('argument filtering', () => {
  it('compares only non-null arguments with the payload', () => {
    expect(matchesArguments({ owner: 'ana', category: null }, { owner: 'ana', category: 'x' })).toBe(true);
    expect(matchesArguments({ owner: 'ana' }, { owner: 'bob' })).toBe(false);
    expect(matchesArguments({ owner: 'ana' }, {})).toBe(false);
  });
});

describe('filter validation', () => {
  it('accepts filters within the published limits', () => {
    expect(validateFilterSpec(spec([['a.b.c.d.e', 'in', [1, 2, 3, 4, 5]], ['tags', 'containsAny', Array.from({ length: 20 }, (_, i) => i)]]))).toEqual([]);
  });

  it('rejects more than 5 values for in and notIn with the service text', () => {
    expect(validateFilterSpec(spec([['owner', 'notIn', [1, 2, 3, 4, 5, 6]]]))).toEqual([
      { message: 'subscription exceeds maximum value limit 5 for operator `notIn`.', errorCode: 400 },
    ]);
  });

  it('rejects more than 20 values for containsAny', () => {
    expect(validateFilterSpec(spec([['tags', 'containsAny', Array.from({ length: 21 }, (_, i) => i)]]))[0]?.message).toBe(
      'subscription exceeds maximum value limit 20 for operator `containsAny`.',
    );
  });

  it('rejects paths deeper than 5, unknown operators and malformed between ranges', () => {
    const messages = validateFilterSpec(spec([['a.b.c.d.e.f', 'eq', 1], ['x', 'like', 1], ['y', 'between', [1]]])).map((e) => e.message);
    expect(messages).toEqual([
      'subscription filter field `a.b.c.d.e.f` exceeds maximum depth 5.',
      'subscription filter has invalid operator `like`.',
      'subscription filter has invalid filter value for operator `between`.',
    ]);
  });
});
