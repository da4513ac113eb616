import { comparableKey, FIVE_BILLION, requiredKey } from './comparable-number';
import { refuse } from './errors';
import { testMatcher, type ValueMatcher } from './types';

/**
 * `{"numeric": ["=", 3.018e2]}`, `[">", 0, "<=", 5]`, `["<", 10]`: JSON numbers only (a string
 * "5" is not numeric), within -5.0e9..5.0e9, compared on six decimals. The grammar and the texts
 * are Ruler's JsonRuleCompiler.processNumericMatchExpression: one lower bound may be followed by
 * one upper bound, never the other way round.
 */
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** What Jackson's getText() shows for a token, in Ruler's texts; `undefined` is the closing `]`. */
function tokenText(value: unknown): string {
  if (value === undefined) return ']';
  if (Array.isArray(value)) return '[';
  if (typeof value === 'object' && value !== null) return '{';
  return String(value);
}

function range(bottom: number, openBottom: boolean, top: number, openTop: boolean): ValueMatcher {
  if (bottom >= top) refuse('Bottom must be less than top');
  const low = requiredKey(bottom);
  const high = requiredKey(top);
  return testMatcher((value) => {
    if (typeof value !== 'number') return false;
    const key = comparableKey(value);
    return key !== null && (openBottom ? key > low : key >= low) && (openTop ? key < high : key <= high);
  });
}

function upperBound(terms: readonly unknown[], bottom: number, openBottom: boolean): ValueMatcher {
  const operator = terms[2];
  if (typeof operator !== 'string') refuse(`Bad value in numeric range: ${tokenText(operator)}`);
  if (operator !== '<' && operator !== '<=') refuse(`Bad numeric range operator: ${operator}`);
  const top = terms[3];
  if (!isNumber(top)) refuse(`Value of ${operator} must be numeric`);
  if (terms.length > 4) refuse('Too many terms in numeric range expression');
  return range(bottom, openBottom, top, operator === '<');
}

export function parseNumeric(operand: unknown): ValueMatcher {
  if (!Array.isArray(operand)) refuse('Value of numeric must be an array.');
  const terms: readonly unknown[] = operand;
  const operator = terms[0];
  if (typeof operator !== 'string') refuse(`Invalid member in numeric match: ${tokenText(operator)}`);
  const bound = terms[1];
  switch (operator) {
    case '=': {
      if (!isNumber(bound)) refuse('Value of equals must be numeric');
      if (terms.length > 2) refuse('Too many elements in numeric expression');
      const key = requiredKey(bound);
      return testMatcher((value) => typeof value === 'number' && comparableKey(value) === key);
    }
    case '>':
    case '>=':
      if (!isNumber(bound)) refuse(`Value of ${operator} must be numeric`);
      if (terms.length === 2) return range(bound, operator === '>', FIVE_BILLION, false);
      return upperBound(terms, bound, operator === '>');
    case '<':
    case '<=':
      if (!isNumber(bound)) refuse(`Value of ${operator} must be numeric`);
      if (terms.length > 2) refuse('Too many elements in numeric expression');
      return range(-FIVE_BILLION, false, bound, operator === '<');
    default:
      return refuse(`Unrecognized numeric range operator: ${operator}`);
  }
}
