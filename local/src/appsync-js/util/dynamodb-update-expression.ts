/**
 * The `operations` helpers of @aws-appsync/utils/dynamodb and the update expression the `update`
 * builder renders from an update object, matched to AWS's own answers (EvaluateCode,
 * APPSYNC_JS 1.0.0; the recorded cases and their sources are in dynamodb-builders.test.ts):
 *
 *   operations.add(10)        { type: 'OPERATION_ADD', value: 10 }        (not the `_type` the
 *   operations.increment(10)  { type: 'OPERATION_INCREMENT', by: 10 }      published .d.ts names)
 *   plain value / add / replace   SET #expName_1 = :expValue_1
 *   increment(n)                  SET #expName_1 = #expName_1 + :expValue_1
 *   decrement(n)                  SET #expName_1 = #expName_1 - :expValue_1   (n stays positive)
 *   append(list)                  SET #expName_1 = list_append(#expName_1, :expValue_1)
 *   null                          SET #expName_1 = :expValue_1 with { NULL: null }, not REMOVE
 *
 * Because increment/decrement are SETs, they fail on an item without the attribute, as on AWS
 * (DynamoDB: "The provided expression refers to an attribute that does not exist in the item").
 *
 * Not recorded from AWS, decided here in the same scheme and said so in local/docs/dynamodb.md:
 * the shapes of `remove()` (`OPERATION_REMOVE`) and `updateListItem` (`OPERATION_UPDATE_LIST_ITEM`
 * with `value` and `index`), `prepend` as `list_append(:v, #n)`, `remove()` as a trailing
 * `REMOVE #n` clause, `#n[i] = :v` for list items, `by` defaulting to 1, and a nested plain object
 * updating inside the map (`#expName_1.#expName_2`). Placeholders are numbered in the order they
 * appear in the rendered text, and an attribute name keeps one alias however often it appears.
 *
 * This file runs INSIDE the sandbox realm: no Node APIs, only JavaScript built-ins.
 */
import { isPlainObject } from './dynamodb';
import { isSetValue, marshal, type BuilderValue } from './dynamodb-marshal';
import type { DynamoDBExpression } from './transform-dynamodb-filter';

type Operation =
  | { type: 'OPERATION_ADD'; value: unknown }
  | { type: 'OPERATION_REMOVE' }
  | { type: 'OPERATION_REPLACE'; value: unknown }
  | { type: 'OPERATION_INCREMENT'; by?: unknown }
  | { type: 'OPERATION_DECREMENT'; by?: unknown }
  | { type: 'OPERATION_APPEND'; items: unknown }
  | { type: 'OPERATION_PREPEND'; items: unknown }
  | { type: 'OPERATION_UPDATE_LIST_ITEM'; value: unknown; index: unknown };

const OPERATION_TYPES: readonly string[] = [
  'OPERATION_ADD',
  'OPERATION_REMOVE',
  'OPERATION_REPLACE',
  'OPERATION_INCREMENT',
  'OPERATION_DECREMENT',
  'OPERATION_APPEND',
  'OPERATION_PREPEND',
  'OPERATION_UPDATE_LIST_ITEM',
];

export const operations = {
  add: (value: unknown): Operation => ({ type: 'OPERATION_ADD', value }),
  remove: (): Operation => ({ type: 'OPERATION_REMOVE' }),
  replace: (value: unknown): Operation => ({ type: 'OPERATION_REPLACE', value }),
  // `by` is kept as given: AWS answers increment() with no `by` at all once it is JSON.
  increment: (by?: unknown): Operation => ({ type: 'OPERATION_INCREMENT', by }),
  decrement: (by?: unknown): Operation => ({ type: 'OPERATION_DECREMENT', by }),
  append: (items: unknown): Operation => ({ type: 'OPERATION_APPEND', items }),
  prepend: (items: unknown): Operation => ({ type: 'OPERATION_PREPEND', items }),
  updateListItem: (value: unknown, index: unknown): Operation => ({ type: 'OPERATION_UPDATE_LIST_ITEM', value, index }),
};

function isOperation(value: unknown): value is Operation {
  return isPlainObject(value) && typeof value.type === 'string' && OPERATION_TYPES.includes(value.type);
}

function isListItemUpdates(value: unknown): value is Extract<Operation, { type: 'OPERATION_UPDATE_LIST_ITEM' }>[] {
  return Array.isArray(value) && value.length > 0 && value.every((element) => isOperation(element) && element.type === 'OPERATION_UPDATE_LIST_ITEM');
}

const stepBy = (by: unknown): unknown => (by === undefined || by === null ? 1 : by);

/** Turns an attribute path into its placeholder text and a value into its placeholder. */
interface Placeholders {
  name(path: readonly string[]): string;
  value(value: unknown): string;
}

/** One action of the SET or REMOVE clause, rendered once every action is known. */
interface Action {
  clause: 'SET' | 'REMOVE';
  path: readonly string[];
  render(name: string, placeholders: Placeholders): string;
}

function operationAction(path: readonly string[], operation: Operation): Action[] {
  const set = (render: Action['render']): Action[] => [{ clause: 'SET', path, render }];
  switch (operation.type) {
    case 'OPERATION_ADD':
    case 'OPERATION_REPLACE':
      return set((name, p) => `${name} = ${p.value(operation.value)}`);
    case 'OPERATION_REMOVE':
      return [{ clause: 'REMOVE', path, render: (name) => name }];
    case 'OPERATION_INCREMENT':
      return set((name, p) => `${name} = ${name} + ${p.value(stepBy(operation.by))}`);
    case 'OPERATION_DECREMENT':
      return set((name, p) => `${name} = ${name} - ${p.value(stepBy(operation.by))}`);
    case 'OPERATION_APPEND':
      return set((name, p) => `${name} = list_append(${name}, ${p.value(operation.items)})`);
    case 'OPERATION_PREPEND':
      return set((name, p) => `${name} = list_append(${p.value(operation.items)}, ${name})`);
    case 'OPERATION_UPDATE_LIST_ITEM':
      return set((name, p) => `${name}[${String(operation.index)}] = ${p.value(operation.value)}`);
  }
}

function collect(update: Record<string, unknown>, parent: readonly string[]): Action[] {
  const actions: Action[] = [];
  for (const key of Object.keys(update)) {
    const value = update[key];
    // undefined never reaches AWS (the update object crosses as JSON), so it updates nothing.
    if (value === undefined) continue;
    const path = [...parent, key];
    if (isOperation(value)) actions.push(...operationAction(path, value));
    else if (isListItemUpdates(value)) for (const item of value) actions.push(...operationAction(path, item));
    else if (isPlainObject(value) && !isSetValue(value)) actions.push(...collect(value, path));
    else actions.push({ clause: 'SET', path, render: (name, p) => `${name} = ${p.value(value)}` });
  }
  return actions;
}

export function renderUpdate(update: unknown): DynamoDBExpression {
  const actions = isPlainObject(update) ? collect(update, []) : [];
  const expressionNames: Record<string, string> = {};
  const aliases = new Map<string, string>();
  const expressionValues: Record<string, BuilderValue> = {};
  let values = 0;
  const placeholders: Placeholders = {
    name: (path) =>
      path
        .map((segment) => {
          let alias = aliases.get(segment);
          if (alias === undefined) {
            alias = `#expName_${aliases.size + 1}`;
            aliases.set(segment, alias);
            expressionNames[alias] = segment;
          }
          return alias;
        })
        .join('.'),
    value: (value) => {
      values += 1;
      const placeholder = `:expValue_${values}`;
      expressionValues[placeholder] = marshal(value);
      return placeholder;
    },
  };
  const sections: string[] = [];
  for (const clause of ['SET', 'REMOVE'] as const) {
    const rendered = actions.filter((action) => action.clause === clause).map((action) => action.render(placeholders.name(action.path), placeholders));
    if (rendered.length > 0) sections.push(`${clause} ${rendered.join(', ')}`);
  }
  return {
    expression: sections.join(' '),
    expressionNames,
    expressionValues: expressionValues as DynamoDBExpression['expressionValues'],
  };
}
