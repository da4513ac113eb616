import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRdsDataSource } from '../../src/datasources/rds';
import { booksSqlApi } from '../fixtures/books-sql-api/definition';
import { startTestApi, type TestApi } from '../support/local-api';

/**
 * The AMAZON_RDS data source end to end: resolvers written with @aws-appsync/utils/rds, served
 * over HTTP GraphQL, their statements run on PGlite through the Data API's parameter binding,
 * the answers and the errors in the Data API's shapes (local/docs/rds.md).
 */
let api: TestApi;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'rds-books-'));
  api = await startTestApi({ ...booksSqlApi, dataSources: { books: { type: 'AMAZON_RDS', engine: 'postgresql', databaseName: 'library', localDataDir: dataDir } } });
  const setUp = await gql('mutation { setUp }');
  expect(setUp).toEqual({ data: { setUp: 0 } });
});
let closed = false;
afterAll(async () => {
  if (!closed) await api?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function gql(query: string, variables: Record<string, unknown> = {}) {
  const { status, body } = await api.graphql({ query, variables }, { 'x-api-key': api.apiKey });
  expect(status).toBe(200);
  return body;
}

const FIELDS = 'id title price publishedAt details stock';
const dune = { id: '0b4b4a3e-1f6e-4d2a-9a7c-3c1e2f5d6a01', title: 'Dune', price: '12.5', publishedAt: '1965-08-01T10:30:00.250Z', details: '{"pages":412,"tags":["sf"]}', stock: 3 };

describe('an Aurora PostgreSQL data source on PGlite', () => {
  it('inserts with UUID, DECIMAL, TIMESTAMP and JSON type hints and returns the row', async () => {
    const added = await gql(`mutation($input: BookInput!) { addBook(input: $input) { ${FIELDS} } }`, { input: dune });
    expect(added).toEqual({
      data: { addBook: { id: dune.id, title: 'Dune', price: '12.50', publishedAt: '1965-08-01 10:30:00.25', details: '{"tags": ["sf"], "pages": 412}', stock: 3 } },
    });
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
  });

  it('answers ctx.result as the Data API result set, typed field by field', async () => {
    const raw = await gql('query($id: ID!) { rawBook(id: $id) }', { id: dune.id });
    const result = JSON.parse(raw.data?.rawBook as string) as { sqlStatementResults: Array<{ numberOfRecordsUpdated: number; records: unknown[][]; columnMetadata: Array<Record<string, unknown>> }> };
    expect(result.sqlStatementResults).toHaveLength(1);
    const [statement] = result.sqlStatementResults;
    expect(statement?.numberOfRecordsUpdated).toBe(0);
    expect(statement?.records).toEqual([
      [{ stringValue: dune.id }, { stringValue: '12.50' }, { longValue: 3 }, { stringValue: '1965-08-01 10:30:00.25' }, { stringValue: '{"tags": ["sf"], "pages": 412}' }, { booleanValue: true }],
    ]);
    expect(statement?.columnMetadata.map((c) => [c.label, c.typeName, c.type])).toEqual([
      ['id', 'uuid', 1111],
      ['price', 'numeric', 2],
      ['stock', 'int4', 4],
      ['published_at', 'timestamp', 93],
      ['details', 'jsonb', 1111],
      ['in_stock', 'bool', -7],
    ]);
  });

  it('refuses a duplicate key with the Data API message and SQLState', async () => {
    const again = await gql(`mutation($input: BookInput!) { addBook(input: $input) { id } }`, { input: dune });
    expect(again.data).toEqual({ addBook: null });
    expect(again.errors?.[0]).toMatchObject({
      errorType: '400 Bad Request',
      message: `RDSHttp:${JSON.stringify({ message: `ERROR: duplicate key value violates unique constraint "books_pkey"\n  Detail: Key (id)=(${dune.id}) already exists.; SQLState: 23505` })}`,
    });
  });

  it('binds a string without a type hint as a varchar, so a uuid column refuses it, at the position as written', async () => {
    const out = await gql('mutation { addBookUntyped(id: "0b4b4a3e-1f6e-4d2a-9a7c-3c1e2f5d6a09", title: "Untyped") { id } }');
    expect(out.errors?.[0]?.message).toBe(
      `RDSHttp:${JSON.stringify({ message: 'ERROR: column "id" is of type uuid but expression is of type character varying\n  Hint: You will need to rewrite or cast the expression.\n  Position: 46; SQLState: 42804' })}`,
    );
  });

  it('runs an insert and a select as two statements of one request', async () => {
    const input = { id: '0b4b4a3e-1f6e-4d2a-9a7c-3c1e2f5d6a02', title: 'Dune Messiah', price: '9.99' };
    const out = await gql(`mutation($input: BookInput!) { addBookAndRead(input: $input) { ${FIELDS} } }`, { input });
    expect(out).toEqual({ data: { addBookAndRead: { ...input, publishedAt: null, details: null, stock: 0 } } });
  });

  it('selects with beginsWith, ge, orderBy, limit and offset', async () => {
    await gql(`mutation($input: BookInput!) { addBook(input: $input) { id } }`, { input: { id: '0b4b4a3e-1f6e-4d2a-9a7c-3c1e2f5d6a03', title: 'Du_x 100%', price: '1', stock: 8 } });
    const all = await gql('{ books(titleBeginsWith: "Du") { title stock } }');
    expect(all).toEqual({ data: { books: [{ title: 'Du_x 100%', stock: 8 }, { title: 'Dune', stock: 3 }, { title: 'Dune Messiah', stock: 0 }] } });
    const page = await gql('{ books(titleBeginsWith: "Du", minStock: 1, limit: 1, offset: 1) { title } }');
    expect(page).toEqual({ data: { books: [{ title: 'Dune' }] } });
    // LIKE's own wildcards in the prefix match literally.
    const literal = await gql('{ books(titleBeginsWith: "Du_") { title } }');
    expect(literal).toEqual({ data: { books: [{ title: 'Du_x 100%' }] } });
  });

  it('updates only where the condition holds, returning the row or nothing', async () => {
    const done = await gql('mutation($id: ID!) { restock(id: $id, by: 2, ifStockBelow: 5) { stock } }', { id: dune.id });
    expect(done).toEqual({ data: { restock: { stock: 5 } } });
    const refused = await gql('mutation($id: ID!) { restock(id: $id, by: 2, ifStockBelow: 5) { stock } }', { id: dune.id });
    expect(refused).toEqual({ data: { restock: null } });
  });

  it('removes a row, returning it, after which it is gone', async () => {
    const removed = await gql('mutation($id: ID!) { removeBook(id: $id) { title stock } }', { id: dune.id });
    expect(removed).toEqual({ data: { removeBook: { title: 'Dune', stock: 5 } } });
    expect(await gql('query($id: ID!) { book(id: $id) { id } }', { id: dune.id })).toEqual({ data: { book: null } });
    expect(await gql('mutation($id: ID!) { removeBook(id: $id) { id } }', { id: dune.id })).toEqual({ data: { removeBook: null } });
  });

  it('keeps the rows in its PGlite folder after the API stops, as a second npm start finds them', async () => {
    closed = true;
    await api.close();
    const reopened = createRdsDataSource({ name: 'books', engine: 'postgresql', dataDir });
    const out = (await reopened.invoke({ statements: ['SELECT title FROM books ORDER BY title'] })) as { result: string };
    await reopened.close();
    expect(JSON.parse(out.result).sqlStatementResults[0].records).toEqual([[{ stringValue: 'Du_x 100%' }], [{ stringValue: 'Dune Messiah' }]]);
  });
});
