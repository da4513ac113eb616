/**
 * The @aws-appsync/utils/dynamodb module: builders that return the request objects the DynamoDB
 * data source executes. Field names and nesting follow the module's published types
 * (resolver-return-types.d.ts); keys and items are marshalled like util.dynamodb.toMapValues;
 * conditions, filters and key conditions are rendered exactly as util.transform renders them.
 * Only fields the caller gave appear in the result (AWS answers `get({ key })` with just
 * `operation` and `key`).
 *
 * This file runs INSIDE the sandbox realm: no Node APIs, only JavaScript built-ins.
 */
import { isPlainObject } from './dynamodb';
import { marshalMap, toBinarySet, toNumberSet, toStringSet } from './dynamodb-marshal';
import { operations, renderUpdate } from './dynamodb-update-expression';
import { raiseError } from './signals';
import { renderFilter, type DynamoDBExpression } from './transform-dynamodb-filter';

type Input = Record<string, unknown>;
type Request = Record<string, unknown>;

const VALIDATION_ERROR = 'ValidationError';

function input(payload: unknown, builder: string): Input {
  if (!isPlainObject(payload)) return raiseError(`${builder} expects an object`, VALIDATION_ERROR);
  return payload;
}

function required(payload: Input, field: string, builder: string): unknown {
  const value = payload[field];
  if (value === undefined || value === null) return raiseError(`${builder}: '${field}' is required`, VALIDATION_ERROR);
  return value;
}

/** Copies the optional fields the caller set; null counts as not set (the input types allow it). */
function copyOptional(target: Request, payload: Input, fields: readonly string[]): void {
  for (const field of fields) {
    const value = payload[field];
    if (value !== undefined && value !== null) target[field] = value;
  }
}

/**
 * A filter, condition or key condition rendered by util.transform's renderer. An empty one is
 * left out; one util.transform could not render is an error, because dropping a condition would
 * silently turn a guarded write into an unguarded one.
 */
function expression(value: unknown, field: string, builder: string): DynamoDBExpression | undefined {
  if (value === undefined || value === null) return undefined;
  const rendered = renderFilter(value);
  if (rendered === null) return raiseError(`${builder}: '${field}' is not a valid filter object`, VALIDATION_ERROR);
  return rendered.expression === '' ? undefined : rendered;
}

function setExpression(target: Request, field: string, value: DynamoDBExpression | undefined): void {
  if (value !== undefined) target[field] = value;
}

/** `['id', 'address.city', 'tags[0]']` as a projection expression with `#name` placeholders. */
function projection(value: unknown): { expression: string; expressionNames: Record<string, string> } | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const expressionNames: Record<string, string> = {};
  const paths = value.map((path) =>
    String(path)
      .split('.')
      .map((segment) => {
        const bracket = segment.indexOf('[');
        const name = bracket === -1 ? segment : segment.slice(0, bracket);
        expressionNames[`#${name}`] = name;
        return `#${name}${bracket === -1 ? '' : segment.slice(bracket)}`;
      })
      .join('.'),
  );
  return { expression: paths.join(', '), expressionNames };
}

function setProjection(target: Request, payload: Input): void {
  const rendered = projection(payload.projection);
  if (rendered !== undefined) target.projection = rendered;
}

const WRITE_OPTIONS = ['customPartitionKey', 'populateIndexFields', '_version'];

export function get(payload: unknown): Request {
  const args = input(payload, 'get');
  const request: Request = { operation: 'GetItem', key: marshalMap(required(args, 'key', 'get')) };
  copyOptional(request, args, ['consistentRead']);
  setProjection(request, args);
  return request;
}

export function put(payload: unknown): Request {
  const args = input(payload, 'put');
  const request: Request = {
    operation: 'PutItem',
    key: marshalMap(required(args, 'key', 'put')),
    attributeValues: marshalMap(args.item ?? {}),
  };
  setExpression(request, 'condition', expression(args.condition, 'condition', 'put'));
  copyOptional(request, args, WRITE_OPTIONS);
  return request;
}

export function remove(payload: unknown): Request {
  const args = input(payload, 'remove');
  const request: Request = { operation: 'DeleteItem', key: marshalMap(required(args, 'key', 'remove')) };
  setExpression(request, 'condition', expression(args.condition, 'condition', 'remove'));
  copyOptional(request, args, WRITE_OPTIONS);
  return request;
}

export function update(payload: unknown): Request {
  const args = input(payload, 'update');
  const request: Request = {
    operation: 'UpdateItem',
    key: marshalMap(required(args, 'key', 'update')),
    update: renderUpdate(required(args, 'update', 'update')),
  };
  setExpression(request, 'condition', expression(args.condition, 'condition', 'update'));
  copyOptional(request, args, WRITE_OPTIONS);
  return request;
}

export function query(payload: unknown): Request {
  const args = input(payload, 'query');
  const keyCondition = expression(required(args, 'query', 'query'), 'query', 'query');
  if (keyCondition === undefined) return raiseError("query: 'query' must name the partition key", VALIDATION_ERROR);
  const request: Request = { operation: 'Query', query: keyCondition };
  copyOptional(request, args, ['index', 'nextToken', 'limit', 'scanIndexForward', 'consistentRead', 'select']);
  setExpression(request, 'filter', expression(args.filter, 'filter', 'query'));
  setProjection(request, args);
  return request;
}

export function scan(payload: unknown): Request {
  const args = input(payload ?? {}, 'scan');
  const request: Request = { operation: 'Scan' };
  copyOptional(request, args, ['index', 'limit', 'consistentRead', 'nextToken', 'totalSegments', 'segment', 'select']);
  setExpression(request, 'filter', expression(args.filter, 'filter', 'scan'));
  setProjection(request, args);
  return request;
}

export function sync(payload: unknown): Request {
  const args = input(payload ?? {}, 'sync');
  const request: Request = { operation: 'Sync' };
  copyOptional(request, args, ['basePartitionKey', 'deltaIndexName', 'limit', 'nextToken', 'lastSync']);
  setExpression(request, 'filter', expression(args.filter, 'filter', 'sync'));
  return request;
}

function tables(args: Input, builder: string): Input {
  const value = required(args, 'tables', builder);
  if (!isPlainObject(value)) return raiseError(`${builder}: 'tables' must map table names to entries`, VALIDATION_ERROR);
  return value;
}

function list(value: unknown, what: string, builder: string): unknown[] {
  if (!Array.isArray(value)) return raiseError(`${builder}: ${what} must be a list`, VALIDATION_ERROR);
  return value;
}

export function batchGet(payload: unknown): Request {
  const args = input(payload, 'batchGet');
  const byTable = tables(args, 'batchGet');
  const out: Record<string, Request> = {};
  for (const table of Object.keys(byTable)) {
    const entry = input(byTable[table], 'batchGet');
    const request: Request = { keys: list(entry.keys, `the keys of '${table}'`, 'batchGet').map((key) => marshalMap(key)) };
    copyOptional(request, entry, ['consistentRead']);
    setProjection(request, entry);
    out[table] = request;
  }
  return { operation: 'BatchGetItem', tables: out };
}

function batchWrite(payload: unknown, builder: string, operation: string): Request {
  const byTable = tables(input(payload, builder), builder);
  const out: Record<string, unknown[]> = {};
  for (const table of Object.keys(byTable)) {
    out[table] = list(byTable[table], `the entries of '${table}'`, builder).map((entry) => marshalMap(entry));
  }
  return { operation, tables: out };
}

export function batchPut(payload: unknown): Request {
  return batchWrite(payload, 'batchPut', 'BatchPutItem');
}

export function batchDelete(payload: unknown): Request {
  return batchWrite(payload, 'batchDelete', 'BatchDeleteItem');
}

export function transactGet(payload: unknown): Request {
  const args = input(payload, 'transactGet');
  const transactItems = list(required(args, 'items', 'transactGet'), "'items'", 'transactGet').map((element) => {
    const item = input(element, 'transactGet');
    const request: Request = {
      table: required(item, 'table', 'transactGet'),
      key: marshalMap(required(item, 'key', 'transactGet')),
    };
    setProjection(request, item);
    return request;
  });
  return { operation: 'TransactGetItems', transactItems };
}

function transactWriteItem(element: unknown): Request {
  const item = input(element, 'transactWrite');
  const [kind] = Object.keys(item);
  const body = input(kind === undefined ? undefined : item[kind], 'transactWrite');
  const request: Request = { table: required(body, 'table', 'transactWrite') };
  switch (kind) {
    case 'putItem':
      request.operation = 'PutItem';
      request.key = marshalMap(required(body, 'key', 'transactWrite'));
      request.attributeValues = marshalMap(body.item ?? {});
      break;
    case 'updateItem':
      request.operation = 'UpdateItem';
      request.key = marshalMap(required(body, 'key', 'transactWrite'));
      request.update = renderUpdate(required(body, 'update', 'transactWrite'));
      break;
    case 'deleteItem':
      request.operation = 'DeleteItem';
      request.key = marshalMap(required(body, 'key', 'transactWrite'));
      break;
    case 'conditionCheck':
      request.operation = 'ConditionCheck';
      request.key = marshalMap(required(body, 'key', 'transactWrite'));
      break;
    default:
      return raiseError(`transactWrite: unknown item kind '${String(kind)}'`, VALIDATION_ERROR);
  }
  setExpression(request, 'condition', expression(body.condition, 'condition', 'transactWrite'));
  return request;
}

export function transactWrite(payload: unknown): Request {
  const args = input(payload, 'transactWrite');
  const transactItems = list(required(args, 'items', 'transactWrite'), "'items'", 'transactWrite').map(transactWriteItem);
  return { operation: 'TransactWriteItems', transactItems };
}

export { operations, toBinarySet, toNumberSet, toStringSet };
