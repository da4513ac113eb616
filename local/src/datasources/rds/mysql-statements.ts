/**
 * From the request an Aurora MySQL resolver returns (createMySQLStatement) to the text a MySQL
 * server runs, as the Data API gets there: each `:name` outside literals, quoted identifiers and
 * comments is a parameter, bound by type (a stringValue as a string, a longValue as an integer,
 * a booleanValue as TRUE/FALSE, isNull as NULL). MySQL has no uuid, json-binding or timestamp
 * parameter types that a string would fail against, so a typeHint changes nothing here: the
 * server converts the string on assignment and comparison, as it does for the Data API's typed
 * JDBC parameters.
 *
 * The values are escaped into the text with mysql2's own escaper (the driver's `?` formatting
 * does not skip literals, so the placeholders are found here, with MySQL's lexical rules).
 *
 * Also here: telling a PostgreSQL statement (createPgStatement) from a MySQL one, so a statement
 * sent to the other engine's data source is refused with a message that says so.
 */
import mysql from 'mysql2/promise';
import { ParameterError, type SqlParameter } from './parameters';

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;

/** Where the MySQL literal, quoted identifier or comment starting at `i` ends (exclusive), or -1. */
function skipMysqlQuoted(sql: string, i: number): number {
  const c = sql[i];
  const next = sql[i + 1];
  if (c === "'" || c === '"' || c === '`') {
    let j = i + 1;
    while (j < sql.length) {
      const ch = sql[j];
      // Backslash escapes inside string literals (MySQL's default sql_mode), not in identifiers.
      if (ch === '\\' && c !== '`') j += 2;
      else if (ch === c && sql[j + 1] === c) j += 2;
      else if (ch === c) return j + 1;
      else j += 1;
    }
    return sql.length;
  }
  if ((c === '-' && next === '-' && /\s/.test(sql[i + 2] ?? ' ')) || c === '#') {
    const end = sql.indexOf('\n', i);
    return end === -1 ? sql.length : end;
  }
  if (c === '/' && next === '*') {
    const end = sql.indexOf('*/', i + 2);
    return end === -1 ? sql.length : end + 2;
  }
  return -1;
}

/** The JavaScript value mysql2 escapes for a Data API parameter. */
function valueOf(parameter: SqlParameter): string | number | boolean | null {
  const v = parameter.value;
  if ('isNull' in v) return null;
  if ('booleanValue' in v) return v.booleanValue;
  if ('longValue' in v) return v.longValue;
  if ('doubleValue' in v) return v.doubleValue;
  return v.stringValue;
}

/** The statement with each `:name` replaced by its escaped value. */
export function prepareMysql(sql: string, parameters: readonly SqlParameter[]): string {
  const byName = new Map(parameters.map((p) => [p.name, p]));
  let text = '';
  let i = 0;
  while (i < sql.length) {
    const skipped = skipMysqlQuoted(sql, i);
    if (skipped !== -1) {
      text += sql.slice(i, skipped);
      i = skipped;
      continue;
    }
    const c = sql[i] as string;
    if (c === ':' && NAME_START.test(sql[i + 1] ?? '') && sql[i - 1] !== ':') {
      let j = i + 2;
      while (j < sql.length && NAME_PART.test(sql[j] as string)) j += 1;
      const name = sql.slice(i + 1, j);
      const parameter = byName.get(name);
      if (!parameter) throw new ParameterError(`No value specified for parameter ${name}: the variableMap has no :${name}.`);
      text += mysql.escape(valueOf(parameter));
      i = j;
      continue;
    }
    text += c;
    i += 1;
  }
  return text;
}

/**
 * Why a statement is PostgreSQL's rather than MySQL's, or null. Only forms MySQL cannot run
 * count: a `"`-quoted name where MySQL takes only a table (createPgStatement quotes identifiers
 * with `"`, which MySQL reads as a string), a `::` cast, or RETURNING (Aurora MySQL has none;
 * MariaDB does, so without this check it would run locally and fail on AWS).
 */
export function postgresOnlyForm(sql: string): string | null {
  let i = 0;
  let previousWord = '';
  while (i < sql.length) {
    const c = sql[i] as string;
    if (c === '"' && /^(FROM|INTO|UPDATE|JOIN|TABLE)$/i.test(previousWord)) return `a "-quoted table name after ${previousWord.toUpperCase()}`;
    const skipped = skipMysqlQuoted(sql, i);
    if (skipped !== -1) {
      previousWord = '';
      i = skipped;
      continue;
    }
    if (c === ':' && sql[i + 1] === ':') return 'a :: cast';
    if (NAME_START.test(c)) {
      let j = i + 1;
      while (j < sql.length && NAME_PART.test(sql[j] as string)) j += 1;
      previousWord = sql.slice(i, j);
      if (/^RETURNING$/i.test(previousWord)) return 'RETURNING';
      i = j;
      continue;
    }
    if (!/\s/.test(c)) previousWord = '';
    i += 1;
  }
  return null;
}
