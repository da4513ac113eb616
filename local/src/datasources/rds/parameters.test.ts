import { describe, expect, it } from 'vitest';
import { ParameterError, prepare, toSqlParameter } from './parameters';

describe('variableMap entries as Data API parameters', () => {
  it('types each value as AppSync sends it', () => {
    expect(toSqlParameter(':P0', 'x', undefined)).toEqual({ name: 'P0', value: { stringValue: 'x' } });
    expect(toSqlParameter(':P1', 3, undefined)).toEqual({ name: 'P1', value: { longValue: 3 } });
    expect(toSqlParameter(':P2', 2.5, undefined)).toEqual({ name: 'P2', value: { doubleValue: 2.5 } });
    expect(toSqlParameter(':P3', false, undefined)).toEqual({ name: 'P3', value: { booleanValue: false } });
    expect(toSqlParameter(':P4', null, undefined)).toEqual({ name: 'P4', value: { isNull: true } });
    expect(toSqlParameter(':P5', 12.5, 'DECIMAL')).toEqual({ name: 'P5', value: { stringValue: '12.5' }, typeHint: 'DECIMAL' });
    expect(toSqlParameter(':P6', { a: [1] }, 'JSON')).toEqual({ name: 'P6', value: { stringValue: '{"a":[1]}' }, typeHint: 'JSON' });
  });

  it('refuses a type hint the Data API does not have', () => {
    expect(() => toSqlParameter(':P0', 'x', 'INTEGER')).toThrow(ParameterError);
  });
});

describe('named placeholders as PostgreSQL parameters', () => {
  const params = [toSqlParameter(':P0', 'a', undefined), toSqlParameter(':P1', 'b2c1', 'UUID')];

  it('binds each name once, typed, and leaves literals, identifiers, comments and casts alone', () => {
    const out = prepare(`SELECT ':P0', ":P0", x::text, $q$:P0$q$ FROM t -- :P1\nWHERE a = :P0 AND b = :P1 OR c = :P0 /* :P1 */`, params);
    expect(out.text).toBe(`SELECT ':P0', ":P0", x::text, $q$:P0$q$ FROM t -- :P1\nWHERE a = ($1::varchar) AND b = ($2::uuid) OR c = ($1::varchar) /* :P1 */`);
    expect(out.values).toEqual(['a', 'b2c1']);
  });

  it('maps an error position back to the statement as written', () => {
    const out = prepare('SELECT :P0, :P1, nope', params);
    expect(out.position(out.text.indexOf('nope') + 1)).toBe('SELECT :P0, :P1, '.length + 1);
    expect(out.position(out.text.indexOf('$2') + 1)).toBe('SELECT :P0, '.length + 1);
  });

  it('refuses a placeholder the variableMap lacks', () => {
    expect(() => prepare('SELECT :P9', params)).toThrow('No value specified for parameter P9');
  });
});
