import { describe, expect, it } from 'vitest';
import { rdsModule as rds } from './rds';

/**
 * Forms AWS documents but no public EvaluateCode recording shows (docs/rds.md marks each one):
 * the operators, joins, aggregates, aliases and subqueries of the developer guide's examples.
 */
const pg = (statement: object) => JSON.parse(JSON.stringify(rds.createPgStatement(statement))) as { statements: string[]; variableMap: Record<string, unknown>; variableTypeHintMap: Record<string, string> };

describe('select conditions', () => {
  it('renders every comparison operator of one column, AND-ed in parentheses', () => {
    const out = pg(rds.select({ table: 'track', where: { milliseconds: { gt: 1, ge: 2, lt: 3, le: 4, ne: 5 } } }));
    expect(out.statements[0]).toBe('SELECT * FROM "track" WHERE ("milliseconds" > :P0) AND ("milliseconds" >= :P1) AND ("milliseconds" < :P2) AND ("milliseconds" <= :P3) AND ("milliseconds" != :P4)');
    expect(out.variableMap).toEqual({ ':P0': 1, ':P1': 2, ':P2': 3, ':P3': 4, ':P4': 5 });
  });

  it('renders between, LIKE patterns, attributeExists and size', () => {
    const out = pg(rds.select({ table: 't', where: { a: { between: [1, 2] }, b: { beginsWith: 'W_' }, c: { contains: 'x' }, d: { notContains: 'y' }, e: { attributeExists: false }, f: { size: { gt: 3 } } } }));
    expect(out.statements[0]).toBe(
      'SELECT * FROM "t" WHERE ("a" BETWEEN :P0 AND :P1) AND ("b" LIKE :P2) AND ("c" LIKE :P3) AND ("d" NOT LIKE :P4) AND ("e" IS NULL) AND (LENGTH("f") > :P5)',
    );
    expect(out.variableMap).toEqual({ ':P0': 1, ':P1': 2, ':P2': 'W\\_%', ':P3': '%x%', ':P4': '%y%', ':P5': 3 });
  });

  it('negates with not and nests or inside it', () => {
    const where = { not: [{ or: [{ unit_price: { lt: 1 } }, { composer: { attributeExists: false } }] }] };
    expect(pg(rds.select({ table: 'track', columns: ['track_id', 'name'], where })).statements[0]).toBe('SELECT "track_id", "name" FROM "track" WHERE NOT (("unit_price" < :P0) OR ("composer" IS NULL))');
  });

  it('takes an sql template as the where, numbering its values in sequence', () => {
    const out = pg(rds.select({ from: 'album', where: rds.sql`length(title) > ${5}`, limit: 2 }));
    expect(out).toEqual({ statements: ['SELECT * FROM "album" WHERE length(title) > :P0 LIMIT :P1'], variableMap: { ':P0': 5, ':P1': 2 }, variableTypeHintMap: {} });
  });

  it('renders eq null as IS NULL', () => {
    expect(pg(rds.select({ table: 't', where: { a: { eq: null } } })).statements[0]).toBe('SELECT * FROM "t" WHERE "a" IS NULL');
  });
});

describe('select shapes', () => {
  it('quotes schema-qualified tables, aliases and qualified columns', () => {
    expect(pg(rds.select({ table: { al: 'private.album' }, columns: ['album_id', { name: 'album.title' }] })).statements[0]).toBe('SELECT "album_id", "album"."title" AS "name" FROM "private"."album" AS "al"');
  });

  it('renders joins with using and on', () => {
    expect(pg(rds.select({ from: 'album', join: [{ from: 'artist', using: ['artist_id'] }], leftJoin: [{ table: 'track', on: rds.sql`album.album_id = track.album_id` }] })).statements[0]).toBe(
      'SELECT * FROM "album" JOIN "artist" USING ("artist_id") LEFT JOIN "track" ON album.album_id = track.album_id',
    );
  });

  it('renders aggregates, groupBy, having and a subquery in from', () => {
    const sub = rds.select({ table: 'album', columns: ['artist_id', { albums: rds.agg.count('*') }, { genres: rds.agg.countDistinct('genre_id') }], groupBy: ['artist_id', 2], having: { album_id: { count: { ge: 5 } } } });
    expect(pg(rds.select({ from: { sub }, columns: ['artist_id'], orderBy: [{ column: 'artist_id', dir: 'desc' }] })).statements[0]).toBe(
      'SELECT "artist_id" FROM (SELECT "artist_id", COUNT(*) AS "albums", COUNT(DISTINCT "genre_id") AS "genres" FROM "album" GROUP BY "artist_id", 2 HAVING COUNT("album_id") >= :P0) AS "sub" ORDER BY "artist_id" DESC',
    );
  });

  it('doubles the quote character inside an identifier', () => {
    expect(pg(rds.select({ table: 'we"ird' })).statements[0]).toBe('SELECT * FROM "we""ird"');
  });
});

describe('what the module refuses', () => {
  it('refuses returning for MySQL, which has none', () => {
    expect(() => rds.createMySQLStatement(rds.insert({ table: 't', values: { a: 1 }, returning: '*' }))).toThrow('returning is supported only by PostgreSQL');
  });

  it('refuses a statement that is neither a string nor made by the module', () => {
    expect(() => rds.createPgStatement({ kind: 'select', payload: { table: 't' } })).toThrow('A statement must be a string or made by sql, select, insert, update or remove.');
  });

  it('refuses an unknown operator, naming it', () => {
    expect(() => rds.createPgStatement(rds.select({ table: 't', where: { a: { in: [1] } } }))).toThrow('Unsupported operator in on "a".');
  });
});
