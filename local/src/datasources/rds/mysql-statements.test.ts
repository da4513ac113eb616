import { describe, expect, it } from 'vitest';
import { mysqlOnlyForm, toSqlParameter } from './parameters';
import { postgresOnlyForm, prepareMysql } from './mysql-statements';

describe('named placeholders in a MySQL statement', () => {
  const params = [toSqlParameter(':P0', "O'Brien \\ 100%", undefined), toSqlParameter(':P1', 3, undefined), toSqlParameter(':P2', null, undefined), toSqlParameter(':P3', true, undefined), toSqlParameter(':P4', '12.5', 'DECIMAL')];

  it('escapes each value into the text with MySQL rules and leaves literals, identifiers and comments alone', () => {
    const out = prepareMysql("SELECT ':P0', \"it\\'s :P1\", `:P0` FROM t -- :P1\n# :P2\nWHERE a = :P0 AND b = :P1 AND c <=> :P2 AND d = :P3 AND e = :P4 /* :P1 */", params);
    expect(out).toBe("SELECT ':P0', \"it\\'s :P1\", `:P0` FROM t -- :P1\n# :P2\nWHERE a = 'O\\'Brien \\\\ 100%' AND b = 3 AND c <=> NULL AND d = true AND e = '12.5' /* :P1 */");
  });

  it('refuses a placeholder the variableMap lacks', () => {
    expect(() => prepareMysql('SELECT :P9', params)).toThrow('No value specified for parameter P9');
  });
});

describe('telling the two dialects apart', () => {
  it("finds createPgStatement's forms that MySQL cannot run", () => {
    expect(postgresOnlyForm('SELECT "id", "title" FROM "books" WHERE "id" = :P0')).toBe('a "-quoted table name after FROM');
    expect(postgresOnlyForm('INSERT INTO "books" ("id") VALUES (:P0)')).toBe('a "-quoted table name after INTO');
    expect(postgresOnlyForm('UPDATE "books" SET "stock" = :P0')).toBe('a "-quoted table name after UPDATE');
    expect(postgresOnlyForm('DELETE FROM `books` WHERE `id` = :P0 RETURNING `id`')).toBe('RETURNING');
    expect(postgresOnlyForm('SELECT price::text FROM books')).toBe('a :: cast');
  });

  it("accepts createMySQLStatement's forms, double-quoted strings and words inside literals", () => {
    expect(postgresOnlyForm('SELECT `id` FROM `books` WHERE `title` = "from \\"x\\"" AND note = \'RETURNING ::\' -- FROM "t"')).toBeNull();
    expect(postgresOnlyForm('INSERT INTO `books` (`id`) VALUES (:P0)')).toBeNull();
  });

  it("finds createMySQLStatement's backticks outside PostgreSQL literals", () => {
    expect(mysqlOnlyForm('SELECT `id` FROM `books`')).toBe('a `-quoted name');
    expect(mysqlOnlyForm('SELECT \'`\', "a`b" FROM books -- `')).toBeNull();
  });
});
