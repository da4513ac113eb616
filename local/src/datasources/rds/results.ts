/**
 * PostgreSQL's answers in the RDS Data API's shapes (ExecuteStatement with
 * includeResultMetadata, as AppSync calls it):
 * - a result set: `{ numberOfRecordsUpdated, records: Field[][], columnMetadata }`, each Field
 *   holding one typed member (`longValue`, `stringValue`, `isNull: true`, ...);
 * - a write without RETURNING or DDL: `{ numberOfRecordsUpdated, generatedFields: [] }`;
 * - an error: the Data API's message, pgjdbc's rendering of the server's error plus
 *   `; SQLState: <code>` (e.g. `ERROR: duplicate key value violates unique constraint "t_pkey"\n
 *   Detail: Key (id)=(1) already exists.; SQLState: 23505`), which AppSync hands the resolver as
 *   ctx.error `{ message: 'RDSHttp:{"message":"..."}', type: '400 Bad Request' }`.
 * Sources are in local/docs/rds.md.
 */
import type { EngineError, EngineResult } from './engines';

type Field =
  | { isNull: true }
  | { booleanValue: boolean }
  | { longValue: number }
  | { doubleValue: number }
  | { stringValue: string }
  | { blobValue: string }
  | { arrayValue: Record<string, unknown> };

interface PgType {
  typeName: string;
  /** java.sql.Types, as pgjdbc reports it for the type. */
  jdbc: number;
  precision: number;
  kind: 'bool' | 'long' | 'double' | 'string' | 'blob';
  signed?: boolean;
  caseSensitive?: boolean;
}

const UNBOUNDED = 2147483647;
const TYPES: Record<number, PgType> = {
  16: { typeName: 'bool', jdbc: -7, precision: 1, kind: 'bool' },
  17: { typeName: 'bytea', jdbc: -2, precision: UNBOUNDED, kind: 'blob' },
  20: { typeName: 'int8', jdbc: -5, precision: 19, kind: 'long', signed: true },
  21: { typeName: 'int2', jdbc: 5, precision: 5, kind: 'long', signed: true },
  23: { typeName: 'int4', jdbc: 4, precision: 10, kind: 'long', signed: true },
  26: { typeName: 'oid', jdbc: -5, precision: 10, kind: 'long' },
  25: { typeName: 'text', jdbc: 12, precision: UNBOUNDED, kind: 'string', caseSensitive: true },
  114: { typeName: 'json', jdbc: 1111, precision: UNBOUNDED, kind: 'string', caseSensitive: true },
  700: { typeName: 'float4', jdbc: 7, precision: 8, kind: 'double', signed: true },
  701: { typeName: 'float8', jdbc: 8, precision: 17, kind: 'double', signed: true },
  1042: { typeName: 'bpchar', jdbc: 1, precision: UNBOUNDED, kind: 'string', caseSensitive: true },
  1043: { typeName: 'varchar', jdbc: 12, precision: UNBOUNDED, kind: 'string', caseSensitive: true },
  1082: { typeName: 'date', jdbc: 91, precision: 13, kind: 'string' },
  1083: { typeName: 'time', jdbc: 92, precision: 15, kind: 'string' },
  1114: { typeName: 'timestamp', jdbc: 93, precision: 29, kind: 'string' },
  1184: { typeName: 'timestamptz', jdbc: 93, precision: 35, kind: 'string' },
  1700: { typeName: 'numeric', jdbc: 2, precision: 0, kind: 'string', signed: true },
  2950: { typeName: 'uuid', jdbc: 1111, precision: UNBOUNDED, kind: 'string' },
  3802: { typeName: 'jsonb', jdbc: 1111, precision: UNBOUNDED, kind: 'string', caseSensitive: true },
};
/** Array type -> element type (pg_type.typarray), for arrayValue. */
const ARRAY_ELEMENTS: Record<number, number> = { 1000: 16, 1005: 21, 1007: 23, 1016: 20, 1009: 25, 1015: 1043, 1021: 700, 1022: 701, 1231: 1700, 2951: 2950, 1182: 1082, 1115: 1114, 1185: 1184 };
const OTHER: PgType = { typeName: 'unknown', jdbc: 1111, precision: UNBOUNDED, kind: 'string' };

function typeOf(oid: number): PgType {
  const element = ARRAY_ELEMENTS[oid];
  if (element !== undefined) return { ...(TYPES[element] ?? OTHER), typeName: `_${(TYPES[element] ?? OTHER).typeName}`, jdbc: 2003 };
  return TYPES[oid] ?? OTHER;
}

const TIMESTAMPTZ = 1184;
const TIMETZ = 1266;
const OFFSET = /([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?$/;

/**
 * The Data API's text for a zoned value: "For Amazon Aurora PostgreSQL, the Data API always
 * returns the Aurora PostgreSQL datatype TIMESTAMPTZ in UTC timezone", without an offset
 * (`2024-01-02 01:04:05.678`). Sessions run in UTC (engines.ts), so a TIMESTAMPTZ only loses its
 * `+00`; a TIMETZ keeps the offset it was stored with, so it is shifted to UTC
 * (`15:30:00-08` -> `23:30:00`).
 */
function zonedText(oid: number, text: string): string {
  const offset = OFFSET.exec(text);
  if (!offset || (oid !== TIMESTAMPTZ && oid !== TIMETZ)) return text;
  const bare = text.slice(0, offset.index);
  if (oid === TIMESTAMPTZ) return bare;
  const [, sign, h, m = '0', s = '0'] = offset;
  const clock = /^(\d{2}):(\d{2}):(\d{2})(\.\d+)?$/.exec(bare);
  if (!clock) return text;
  const shift = (sign === '-' ? 1 : -1) * (Number(h) * 3600 + Number(m) * 60 + Number(s));
  const day = 86400;
  const seconds = (((Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3]) + shift) % day) + day) % day;
  const pad = (n: number) => String(Math.floor(n)).padStart(2, '0');
  return `${pad(seconds / 3600)}:${pad((seconds % 3600) / 60)}:${pad(seconds % 60)}${clock[4] ?? ''}`;
}

function scalar(kind: PgType['kind'], text: string): Field {
  switch (kind) {
    case 'bool':
      return { booleanValue: text === 't' || text === 'true' };
    case 'long':
      return { longValue: Number(text) };
    case 'double':
      return { doubleValue: Number(text) };
    case 'blob':
      // PostgreSQL's bytea_output is hex (\x0a0b); the Data API sends the bytes in base64.
      return { blobValue: Buffer.from(text.startsWith('\\x') ? text.slice(2) : text, 'hex').toString('base64') };
    case 'string':
      return { stringValue: text };
  }
}

function arrayValue(kind: PgType['kind'], items: unknown[], element: number): Record<string, unknown> {
  if (items.some(Array.isArray)) return { arrayValues: items.map((item) => arrayValue(kind, Array.isArray(item) ? item : [item], element)) };
  const texts = items.map((item) => (item === null ? null : zonedText(element, String(item))));
  switch (kind) {
    case 'bool':
      return { booleanValues: texts.map((t) => t === 't' || t === 'true') };
    case 'long':
      return { longValues: texts.map(Number) };
    case 'double':
      return { doubleValues: texts.map(Number) };
    default:
      return { stringValues: texts };
  }
}

function field(oid: number, value: unknown): Field {
  if (value === null || value === undefined) return { isNull: true };
  const element = ARRAY_ELEMENTS[oid];
  if (Array.isArray(value)) return { arrayValue: arrayValue((TYPES[element ?? 25] ?? OTHER).kind, value, element ?? 25) };
  return scalar(typeOf(oid).kind, zonedText(oid, String(value)));
}

export function statementResult(result: EngineResult): Record<string, unknown> {
  if (!result.returnsRows) return { numberOfRecordsUpdated: result.affectedRows, generatedFields: [] };
  return {
    numberOfRecordsUpdated: result.affectedRows,
    records: result.rows.map((row) => row.map((value, i) => field(result.fields[i]?.dataTypeID ?? 0, value))),
    columnMetadata: result.fields.map((f) => {
      const type = typeOf(f.dataTypeID);
      return {
        arrayBaseColumnType: ARRAY_ELEMENTS[f.dataTypeID] === undefined ? 0 : (TYPES[ARRAY_ELEMENTS[f.dataTypeID] as number]?.jdbc ?? 1111),
        isAutoIncrement: false,
        isCaseSensitive: type.caseSensitive ?? false,
        isCurrency: false,
        isSigned: type.signed ?? false,
        label: f.name,
        name: f.name,
        // columnNullableUnknown: neither driver says which table column a result column came from.
        nullable: 2,
        precision: type.precision,
        scale: 0,
        schemaName: '',
        tableName: '',
        type: type.jdbc,
        typeName: type.typeName,
      };
    }),
  };
}

/** The Data API's message for a PostgreSQL error: pgjdbc's ServerErrorMessage text, then the SQLState. */
export function dataApiMessage(error: EngineError, position: (p: number) => number): string {
  let text = `${error.severity ?? 'ERROR'}: ${error.message}`;
  if (error.detail) text += `\n  Detail: ${error.detail}`;
  if (error.hint) text += `\n  Hint: ${error.hint}`;
  if (error.position) text += `\n  Position: ${position(Number(error.position))}`;
  if (error.where) text += `\n  Where: ${error.where}`;
  return `${text}; SQLState: ${error.code ?? 'XX000'}`;
}

/** ctx.error for a failed Data API call, as AppSync reports it. */
export function rdsHttpError(message: string): { message: string; type: string } {
  return { message: `RDSHttp:${JSON.stringify({ message })}`, type: '400 Bad Request' };
}
