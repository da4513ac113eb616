import { describe, expect, it } from 'vitest';
import { decodeNextToken, encodeNextToken } from './next-token';

describe('next tokens', () => {
  it('round-trips a last evaluated key, binaries included', () => {
    const key = { pk: { S: 'a' }, sk: { N: '2' }, b: { B: new Uint8Array([1, 2]) } };
    const token = encodeNextToken(key);
    expect(token).not.toBeNull();
    expect(decodeNextToken(token ?? undefined)).toEqual(key);
  });

  it('answers no token when there is no further page', () => {
    expect(encodeNextToken(undefined)).toBeNull();
    expect(encodeNextToken({})).toBeNull();
    expect(decodeNextToken(undefined)).toBeUndefined();
  });

  it('rejects a token it did not issue', () => {
    expect(decodeNextToken('not-a-token')).toBeNull();
    expect(decodeNextToken(Buffer.from('{"id":"x"}').toString('base64url'))).toBeNull();
  });
});
