import type { NamedQuery } from './catalog';

/** One result row, by column name: numbers for int and float columns, ISO strings for timestamps. */
export type Row = Record<string, string | number | null>;

/**
 * Athena answers every value as text (GetQueryResults' VarCharValue), DuckDB as typed values
 * (BIGINT as a bigint): both become the column types the query declares.
 */
export function normalizeRow(query: NamedQuery, raw: Record<string, unknown>): Row {
  const row: Row = {};
  for (const column of query.columns) {
    const value = raw[column.name];
    if (!(column.name in raw)) throw new Error(`${query.name}: the engine answered no column ${column.name}.`);
    if (value === null || value === undefined) row[column.name] = null;
    else if (column.type === 'int' || column.type === 'float') {
      const n = Number(value);
      if (!Number.isFinite(n)) throw new Error(`${query.name}: column ${column.name} is not a number: ${String(value)}.`);
      row[column.name] = column.type === 'int' ? Math.round(n) : n;
    } else if (column.type === 'timestamp') row[column.name] = new Date(String(value)).toISOString();
    else row[column.name] = String(value);
  }
  return row;
}
