import { describe, expect, it } from 'vitest';
import { joinUrl, toOutgoingRequest } from './request';

const ENDPOINT = 'https://api.example.com';

describe('toOutgoingRequest', () => {
  it('joins endpoint and resourcePath as the reference shows (PUT <endpoint>/v1/users)', () => {
    const out = toOutgoingRequest(ENDPOINT, { version: '2018-05-29', method: 'PUT', resourcePath: '/v1/users' });
    expect(out.method).toBe('PUT');
    expect(out.url.href).toBe('https://api.example.com/v1/users');
    expect(out.body).toBeUndefined();
  });

  it('keeps an endpoint base path and adds exactly one slash', () => {
    expect(joinUrl('https://api.example.com/prod/', 'v1/users').href).toBe('https://api.example.com/prod/v1/users');
  });

  it('sends params.query as ?type=json, a space as %20 and numbers and booleans as their text', () => {
    const out = toOutgoingRequest(ENDPOINT, { method: 'GET', resourcePath: '/search', params: { query: { type: 'json', q: 'oat milk', number: 5, all: true } } });
    expect(out.url.search).toBe('?type=json&q=oat%20milk&number=5&all=true');
  });

  it('sends a text body as it is and any other body as its JSON text', () => {
    expect(toOutgoingRequest(ENDPOINT, { method: 'POST', resourcePath: '/', params: { headers: { 'Content-Type': 'text/plain' }, body: 'this is an example of text body' } }).body).toBe('this is an example of text body');
    expect(toOutgoingRequest(ENDPOINT, { method: 'POST', resourcePath: '/', params: { body: { id: '2', username: 'shaggy' } } }).body).toBe('{"id":"2","username":"shaggy"}');
  });

  it("drops the headers the reference says can't be set (HOST, CONNECTION, USER-AGENT, TRANSFER_ENCODING, CONTENT_LENGTH)", () => {
    const out = toOutgoingRequest(ENDPOINT, {
      method: 'GET',
      resourcePath: '/',
      params: { headers: { Host: 'evil.example', Connection: 'close', 'User-Agent': 'x', 'Transfer-Encoding': 'chunked', 'Content-Length': '9', 'X-Kept': 'yes' } },
    });
    expect(out.headers).toEqual({ 'X-Kept': 'yes' });
  });

  it('refuses a missing method or resourcePath in AppSync words, and a method outside the five', () => {
    expect(() => toOutgoingRequest(ENDPOINT, { resourcePath: '/' })).toThrow("Value for field '$[method]' not found.");
    expect(() => toOutgoingRequest(ENDPOINT, { method: 'GET' })).toThrow("Value for field '$[resourcePath]' not found.");
    expect(() => toOutgoingRequest(ENDPOINT, { method: 'OPTIONS', resourcePath: '/' })).toThrow("Unsupported method 'OPTIONS'. HTTP data sources support PUT, POST, GET, DELETE, PATCH.");
  });

  it('refuses a header value that is not a string', () => {
    expect(() => toOutgoingRequest(ENDPOINT, { method: 'GET', resourcePath: '/', params: { headers: { 'X-Count': 7 } } })).toThrow('params.headers.X-Count must be a string.');
  });

  it('refuses a header that Node could not send (a line break in the value) as the resolver’s error', () => {
    expect(() => toOutgoingRequest(ENDPOINT, { method: 'GET', resourcePath: '/', params: { headers: { 'X-Evil': 'a\r\nInjected: yes' } } })).toThrow(
      'params.headers.X-Evil is not a valid HTTP header (a name is a token; a value has no line breaks).',
    );
  });
});
