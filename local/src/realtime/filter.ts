import type { FilterSpec } from './engine';
import type { ProtocolError } from './protocol';

/**
 * AppSync's enhanced subscription filters (extensions.setSubscriptionFilter /
 * setSubscriptionInvalidationFilter): groups are OR'ed, the filters inside a group AND'ed, and a
 * `fieldName` may be a dotted path into the payload. Operators as the AppSync developer guide lists
 * them: eq, ne, le, lt, ge, gt, contains, notContains, beginsWith, in, notIn, between, containsAny.
 */

export type FilterOperator =
  | 'eq'
  | 'ne'
  | 'le'
  | 'lt'
  | 'ge'
  | 'gt'
  | 'contains'
  | 'notContains'
  | 'beginsWith'
  | 'in'
  | 'notIn'
  | 'between'
  | 'containsAny';

const OPERATORS: ReadonlySet<string> = new Set<FilterOperator>([
  'eq',
  'ne',
  'le',
  'lt',
  'ge',
  'gt',
  'contains',
  'notContains',
  'beginsWith',
  'in',
  'notIn',
  'between',
  'containsAny',
]);

/** Published limits of enhanced filters (see lambda-appsync's summary of the AppSync guide). */
export const FilterLimits = { fieldPathDepth: 5, fieldPathLength: 256, inValues: 5, containsAnyValues: 20 } as const;

/** Reads a dotted path; a missing step yields undefined. */
export function valueAtPath(payload: unknown, path: string): unknown {
  let current: unknown = payload;
  for (const step of path.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}

/** Key-order-independent JSON, so structurally equal values compare (and hash) equal. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return canonicalJson(a) === canonicalJson(b);
}

/** Ordering only between two numbers or two strings; anything else does not compare. */
function compare(a: unknown, b: unknown): number | null {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return null;
}

function contains(field: unknown, value: unknown): boolean {
  if (typeof field === 'string' && typeof value === 'string') return field.includes(value);
  if (Array.isArray(field)) return field.some((item) => equal(item, value));
  return false;
}

function containsAny(field: unknown, values: unknown): boolean {
  if (!Array.isArray(values)) return false;
  if (Array.isArray(field)) return values.some((value) => field.some((item) => equal(item, value)));
  return values.some((value) => equal(field, value));
}

function isIn(field: unknown, values: unknown): boolean {
  return Array.isArray(values) && values.some((value) => equal(field, value));
}

function between(field: unknown, range: unknown): boolean {
  if (!Array.isArray(range) || range.length !== 2) return false;
  const low = compare(field, range[0]);
  const high = compare(field, range[1]);
  return low !== null && high !== null && low >= 0 && high <= 0;
}

/**
 * One condition. Negated operators are exact negations of their positive forms (so `ne` matches
 * a payload that lacks the field); AppSync documents no other rule for absent fields.
 */
export function evaluateCondition(operator: string, field: unknown, value: unknown): boolean {
  switch (operator as FilterOperator) {
    case 'eq':
      return equal(field ?? null, value);
    case 'ne':
      return !equal(field ?? null, value);
    case 'le': {
      const order = compare(field, value);
      return order !== null && order <= 0;
    }
    case 'lt': {
      const order = compare(field, value);
      return order !== null && order < 0;
    }
    case 'ge': {
      const order = compare(field, value);
      return order !== null && order >= 0;
    }
    case 'gt': {
      const order = compare(field, value);
      return order !== null && order > 0;
    }
    case 'contains':
      return contains(field, value);
    case 'notContains':
      return !contains(field, value);
    case 'beginsWith':
      return typeof field === 'string' && typeof value === 'string' && field.startsWith(value);
    case 'in':
      return isIn(field, value);
    case 'notIn':
      return !isIn(field, value);
    case 'between':
      return between(field, value);
    case 'containsAny':
      return containsAny(field, value);
    default:
      return false;
  }
}

/** True when any group has all its filters satisfied by the payload. */
export function matchesFilter(spec: FilterSpec, payload: unknown): boolean {
  return spec.filterGroup.some((group) =>
    group.filters.every((filter) => evaluateCondition(filter.operator, valueAtPath(payload, filter.fieldName), filter.value)),
  );
}

/** Basic filtering: every non-null subscription argument equals the payload's field. */
export function matchesArguments(argumentFilter: Record<string, unknown>, payload: unknown): boolean {
  for (const [name, expected] of Object.entries(argumentFilter)) {
    if (expected === null || expected === undefined) continue;
    if (!equal(valueAtPath(payload, name), expected)) return false;
  }
  return true;
}

/**
 * Rejects filters AppSync would reject when the subscription starts. The live service answers
 * `{"message":"subscription exceeds maximum value limit 5 for operator `in`.","errorCode":400}`
 * (amplify-category-api#740); the other texts follow that pattern.
 */
export function validateFilterSpec(spec: FilterSpec): ProtocolError[] {
  const errors: ProtocolError[] = [];
  const fail = (message: string): void => {
    errors.push({ message, errorCode: 400 });
  };
  if (!Array.isArray(spec.filterGroup)) {
    fail('subscription filter must have a "filterGroup" array.');
    return errors;
  }
  for (const group of spec.filterGroup) {
    if (!Array.isArray(group?.filters)) {
      fail('subscription filter group must have a "filters" array.');
      continue;
    }
    for (const filter of group.filters) {
      const { fieldName, operator, value } = filter;
      if (typeof fieldName !== 'string' || fieldName === '') {
        fail('subscription filter has a filter without "fieldName".');
        continue;
      }
      if (fieldName.split('.').length > FilterLimits.fieldPathDepth || fieldName.length > FilterLimits.fieldPathLength) {
        fail(`subscription filter field \`${fieldName}\` exceeds maximum depth ${FilterLimits.fieldPathDepth}.`);
      }
      if (!OPERATORS.has(operator)) {
        fail(`subscription filter has invalid operator \`${String(operator)}\`.`);
        continue;
      }
      const listLimit =
        operator === 'in' || operator === 'notIn'
          ? FilterLimits.inValues
          : operator === 'containsAny'
            ? FilterLimits.containsAnyValues
            : null;
      if (listLimit !== null) {
        if (!Array.isArray(value)) fail(`subscription filter has invalid filter value for operator \`${operator}\`.`);
        else if (value.length > listLimit) fail(`subscription exceeds maximum value limit ${listLimit} for operator \`${operator}\`.`);
      }
      if (operator === 'between' && (!Array.isArray(value) || value.length !== 2)) {
        fail('subscription filter has invalid filter value for operator `between`.');
      }
    }
  }
  return errors;
}
