/**
 * The MySQL (or MariaDB) server an Aurora MySQL data source runs its statements on, through
 * `mysql2` (the maintained MySQL driver for Node: pure JavaScript, no native build). Statements go
 * over the text protocol with every value escaped into the text by mysql2's own escaper
 * (mysql-statements.ts), and every value comes back as the bytes the server sent (no JavaScript
 * parsing), so mysql-results.ts maps it the way the Data API maps its JDBC values: a DECIMAL stays
 * the exact string, a DATETIME keeps MySQL's `2024-01-02 03:04:05` form, a BLOB is base64.
 * A statement past the Data API's timeout is cancelled with `KILL QUERY` (limits.ts).
 */
import mysql, { type FieldPacket, type ResultSetHeader } from 'mysql2/promise';
import { StatementTimeout } from './limits';

/** What mysql-results.ts needs to know of a result column (the server's column definition). */
export interface MysqlField {
  name: string;
  orgTable: string;
  /** The protocol's column type (MYSQL_TYPE_*). */
  columnType: number;
  /** The protocol's column flags (NOT_NULL 1, UNSIGNED 32, BINARY 128, AUTO_INCREMENT 512). */
  flags: number;
  /** 63 is the binary character set: a BLOB/VARBINARY rather than a TEXT/VARCHAR. */
  characterSet: number;
  columnLength: number;
  decimals: number;
}

export interface MysqlResult {
  fields: MysqlField[];
  /** Each row's values in field order: the bytes the server sent (text protocol), SQL NULL as null. */
  rows: Array<Array<Buffer | null>>;
  affectedRows: number;
  returnsRows: boolean;
}

/** A MySQL server error as mysql2 reports it (the server's ERR packet). */
export interface MysqlServerError {
  errno: number;
  sqlMessage: string;
  sqlState?: string;
}

export function isMysqlServerError(error: unknown): error is MysqlServerError & Error {
  return error instanceof Error && typeof (error as { errno?: unknown }).errno === 'number' && typeof (error as { sqlMessage?: unknown }).sqlMessage === 'string';
}

export interface MysqlEngine {
  /** Runs one statement; past timeoutMs the server interrupts it (undoing it) and StatementTimeout is thrown. */
  query(text: string, timeoutMs: number): Promise<MysqlResult>;
  close(): Promise<void>;
}

function fieldOf(f: FieldPacket): MysqlField {
  return {
    name: f.name,
    orgTable: f.orgTable ?? '',
    columnType: f.columnType ?? f.type ?? 253,
    flags: typeof f.flags === 'number' ? f.flags : 0,
    characterSet: f.characterSet ?? f.charsetNr ?? 0,
    columnLength: f.columnLength ?? f.length ?? 0,
    decimals: f.decimals,
  };
}

export function mysqlServerEngine(connectionString: string): MysqlEngine {
  // A pool, as the Data API keeps connections to the cluster: each statement may use any of them.
  const pool = mysql.createPool({
    uri: connectionString,
    connectionLimit: 4,
    rowsAsArray: true,
    // The bytes the server sent for every value: mysql-results.ts decodes them by the column's
    // type and character set (text as UTF-8, binary columns and BIT as bytes).
    typeCast: (field) => field.buffer(),
  });
  return {
    async query(text, timeoutMs) {
      const connection = await pool.getConnection();
      let timedOut = false;
      // The Data API cancels the statement at its timeout: KILL QUERY from another connection
      // interrupts it, and the server rolls the statement back (autocommit).
      const timer = setTimeout(() => {
        timedOut = true;
        pool.query(`KILL QUERY ${Number(connection.threadId)}`).catch(() => undefined);
      }, timeoutMs);
      let answer: [unknown, FieldPacket[] | undefined];
      try {
        answer = (await connection.query({ sql: text, rowsAsArray: true })) as [unknown, FieldPacket[] | undefined];
      } catch (error) {
        if (timedOut) throw new StatementTimeout();
        throw error;
      } finally {
        clearTimeout(timer);
        // After a KILL the connection is not handed on: the kill may land after the statement ended.
        if (timedOut) connection.destroy();
        else connection.release();
      }
      // An interrupted SELECT SLEEP(n) answers a row rather than an error: still the timeout.
      if (timedOut) throw new StatementTimeout();
      const [rows, fields] = answer;
      if (!Array.isArray(rows)) {
        // A write or DDL: an OK packet.
        return { fields: [], rows: [], affectedRows: (rows as ResultSetHeader).affectedRows ?? 0, returnsRows: false };
      }
      return {
        fields: (fields ?? []).map(fieldOf),
        rows: rows as unknown as MysqlResult['rows'],
        affectedRows: 0,
        returnsRows: true,
      };
    },
    close: () => pool.end(),
  };
}
