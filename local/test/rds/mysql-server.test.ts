import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRdsDataSource } from '../../src/datasources/rds';
import { booksMysqlApi } from '../fixtures/books-mysql-api/definition';
import { startTestApi, type TestApi } from '../support/local-api';
import { findMariadb, MARIADB_MISSING, startMariadb, type RunningMariadb } from './mariadb-server';

/**
 * An Aurora MySQL data source end to end: resolvers written with createMySQLStatement, served
 * over HTTP GraphQL, their statements run through `mysql2` on a throwaway MariaDB server this
 * file starts on 127.0.0.1, the answers and the errors in the Data API's shapes
 * (local/docs/rds.md). Skipped, saying how to install it, where MariaDB is missing.
 */
const binaries = findMariadb();

describe.skipIf(!binaries)(`an Aurora MySQL data source on a MariaDB server${binaries ? '' : ` (skipped: ${MARIADB_MISSING})`}`, () => {
  let server: RunningMariadb;
  let api: TestApi;

  beforeAll(async () => {
    server = await startMariadb(binaries!, 'library');
    api = await startTestApi({
      ...booksMysqlApi,
      dataSources: { books: { type: 'AMAZON_RDS', engine: 'mysql', databaseName: 'library', localConnectionString: server.connectionString } },
    });
    expect(await gql('mutation { setUp }')).toEqual({ data: { setUp: 0 } });
  });

  afterAll(async () => {
    await api?.close();
    await server?.stop();
  });

  async function gql(query: string, variables: Record<string, unknown> = {}) {
    const { status, body } = await api.graphql({ query, variables }, { 'x-api-key': api.apiKey });
    expect(status).toBe(200);
    return body;
  }

  const FIELDS = 'id title price publishedAt details stock inPrint';
  const dune = { id: '0b4b4a3e-1f6e-4d2a-9a7c-3c1e2f5d6a01', title: 'Dune', price: '12.5', publishedAt: '1965-08-01 10:30:00.250', details: '{"pages":412,"tags":["sf"]}', stock: 3 };
  const ADD = `mutation($input: BookInput!) { addBook(input: $input) { ${FIELDS} } }`;

  it('inserts with UUID, DECIMAL, TIMESTAMP and JSON type hints and reads the row back in the same request', async () => {
    expect(await gql(ADD, { input: dune })).toEqual({
      data: { addBook: { id: dune.id, title: 'Dune', price: '12.50', publishedAt: '1965-08-01 10:30:00.250', details: '{"pages":412,"tags":["sf"]}', stock: 3, inPrint: true } },
    });
  });

  it('answers ctx.result as the Data API result set, typed field by field, with MySQL column metadata', async () => {
    const raw = await gql('query($id: ID!) { rawBook(id: $id) }', { id: dune.id });
    const result = JSON.parse(raw.data?.rawBook as string) as { sqlStatementResults: Array<{ numberOfRecordsUpdated: number; records: unknown[][]; columnMetadata: Array<Record<string, unknown>> }> };
    expect(result.sqlStatementResults).toHaveLength(1);
    const [statement] = result.sqlStatementResults;
    expect(statement?.numberOfRecordsUpdated).toBe(0);
    expect(statement?.records).toEqual([
      [
        { stringValue: dune.id },
        { stringValue: '12.50' },
        { longValue: 3 },
        { stringValue: '1965-08-01 10:30:00.250' },
        { stringValue: '{"pages":412,"tags":["sf"]}' },
        { booleanValue: true },
        { stringValue: '4.5' },
        { blobValue: Buffer.from('Dune').toString('base64') },
      ],
    ]);
    expect(statement?.columnMetadata.map((c) => [c.label, c.typeName, c.type, c.tableName, c.nullable])).toEqual([
      ['id', 'CHAR', 1, 'books', 0],
      ['price', 'DECIMAL', 3, 'books', 0],
      ['stock', 'INT', 4, 'books', 0],
      ['published_at', 'DATETIME', 93, 'books', 1],
      // MariaDB's JSON is LONGTEXT with a json check; MySQL's own JSON type reports JSON.
      ['details', 'TEXT', -1, 'books', 1],
      ['in_print', 'BIT', -7, 'books', 0],
      ['half_again', 'DECIMAL', 3, '', 0],
      ['raw_title', 'VARBINARY', -3, '', 1],
    ]);
  });

  it('refuses a duplicate key with the Data API message for Aurora MySQL, and changes nothing', async () => {
    const again = await gql(ADD, { input: { ...dune, title: 'Dune again' } });
    expect(again.data).toEqual({ addBook: null });
    expect(again.errors?.[0]).toMatchObject({
      errorType: '400 Bad Request',
      message: `RDSHttp:${JSON.stringify({ message: `Database error code: 1062. Message: Duplicate entry '${dune.id}' for key 'PRIMARY'` })}`,
    });
    expect(await gql(`query($id: ID!) { book(id: $id) { title } }`, { id: dune.id })).toEqual({ data: { book: { title: 'Dune' } } });
  });

  it('selects with beginsWith, ge, orderBy, limit and offset; a quote or % in the value matches literally', async () => {
    for (const [id, title, stock] of [
      ['0b4b4a3e-1f6e-4d2a-9a7c-3c1e2f5d6a02', 'Dune Messiah', 5],
      ['0b4b4a3e-1f6e-4d2a-9a7c-3c1e2f5d6a03', "Dune's Children", 0],
      ['0b4b4a3e-1f6e-4d2a-9a7c-3c1e2f5d6a04', 'Dune 100% Heretics', 7],
    ] as const) {
      expect((await gql(ADD, { input: { id, title, price: '9.99', stock } })).errors).toBeUndefined();
    }
    const titles = async (variables: Record<string, unknown>) =>
      ((await gql('query($p: String!, $min: Int, $limit: Int, $offset: Int) { books(titleBeginsWith: $p, minStock: $min, limit: $limit, offset: $offset) { title } }', variables)).data?.books as Array<{ title: string }>).map((b) => b.title);
    expect(await titles({ p: 'Dune', min: 1 })).toEqual(['Dune', 'Dune 100% Heretics', 'Dune Messiah']);
    expect(await titles({ p: 'Dune', min: 1, limit: 1, offset: 1 })).toEqual(['Dune 100% Heretics']);
    expect(await titles({ p: "Dune's" })).toEqual(["Dune's Children"]);
    expect(await titles({ p: 'Dune 1%' })).toEqual([]);
  });

  it('updates only where the condition holds, counting the rows in numberOfRecordsUpdated', async () => {
    const restock = 'mutation($id: ID!, $by: Int!, $below: Int!) { restock(id: $id, by: $by, ifStockBelow: $below) { stock } }';
    expect(await gql(restock, { id: dune.id, by: 2, below: 4 })).toEqual({ data: { restock: { stock: 5 } } });
    expect(await gql(restock, { id: dune.id, by: 2, below: 4 })).toEqual({ data: { restock: null } });
    expect(await gql(`query($id: ID!) { book(id: $id) { stock } }`, { id: dune.id })).toEqual({ data: { book: { stock: 5 } } });
  });

  it('removes a row it read in the same request', async () => {
    expect(await gql(`mutation($id: ID!) { removeBook(id: $id) { id title } }`, { id: dune.id })).toEqual({ data: { removeBook: { id: dune.id, title: 'Dune' } } });
    expect(await gql(`query($id: ID!) { book(id: $id) { id } }`, { id: dune.id })).toEqual({ data: { book: null } });
    expect(await gql(`mutation($id: ID!) { removeBook(id: $id) { id } }`, { id: dune.id })).toEqual({ data: { removeBook: null } });
  });

  it('answers a server error (a TIMESTAMP the server cannot read) as the Data API does', async () => {
    const out = await gql(ADD, { input: { ...dune, id: '0b4b4a3e-1f6e-4d2a-9a7c-3c1e2f5d6a05', publishedAt: 'not a time' } });
    expect(out.errors?.[0]).toMatchObject({
      errorType: '400 Bad Request',
      message: `RDSHttp:${JSON.stringify({ message: "Database error code: 1292. Message: Incorrect datetime value: 'not a time' for column `library`.`books`.`published_at` at row 1" })}`,
    });
  });

  it('refuses a PostgreSQL statement (createPgStatement) before MySQL sees it, saying which maker to use', async () => {
    const out = await gql(`query($id: ID!) { bookAsPostgres(id: $id) { id } }`, { id: dune.id });
    expect(out.errors?.[0]).toMatchObject({
      errorType: '400 Bad Request',
      message: `RDSHttp:${JSON.stringify({ message: 'Data source books is Aurora MySQL, but this statement is PostgreSQL\'s (a "-quoted table name after FROM): build it with createMySQLStatement, or declare engine: "postgresql".' })}`,
    });
  });

  it('refuses a request whose second statement is PostgreSQL\'s before the first runs', async () => {
    const source = createRdsDataSource({ name: 'books', engine: 'mysql', dataDir: join(tmpdir(), 'unused'), connectionString: server.connectionString });
    try {
      const id = '0b4b4a3e-1f6e-4d2a-9a7c-3c1e2f5d6a09';
      const out = await source.invoke({ statements: ["INSERT INTO books (id, title, price) VALUES (:P0, 'Untitled', 1)", 'SELECT price::text FROM books'], variableMap: { ':P0': id } });
      expect(out).toMatchObject({ error: { type: '400 Bad Request', message: expect.stringContaining("this statement is PostgreSQL's (a :: cast)") as unknown } });
      const read = await source.invoke({ statements: ['SELECT COUNT(*) FROM books WHERE id = :P0'], variableMap: { ':P0': id } });
      expect(JSON.parse((read as { result: string }).result).sqlStatementResults[0].records).toEqual([[{ longValue: 0 }]]);
    } finally {
      await source.close();
    }
  });
});
