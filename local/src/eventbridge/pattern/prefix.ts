import { parseIgnoreCaseOperand } from './equals-ignore-case';
import { refuse } from './errors';
import { isPlainObject, testMatcher, type ValueMatcher } from './types';

/** `{"prefix": "us-"}` or `{"prefix": {"equals-ignore-case": "EventB"}}`: strings only. */
export function parsePrefix(operand: unknown): ValueMatcher {
  if (isPlainObject(operand)) {
    const lower = parseIgnoreCaseOperand(operand, 'Prefix', 'prefix');
    return testMatcher((value) => typeof value === 'string' && value.toLowerCase().startsWith(lower));
  }
  if (typeof operand !== 'string') refuse('prefix match pattern must be a string');
  return testMatcher((value) => typeof value === 'string' && value.startsWith(operand));
}
