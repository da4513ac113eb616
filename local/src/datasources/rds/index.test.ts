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
  it('refuses an Aurora MySQL cluster at start-up, saying what runs locally', () => {
    expect(() => createRdsDataSource({ name: 'legacy', engine: 'mysql', dataDir })).toThrow(/Data source legacy is an Aurora MySQL cluster; the local runtime runs only PostgreSQL/);
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
