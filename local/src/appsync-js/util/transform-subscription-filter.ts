/**
 * util.transform.toSubscriptionFilter: turns a filter object into the groups AppSync matches
 * published mutations against (`{ filterGroup: [{ filters: [{ fieldName, operator, value }] }] }`;
 * groups are OR'ed, the filters of a group AND'ed).
 *
 * Recorded AWS answers show how the object is read: every operator of a field is an alternative,
 * so `{ a: { eq: 1, ne: 2 } }` yields two groups; `and` multiplies groups out, `or` adds them; `not`
 * is NOT a negation here but an ordinary field name; operators are carried through unchecked.
 * Each rule is one more alternative that every group must satisfy. Unlike the DynamoDB transforms
 * it answers an object, not a JSON string; anything but a plain object answers null.
 * AppSync's limits (depth, values per `in`, filters per group) are enforced where the filter is
 * installed (extensions.setSubscriptionFilter), not here.
 *
 * This file runs INSIDE the sandbox realm: no Node APIs, only JavaScript built-ins.
 */
import { isPlainObject } from './dynamodb';

export interface SubscriptionFilterEntry {
  fieldName: string;
  operator: string;
  value: unknown;
}

export interface SubscriptionFilter {
  filterGroup: { filters: SubscriptionFilterEntry[] }[];
}

/** Disjunctive normal form: a list of alternatives, each a conjunction of entries. */
type Alternatives = SubscriptionFilterEntry[][];

const ALWAYS: Alternatives = [[]];

function both(left: Alternatives, right: Alternatives): Alternatives {
  const out: Alternatives = [];
  for (const l of left) for (const r of right) out.push([...l, ...r]);
  return out;
}

function fieldAlternatives(fieldName: string, operators: unknown): Alternatives | null {
  if (!isPlainObject(operators)) return null;
  const operatorNames = Object.keys(operators);
  if (operatorNames.length === 0) return ALWAYS;
  return operatorNames.map((operator) => [{ fieldName, operator, value: operators[operator] }]);
}

function objectAlternatives(filter: unknown, ignored: readonly unknown[]): Alternatives | null {
  if (!isPlainObject(filter)) return null;
  let result = ALWAYS;
  for (const key of Object.keys(filter)) {
    const member = filter[key];
    let alternatives: Alternatives | null;
    if (key === 'and' || key === 'or') {
      if (!Array.isArray(member)) return null;
      alternatives = key === 'and' ? ALWAYS : [];
      for (const element of member) {
        const inner = objectAlternatives(element, ignored);
        if (inner === null) return null;
        alternatives = key === 'and' ? both(alternatives, inner) : [...alternatives, ...inner];
      }
      if (key === 'or' && member.length === 0) alternatives = ALWAYS;
    } else if (ignored.includes(key)) {
      alternatives = ALWAYS;
    } else {
      alternatives = fieldAlternatives(key, member);
    }
    if (alternatives === null) return null;
    result = both(result, alternatives);
  }
  return result;
}

function ruleAlternatives(rules: unknown): Alternatives | null {
  if (rules === undefined || rules === null) return ALWAYS;
  if (!isPlainObject(rules)) return null;
  const alternatives: Alternatives = [];
  for (const fieldName of Object.keys(rules)) {
    const field = fieldAlternatives(fieldName, rules[fieldName]);
    if (field === null) return null;
    for (const alternative of field) if (alternative.length > 0) alternatives.push(alternative);
  }
  return alternatives.length === 0 ? ALWAYS : alternatives;
}

export function toSubscriptionFilter(filter: unknown, ignoredFields?: unknown, rules?: unknown): SubscriptionFilter | null {
  const ignored = Array.isArray(ignoredFields) ? ignoredFields : [];
  const main = objectAlternatives(filter, ignored);
  const extra = ruleAlternatives(rules);
  if (main === null || extra === null) return null;
  const groups = both(main, extra).filter((filters) => filters.length > 0);
  return { filterGroup: groups.map((filters) => ({ filters })) };
}
