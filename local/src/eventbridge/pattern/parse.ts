import { parseAnythingBut } from './anything-but';
import { parseCidrOperator } from './cidr';
import { EQUALS_IGNORE_CASE, parseEqualsIgnoreCase } from './equals-ignore-case';
import { refuse } from './errors';
import { exactMatcher } from './exact';
import { parseExists } from './exists';
import { parseNumeric } from './numeric';
import { parsePrefix } from './prefix';
import { parseSuffix } from './suffix';
import { isPlainObject, type FieldNode, type ObjectNode, type ValueMatcher } from './types';
import { parseWildcard } from './wildcard';

/**
 * The structure of a pattern, validated the way aws/event-ruler's JsonRuleCompiler walks it: an
 * object of fields, each either a nested object or a non-empty list of values and operator
 * objects; `$or` takes a list of at least two objects, and inside it Ruler's keywords may not be
 * field names. Each operator's operand is read by its own module.
 */
interface Operator {
  parse(operand: unknown): ValueMatcher;
  /** Ruler's text for a second key in the operator object. */
  readonly extraKey: string;
}

const ONE_KEY = 'Only one key allowed in match expression';
const OPERATORS: Readonly<Record<string, Operator>> = {
  prefix: { parse: parsePrefix, extraKey: ONE_KEY },
  suffix: { parse: parseSuffix, extraKey: ONE_KEY },
  [EQUALS_IGNORE_CASE]: { parse: parseEqualsIgnoreCase, extraKey: ONE_KEY },
  wildcard: { parse: parseWildcard, extraKey: ONE_KEY },
  'anything-but': { parse: parseAnythingBut, extraKey: 'Too many elements in numeric expression' },
  numeric: { parse: parseNumeric, extraKey: 'Too many elements in numeric expression' },
  exists: { parse: parseExists, extraKey: ONE_KEY },
  cidr: { parse: parseCidrOperator, extraKey: ONE_KEY },
};

const OR = '$or';

/** Ruler's Constants.RESERVED_FIELD_NAMES_IN_OR_RELATIONSHIP. */
const RESERVED_IN_OR: ReadonlySet<string> = new Set([
  'exactly', EQUALS_IGNORE_CASE, 'prefix', 'suffix', 'anything-but', 'exists', 'wildcard', 'numeric', 'cidr', 'html',
  '=', '<', '<=', '>', '>=',
  'regex', 'not-wildcard', 'not-equals-ignore-case',
  'date-after', 'date-on-or-after', 'date-before', 'date-on-or-before', 'in-date-range',
  'ip-address-in-range', 'ip-address-not-in-range',
]);

function parseMatchExpression(expression: Record<string, unknown>): ValueMatcher {
  const [name, ...others] = Object.keys(expression);
  if (name === undefined) refuse('Match expression name not found');
  const operator = Object.hasOwn(OPERATORS, name) ? OPERATORS[name] : undefined;
  if (operator === undefined) refuse(`Unrecognized match type ${name}`);
  const matcher = operator.parse(expression[name]);
  if (others.length > 0) refuse(operator.extraKey);
  return matcher;
}

function parseValues(values: readonly unknown[]): ValueMatcher[] {
  const matchers = values.map((value) => {
    if (isPlainObject(value)) return parseMatchExpression(value);
    if (typeof value === 'string' || typeof value === 'boolean' || value === null || (typeof value === 'number' && Number.isFinite(value))) {
      return exactMatcher(value);
    }
    return refuse('Match value must be String, number, true, false, or null');
  });
  if (matchers.length === 0) refuse('Empty arrays are not allowed');
  return matchers;
}

function parseOr(alternatives: unknown): ObjectNode[] {
  if (!Array.isArray(alternatives)) refuse(`It must be an Array followed with ${OR}.`);
  const nodes = alternatives.map((alternative: unknown) => {
    if (!isPlainObject(alternative)) refuse(`Only JSON object is allowed in array of ${OR} relationship.`);
    return parseObject(alternative, true);
  });
  if (nodes.length < 2) refuse(`There must have at least 2 Objects in ${OR} relationship.`);
  return nodes;
}

function parseObject(pattern: Record<string, unknown>, insideOr: boolean): ObjectNode {
  const fields: FieldNode[] = [];
  const anyOf: ObjectNode[][] = [];
  // A key whose value is undefined is not in the pattern AWS receives: JSON has no undefined.
  const keys = Object.keys(pattern).filter((key) => pattern[key] !== undefined);
  if (keys.length === 0) refuse('Empty objects are not allowed');
  for (const key of keys) {
    const value = pattern[key];
    if (key === OR) {
      anyOf.push(parseOr(value));
      continue;
    }
    if (insideOr && RESERVED_IN_OR.has(key)) refuse(`${key} is Ruler reserved fieldName which cannot be used inside ${OR}.`);
    if (isPlainObject(value)) fields.push({ key, kind: 'object', node: parseObject(value, insideOr) });
    else if (Array.isArray(value)) fields.push({ key, kind: 'leaf', matchers: parseValues(value) });
    else refuse(`"${key}" must be an object or an array`);
  }
  return { fields, anyOf };
}

/** Validates a parsed pattern and compiles it; throws InvalidEventPatternError with Ruler's reason. */
export function parsePattern(pattern: unknown): ObjectNode {
  if (!isPlainObject(pattern)) refuse('Filter is not an object');
  return parseObject(pattern, false);
}
