/**
 * toJsonObject (also util.rds.toJsonObject): the Data API's ExecuteStatement results, as an
 * AMAZON_RDS resolver receives them in ctx.result (a JSON string), turned into one array of rows
 * per statement, each row keyed by its column's label. AWS's recorded answers (docs/rds.md): a
 * statement without records (an INSERT without RETURNING) gives `[{}]`, not `[]`.
 *
 * This file runs INSIDE the sandbox realm.
 */

type Field = Record<string, unknown>;

/** One Data API Field as a plain value: its one set member, arrays recursively, isNull as null. */
function fieldValue(field: unknown): unknown {
  if (typeof field !== 'object' || field === null) return field;
  const record = field as Field;
  if (record.isNull === true) return null;
  if ('arrayValue' in record) return arrayValue(record.arrayValue);
  for (const key of ['stringValue', 'longValue', 'doubleValue', 'booleanValue', 'blobValue'] as const) {
    if (key in record) return record[key];
  }
  if ('structValue' in record) {
    const attributes = (record.structValue as { attributes?: unknown[] } | null)?.attributes ?? [];
    return attributes.map(fieldValue);
  }
  return null;
}

function arrayValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Field;
  for (const key of ['stringValues', 'longValues', 'doubleValues', 'booleanValues'] as const) {
    if (Array.isArray(record[key])) return record[key];
  }
  if (Array.isArray(record.arrayValues)) return record.arrayValues.map(arrayValue);
  return [];
}

export function toJsonObject(data: unknown): unknown[] | null {
  let parsed: unknown = data;
  if (typeof data === 'string') {
    try {
      parsed = JSON.parse(data);
    } catch {
      return null;
    }
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const results = (parsed as { sqlStatementResults?: unknown }).sqlStatementResults;
  if (!Array.isArray(results)) return null;
  return results.map((result: unknown) => {
    const { records, columnMetadata } = (result ?? {}) as { records?: unknown; columnMetadata?: unknown };
    if (!Array.isArray(records)) return [{}];
    const columns = Array.isArray(columnMetadata) ? (columnMetadata as Array<{ label?: string; name?: string }>) : [];
    return records.map((record: unknown) => {
      const row: Record<string, unknown> = {};
      if (!Array.isArray(record)) return row;
      record.forEach((field, i) => {
        const column = columns[i];
        row[column?.label ?? column?.name ?? String(i)] = fieldValue(field);
      });
      return row;
    });
  });
}
