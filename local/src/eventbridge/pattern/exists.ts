import { refuse } from './errors';
import type { ValueMatcher } from './types';

/**
 * `{"exists": true|false}`: whether the field has a value at a leaf. Only leaves count (EventBridge
 * guide, "Exists matching": it "only works on leaf nodes"), so a field holding an object, or an
 * empty array, does not exist; a null does, as null is a value.
 */
export function parseExists(operand: unknown): ValueMatcher {
  if (typeof operand !== 'boolean') refuse('exists match pattern must be either true or false.');
  return { kind: 'exists', exists: operand };
}
