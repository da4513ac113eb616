/**
 * The PostgreSQL an AMAZON_RDS data source runs its statements on: PGlite (PostgreSQL compiled
 * to WebAssembly, in process, persisted in a folder) by default, or a real server through `pg`
 * when the data source names a connection string. Both answer rows as PostgreSQL's text output
 * (no JavaScript parsing), so results.ts can map them to Data API fields the way the Data API
 * maps its JDBC values: a numeric stays the exact string PostgreSQL printed, a timestamp keeps
 * PostgreSQL's `2024-01-02 03:04:05.678` form. Sessions run in UTC, as the Data API returns a
 * TIMESTAMPTZ in UTC (results.ts drops the `+00`). Each statement gets the Data API's statement
 * timeout: a statement still running when it passes is cancelled, its changes undone.
 */
import { mkdirSync } from 'node:fs';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import pg from 'pg';
import { StatementTimeout } from './limits';

export interface EngineField {
  name: string;
  dataTypeID: number;
}

export interface EngineResult {
  fields: EngineField[];
  /** Each row's values in field order: PostgreSQL's text, arrays as arrays of text, SQL NULL as null. */
  rows: unknown[][];
  /** Rows an INSERT/UPDATE/DELETE touched; 0 for anything else. */
  affectedRows: number;
  /** Whether the statement produced a result set (a SELECT, or a write with RETURNING). */
  returnsRows: boolean;
}

/** A PostgreSQL error as both drivers report it (the server's ErrorResponse fields). */
export interface EngineError {
  message: string;
  severity?: string;
  code?: string;
  detail?: string;
  hint?: string;
  position?: string;
  where?: string;
}

export interface SqlEngine {
  /** Runs one statement in its own transaction; past timeoutMs it is undone and StatementTimeout is thrown. */
  query(text: string, values: unknown[], timeoutMs: number): Promise<EngineResult>;
  close(): Promise<void>;
}

export function isEngineError(error: unknown): error is EngineError & Error {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string' && typeof (error as { severity?: unknown }).severity === 'string';
}

/** PostgreSQL's query_canceled, which statement_timeout raises on a server. */
const QUERY_CANCELED = '57014';
/** active_sql_transaction: the statement (VACUUM, CREATE DATABASE, ...) cannot run inside a transaction block. */
const NOT_IN_TRANSACTION = '25001';

const WRITE_COMMANDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

export function pgliteEngine(dataDir: string): SqlEngine {
  let db: Promise<PGlite> | null = null;
  const open = (): Promise<PGlite> => {
    // Opened on first use: a project that declares the data source but never calls it pays nothing.
    db ??= (async () => {
      mkdirSync(dataDir, { recursive: true });
      const instance = await PGlite.create(dataDir);
      // The Data API answers a TIMESTAMPTZ in UTC; PGlite's session is its only connection.
      await instance.exec("SET TIME ZONE 'UTC'");
      return instance;
    })();
    return db;
  };
  const options = { rowMode: 'array' as const, parsers: RAW_TEXT };
  const shape = (result: Awaited<ReturnType<PGlite['query']>>): EngineResult => {
    const command = (result as { command?: string }).command ?? '';
    return {
      fields: result.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
      rows: result.rows as unknown[][],
      affectedRows: WRITE_COMMANDS.has(command) ? (result.affectedRows ?? 0) : 0,
      returnsRows: result.fields.length > 0,
    };
  };
  return {
    async query(text, values, timeoutMs) {
      const instance = await open();
      try {
        // PGlite runs the statement on the JavaScript thread and has no statement_timeout timer, so
        // it cannot be interrupted: it runs in a transaction of its own (the Data API's implicit
        // one), and one that ends past the timeout is rolled back, as the Data API cancels it.
        // The clock starts inside the transaction, after any queued request's turn.
        return await instance.transaction(async (tx) => {
          const started = performance.now();
          const result = await tx.query<unknown[]>(text, values, options);
          if (performance.now() - started > timeoutMs) {
            await tx.rollback();
            throw new StatementTimeout();
          }
          return shape(result);
        });
      } catch (error) {
        // A statement that refuses a transaction block runs as PostgreSQL's own single statement (no timeout).
        if (isEngineError(error) && error.code === NOT_IN_TRANSACTION) return shape(await instance.query<unknown[]>(text, values, options));
        throw error;
      }
    },
    async close() {
      if (db) await (await db).close();
      db = null;
    },
  };
}

const textArrayParser = (pg.types.getTypeParser as (oid: number, format: 'text') => (text: string) => unknown)(1009, 'text');

/** Text for scalars; arrays split by pg's own array parser into arrays of text. */
function rawTypeParser(oid: number): (text: string) => unknown {
  // 1009 is text[]: its parser splits any array literal into elements of text.
  return ARRAY_OIDS.has(oid) ? textArrayParser : (text: string) => text;
}

/** Array types of the scalars results.ts knows (pg_type.typarray). */
export const ARRAY_OIDS = new Set([1000, 1001, 1005, 1007, 1009, 1014, 1015, 1016, 1021, 1022, 1115, 1182, 1183, 1185, 1231, 2951, 199, 3807]);

/**
 * Every scalar type PGlite knows, parsed as itself (the text PostgreSQL sent), and the arrays of
 * them split into elements of text: PGlite's own array parsing would turn a timestamptz[]'s
 * elements into Dates.
 */
const RAW_TEXT: Record<number, (text: string) => unknown> = Object.fromEntries([
  ...(Object.values(pgliteTypes) as unknown[]).filter((v): v is number => typeof v === 'number').map((oid) => [oid, (text: string) => text]),
  ...[...ARRAY_OIDS].map((oid) => [oid, textArrayParser]),
]);

export function postgresServerEngine(connectionString: string, timeoutMs: number): SqlEngine {
  // A pool, as the Data API keeps connections to the cluster: each statement may use any of them.
  // The server enforces the timeout itself (statement_timeout cancels and rolls the statement
  // back, answering query_canceled); every session is in UTC, as the Data API answers TIMESTAMPTZ.
  const pool = new pg.Pool({ connectionString, max: 4, statement_timeout: timeoutMs, options: '-c TimeZone=UTC' });
  const types = { getTypeParser: (oid: number) => rawTypeParser(oid) };
  return {
    async query(text, values) {
      let result;
      try {
        result = await pool.query({ text, values, rowMode: 'array', types } as pg.QueryArrayConfig);
      } catch (error) {
        if (isEngineError(error) && error.code === QUERY_CANCELED && /statement timeout/.test(error.message)) throw new StatementTimeout();
        throw error;
      }
      return {
        fields: result.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
        rows: result.rows,
        affectedRows: WRITE_COMMANDS.has(result.command) ? (result.rowCount ?? 0) : 0,
        returnsRows: result.fields.length > 0,
      };
    },
    close: () => pool.end(),
  };
}
