import { describe, expect, it } from 'vitest';
import { SCHEMAS } from './requests';
import { check, withoutNulls } from './validate';

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

  it('reads a null optional field as absent, at any depth, and keeps null attribute values', () => {
    const scan = { kind: 'object', fields: SCHEMAS.Scan } as const;
    // The shape AWS's todo sample sends when no filter is given (aws-samples/aws-appsync-resolver-samples,
    // examples/cloudformation/todo-api-cfn/functions/listItems.js).
    const request = { operation: 'Scan', filter: null, limit: 20, nextToken: null, projection: null, index: null };
    expect(check(request, scan)).toBeNull();
    expect(withoutNulls(request, scan)).toEqual({ operation: 'Scan', limit: 20 });

    const filtered = { operation: 'Scan', filter: { expression: '#a = :a', expressionNames: null, expressionValues: { ':a': { NULL: null } } } };
    expect(withoutNulls(filtered, scan)).toEqual({ operation: 'Scan', filter: { expression: '#a = :a', expressionValues: { ':a': { NULL: null } } } });

    const transact = { kind: 'object', fields: SCHEMAS.TransactWriteItems } as const;
    const write = { operation: 'TransactWriteItems', transactItems: [{ table: 't', operation: 'DeleteItem', key: { id: { S: '1' } }, condition: null }] };
    expect(withoutNulls(write, transact)).toEqual({ operation: 'TransactWriteItems', transactItems: [{ table: 't', operation: 'DeleteItem', key: { id: { S: '1' } } }] });
  });

  it('still refuses a null required field', () => {
    expect(check({ operation: 'Query', query: null }, { kind: 'object', fields: SCHEMAS.Query })).toBe("Value for field '$[query]' not found.");
  });
});
