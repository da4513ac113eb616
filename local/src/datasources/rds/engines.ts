/**
 * The PostgreSQL an AMAZON_RDS data source runs its statements on: PGlite (PostgreSQL compiled
 * to WebAssembly, in process, persisted in a folder) by default, or a real server through `pg`
 * when the data source names a connection string. Both answer rows as PostgreSQL's text output
 * (no JavaScript parsing), so results.ts can map them to Data API fields the way the Data API
 * maps its JDBC values: a numeric stays the exact string PostgreSQL printed, a timestamp keeps
 * PostgreSQL's `2024-01-02 03:04:05.678` form.
 */
import { mkdirSync } from 'node:fs';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import pg from 'pg';

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
  query(text: string, values: unknown[]): Promise<EngineResult>;
  close(): Promise<void>;
}

export function isEngineError(error: unknown): error is EngineError & Error {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string' && typeof (error as { severity?: unknown }).severity === 'string';
}

const WRITE_COMMANDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

/** Every scalar type PGlite knows, parsed as itself: the text PostgreSQL sent. */
const RAW_TEXT: Record<number, (text: string) => string> = Object.fromEntries(
  (Object.values(pgliteTypes) as unknown[])
    .filter((v): v is number => typeof v === 'number')
    .map((oid) => [oid, (text: string) => text]),
);

export function pgliteEngine(dataDir: string): SqlEngine {
  let db: Promise<PGlite> | null = null;
  const open = (): Promise<PGlite> => {
    // Opened on first use: a project that declares the data source but never calls it pays nothing.
    db ??= (async () => {
      mkdirSync(dataDir, { recursive: true });
      return PGlite.create(dataDir);
    })();
    return db;
  };
  return {
    async query(text, values) {
      const instance = await open();
      const result = await instance.query<unknown[]>(text, values, { rowMode: 'array', parsers: RAW_TEXT });
      const command = (result as { command?: string }).command ?? '';
      return {
        fields: result.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
        rows: result.rows,
        affectedRows: WRITE_COMMANDS.has(command) ? (result.affectedRows ?? 0) : 0,
        returnsRows: result.fields.length > 0,
      };
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

export function postgresServerEngine(connectionString: string): SqlEngine {
  // A pool, as the Data API keeps connections to the cluster: each statement may use any of them.
  const pool = new pg.Pool({ connectionString, max: 4 });
  const types = { getTypeParser: (oid: number) => rawTypeParser(oid) };
  return {
    async query(text, values) {
      const result = await pool.query({ text, values, rowMode: 'array', types } as pg.QueryArrayConfig);
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
