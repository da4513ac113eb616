/**
 * The `operations` helpers of @aws-appsync/utils/dynamodb and the update expression the `update`
 * builder renders from an update object.
 *
 * AWS documents what each operation does but not the text its module renders, so the text here is
 * our own, built in the style of util.transform (`#name` / `:name` placeholders):
 *   plain value          SET #a = :a
 *   nested plain object  SET #a.#b = :a_b            (updates inside the map, keeps its other keys)
 *   add / replace        SET #a = :a                 (the whole value)
 *   increment(n)         ADD #a :a                   (creates the number when absent)
 *   decrement(n)         ADD #a :a  with -n
 *   append(list)         SET #a = list_append(#a, :a)
 *   prepend(list)        SET #a = list_append(:a, #a)
 *   [updateListItem(v, i), ...]   SET #a[i] = :a_i
 *   remove()             REMOVE #a
 * Key attributes are not stripped from the update object: DynamoDB rejects updating them, and
 * failing locally is the safe side of not knowing what AWS's module does.
 *
 * This file runs INSIDE the sandbox realm: no Node APIs, only JavaScript built-ins.
 */
import { isPlainObject } from './dynamodb';
import { isSetValue, marshal, type BuilderValue } from './dynamodb-marshal';
import type { DynamoDBExpression } from './transform-dynamodb-filter';

type Operation =
  | { _type: 'add'; value: unknown }
  | { _type: 'remove' }
  | { _type: 'replace'; value: unknown }
  | { _type: 'increment'; by: number }
  | { _type: 'decrement'; by: number }
  | { _type: 'append'; items: unknown[] }
  | { _type: 'prepend'; items: unknown[] }
  | { _type: 'updateListItem'; value: unknown; index: number };

const OPERATION_TYPES = ['add', 'remove', 'replace', 'increment', 'decrement', 'append', 'prepend', 'updateListItem'];

export const operations = {
  add: (value: unknown): Operation => ({ _type: 'add', value }),
  remove: (): Operation => ({ _type: 'remove' }),
  replace: (value: unknown): Operation => ({ _type: 'replace', value }),
  increment: (by = 1): Operation => ({ _type: 'increment', by }),
  decrement: (by = 1): Operation => ({ _type: 'decrement', by }),
  append: (items: unknown[]): Operation => ({ _type: 'append', items }),
  prepend: (items: unknown[]): Operation => ({ _type: 'prepend', items }),
  updateListItem: (value: unknown, index: number): Operation => ({ _type: 'updateListItem', value, index }),
};

function isOperation(value: unknown): value is Operation {
  return isPlainObject(value) && typeof value._type === 'string' && OPERATION_TYPES.includes(value._type);
}

function isListItemUpdates(value: unknown): value is Extract<Operation, { _type: 'updateListItem' }>[] {
  return Array.isArray(value) && value.length > 0 && value.every((element) => isOperation(element) && element._type === 'updateListItem');
}

interface Clauses {
  set: string[];
  add: string[];
  remove: string[];
  names: Record<string, string>;
  values: Record<string, BuilderValue>;
}

function renderOperation(clauses: Clauses, path: string, placeholder: string, operation: Operation): void {
  switch (operation._type) {
    case 'add':
    case 'replace':
      clauses.values[placeholder] = marshal(operation.value);
      clauses.set.push(`${path} = ${placeholder}`);
      return;
    case 'remove':
      clauses.remove.push(path);
      return;
    case 'increment':
    case 'decrement':
      clauses.values[placeholder] = { N: operation._type === 'increment' ? operation.by : -operation.by };
      clauses.add.push(`${path} ${placeholder}`);
      return;
    case 'append':
      clauses.values[placeholder] = marshal(operation.items);
      clauses.set.push(`${path} = list_append(${path}, ${placeholder})`);
      return;
    case 'prepend':
      clauses.values[placeholder] = marshal(operation.items);
      clauses.set.push(`${path} = list_append(${placeholder}, ${path})`);
      return;
    case 'updateListItem':
      clauses.values[`${placeholder}_${operation.index}`] = marshal(operation.value);
      clauses.set.push(`${path}[${operation.index}] = ${placeholder}_${operation.index}`);
      return;
  }
}

/** A name placeholder and the attribute it stands for, registered only once a clause uses it. */
type PathNames = ReadonlyArray<readonly [string, string]>;

function walk(clauses: Clauses, update: Record<string, unknown>, parent: PathNames, stem: string): void {
  for (const key of Object.keys(update)) {
    const value = update[key];
    if (value === undefined) continue;
    const names: PathNames = [...parent, [`#${key}`, key]];
    const path = names.map(([placeholder]) => placeholder).join('.');
    const placeholder = `:${stem}${key}`;
    const before = clauses.set.length + clauses.add.length + clauses.remove.length;
    if (isOperation(value)) renderOperation(clauses, path, placeholder, value);
    else if (isListItemUpdates(value)) for (const item of value) renderOperation(clauses, path, placeholder, item);
    else if (isPlainObject(value) && !isSetValue(value)) walk(clauses, value, names, `${stem}${key}_`);
    else {
      clauses.values[placeholder] = marshal(value);
      clauses.set.push(`${path} = ${placeholder}`);
    }
    // DynamoDB rejects unused names, so an empty nested object must not leave its name behind.
    if (clauses.set.length + clauses.add.length + clauses.remove.length > before) {
      for (const [placeholderName, attribute] of names) clauses.names[placeholderName] = attribute;
    }
  }
}

export function renderUpdate(update: unknown): DynamoDBExpression {
  const clauses: Clauses = { set: [], add: [], remove: [], names: {}, values: {} };
  if (isPlainObject(update)) walk(clauses, update, [], '');
  const sections: string[] = [];
  if (clauses.set.length > 0) sections.push(`SET ${clauses.set.join(', ')}`);
  if (clauses.add.length > 0) sections.push(`ADD ${clauses.add.join(', ')}`);
  if (clauses.remove.length > 0) sections.push(`REMOVE ${clauses.remove.join(', ')}`);
  return {
    expression: sections.join(' '),
    expressionNames: clauses.names,
    expressionValues: clauses.values as DynamoDBExpression['expressionValues'],
  };
}
