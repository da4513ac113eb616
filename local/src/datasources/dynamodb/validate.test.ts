import { describe, expect, it } from 'vitest';
import { SCHEMAS } from './requests';
import { check } from './validate';

const getItem = { kind: 'object', fields: SCHEMAS.GetItem } as const;
const putItem = { kind: 'object', fields: SCHEMAS.PutItem } as const;

describe('request validation', () => {
  it('accepts a well-formed request', () => {
    expect(check({ operation: 'GetItem', key: { id: { S: '1' } }, consistentRead: true }, getItem)).toBeNull();
  });

  it('reports a missing field the way AppSync does', () => {
    expect(check({ operation: 'GetItem' }, getItem)).toBe("Value for field '$[key]' not found.");
    expect(check({ operation: 'PutItem', key: { id: { S: '1' } }, condition: {} }, putItem)).toBe("Value for field '$[condition][expression]' not found.");
  });

  it('names the path of a value that is not a typed value', () => {
    expect(check({ key: { id: '1' } }, getItem)).toBe(`Expected a typed value (a JSON object such as {"S": "x"}) for field '$[key][id]' but got 'STRING' instead.`);
    expect(check({ key: { id: { X: '1' } } }, getItem)).toBe(
      "Invalid typed value for field '$[key][id]': it must have exactly one of the keys S, N, B, SS, NS, BS, BOOL, NULL, L, M.",
    );
    expect(check({ key: { id: { N: 'ten' } } }, getItem)).toBe("Expected a number for field '$[key][id][N]' but got 'STRING' instead.");
    expect(check({ key: { id: { S: '1' } }, attributeValues: { l: { L: [{ S: 1 }] } } }, putItem)).toBe(
      "Expected a JSON string for field '$[attributeValues][l][L][0][S]' but got 'NUMBER' instead.",
    );
  });

  it('checks the type of option fields', () => {
    expect(check({ key: { id: { S: '1' } }, consistentRead: 'yes' }, getItem)).toBe("Expected a JSON boolean for field '$[consistentRead]' but got 'STRING' instead.");
    expect(check({ query: { expression: 'x' }, limit: 0 }, { kind: 'object', fields: SCHEMAS.Query })).toBe("Field '$[limit]' must be at least 1.");
  });
});
