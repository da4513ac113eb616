import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toJsonObject } from '../../appsync-js/util/rds-json';
import { createRdsDataSource } from './index';
import { DATA_API_STATEMENT_TIMEOUT_MS } from './limits';

/**
 * The Data API's own limits and value formats, on real PGlite (sources in local/docs/rds.md,
 * "The Data API's limits"): the 1 MiB response, the statement timeout, and the text of typed
 * columns as a resolver reads them through toJsonObject.
 */
const dir = mkdtempSync(join(tmpdir(), 'rds-limits-'));
// A 300 ms timeout, reached only by statements that sleep 2 s: no assertion depends on speed.
const short = createRdsDataSource({ name: 'books', engine: 'postgresql', dataDir: join(dir, 'short'), statementTimeoutMs: 300 });
const standard = createRdsDataSource({ name: 'books', engine: 'postgresql', dataDir: join(dir, 'standard') });
afterAll(async () => {
  await short.close();
  await standard.close();
  rmSync(dir, { recursive: true, force: true });
});

const dataApiError = (message: string) => ({ error: { message: `RDSHttp:${JSON.stringify({ message })}`, type: '400 Bad Request' } });

async function rows(source: ReturnType<typeof createRdsDataSource>, sql: string) {
  const outcome = await source.invoke({ statements: [sql], variableMap: {}, variableTypeHintMap: {} });
  if (!('result' in outcome)) throw new Error(`statement failed: ${JSON.stringify(outcome)}`);
  return toJsonObject(outcome.result)?.[0];
}

describe('the Data API limits on an AMAZON_RDS data source', () => {
  it('refuses a result over 1 MiB with the error AppSync hands the resolver', async () => {
    // Two rows of 600,000 characters: 1.2 MB of records.
    expect(await standard.invoke({ statements: ["SELECT repeat('x', 600000) AS a UNION ALL SELECT repeat('y', 600000)"], variableMap: {} })).toEqual(
      dataApiError('Database returned more than the allowed response size limit'),
    );
    // Under the limit (900,000 characters and the JSON around them) it is answered.
    const [row] = (await rows(standard, "SELECT repeat('x', 900000) AS a")) as Array<{ a: string }>;
    expect(row?.a).toHaveLength(900000);
  });

  it('renders TIMESTAMP, TIMESTAMPTZ, DATE, TIME, TIMETZ and DECIMAL as the Data API does, read through toJsonObject', async () => {
    const sql =
      "SELECT '2024-01-02 03:04:05.678'::timestamp AS ts, '2024-01-02 03:04:05.678+02'::timestamptz AS tstz, '2024-01-02'::date AS d, " +
      "'03:04:05'::time AS t, '15:30:00-08'::timetz AS ttz, 12.50::numeric(10,2) AS price, '2024-01-02 03:04:05'::timestamp AS whole, " +
      "ARRAY['2024-01-02 03:04:05+01'::timestamptz] AS stamps";
    expect(await rows(standard, sql)).toEqual([
      {
        ts: '2024-01-02 03:04:05.678',
        // In UTC, without an offset.
        tstz: '2024-01-02 01:04:05.678',
        d: '2024-01-02',
        t: '03:04:05',
        ttz: '23:30:00',
        // DECIMAL as a string, exact.
        price: '12.50',
        whole: '2024-01-02 03:04:05',
        stamps: ['2024-01-02 02:04:05'],
      },
    ]);
  });

  it('cancels a statement past the statement timeout, undoing its changes, with the Data API timeout error', async () => {
    expect(await short.invoke({ statements: ['CREATE TABLE slow (n int)'], variableMap: {} })).toMatchObject({ result: expect.any(String) });
    expect(await short.invoke({ statements: ['INSERT INTO slow SELECT 1 FROM pg_sleep(2)'], variableMap: {} })).toEqual(dataApiError('Request timed out'));
    // The Data API cancels it: "the data isn't inserted".
    expect(await rows(short, 'SELECT count(*)::int AS n FROM slow')).toEqual([{ n: 0 }]);
    // A request stops at its timed-out statement: the second never runs.
    expect(await short.invoke({ statements: ['SELECT pg_sleep(2)', 'INSERT INTO slow VALUES (2)'], variableMap: {} })).toEqual(dataApiError('Request timed out'));
    expect(await rows(short, 'SELECT count(*)::int AS n FROM slow')).toEqual([{ n: 0 }]);
  });

  it('lets a statement run up to the Data API default of 45 s', async () => {
    expect(DATA_API_STATEMENT_TIMEOUT_MS).toBe(45_000);
    expect(await rows(standard, 'SELECT 1 AS n FROM pg_sleep(2)')).toEqual([{ n: 1 }]);
  });

  it('still runs a statement that refuses a transaction block', async () => {
    expect(await short.invoke({ statements: ['VACUUM'], variableMap: {} })).toEqual({ result: JSON.stringify({ sqlStatementResults: [{ numberOfRecordsUpdated: 0, generatedFields: [] }] }) });
  });
});
