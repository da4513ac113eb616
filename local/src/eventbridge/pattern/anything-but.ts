import { comparableKey, requiredKey } from './comparable-number';
import { EQUALS_IGNORE_CASE } from './equals-ignore-case';
import { refuse } from './errors';
import { isPlainObject, testMatcher, type LeafValue, type ValueMatcher } from './types';
import { parseWildcardText, wildcardMatches, type Wildcard } from './wildcard';

/**
 * `anything-but` and its forms (EventBridge guide, "Anything-but matching"): a value, a list of
 * strings or of numbers, or one of `{"prefix"|"suffix"|"equals-ignore-case"|"wildcard": value or
 * list}`. It matches a field that has some value the operand does not cover; like every operator
 * but `exists`, it never matches a field that is absent. Validation and texts follow Ruler's
 * JsonRuleCompiler (anything-but branch).
 */
type SetForm = 'prefix' | 'suffix' | typeof EQUALS_IGNORE_CASE | 'wildcard';
const SET_FORMS: readonly string[] = ['prefix', 'suffix', EQUALS_IGNORE_CASE, 'wildcard'];

const not = (covered: (value: LeafValue) => boolean): ValueMatcher => testMatcher((value) => !covered(value));

function valuesMatcher(operand: string | number | readonly unknown[]): ValueMatcher {
  const list = Array.isArray(operand) ? operand : [operand];
  const strings = new Set<string>();
  const numbers = new Set<number>();
  for (const item of list) {
    if (typeof item === 'string') strings.add(item);
    else if (typeof item === 'number' && Number.isFinite(item)) numbers.add(requiredKey(item));
    else refuse(Array.isArray(operand) ? 'Inside anything but list, start|null|boolean is not supported.' : 'Inside anything-but list, start|null|boolean is not supported.');
  }
  if ((strings.size > 0) === (numbers.size > 0)) {
    refuse('Inside anything but list, either all values are number or string, mixed type is not supported');
  }
  if (strings.size > 0) return not((value) => typeof value === 'string' && strings.has(value));
  return not((value) => {
    if (typeof value !== 'number') return false;
    const key = comparableKey(value);
    return key !== null && numbers.has(key);
  });
}

function setTexts(form: SetForm, operand: string | number | readonly unknown[]): string[] {
  const list = Array.isArray(operand) ? operand : [operand];
  return list.map((item) => {
    if (typeof item !== 'string') {
      if (form === EQUALS_IGNORE_CASE) refuse('Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.');
      if (form === 'wildcard') refuse('wildcard match pattern must be a string');
      refuse('prefix/suffix match pattern must be a string');
    }
    if ((form === 'prefix' || form === 'suffix') && item === '') refuse('Null prefix/suffix not allowed');
    return item;
  });
}

function setMatcher(form: SetForm, texts: readonly string[]): ValueMatcher {
  switch (form) {
    case 'prefix':
      return not((value) => typeof value === 'string' && texts.some((text) => value.startsWith(text)));
    case 'suffix':
      return not((value) => typeof value === 'string' && texts.some((text) => value.endsWith(text)));
    case EQUALS_IGNORE_CASE: {
      const lower = new Set(texts.map((text) => text.toLowerCase()));
      return not((value) => typeof value === 'string' && lower.has(value.toLowerCase()));
    }
    case 'wildcard': {
      const wildcards: Wildcard[] = texts.map(parseWildcardText);
      return not((value) => typeof value === 'string' && wildcards.some((wildcard) => wildcardMatches(wildcard, value)));
    }
  }
}

const isOperand = (value: unknown): value is string | number | readonly unknown[] =>
  Array.isArray(value) || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));

export function parseAnythingBut(operand: unknown): ValueMatcher {
  let form: SetForm | null = null;
  let inner = operand;
  let extraKeys = false;
  if (isPlainObject(operand)) {
    const [first, ...others] = Object.keys(operand);
    if (first === undefined) refuse('Anything-But expression name not found');
    if (!SET_FORMS.includes(first)) refuse(`Unsupported anything-but pattern: ${first}`);
    form = first as SetForm;
    inner = operand[first];
    extraKeys = others.length > 0;
  }
  if (!isOperand(inner)) refuse('Value of anything-but must be an array or single string/number value.');
  const matcher = form === null ? valuesMatcher(inner) : setMatcher(form, setTexts(form, inner));
  // Ruler's text for a second key here is the numeric one; it is what EventBridge answers.
  if (extraKeys) refuse('Too many elements in numeric expression');
  return matcher;
}
