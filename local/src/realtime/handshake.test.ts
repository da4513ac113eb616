import { describe, expect, it } from 'vitest';
import { graphqlPathOf, readHandshake } from './handshake';

const headers = { host: 'localhost:4000', Authorization: 'eyJraWQ.e30.sig+/=' };

describe('reading the handshake', () => {
  it('decodes the unpadded base64url header- subprotocol amplify v6 sends, lower-casing names', () => {
    const encoded = Buffer.from(JSON.stringify(headers)).toString('base64url');
    expect(encoded).not.toContain('=');
    const handshake = readHandshake('/graphql/realtime', ['graphql-ws', `header-${encoded}`]);
    expect(handshake).toEqual({
      headers: { host: 'localhost:4000', authorization: 'eyJraWQ.e30.sig+/=' },
      subprotocolOffered: true,
      graphqlPath: '/graphql',
    });
  });

  it('decodes the legacy ?header= query with raw base64 (a "+" stays a "+")', () => {
    const encoded = Buffer.from(JSON.stringify({ host: 'h', 'x-api-key': 'da2-???>>>' })).toString('base64');
    expect(encoded).toMatch(/[+/]/);
    const handshake = readHandshake(`/graphql/realtime?header=${encoded}&payload=e30=`, ['graphql-ws']);
    expect(handshake.headers).toEqual({ host: 'h', 'x-api-key': 'da2-???>>>' });
  });

  it('treats other query parameters as custom headers, under the auth header map', () => {
    const encoded = Buffer.from(JSON.stringify({ 'x-api-key': 'k' })).toString('base64url');
    const handshake = readHandshake('/graphql/realtime?X-Tenant=blue&x-api-key=spoofed', ['graphql-ws', `header-${encoded}`]);
    expect(handshake.headers).toEqual({ 'x-tenant': 'blue', 'x-api-key': 'k' });
  });

  it('never takes credentials from the query string, only from the header map', () => {
    const handshake = readHandshake('/graphql/realtime?authorization=eyJ.e30.sig&X-Api-Key=da2-k&x-amz-security-token=t&host=evil&x-tenant=blue', ['graphql-ws']);
    expect(handshake.headers).toEqual({ 'x-tenant': 'blue' });
  });

  it('notes a header map that is not base64 JSON', () => {
    expect(readHandshake('/graphql/realtime', ['graphql-ws', 'header-!!!']).malformed).toBe('the header map is not base64-encoded JSON');
  });

  it('notices when graphql-ws was not offered', () => {
    expect(readHandshake('/graphql/realtime', []).subprotocolOffered).toBe(false);
  });

  it('derives the GraphQL path the client signs from the realtime path', () => {
    expect(graphqlPathOf('/graphql/realtime')).toBe('/graphql');
    expect(graphqlPathOf('/api/v1/graphql/realtime')).toBe('/api/v1/graphql');
  });
});
