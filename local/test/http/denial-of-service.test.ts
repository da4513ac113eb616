import { mkdtempSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromRuntimeAuthenticate } from '../../src/realtime/auth';
import { createHttpHandler, MAX_BODY_BYTES } from '../../src/server/http';
import { type RunningServer, startServer } from '../../src/server/index';
import { notesApi } from '../fixtures/notes-api/definition';
import { startTestApi, type TestApi } from '../support/local-api';

/**
 * One request against the runtime's HTTP side must not cost the other callers: a query too
 * expensive to validate, a flood of distinct large queries, a request of thousands of resolvers,
 * sockets that never finish, a chunked body without end, a malformed URI. Each attack is bounded
 * in count and runs against loopback only.
 */

let api: TestApi;
/** A second server on the same runtime with deadlines short enough for a test. */
let slow: RunningServer;
const TIMEOUTS = { headersTimeoutMs: 400, requestTimeoutMs: 800 };

beforeAll(async () => {
  api = await startTestApi(notesApi);
  const runtime = api.runtime;
  slow = await startServer({
    port: 0,
    tlsDir: mkdtempSync(join(tmpdir(), 'appsync-local-dos-')),
    handleHttp: createHttpHandler(runtime.http),
    realtime: { engine: runtime.engine, authenticate: fromRuntimeAuthenticate((request) => runtime.authenticate(request)) },
    timeouts: TIMEOUTS,
  });
});
afterAll(async () => {
  await slow?.close();
  await api?.close();
});

const errorsOf = (body: { errors?: Array<{ message: string }> }): string[] => (body.errors ?? []).map((e) => e.message);

describe('queries too expensive to validate', () => {
  it('refuses more than 200,000 tokens before parsing, in graphql-java’s words', async () => {
    const out = await api.graphql({ query: `{${' echo(text: "x")'.repeat(40_000)} }` }, { 'x-api-key': api.apiKey });
    expect(out.status).toBe(200);
    expect(out.body).toEqual({
      data: null,
      errors: [{ path: null, locations: [], message: "Invalid Syntax : More than 200000 'grammar' tokens have been presented. To prevent Denial Of Service attacks, parsing has been cancelled." }],
    });
  });

  it.each([
    ['8,000 copies of one field (the 136 KB attack)', `{${' note(id: "a") { id }'.repeat(8_000)} }`],
    ['300 copies of one field', `{${' note(id: "a") { id }'.repeat(300)} }`],
    ['one fragment spread 300 times', `{${' ...F'.repeat(300)} } fragment F on Query { echo(text: "x") }`],
  ])('refuses %s before the quadratic overlap validation runs', async (_name, query) => {
    const out = await api.graphql({ query }, { 'x-api-key': api.apiKey });
    expect(errorsOf(out.body)).toEqual([expect.stringMatching(/^Validation error of type QueryTooComplex: More than 50000 field comparisons/)]);
  });

  it('refuses nesting deeper than 500 without exhausting the stack', async () => {
    const out = await api.graphql({ query: `{ echo(text: ${'['.repeat(600)}"x"${']'.repeat(600)}) }` }, { 'x-api-key': api.apiKey });
    expect(errorsOf(out.body)).toEqual(["Invalid Syntax : More than 500 deep 'grammar' rules have been entered. To prevent Denial Of Service attacks, parsing has been cancelled."]);
  });

  it('still validates and answers an ordinary query with repeated fields and fragments', async () => {
    const query = 'query { a: echo(text: "1") b: echo(text: "2") ...E ...E } fragment E on Query { a: echo(text: "1") c: echo(text: "3") }';
    const out = await api.graphql({ query }, { 'x-api-key': api.apiKey });
    expect(out.body.errors).toBeUndefined();
    expect(out.body.data).toMatchObject({ a: '1', b: '2' });
  });

  it('protects the real-time start the same way: the planner refuses the same document', async () => {
    const authed = await api.runtime.authenticate({ headers: { 'x-api-key': api.apiKey, host: 'localhost' }, sourceIp: '127.0.0.1', signed: { method: 'POST', path: '/graphql', body: '{}' } });
    if (!authed.ok) throw new Error('the API key was refused');
    const started = await api.runtime.engine.prepareSubscription({ query: `subscription {${' onAddNote { id }'.repeat(1_500)} }` }, authed.auth);
    expect(started).toMatchObject({ ok: false, errors: [{ message: expect.stringMatching(/^Validation error of type QueryTooComplex/) }] });
  });
});

describe('the parsed-query cache', () => {
  it('stays under its byte bound while many distinct large queries arrive', async () => {
    // 70 distinct ~600 KB queries (a long string argument: few tokens, many bytes), each estimated
    // at ~1.2 MB: 84 MB in all, so the cache must evict to stay under its 64 MiB.
    const bound = 64 * 1024 * 1024;
    let largest = 0;
    for (let i = 0; i < 70; i += 1) {
      const out = await api.graphql({ query: `{ echo(text: "${String(i).padStart(6, '0')}${'x'.repeat(600_000)}") }` }, { 'x-api-key': api.apiKey });
      expect(out.status).toBe(200);
      largest = Math.max(largest, api.runtime.queryCacheBytes());
    }
    expect(largest).toBeGreaterThan(bound - 2 * 1024 * 1024);
    expect(largest).toBeLessThanOrEqual(bound);
    expect(api.runtime.queryCacheBytes()).toBeLessThanOrEqual(bound);
  });
});

describe('resolver amplification', () => {
  it('answers a one-field read while four requests of 400 aliased reads each are still running', async () => {
    const heavyQuery = `{${Array.from({ length: 400 }, (_, i) => ` n${i}: note(id: "missing-${i}") { id }`).join('')} }`;
    const finished: string[] = [];
    const heavy = [0, 1, 2, 3].map((i) =>
      api.graphql({ query: heavyQuery }, { 'x-api-key': api.apiKey }).then((out) => {
        finished.push(`heavy-${i}`);
        return out;
      }),
    );
    // Wait until all four heavy requests have resolver work in flight (bounded: the test's timeout).
    while (api.runtime.resolverLoad().lanes < 4) await new Promise((r) => setTimeout(r, 5));
    const light = await api.graphql({ query: '{ note(id: "light") { id } }' }, { 'x-api-key': api.apiKey });
    finished.push('light');
    expect(light.body).toEqual({ data: { note: null } });
    expect(finished).toEqual(['light']);
    const heavyAnswers = await Promise.all(heavy);
    for (const out of heavyAnswers) expect(Object.keys(out.body.data ?? {})).toHaveLength(400);
  });
});

/** Opens a raw connection to the short-deadline server; resolves with what it received once closed. */
function rawClient(): { socket: Socket; closed: Promise<string> } {
  const socket = connect(slow.port, '127.0.0.1');
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  socket.on('error', () => {});
  const closed = new Promise<string>((resolve) => socket.once('close', () => resolve(received)));
  return { socket, closed };
}

describe('slow and silent sockets', () => {
  it('answers 408 and closes a socket that never sends a byte, as Node does at its headers timeout', async () => {
    const { closed } = rawClient();
    expect(await closed).toBe('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n');
  });

  it('answers 408 and closes a request whose headers never finish', async () => {
    const { socket, closed } = rawClient();
    socket.write('POST /graphql HTTP/1.1\r\nhost: localhost\r\ncontent-');
    expect(await closed).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
  });

  it('answers 408 and closes a request whose body stops half-way', async () => {
    const { socket, closed } = rawClient();
    socket.write('POST /graphql HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"query":');
    expect(await closed).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
  });

  it('closes a TLS handshake that never finishes', async () => {
    const { socket, closed } = rawClient();
    // The first bytes of a ClientHello record, then nothing.
    socket.write(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01]));
    expect(await closed).toBe('');
  });

  it('keeps serving a keep-alive client that sends its requests in time', async () => {
    const out = await fetch(slow.httpUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': api.apiKey }, body: JSON.stringify({ query: '{ echo(text: "ok") }' }) });
    expect(await out.json()).toEqual({ data: { echo: 'ok' } });
  });
});

describe('bodies over the limit', () => {
  it('refuses a chunked body over 1 MB and closes the socket before the client has written it all', async () => {
    const { socket, closed } = rawClient();
    let closedEarly = false;
    void closed.then(() => (closedEarly = true));
    socket.write(`POST /graphql HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\nx-api-key: ${api.apiKey}\r\ntransfer-encoding: chunked\r\n\r\n`);
    const chunk = 'x'.repeat(64 * 1024);
    const total = 16 * MAX_BODY_BYTES;
    let written = 0;
    while (written < total && !closedEarly) {
      const flushed = socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      written += chunk.length;
      if (!flushed) await new Promise<void>((resolve) => { socket.once('drain', resolve); socket.once('close', resolve); });
    }
    const received = await closed;
    expect(received).toMatch(/^HTTP\/1\.1 413 /);
    expect(received).toContain('"errorType":"PayloadTooLargeException"');
    expect(written).toBeLessThan(total);
  });
});

describe('malformed URIs', () => {
  it.each(['/graphql?query=%E0%A4%A', '//%', '/graphql%ZZ'])('answers %s with a typed 400 and no exception text', async (target) => {
    const { socket, closed } = rawClient();
    socket.end(`GET ${target} HTTP/1.1\r\nhost: localhost\r\nx-api-key: ${api.apiKey}\r\nconnection: close\r\n\r\n`);
    const received = await closed;
    expect(received).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(received.slice(received.indexOf('\r\n\r\n') + 4)).toBe('{"errors":[{"errorType":"MalformedHttpRequestException","message":"The request URI is not valid."}]}');
  });
});
