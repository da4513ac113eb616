import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRdsDataSource } from '../../src/datasources/rds';
import type { DataSource } from '../../src/datasources/types';

/**
 * The same data source pointed at a real PostgreSQL server through `pg` (connectionString), on
 * a throwaway cluster this file creates on 127.0.0.1. It needs Debian's PostgreSQL server
 * binaries (`apt-get install postgresql`); without them it is skipped, saying so.
 */
function findBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const version = readdirSync(root).sort().reverse().find((v) => existsSync(join(root, v, 'bin', 'postgres')));
  return version ? join(root, version, 'bin') : undefined;
}

const bin = findBin();
const asRoot = process.getuid?.() === 0;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe.skipIf(!bin)(`an AMAZON_RDS data source on a PostgreSQL server${bin ? '' : ' (skipped: no PostgreSQL server binaries in /usr/lib/postgresql)'}`, () => {
  let dir: string;
  let server: ChildProcess;
  let source: DataSource;
  // The same server with a 300 ms statement timeout, reached only by statements that sleep 2 s.
  let short: DataSource;
  const run = (command: string, args: string[]) => execFileSync(asRoot ? 'runuser' : command, asRoot ? ['-u', 'postgres', '--', command, ...args] : args, { stdio: 'pipe' });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rds-pg-server-'));
    // PostgreSQL refuses to run as root: the cluster belongs to the postgres user then.
    if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
    run(join(bin as string, 'initdb'), ['-D', join(dir, 'data'), '-U', 'appsync', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    const port = await freePort();
    const args = ['-D', join(dir, 'data'), '-h', '127.0.0.1', '-p', String(port), '-k', dir, '-c', 'fsync=off'];
    server = spawn(asRoot ? 'runuser' : join(bin as string, 'postgres'), asRoot ? ['-u', 'postgres', '--', join(bin as string, 'postgres'), ...args] : args, { stdio: ['ignore', 'ignore', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      server.once('exit', (code) => reject(new Error(`postgres exited with ${code}`)));
      server.stderr?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ready to accept connections')) resolve();
      });
    });
    source = createRdsDataSource({ name: 'books', engine: 'postgresql', dataDir: join(dir, 'unused'), connectionString: `postgres://appsync@127.0.0.1:${port}/postgres` });
    short = createRdsDataSource({ name: 'books', engine: 'postgresql', dataDir: join(dir, 'unused'), connectionString: `postgres://appsync@127.0.0.1:${port}/postgres`, statementTimeoutMs: 300 });
  });

  afterAll(async () => {
    await source?.close();
    await short?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      // runuser does not pass signals on; pg_ctl stops the server itself (fast: no checkpoint wait).
      if (asRoot) run(join(bin as string, 'pg_ctl'), ['stop', '-D', join(dir, 'data'), '-m', 'fast']);
      else server.kill('SIGINT');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const id = '0b4b4a3e-1f6e-4d2a-9a7c-3c1e2f5d6a01';

  it('runs DDL, then an insert with type hints and a select, with the same Data API result shapes as on PGlite', async () => {
    expect(await source.invoke({ statements: ['CREATE TABLE books (id uuid PRIMARY KEY, price numeric(10,2), tags text[], at timestamp)'] })).toEqual({
      result: JSON.stringify({ sqlStatementResults: [{ numberOfRecordsUpdated: 0, generatedFields: [] }] }),
    });
    const out = await source.invoke({
      statements: ['INSERT INTO "books" ("id", "price", "tags", "at") VALUES (:P0, :P1, ARRAY[:P2, :P3], :P4)', 'SELECT id, price, tags, at FROM books WHERE id = :P5'],
      variableMap: { ':P0': id, ':P1': '12.5', ':P2': 'sf', ':P3': 'classic', ':P4': '1965-08-01 10:30:00', ':P5': id },
      variableTypeHintMap: { ':P0': 'UUID', ':P1': 'DECIMAL', ':P4': 'TIMESTAMP', ':P5': 'UUID' },
    });
    const results = JSON.parse((out as { result: string }).result) as { sqlStatementResults: Array<Record<string, unknown>> };
    expect(results.sqlStatementResults[0]).toEqual({ numberOfRecordsUpdated: 1, generatedFields: [] });
    expect(results.sqlStatementResults[1]?.records).toEqual([[{ stringValue: id }, { stringValue: '12.50' }, { arrayValue: { stringValues: ['sf', 'classic'] } }, { stringValue: '1965-08-01 10:30:00' }]]);
  });

  it('answers a duplicate key as the Data API does', async () => {
    const out = await source.invoke({ statements: ['INSERT INTO books (id) VALUES (:P0)'], variableMap: { ':P0': id }, variableTypeHintMap: { ':P0': 'UUID' } });
    expect(out).toEqual({
      error: {
        type: '400 Bad Request',
        message: `RDSHttp:${JSON.stringify({ message: `ERROR: duplicate key value violates unique constraint "books_pkey"\n  Detail: Key (id)=(${id}) already exists.; SQLState: 23505` })}`,
      },
    });
  });

  it('cancels a statement past the statement timeout on the server (statement_timeout), undoing it, with the Data API timeout error', async () => {
    const timedOut = { error: { type: '400 Bad Request', message: `RDSHttp:${JSON.stringify({ message: 'Request timed out' })}` } };
    expect(await short.invoke({ statements: ["INSERT INTO books (id) SELECT '1b4b4a3e-1f6e-4d2a-9a7c-3c1e2f5d6a01' FROM pg_sleep(2)"] })).toEqual(timedOut);
    const count = await source.invoke({ statements: ['SELECT count(*)::int AS n FROM books'] });
    expect(JSON.parse((count as { result: string }).result).sqlStatementResults[0].records).toEqual([[{ longValue: 1 }]]);
  });

  it('answers a TIMESTAMPTZ in UTC without an offset, and refuses a result over 1 MiB', async () => {
    const out = await source.invoke({ statements: ["SELECT '2024-01-02 03:04:05.678+02'::timestamptz AS at"] });
    expect(JSON.parse((out as { result: string }).result).sqlStatementResults[0].records).toEqual([[{ stringValue: '2024-01-02 01:04:05.678' }]]);
    expect(await source.invoke({ statements: ["SELECT repeat('x', 1100000) AS a"] })).toEqual({
      error: { type: '400 Bad Request', message: `RDSHttp:${JSON.stringify({ message: 'Database returned more than the allowed response size limit' })}` },
    });
  });
});
