import { parseIgnoreCaseOperand } from './equals-ignore-case';
import { refuse } from './errors';
import { isPlainObject, testMatcher, type ValueMatcher } from './types';

/** `{"suffix": ".png"}` or `{"suffix": {"equals-ignore-case": ".png"}}`: strings only. */
export function parseSuffix(operand: unknown): ValueMatcher {
  if (isPlainObject(operand)) {
    const lower = parseIgnoreCaseOperand(operand, 'Suffix', 'suffix');
    return testMatcher((value) => typeof value === 'string' && value.toLowerCase().endsWith(lower));
  }
  if (typeof operand !== 'string') refuse('suffix match pattern must be a string');
  return testMatcher((value) => typeof value === 'string' && value.endsWith(operand));
}
