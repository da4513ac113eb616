/**
 * Renders an AppSync filter object (`{ title: { contains: 'x' }, and: [...], not: {...} }`) into a
 * DynamoDB expression, the way util.transform.toDynamoDBFilterExpression does.
 *
 * The text follows AWS's recorded answers to the character, quirks included: a field's name is
 * used verbatim as its placeholder (`#a.b`), value placeholders carry every level of nesting
 * (`:and_0_or_1_a_eq`), members that render nothing still get joined (leaving a dangling
 * ` AND `), and an empty `in` renders as `(null)`. Anything AWS cannot render makes the whole
 * result null rather than an error.
 *
 * This file runs INSIDE the sandbox realm: no Node APIs, only JavaScript built-ins.
 */
import { isPlainObject, toDynamoDB, type AttributeValue } from './dynamodb';

export interface DynamoDBExpression {
  expression: string;
  expressionNames: Record<string, string>;
  expressionValues: Record<string, AttributeValue>;
}

const COMPARISONS: Record<string, string> = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' };

const FUNCTIONS: Record<string, string> = {
  contains: 'contains',
  notContains: 'NOT contains',
  beginsWith: 'begins_with',
};

export const ATTRIBUTE_TYPES: Record<string, string> = {
  _null: 'NULL',
  string: 'S',
  stringSet: 'SS',
  number: 'N',
  numberSet: 'NS',
  binary: 'B',
  binarySet: 'BS',
  boolean: 'BOOL',
  list: 'L',
  map: 'M',
};

interface Scope {
  names: Record<string, string>;
  values: Record<string, AttributeValue>;
}

/** An operand: the attribute path as written in the expression, and the stem of its value names. */
interface Operand {
  path: string;
  valueStem: string;
  sized: boolean;
}

function value(input: unknown): AttributeValue {
  return toDynamoDB(input) ?? { NULL: null };
}

function renderOperator(scope: Scope, operand: Operand, operator: string, operatorValue: unknown): string | null {
  const { path, valueStem } = operand;
  const comparison = COMPARISONS[operator];
  if (comparison !== undefined) {
    const placeholder = `:${valueStem}${operator}`;
    scope.values[placeholder] = value(operatorValue);
    return `(${path} ${comparison} ${placeholder})`;
  }
  const fn = FUNCTIONS[operator];
  if (fn !== undefined) {
    const placeholder = `:${valueStem}${operator}`;
    scope.values[placeholder] = value(operatorValue);
    return `(${fn}(${path},${placeholder}))`;
  }
  switch (operator) {
    case 'between': {
      if (!Array.isArray(operatorValue) || operatorValue.length < 2) return null;
      const start = `:${valueStem}between_start`;
      const end = `:${valueStem}between_end`;
      scope.values[start] = value(operatorValue[0]);
      scope.values[end] = value(operatorValue[1]);
      return `(${path} BETWEEN ${start} AND ${end})`;
    }
    case 'in': {
      if (!Array.isArray(operatorValue)) return null;
      if (operatorValue.length === 0) return '(null)';
      const placeholders = operatorValue.map((element, index) => {
        const placeholder = `:${valueStem}in_${index}`;
        scope.values[placeholder] = value(element);
        return placeholder;
      });
      return `(${path} IN (${placeholders.join(', ')}))`;
    }
    case 'attributeExists':
      if (typeof operatorValue !== 'boolean') return null;
      return operatorValue ? `(attribute_exists(${path}))` : `(attribute_not_exists(${path}))`;
    case 'attributeType': {
      const code = typeof operatorValue === 'string' ? ATTRIBUTE_TYPES[operatorValue] : undefined;
      if (code === undefined) return null;
      const placeholder = `:${valueStem}attributeType`;
      scope.values[placeholder] = { S: code };
      return `(attribute_type(${path},${placeholder}))`;
    }
    case 'size': {
      if (!isPlainObject(operatorValue)) return null;
      // A size of a size names its values again but does not nest the call: AWS's behaviour.
      const sized: Operand = {
        path: operand.sized ? path : `size(${path})`,
        valueStem: `${valueStem}size_`,
        sized: true,
      };
      return renderOperators(scope, sized, operatorValue);
    }
    default:
      return null;
  }
}

function renderOperators(scope: Scope, operand: Operand, operators: Record<string, unknown>): string | null {
  const parts: string[] = [];
  for (const operator of Object.keys(operators)) {
    const part = renderOperator(scope, operand, operator, operators[operator]);
    if (part === null) return null;
    parts.push(part);
  }
  return wrap(parts, ' AND ');
}

/** One member renders bare; several are joined and parenthesised; none render as nothing. */
function wrap(parts: string[], joiner: string): string {
  if (parts.length === 0) return '';
  if (parts.length === 1) return parts[0] as string;
  return `(${parts.join(joiner)})`;
}

function renderField(scope: Scope, name: string, operators: unknown, prefix: string): string | null {
  if (!isPlainObject(operators)) return null;
  const path = `#${name}`;
  scope.names[path] = name;
  return renderOperators(scope, { path, valueStem: `${prefix}${name}_`, sized: false }, operators);
}

function renderGroup(scope: Scope, kind: 'and' | 'or', members: unknown, prefix: string): string | null {
  if (!Array.isArray(members)) return null;
  const parts: string[] = [];
  for (let index = 0; index < members.length; index += 1) {
    const part = renderObject(scope, members[index], `${prefix}${kind}_${index}_`);
    if (part === null) return null;
    parts.push(part);
  }
  return wrap(parts, kind === 'and' ? ' AND ' : ' OR ');
}

function renderObject(scope: Scope, filter: unknown, prefix: string): string | null {
  if (!isPlainObject(filter)) return null;
  const parts: string[] = [];
  for (const key of Object.keys(filter)) {
    const member = filter[key];
    let part: string | null;
    if (key === 'and' || key === 'or') part = renderGroup(scope, key, member, prefix);
    else if (key === 'not') {
      const inner = isPlainObject(member) ? renderObject(scope, member, `${prefix}not_`) : null;
      part = inner === null ? null : `(NOT ${inner})`;
    } else part = renderField(scope, key, member, prefix);
    if (part === null) return null;
    parts.push(part);
  }
  // Top-level members are joined but, unlike a group, never parenthesised.
  return parts.join(' AND ');
}

/** The expression AWS renders for a filter object, or null when AWS would answer null. */
export function renderFilter(filter: unknown): DynamoDBExpression | null {
  const scope: Scope = { names: {}, values: {} };
  const expression = renderObject(scope, filter, '');
  if (expression === null) return null;
  return { expression, expressionNames: scope.names, expressionValues: scope.values };
}
