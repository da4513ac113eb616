/**
 * The statement values of @aws-appsync/utils/rds: what `sql`, `select`, `insert`, `update` and
 * `remove` return, and the `typeHint` and `agg` helpers. A statement is only a description; the
 * SQL text and its placeholders are made by createPgStatement / createMySQLStatement
 * (rds-render.ts), because the quoting character and the placeholder numbering belong to the
 * request, not to the statement (AWS numbers the placeholders of both statements of a request in
 * one sequence: `:P0, :P1` in the first, `:P2` in the second).
 *
 * This file runs INSIDE the sandbox realm.
 */

/** The Data API's type hints (SqlParameter.typeHint), which AppSync sends as variableTypeHintMap. */
export const TYPE_HINTS = ['DECIMAL', 'JSON', 'TIMESTAMP', 'TIME', 'UUID', 'DATE'] as const;
export type TypeHintName = (typeof TYPE_HINTS)[number];

/** What typeHint.X(value) returns; AWS answers exactly `{ type, value }` (EvaluateCode, see docs/rds.md). */
export interface TypedValue {
  type: TypeHintName;
  value: unknown;
}

export const AGGREGATES = ['max', 'maxDistinct', 'min', 'minDistinct', 'count', 'countDistinct', 'avg', 'avgDistinct', 'sum', 'sumDistinct'] as const;
export type AggregateName = (typeof AGGREGATES)[number];

export interface Aggregate {
  aggregate: AggregateName;
  column: string;
}

export type Statement =
  | { kind: 'sql'; strings: readonly string[]; values: readonly unknown[] }
  | { kind: 'select'; payload: Record<string, unknown> }
  | { kind: 'insert'; payload: Record<string, unknown> }
  | { kind: 'update'; payload: Record<string, unknown> }
  | { kind: 'remove'; payload: Record<string, unknown> };

/**
 * Statements and aggregates are told apart from plain values by identity, not by shape: a
 * resolver's value `{ kind: 'select' }` is data, never a statement.
 */
const statements = new WeakMap<object, Statement>();
const aggregates = new WeakMap<object, Aggregate>();

export function statementOf(value: unknown): Statement | undefined {
  return typeof value === 'object' && value !== null ? statements.get(value) : undefined;
}

export function aggregateOf(value: unknown): Aggregate | undefined {
  return typeof value === 'object' && value !== null ? aggregates.get(value) : undefined;
}

export function typedValueOf(value: unknown): TypedValue | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const candidate = value as Record<string, unknown>;
  const keys = Object.keys(candidate);
  if (keys.length !== 2 || !('type' in candidate) || !('value' in candidate)) return undefined;
  return (TYPE_HINTS as readonly unknown[]).includes(candidate.type) ? (candidate as unknown as TypedValue) : undefined;
}

function register(statement: Statement): object {
  // An empty, frozen object: logging or returning it shows nothing of the builder's internals.
  const handle = Object.freeze({});
  statements.set(handle, statement);
  return handle;
}

function payloadOf(name: string, payload: unknown): Record<string, unknown> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new TypeError(`${name}: the payload must be an object.`);
  const record = payload as Record<string, unknown>;
  if (record.table === undefined && record.from === undefined) throw new TypeError(`${name}: the payload needs a table (or from).`);
  return record;
}

export function sql(strings: TemplateStringsArray | readonly string[], ...values: unknown[]): object {
  if (!Array.isArray(strings)) throw new TypeError('sql must be used as a tagged template: sql`SELECT ...`.');
  return register({ kind: 'sql', strings: [...(strings as readonly string[])], values });
}

export function select(payload: unknown): object {
  return register({ kind: 'select', payload: payloadOf('select', payload) });
}

export function insert(payload: unknown): object {
  const record = payloadOf('insert', payload);
  if (typeof record.values !== 'object' || record.values === null) throw new TypeError('insert: the payload needs values (an object of column: value).');
  return register({ kind: 'insert', payload: record });
}

export function update(payload: unknown): object {
  const record = payloadOf('update', payload);
  if (typeof record.values !== 'object' || record.values === null) throw new TypeError('update: the payload needs values (an object of column: value).');
  return register({ kind: 'update', payload: record });
}

export function remove(payload: unknown): object {
  return register({ kind: 'remove', payload: payloadOf('remove', payload) });
}

function hint(type: TypeHintName) {
  return (value: unknown): TypedValue => ({ type, value });
}

export const typeHint: Record<TypeHintName, (value: unknown) => TypedValue> = {
  DECIMAL: hint('DECIMAL'),
  JSON: hint('JSON'),
  TIMESTAMP: hint('TIMESTAMP'),
  TIME: hint('TIME'),
  UUID: hint('UUID'),
  DATE: hint('DATE'),
};

function aggregate(name: AggregateName) {
  return (column: string): object => {
    if (typeof column !== 'string') throw new TypeError(`agg.${name}: the column must be a string.`);
    const handle = Object.freeze({});
    aggregates.set(handle, { aggregate: name, column });
    return handle;
  };
}

export const agg = Object.fromEntries(AGGREGATES.map((name) => [name, aggregate(name)])) as Record<AggregateName, (column: string) => object>;
