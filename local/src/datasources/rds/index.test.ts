import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRdsDataSource } from './index';

/** What the data source refuses before any statement reaches PostgreSQL (none opens PGlite). */
const dir = mkdtempSync(join(tmpdir(), 'rds-refusals-'));
const dataDir = join(dir, 'db');
const source = createRdsDataSource({ name: 'books', engine: 'postgresql', dataDir });
afterAll(async () => {
  await source.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('an AMAZON_RDS data source', () => {
  it('refuses an Aurora MySQL cluster without a MySQL server at start-up, saying how to name one', () => {
    expect(() => createRdsDataSource({ name: 'legacy', engine: 'mysql', dataDir })).toThrow(/Data source legacy is an Aurora MySQL cluster: locally its statements run on a MySQL or MariaDB server you name with localConnectionString: "mysql:\/\//);
    expect(() => createRdsDataSource({ name: 'legacy', engine: 'mysql', dataDir, connectionString: 'postgres://u@127.0.0.1/db' })).toThrow(/does not start with mysql:\/\//);
  });

  it('refuses a MySQL connection string for an Aurora PostgreSQL cluster at start-up', () => {
    expect(() => createRdsDataSource({ name: 'books', engine: 'postgresql', dataDir, connectionString: 'mysql://u@127.0.0.1/db' })).toThrow(/must start with postgres:\/\//);
  });

  it('refuses a MySQL statement (backtick-quoted names) before any statement of the request runs', async () => {
    // The first statement is PostgreSQL's: had it run, PGlite's folder would exist (checked below).
    expect(await source.invoke({ statements: ['SELECT 1', 'SELECT `id` FROM `books` WHERE "a`b" = :P0'], variableMap: { ':P0': 1 } })).toEqual({
      error: {
        message: `RDSHttp:${JSON.stringify({ message: 'Data source books is Aurora PostgreSQL, but this statement is MySQL\'s (a `-quoted name): build it with createPgStatement, or declare engine: "mysql".' })}`,
        type: '400 Bad Request',
      },
    });
  });

  it('refuses more than two statements, as AppSync allows two', async () => {
    expect(await source.invoke({ statements: ['SELECT 1', 'SELECT 2', 'SELECT 3'], variableMap: {} })).toEqual({
      error: { message: 'An RDS request takes at most 2 statements; it has 3.', type: 'MappingTemplate' },
    });
  });

  it('refuses a request without statements', async () => {
    expect(await source.invoke({ operation: 'GetItem' })).toMatchObject({ error: { type: 'MappingTemplate' } });
  });

  it('answers a placeholder the variableMap lacks as a Data API error', async () => {
    expect(await source.invoke({ statements: ['SELECT :P1'], variableMap: { ':P0': 1 }, variableTypeHintMap: {} })).toEqual({
      error: { message: `RDSHttp:${JSON.stringify({ message: 'No value specified for parameter P1: the variableMap has no :P1.' })}`, type: '400 Bad Request' },
    });
    expect(readdirSync(dir)).toEqual([]);
  });
});
