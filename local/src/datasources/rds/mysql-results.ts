/**
 * A MySQL server's answers in the RDS Data API's shapes, as results.ts does for PostgreSQL:
 * - a result set: `{ numberOfRecordsUpdated, records: Field[][], columnMetadata }`;
 * - a write or DDL: `{ numberOfRecordsUpdated, generatedFields: [] }`;
 * - an error: the Data API's message for Aurora MySQL, `Database error code: <errno>. Message:
 *   <server message>` (the form public Data API clients quote, jeremydaly/data-api-client#82),
 *   in the same RDSHttp wrapper AppSync gives the resolver.
 * Fields follow the Data API's JDBC mapping (and MySQL Connector/J's type names and
 * java.sql.Types): integers -> longValue, FLOAT/DOUBLE -> doubleValue, TINYINT(1)/BIT(1) ->
 * booleanValue, DECIMAL, dates, times, JSON and text -> stringValue, binary -> blobValue (base64).
 * See local/docs/rds.md.
 */
import type { MysqlField, MysqlResult, MysqlServerError } from './mysql-engine';

type Field = { isNull: true } | { booleanValue: boolean } | { longValue: number } | { doubleValue: number } | { stringValue: string } | { blobValue: string };

interface MysqlType {
  typeName: string;
  /** java.sql.Types, as Connector/J reports the type. */
  jdbc: number;
  kind: 'bool' | 'bit1' | 'long' | 'double' | 'string' | 'blob' | 'bits';
}

const BINARY_CHARSET = 63;
const NOT_NULL_FLAG = 1;
const UNSIGNED_FLAG = 32;
const AUTO_INCREMENT_FLAG = 512;

/** MYSQL_TYPE_* -> the type as the Data API reports it; text and binary twins told apart by charset. */
function typeOf(f: MysqlField): MysqlType {
  const binary = f.characterSet === BINARY_CHARSET;
  switch (f.columnType) {
    case 1:
      // Connector/J's tinyInt1isBit: TINYINT(1) is BIT, a boolean.
      return f.columnLength === 1 ? { typeName: 'BIT', jdbc: -7, kind: 'bool' } : { typeName: 'TINYINT', jdbc: -6, kind: 'long' };
    case 2:
      return { typeName: 'SMALLINT', jdbc: 5, kind: 'long' };
    case 9:
      return { typeName: 'MEDIUMINT', jdbc: 4, kind: 'long' };
    case 3:
      return { typeName: 'INT', jdbc: 4, kind: 'long' };
    case 8:
      return { typeName: 'BIGINT', jdbc: -5, kind: 'long' };
    case 13:
      return { typeName: 'YEAR', jdbc: 91, kind: 'long' };
    case 4:
      return { typeName: 'FLOAT', jdbc: 7, kind: 'double' };
    case 5:
      return { typeName: 'DOUBLE', jdbc: 8, kind: 'double' };
    case 0:
    case 246:
      return { typeName: 'DECIMAL', jdbc: 3, kind: 'string' };
    case 10:
    case 14:
      return { typeName: 'DATE', jdbc: 91, kind: 'string' };
    case 11:
      return { typeName: 'TIME', jdbc: 92, kind: 'string' };
    case 12:
      return { typeName: 'DATETIME', jdbc: 93, kind: 'string' };
    case 7:
      return { typeName: 'TIMESTAMP', jdbc: 93, kind: 'string' };
    case 16:
      return { typeName: 'BIT', jdbc: -7, kind: f.columnLength === 1 ? 'bit1' : 'bits' };
    case 245:
      return { typeName: 'JSON', jdbc: -1, kind: 'string' };
    case 247:
    case 248:
      return { typeName: 'CHAR', jdbc: 1, kind: 'string' };
    case 249:
    case 250:
    case 251:
    case 252:
      return binary ? { typeName: 'BLOB', jdbc: -4, kind: 'blob' } : { typeName: 'TEXT', jdbc: -1, kind: 'string' };
    case 254:
      return binary ? { typeName: 'BINARY', jdbc: -2, kind: 'blob' } : { typeName: 'CHAR', jdbc: 1, kind: 'string' };
    case 6:
      return { typeName: 'NULL', jdbc: 0, kind: 'string' };
    default:
      // VARCHAR / VAR_STRING and anything newer.
      return binary ? { typeName: 'VARBINARY', jdbc: -3, kind: 'blob' } : { typeName: 'VARCHAR', jdbc: 12, kind: 'string' };
  }
}

function field(type: MysqlType, bytes: Buffer | null): Field {
  if (bytes === null) return { isNull: true };
  switch (type.kind) {
    case 'bool':
      // TINYINT(1) arrives as text ('0', '1', or any other integer it holds).
      return { booleanValue: Number(bytes.toString('utf8')) !== 0 };
    case 'bit1':
      // BIT(1) arrives as its one byte.
      return { booleanValue: bytes[0] !== 0 };
    case 'bits':
      return { longValue: Number(bytes.reduce((n, b) => n * 256n + BigInt(b), 0n)) };
    case 'long':
      return { longValue: Number(bytes.toString('utf8')) };
    case 'double':
      return { doubleValue: Number(bytes.toString('utf8')) };
    case 'blob':
      return { blobValue: bytes.toString('base64') };
    case 'string':
      return { stringValue: bytes.toString('utf8') };
  }
}

export function mysqlStatementResult(result: MysqlResult): Record<string, unknown> {
  if (!result.returnsRows) return { numberOfRecordsUpdated: result.affectedRows, generatedFields: [] };
  const types = result.fields.map(typeOf);
  return {
    numberOfRecordsUpdated: 0,
    records: result.rows.map((row) => row.map((bytes, i) => field(types[i] as MysqlType, bytes))),
    columnMetadata: result.fields.map((f, i) => {
      const type = types[i] as MysqlType;
      const numeric = type.kind === 'long' || type.kind === 'double' || type.typeName === 'DECIMAL';
      return {
        arrayBaseColumnType: 0,
        isAutoIncrement: (f.flags & AUTO_INCREMENT_FLAG) !== 0,
        // Connector/J: text compares case-insensitively under the usual _ci collations.
        isCaseSensitive: type.kind === 'blob',
        isCurrency: false,
        isSigned: numeric && (f.flags & UNSIGNED_FLAG) === 0,
        label: f.name,
        name: f.name,
        // The server says whether the column may hold NULL (0 columnNoNulls, 1 columnNullable).
        nullable: (f.flags & NOT_NULL_FLAG) !== 0 ? 0 : 1,
        precision: f.columnLength,
        // The protocol's decimals is the scale for DECIMAL only (31 means "not fixed" elsewhere).
        scale: type.typeName === 'DECIMAL' ? f.decimals : 0,
        schemaName: '',
        tableName: f.orgTable,
        type: type.jdbc,
        typeName: type.typeName,
      };
    }),
  };
}

/** The Data API's message for a MySQL server error. */
export function mysqlDataApiMessage(error: MysqlServerError): string {
  return `Database error code: ${error.errno}. Message: ${error.sqlMessage}`;
}
