import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRdsDataSource } from '../../src/datasources/rds';
import type { DataSource } from '../../src/datasources/types';
import { findMariadb, MARIADB_MISSING, startMariadb, type RunningMariadb } from './mariadb-server';

/**
 * The Data API's limits on an Aurora MySQL data source (local/docs/rds.md, "The Data API's
 * limits"), on a throwaway MariaDB this file starts on 127.0.0.1; skipped where MariaDB is missing.
 */
const binaries = findMariadb();
const dataApiError = (message: string) => ({ error: { message: `RDSHttp:${JSON.stringify({ message })}`, type: '400 Bad Request' } });

describe.skipIf(!binaries)(`the Data API limits on an Aurora MySQL data source${binaries ? '' : ` (skipped: ${MARIADB_MISSING})`}`, () => {
  let server: RunningMariadb;
  let source: DataSource;
  // A 300 ms statement timeout, reached only by statements that sleep 2 s: no assertion depends on speed.
  let short: DataSource;

  beforeAll(async () => {
    server = await startMariadb(binaries!, 'library');
    source = createRdsDataSource({ name: 'legacy', engine: 'mysql', dataDir: '', connectionString: server.connectionString });
    short = createRdsDataSource({ name: 'legacy', engine: 'mysql', dataDir: '', connectionString: server.connectionString, statementTimeoutMs: 300 });
    expect(await source.invoke({ statements: ['CREATE TABLE slow (n int) ENGINE=InnoDB'] })).toMatchObject({ result: expect.any(String) });
  });

  afterAll(async () => {
    await source?.close();
    await short?.close();
    await server?.stop();
  });

  const count = async () => JSON.parse(((await source.invoke({ statements: ['SELECT COUNT(*) AS n FROM slow'] })) as { result: string }).result).sqlStatementResults[0].records;

  it('interrupts a statement past the statement timeout, undoing it, with the Data API timeout error', async () => {
    expect(await short.invoke({ statements: ['INSERT INTO slow SELECT SLEEP(2)'] })).toEqual(dataApiError('Request timed out'));
    // A SLEEP alone is answered as a row when interrupted: still the timeout.
    expect(await short.invoke({ statements: ['SELECT SLEEP(2)', 'INSERT INTO slow VALUES (2)'] })).toEqual(dataApiError('Request timed out'));
    expect(await count()).toEqual([[{ longValue: 0 }]]);
    // The default (45 s) lets the same statement finish.
    expect(await source.invoke({ statements: ['INSERT INTO slow SELECT SLEEP(2)'] })).toEqual({ result: JSON.stringify({ sqlStatementResults: [{ numberOfRecordsUpdated: 1, generatedFields: [] }] }) });
    expect(await count()).toEqual([[{ longValue: 1 }]]);
  });

  it('refuses a result over 1 MiB', async () => {
    expect(await source.invoke({ statements: ["SELECT REPEAT('x', 600000) AS a UNION ALL SELECT REPEAT('y', 600000)"] })).toEqual(
      dataApiError('Database returned more than the allowed response size limit'),
    );
  });
});
