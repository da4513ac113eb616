/**
 * From the request an AMAZON_RDS resolver returns to what PostgreSQL runs, the way AppSync and
 * the Data API get there:
 *  1. AppSync turns `variableMap` + `variableTypeHintMap` into ExecuteStatement `parameters`
 *     (SqlParameter: name without the colon, a typed `value` field, an optional `typeHint`).
 *  2. The Data API binds each `:name` in the SQL text as a typed JDBC parameter: a stringValue is
 *     a varchar, a longValue an int8, and so on; a typeHint makes the string a uuid, a timestamp,
 *     a numeric, a json... That is why `WHERE uuid_column = :id` fails on the Data API without
 *     typeHint.UUID ("operator does not exist: uuid = character varying"), and the same here.
 * PostgreSQL takes `$1` placeholders, so each `:name` becomes `$n::type` outside literals,
 * quoted identifiers, comments and `::` casts; `position` maps an error position back.
 */

export type DataApiValue =
  | { isNull: true }
  | { booleanValue: boolean }
  | { longValue: number }
  | { doubleValue: number }
  | { stringValue: string };

export interface SqlParameter {
  name: string;
  value: DataApiValue;
  typeHint?: string;
}

/** The Data API's typeHint values (SqlParameter.typeHint) and the PostgreSQL type each binds as. */
const HINT_TYPES: Record<string, string> = { DATE: 'date', DECIMAL: 'numeric', JSON: 'json', TIME: 'time', TIMESTAMP: 'timestamp', UUID: 'uuid' };

export class ParameterError extends Error {}

/** One variableMap entry as AppSync sends it to the Data API. */
export function toSqlParameter(variable: string, value: unknown, typeHint: unknown): SqlParameter {
  const name = variable.startsWith(':') ? variable.slice(1) : variable;
  if (typeHint !== undefined) {
    if (typeof typeHint !== 'string' || !(typeHint in HINT_TYPES)) {
      throw new ParameterError(`Invalid type hint ${JSON.stringify(typeHint)} for ${variable}: use one of ${Object.keys(HINT_TYPES).join(', ')}.`);
    }
    if (value === null || value === undefined) return { name, value: { isNull: true }, typeHint };
    return { name, value: { stringValue: typeof value === 'string' ? value : JSON.stringify(value) }, typeHint };
  }
  if (value === null || value === undefined) return { name, value: { isNull: true } };
  if (typeof value === 'boolean') return { name, value: { booleanValue: value } };
  if (typeof value === 'number') return { name, value: Number.isInteger(value) ? { longValue: value } : { doubleValue: value } };
  if (typeof value === 'string') return { name, value: { stringValue: value } };
  return { name, value: { stringValue: JSON.stringify(value) } };
}

/** The PostgreSQL value and type a SqlParameter binds as; null has no type (JDBC setNull). */
function binding(parameter: SqlParameter): { value: unknown; type: string | null } {
  const v = parameter.value;
  if ('isNull' in v) return { value: null, type: parameter.typeHint ? (HINT_TYPES[parameter.typeHint] ?? null) : null };
  if (parameter.typeHint) return { value: (v as { stringValue: string }).stringValue, type: HINT_TYPES[parameter.typeHint] ?? null };
  if ('booleanValue' in v) return { value: v.booleanValue, type: 'bool' };
  if ('longValue' in v) return { value: v.longValue, type: 'int8' };
  if ('doubleValue' in v) return { value: v.doubleValue, type: 'float8' };
  return { value: v.stringValue, type: 'varchar' };
}

export interface PreparedStatement {
  text: string;
  values: unknown[];
  /** An error position (1-based) in `text`, as a position in the statement as written. */
  position(generated: number): number;
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;

/** Where the literal, identifier or comment starting at `i` ends (exclusive), or -1 if none starts there. */
function skipQuoted(sql: string, i: number): number {
  const c = sql[i];
  const next = sql[i + 1];
  if (c === "'" || c === '"') {
    let j = i + 1;
    for (;;) {
      const at = sql.indexOf(c, j);
      if (at === -1) return sql.length;
      if (sql[at + 1] === c) j = at + 2;
      else return at + 1;
    }
  }
  if (c === '-' && next === '-') {
    const end = sql.indexOf('\n', i);
    return end === -1 ? sql.length : end;
  }
  if (c === '/' && next === '*') {
    const end = sql.indexOf('*/', i + 2);
    return end === -1 ? sql.length : end + 2;
  }
  if (c === '$') {
    const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i));
    if (tag) {
      const end = sql.indexOf(tag[0], i + tag[0].length);
      return end === -1 ? sql.length : end + tag[0].length;
    }
  }
  return -1;
}

export function prepare(sql: string, parameters: readonly SqlParameter[]): PreparedStatement {
  const byName = new Map(parameters.map((p) => [p.name, p]));
  const numbers = new Map<string, number>();
  const values: unknown[] = [];
  const shifts: Array<{ at: number; from: number; length: number; grow: number }> = [];
  let text = '';
  let i = 0;
  while (i < sql.length) {
    const skipped = skipQuoted(sql, i);
    if (skipped !== -1) {
      text += sql.slice(i, skipped);
      i = skipped;
      continue;
    }
    const c = sql[i] as string;
    if (c === ':' && sql[i + 1] === ':') {
      text += '::';
      i += 2;
      continue;
    }
    if (c === ':' && NAME_START.test(sql[i + 1] ?? '')) {
      let j = i + 2;
      while (j < sql.length && NAME_PART.test(sql[j] as string)) j += 1;
      const name = sql.slice(i + 1, j);
      const parameter = byName.get(name);
      if (!parameter) throw new ParameterError(`No value specified for parameter ${name}: the variableMap has no :${name}.`);
      let number = numbers.get(name);
      if (number === undefined) {
        const bound = binding(parameter);
        values.push(bound.value);
        number = values.length;
        numbers.set(name, number);
      }
      const type = binding(parameter).type;
      const replacement = type === null ? `$${number}` : `($${number}::${type})`;
      shifts.push({ at: text.length, from: i, length: replacement.length, grow: replacement.length - (j - i) });
      text += replacement;
      i = j;
      continue;
    }
    text += c;
    i += 1;
  }
  return {
    text,
    values,
    position(generated) {
      const at = generated - 1;
      let delta = 0;
      for (const shift of shifts) {
        if (at < shift.at) break;
        // Inside a placeholder's replacement: the placeholder as written.
        if (at < shift.at + shift.length) return shift.from + 1;
        delta += shift.grow;
      }
      return generated - delta;
    },
  };
}

/**
 * Why a statement is MySQL's rather than PostgreSQL's, or null: a `` ` ``-quoted name outside
 * literals and comments (createMySQLStatement quotes identifiers with backticks, which PostgreSQL
 * has no meaning for), so a MySQL statement sent to a PostgreSQL data source is refused clearly.
 */
export function mysqlOnlyForm(sql: string): string | null {
  let i = 0;
  while (i < sql.length) {
    const skipped = skipQuoted(sql, i);
    if (skipped !== -1) {
      i = skipped;
      continue;
    }
    if (sql[i] === '`') return 'a `-quoted name';
    i += 1;
  }
  return null;
}
