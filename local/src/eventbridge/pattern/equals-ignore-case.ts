import { refuse } from './errors';
import { testMatcher, type ValueMatcher } from './types';

export const EQUALS_IGNORE_CASE = 'equals-ignore-case';

/** `{"equals-ignore-case": "alice"}`: a string equal to the operand in any casing. */
export function parseEqualsIgnoreCase(operand: unknown): ValueMatcher {
  if (typeof operand !== 'string') refuse('equals-ignore-case match pattern must be a string');
  const lower = operand.toLowerCase();
  return testMatcher((value) => typeof value === 'string' && value.toLowerCase() === lower);
}

/**
 * The `{"equals-ignore-case": "..."}` object that `prefix` and `suffix` accept instead of a string;
 * answers the operand lower-cased. `label` and `operator` name the enclosing operator in Ruler's texts.
 */
export function parseIgnoreCaseOperand(operand: Record<string, unknown>, label: 'Prefix' | 'Suffix', operator: 'prefix' | 'suffix'): string {
  const [first, ...others] = Object.keys(operand);
  if (first === undefined) refuse(`${label} expression name not found`);
  if (first !== EQUALS_IGNORE_CASE) refuse(`Unsupported ${operator} pattern: ${first}`);
  const text = operand[first];
  if (typeof text !== 'string') refuse('equals-ignore-case match pattern must be a string');
  if (others.length > 0) refuse('Only one key allowed in match expression');
  return text.toLowerCase();
}
