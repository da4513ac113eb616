/**
 * The named queries (analytics/queries/<name>.sql) as the runner needs them. Each file declares
 * its parameters and result columns in header comments:
 *
 *   -- params: from:date to:date dt_from:first_partition granularity:granularity
 *   -- columns: bucket:timestamp orders:int
 *
 * A `first_partition` parameter is not an argument: it is derived from `from` (params.ts), the
 * first lake partition that can hold an event of that business date, for the `dt` filter.
 * and refers to a parameter as `:name` in its body. `prepare` turns every `:name` into a `?`
 * placeholder and lists the values in placeholder order: a value is always bound by the engine
 * (DuckDB's prepared statement, Athena's ExecutionParameters), never written into the SQL.
 * Pure: the local runner reads the files, the AWS runner the same text from Athena's named queries.
 */
export type ParamType = 'date' | 'granularity' | 'first_partition';
export type ColumnType = 'string' | 'int' | 'float' | 'timestamp';

export interface NamedQuery {
  name: string;
  /** The text as written, `:name` parameters and all. */
  text: string;
  params: { name: string; type: ParamType }[];
  columns: { name: string; type: ColumnType }[];
}

export class QueryDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryDefinitionError';
  }
}

const PARAM_TYPES: readonly ParamType[] = ['date', 'granularity', 'first_partition'];
const COLUMN_TYPES: readonly ColumnType[] = ['string', 'int', 'float', 'timestamp'];
const NAME = /^[a-z][a-z0-9_]*$/;

function header(text: string, key: string): string[] {
  const found = text.split('\n').find((line) => line.startsWith(`-- ${key}:`));
  if (found === undefined) return [];
  return found.slice(`-- ${key}:`.length).trim().split(/\s+/).filter(Boolean);
}

function typed<T extends string>(file: string, key: string, entries: string[], allowed: readonly T[]): { name: string; type: T }[] {
  return entries.map((entry) => {
    const [name = '', type = ''] = entry.split(':');
    if (!NAME.test(name) || !(allowed as readonly string[]).includes(type)) {
      throw new QueryDefinitionError(`${file}: "${entry}" in "-- ${key}:" is not name:type with a type among ${allowed.join(', ')}.`);
    }
    return { name, type: type as T };
  });
}

export function parseNamedQuery(name: string, text: string): NamedQuery {
  if (!NAME.test(name)) throw new QueryDefinitionError(`The query name ${name} is not lower_snake_case.`);
  const columns = typed(name, 'columns', header(text, 'columns'), COLUMN_TYPES);
  if (columns.length === 0) throw new QueryDefinitionError(`${name}: no "-- columns:" header.`);
  const query: NamedQuery = { name, text, params: typed(name, 'params', header(text, 'params'), PARAM_TYPES), columns };
  // Every placeholder must be declared, and every declared parameter used.
  const used = new Set(placeholders(stripComments(text)).map((p) => p.name));
  for (const p of used) if (!query.params.some((d) => d.name === p)) throw new QueryDefinitionError(`${name}: :${p} is used but not declared in "-- params:".`);
  for (const p of query.params) if (!used.has(p.name)) throw new QueryDefinitionError(`${name}: the parameter ${p.name} is declared but never used.`);
  // Athena takes `?` in a WHERE clause only (querying-with-prepared-statements.html, considerations).
  const { sql } = prepare(query);
  for (const mark of sql.matchAll(/\?/g)) {
    const before = sql.slice(0, mark.index).toUpperCase().match(/\b(SELECT|FROM|WHERE|GROUP BY|ORDER BY|HAVING|JOIN|ON|WITH)\b/g) ?? [];
    if (before.at(-1) !== 'WHERE') throw new QueryDefinitionError(`${name}: a parameter is outside a WHERE clause, where Athena cannot bind it.`);
  }
  return query;
}

function stripComments(text: string): string {
  return text
    .split('\n')
    .map((line) => (line.trimStart().startsWith('--') ? '' : line))
    .join('\n');
}

/** `:name` outside string literals (the queries have no `::` casts: they use CAST, as Trino does). */
function placeholders(sql: string): { name: string; start: number; end: number }[] {
  const found: { name: string; start: number; end: number }[] = [];
  let inString = false;
  for (let i = 0; i < sql.length; i += 1) {
    const c = sql[i];
    if (c === "'") inString = !inString;
    else if (!inString && c === ':' && /[a-z]/.test(sql[i + 1] ?? '') && !/[\w:]/.test(sql[i - 1] ?? '')) {
      const match = /^[a-z][a-z0-9_]*/.exec(sql.slice(i + 1));
      const param = match?.[0] ?? '';
      found.push({ name: param, start: i, end: i + 1 + param.length });
      i += param.length;
    }
  }
  return found;
}

/** The SQL with `?` placeholders (comments dropped) and the parameter name of each, in order. */
export function prepare(query: NamedQuery): { sql: string; order: string[] } {
  const body = stripComments(query.text).trim();
  let sql = '';
  let last = 0;
  const order: string[] = [];
  for (const p of placeholders(body)) {
    sql += `${body.slice(last, p.start)}?`;
    last = p.end;
    order.push(p.name);
  }
  return { sql: sql + body.slice(last), order };
}
