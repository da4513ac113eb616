import { isPlainObject, type LeafValue, type ObjectNode, type ValueMatcher } from './types';

/**
 * Matching a compiled pattern against an event, with EventBridge's treatment of arrays
 * ("Arrays in Amazon EventBridge event patterns"): an event array is a set of values, and the
 * field matches if any of them does. Where an array holds objects, a nested pattern must match
 * within one element, so two fields never match from different elements (Ruler's
 * rulesForJSONEvent "array-consistent" matching). Nothing here allocates per event beyond what
 * the operators need.
 */
function anyLeafValue(value: unknown, test: (value: LeafValue) => boolean): boolean {
  if (Array.isArray(value)) {
    for (const element of value) if (anyLeafValue(element, test)) return true;
    return false;
  }
  if (value === undefined) return false;
  // Objects are not leaves: comparison operators never see them.
  if (typeof value === 'object' && value !== null) return false;
  return test(value as LeafValue);
}

const present = (): boolean => true;

function leafMatches(matchers: readonly ValueMatcher[], value: unknown): boolean {
  for (const matcher of matchers) {
    if (matcher.kind === 'exists') {
      if (anyLeafValue(value, present) === matcher.exists) return true;
    } else if (anyLeafValue(value, matcher.test)) {
      return true;
    }
  }
  return false;
}

function field(object: Record<string, unknown> | undefined, key: string): unknown {
  return object !== undefined && Object.hasOwn(object, key) ? object[key] : undefined;
}

export function objectMatches(node: ObjectNode, value: unknown): boolean {
  if (Array.isArray(value) && value.length > 0) {
    for (const element of value) if (objectMatches(node, element)) return true;
    return false;
  }
  // A missing object, a primitive or an empty array has no fields: only `exists: false` can match.
  const object = isPlainObject(value) ? value : undefined;
  for (const child of node.fields) {
    const childValue = field(object, child.key);
    const matched = child.kind === 'leaf' ? leafMatches(child.matchers, childValue) : objectMatches(child.node, childValue);
    if (!matched) return false;
  }
  for (const alternatives of node.anyOf) {
    if (!alternatives.some((alternative) => objectMatches(alternative, value))) return false;
  }
  return true;
}
