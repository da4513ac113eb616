import { describe, expect, it } from 'vitest';
import { rdsModule as rds } from './rds';

/**
 * AWS's own answers (EvaluateCode, APPSYNC_JS 1.0.0) for @aws-appsync/utils/rds, recorded by
 * localstack/appsync-utils in __tests__/__snapshots__/resolvers.test.js.snap at commit
 * 724f4cbaa723ccd874d66bbdbd6e4d559159469b (the inputs are __tests__/resolvers.test.js at the same
 * commit; the suite records by running each resolver through EvaluateCode on AWS). Compared as
 * JSON, as a request leaves the realm.
 */
const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

const uuid = 'adb626eb-4ce5-452a-a917-3943a37f202b';
const recordedSelect = (quote: string) => ({
  statements: [`SELECT ${quote}id${quote}, ${quote}name${quote} FROM ${quote}UserGroup${quote} WHERE (${quote}name${quote} = :P0) OR (${quote}id${quote} > :P1) ORDER BY ${quote}name${quote} ASC, ${quote}id${quote} DESC LIMIT :P2 OFFSET :P3`],
  variableMap: { ':P0': 'Stephane', ':P1': 10, ':P2': 10, ':P3': 1 },
  variableTypeHintMap: {},
});

describe.each([
  ['postgresql', rds.createPgStatement, '"'],
  ['mysql', rds.createMySQLStatement, '`'],
] as const)('%s requests as AWS renders them', (_dialect, create, q) => {
  it('renders a select with or, orderBy, limit and offset', () => {
    const where = { or: [{ name: { eq: 'Stephane' } }, { id: { gt: 10 } }] };
    const request = create(rds.select({ table: 'UserGroup', where, limit: 10, offset: 1, columns: ['id', 'name'], orderBy: [{ column: 'name' }, { column: 'id', dir: 'DESC' }] }));
    expect(json(request)).toEqual(recordedSelect(q));
  });

  it('renders type hints in an and into variableTypeHintMap', () => {
    const where = { and: [{ id: { eq: rds.typeHint.UUID('1232') } }, { started: { lt: rds.typeHint.TIMESTAMP('2022-03-02T00:00:00.000Z') } }] };
    expect(json(create(rds.select({ table: 'UserGroup', where })))).toEqual({
      statements: [`SELECT * FROM ${q}UserGroup${q} WHERE (${q}id${q} = :P0) AND (${q}started${q} < :P1)`],
      variableMap: { ':P0': '1232', ':P1': '2022-03-02T00:00:00.000Z' },
      variableTypeHintMap: { ':P0': 'UUID', ':P1': 'TIMESTAMP' },
    });
  });

  it('numbers the placeholders of two sql statements in one sequence', () => {
    const s1 = rds.sql`insert into Post(id, text) values(${rds.typeHint.UUID(uuid)}, ${'hello world'})`;
    const s2 = rds.sql`select * from Post where id = ${uuid}`;
    expect(json(create(s1, s2))).toEqual({
      statements: ['insert into Post(id, text) values(:P0, :P1)', 'select * from Post where id = :P2'],
      variableMap: { ':P0': uuid, ':P1': 'hello world', ':P2': uuid },
      variableTypeHintMap: { ':P0': 'UUID' },
    });
  });

  it('sends a plain string as written', () => {
    const text = `UPDATE "document" set "data" = 10 WHERE id = ${uuid}`;
    expect(json(create(text))).toEqual({ statements: [text], variableMap: {}, variableTypeHintMap: {} });
  });

  it('renders an update with a where on the key', () => {
    const { id, ...values } = { id: 'abc123', name: 'name', birthday: 'today', country: 'home' };
    expect(json(create(rds.update({ table: 'persons', values, where: { id: { eq: id } } })))).toEqual({
      statements: [`UPDATE ${q}persons${q} SET ${q}name${q} = :P0, ${q}birthday${q} = :P1, ${q}country${q} = :P2 WHERE ${q}id${q} = :P3`],
      variableMap: { ':P0': 'name', ':P1': 'today', ':P2': 'home', ':P3': 'abc123' },
      variableTypeHintMap: {},
    });
  });
});

describe('statements only PostgreSQL has', () => {
  it('renders an insert with returning *', () => {
    expect(json(rds.createPgStatement(rds.insert({ table: 'persons', values: { name: 'test' }, returning: '*' })))).toEqual({
      statements: ['INSERT INTO "persons" ("name") VALUES (:P0) RETURNING *'],
      variableMap: { ':P0': 'test' },
      variableTypeHintMap: {},
    });
  });

  it('renders a remove with returning columns', () => {
    expect(json(rds.createPgStatement(rds.remove({ table: 'persons', where: { id: { eq: '1232' } }, returning: ['id', 'name'] })))).toEqual({
      statements: ['DELETE FROM "persons" WHERE "id" = :P0 RETURNING "id", "name"'],
      variableMap: { ':P0': '1232' },
      variableTypeHintMap: {},
    });
  });

  it('renders MySQL insert and remove without returning', () => {
    expect(rds.createMySQLStatement(rds.insert({ table: 'persons', values: { name: 'test' } })).statements).toEqual(['INSERT INTO `persons` (`name`) VALUES (:P0)']);
    expect(rds.createMySQLStatement(rds.remove({ table: 'persons', where: { id: { eq: '1232' } } })).statements).toEqual(['DELETE FROM `persons` WHERE `id` = :P0']);
  });
});

describe('typeHint and toJsonObject as AWS answers them', () => {
  it('returns { type, value } from a type hint', () => {
    expect(json(rds.typeHint.UUID('abc123'))).toEqual({ type: 'UUID', value: 'abc123' });
    expect(json(rds.typeHint.TIMESTAMP('2023-02-01T00:00:00.000Z'))).toEqual({ type: 'TIMESTAMP', value: '2023-02-01T00:00:00.000Z' });
  });

  const column = (label: string, precision: number) => ({ isSigned: false, isCurrency: false, label, precision, typeName: 'VARCHAR', scale: 0, isAutoIncrement: false, isCaseSensitive: false, schemaName: '', tableName: 'Books', type: 12, nullable: 0, arrayBaseColumnType: 0, name: label });
  const books = {
    numberOfRecordsUpdated: 0,
    records: [
      [{ stringValue: 'Mark Twain' }, { stringValue: 'Adventures of Huckleberry Finn' }, { stringValue: '978-1948132817' }],
      [{ stringValue: 'Jack London' }, { stringValue: 'The Call of the Wild' }, { stringValue: '978-1948132275' }],
    ],
    columnMetadata: [column('author', 200), column('title', 200), column('ISBN-13', 15)],
  };
  const rows = [
    { author: 'Mark Twain', title: 'Adventures of Huckleberry Finn', 'ISBN-13': '978-1948132817' },
    { author: 'Jack London', title: 'The Call of the Wild', 'ISBN-13': '978-1948132275' },
  ];

  it('keys each row by its column labels', () => {
    expect(rds.toJsonObject(JSON.stringify({ sqlStatementResults: [books] }))).toEqual([rows]);
  });

  it('answers [{}] for a statement without records, beside the next statement', () => {
    const write = { numberOfRecordsUpdated: 1, generatedFields: [] };
    expect(rds.toJsonObject(JSON.stringify({ sqlStatementResults: [write] }))).toEqual([[{}]]);
    expect(rds.toJsonObject(JSON.stringify({ sqlStatementResults: [write, books] }))).toEqual([[{}], rows]);
  });
});
