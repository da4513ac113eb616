/**
 * A small declarative checker for the request objects resolvers return, in the spirit of
 * dynalite's validations: each operation declares its fields once (requests.ts) and this module
 * walks them, answering the first problem as AppSync words it.
 *
 * AppSync reports a malformed request with errorType "MappingTemplate" and, for a missing field,
 * the text `Value for field '$[key]' not found.`. For the other shapes AppSync's wording is not
 * published; ours follows the same `$[path]` convention (see local/docs/dynamodb.md).
 */

export type Schema =
  | { kind: 'string' }
  | { kind: 'boolean' }
  | { kind: 'integer'; min?: number }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'attributeValue' }
  | { kind: 'attributeMap' }
  | { kind: 'expression'; withValues: boolean }
  | { kind: 'object'; fields: Fields }
  | { kind: 'list'; of: Schema }
  | { kind: 'record'; of: Schema }
  | { kind: 'any' };

export type Fields = Readonly<Record<string, { schema: Schema; required?: boolean }>>;

export const MAPPING_TEMPLATE = 'MappingTemplate';

const ATTRIBUTE_TYPES = ['S', 'N', 'B', 'SS', 'NS', 'BS', 'BOOL', 'NULL', 'L', 'M'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonType(value: unknown): string {
  if (value === null) return 'NULL';
  if (Array.isArray(value)) return 'ARRAY';
  if (typeof value === 'object') return 'OBJECT';
  if (typeof value === 'number') return 'NUMBER';
  if (typeof value === 'boolean') return 'BOOLEAN';
  return 'STRING';
}

const expected = (what: string, path: string, value: unknown): string => `Expected ${what} for field '${path}' but got '${jsonType(value)}' instead.`;

const isNumeric = (value: unknown): boolean =>
  (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)));

function checkList(value: unknown, path: string, check: (element: unknown) => boolean, what: string): string | null {
  if (!Array.isArray(value)) return expected('a JSON array', path, value);
  const index = value.findIndex((element) => !check(element));
  return index === -1 ? null : expected(what, `${path}[${index}]`, value[index]);
}

function checkAttributeValue(value: unknown, path: string): string | null {
  if (!isObject(value)) return expected('a typed value (a JSON object such as {"S": "x"})', path, value);
  const types = Object.keys(value);
  const [type] = types;
  if (types.length !== 1 || type === undefined || !ATTRIBUTE_TYPES.includes(type)) {
    return `Invalid typed value for field '${path}': it must have exactly one of the keys ${ATTRIBUTE_TYPES.join(', ')}.`;
  }
  const inner = value[type];
  const innerPath = `${path}[${type}]`;
  switch (type) {
    case 'S':
    case 'B':
      return typeof inner === 'string' ? null : expected('a JSON string', innerPath, inner);
    case 'N':
      return isNumeric(inner) ? null : expected('a number', innerPath, inner);
    case 'SS':
    case 'BS':
      return checkList(inner, innerPath, (element) => typeof element === 'string', 'a JSON string');
    case 'NS':
      return checkList(inner, innerPath, isNumeric, 'a number');
    case 'BOOL':
      return typeof inner === 'boolean' ? null : expected('a JSON boolean', innerPath, inner);
    case 'NULL':
      return inner === null || inner === true ? null : expected('null or true', innerPath, inner);
    case 'L': {
      if (!Array.isArray(inner)) return expected('a JSON array', innerPath, inner);
      for (const [index, element] of inner.entries()) {
        const problem = checkAttributeValue(element, `${innerPath}[${index}]`);
        if (problem !== null) return problem;
      }
      return null;
    }
    default:
      return checkAttributeMap(inner, innerPath);
  }
}

function checkAttributeMap(value: unknown, path: string): string | null {
  if (!isObject(value)) return expected('a JSON object', path, value);
  for (const [name, attribute] of Object.entries(value)) {
    const problem = checkAttributeValue(attribute, `${path}[${name}]`);
    if (problem !== null) return problem;
  }
  return null;
}

const expressionFields = (withValues: boolean): Fields => ({
  expression: { schema: { kind: 'string' }, required: true },
  expressionNames: { schema: { kind: 'record', of: { kind: 'string' } } },
  ...(withValues ? { expressionValues: { schema: { kind: 'attributeMap' } } } : {}),
});

function checkFields(value: unknown, fields: Fields, path: string): string | null {
  if (!isObject(value)) return expected('a JSON object', path === '' ? '$' : path, value);
  for (const [name, field] of Object.entries(fields)) {
    const fieldPath = `${path === '' ? '$' : path}[${name}]`;
    const fieldValue = value[name];
    if (fieldValue === undefined || fieldValue === null) {
      if (field.required) return `Value for field '${fieldPath}' not found.`;
      continue;
    }
    const problem = check(fieldValue, field.schema, fieldPath);
    if (problem !== null) return problem;
  }
  return null;
}

/** The first problem with `value`, or null when it matches `schema`. */
export function check(value: unknown, schema: Schema, path = '$'): string | null {
  switch (schema.kind) {
    case 'any':
      return null;
    case 'string':
      return typeof value === 'string' ? null : expected('a JSON string', path, value);
    case 'boolean':
      return typeof value === 'boolean' ? null : expected('a JSON boolean', path, value);
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return expected('an integer', path, value);
      return schema.min !== undefined && value < schema.min ? `Field '${path}' must be at least ${schema.min}.` : null;
    case 'enum':
      return typeof value === 'string' && schema.values.includes(value)
        ? null
        : `Field '${path}' must be one of ${schema.values.join(', ')} but was '${String(value)}'.`;
    case 'attributeValue':
      return checkAttributeValue(value, path);
    case 'attributeMap':
      return checkAttributeMap(value, path);
    case 'expression':
      return checkFields(value, expressionFields(schema.withValues), path);
    case 'object':
      return checkFields(value, schema.fields, path === '$' ? '' : path);
    case 'list': {
      if (!Array.isArray(value)) return expected('a JSON array', path, value);
      for (const [index, element] of value.entries()) {
        const problem = check(element, schema.of, `${path}[${index}]`);
        if (problem !== null) return problem;
      }
      return null;
    }
    case 'record': {
      if (!isObject(value)) return expected('a JSON object', path, value);
      for (const [name, element] of Object.entries(value)) {
        const problem = check(element, schema.of, `${path}[${name}]`);
        if (problem !== null) return problem;
      }
      return null;
    }
  }
}

/**
 * A copy of a request that `check` accepted, with every optional field that is null left out.
 * AppSync reads a null optional field as an absent one: AWS's own samples send `filter: null`
 * from a Scan when no filter was given (aws-samples/aws-appsync-resolver-samples,
 * examples/cloudformation/todo-api-cfn/functions/listItems.js), and AppSync runs it as a plain
 * scan. Normalising once here keeps every operation from meeting a null where its type says
 * "absent". Attribute values keep their nulls: `{ NULL: null }` is a value, not an absence.
 */
export function withoutNulls(value: unknown, schema: Schema): unknown {
  switch (schema.kind) {
    case 'expression':
      return withoutNullFields(value, expressionFields(schema.withValues));
    case 'object':
      return withoutNullFields(value, schema.fields);
    case 'list':
      return Array.isArray(value) ? value.map((element) => withoutNulls(element, schema.of)) : value;
    case 'record': {
      if (!isObject(value)) return value;
      const copy: Record<string, unknown> = {};
      for (const [name, element] of Object.entries(value)) copy[name] = withoutNulls(element, schema.of);
      return copy;
    }
    default:
      return value;
  }
}

function withoutNullFields(value: unknown, fields: Fields): unknown {
  if (!isObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [name, fieldValue] of Object.entries(value)) {
    const field = fields[name];
    if (field === undefined) {
      copy[name] = fieldValue;
      continue;
    }
    if (fieldValue === null) continue;
    copy[name] = withoutNulls(fieldValue, field.schema);
  }
  return copy;
}
