import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type RunningServer, startServer } from '../../src/server/index';
import { ensureLocalTls } from '../../src/server/tls';
import { apiKeyHeaders, encodeHeader } from './harness';
import { ToyEngine, toyAuthenticator } from './toy-engine';
import { ProtocolClient } from './ws-client';

let tlsDir: string;
let server: RunningServer;
const engine = new ToyEngine();
const clients: ProtocolClient[] = [];

beforeAll(async () => {
  tlsDir = mkdtempSync(join(tmpdir(), 'appsync-local-tls-'));
  server = await startServer({
    port: 0,
    tlsDir,
    handleHttp: (request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ url: request.url, encrypted: 'encrypted' in request.socket }));
    },
    realtime: { engine, authenticate: toyAuthenticator().authenticate },
  });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

afterAll(async () => {
  await server?.close();
  rmSync(tlsDir, { recursive: true, force: true });
});

function fetchJson(get: typeof httpGet | typeof httpsGet, url: string, options: { ca?: string } = {}): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    get(url, options, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve(JSON.parse(body) as Record<string, unknown>));
    }).on('error', reject);
  });
}

async function open(url: string, protocols: string[]): Promise<ProtocolClient> {
  const client = await ProtocolClient.open(url, protocols, server.caPem);
  clients.push(client);
  return client;
}

const startMessage = (id: string) => ({
  id,
  type: 'start',
  payload: {
    data: JSON.stringify({ query: 'subscription { onAnyChange { id } }', variables: {} }),
    extensions: { authorization: apiKeyHeaders },
  },
});

describe('one port, two protocols', () => {
  it('serves plain HTTP to the same handler', async () => {
    expect(server.httpUrl).toBe(`http://127.0.0.1:${server.port}/graphql`);
    expect(await fetchJson(httpGet, server.httpUrl)).toEqual({ url: '/graphql', encrypted: false });
  });

  it('serves HTTPS with a certificate that the local CA vouches for', async () => {
    expect(await fetchJson(httpsGet, server.httpsUrl, { ca: server.caPem })).toEqual({ url: '/graphql', encrypted: true });
  });

  it('is not trusted by a client that was not given the CA', async () => {
    await expect(fetchJson(httpsGet, server.httpsUrl)).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  });

  it('refuses WebSocket upgrades on other paths with 404', async () => {
    const status = await new Promise<number | undefined>((resolve) => {
      const socket = new WebSocket(`wss://127.0.0.1:${server.port}/elsewhere`, ['graphql-ws'], { ca: server.caPem });
      socket.once('unexpected-response', (_request, response) => resolve(response.statusCode));
      socket.once('error', () => resolve(undefined));
    });
    expect(status).toBe(404);
  });
});

describe('the AppSync protocol over a real socket', () => {
  it('speaks it over TLS with the header- subprotocol, selecting graphql-ws', async () => {
    const client = await open(server.realtimeUrl, ['graphql-ws', encodeHeader(apiKeyHeaders)]);
    expect(client.socket.protocol).toBe('graphql-ws');
    client.send({ type: 'connection_init' });
    expect(await client.next((f) => f.type === 'connection_ack')).toEqual({ type: 'connection_ack', payload: { connectionTimeoutMs: 300000 } });
    client.send(startMessage('s1'));
    await client.next((f) => f.type === 'start_ack');
    engine.publish('putItem', { id: 'i1', owner: 'ana' });
    expect(await client.next((f) => f.type === 'data')).toEqual({ id: 's1', type: 'data', payload: { data: { onAnyChange: { id: 'i1' } } } });
    client.send({ id: 's1', type: 'stop' });
    await client.next((f) => f.type === 'complete');
  });

  it('speaks it to a legacy client that sends ?header=&payload=e30=', async () => {
    const header = Buffer.from(JSON.stringify(apiKeyHeaders)).toString('base64');
    const client = await open(`${server.realtimeUrl}?header=${header}&payload=e30=`, ['graphql-ws']);
    client.send({ type: 'connection_init' });
    await client.next((f) => f.type === 'connection_ack');
    client.send(startMessage('legacy'));
    await client.next((f) => f.type === 'start_ack');
    engine.publish('archiveItem', { id: 'i2' });
    expect(await client.next((f) => f.type === 'data')).toMatchObject({ id: 'legacy', payload: { data: { onAnyChange: { id: 'i2' } } } });
  });

  it('sends connection_error to bad credentials, then closes', async () => {
    const client = await open(server.realtimeUrl, ['graphql-ws', encodeHeader({ host: 'x', 'x-api-key': 'nope' })]);
    client.send({ type: 'connection_init' });
    expect(await client.next((f) => f.type === 'connection_error')).toMatchObject({ payload: { errors: [{ errorType: 'UnauthorizedException', errorCode: 401 }] } });
    expect((await client.closed).code).toBe(4401);
  });
});

describe('the local certificate', () => {
  it('is kept in the folder and reused on the next start', () => {
    const first = ensureLocalTls(tlsDir);
    const second = ensureLocalTls(tlsDir);
    expect(second.caPem).toBe(first.caPem);
    expect(second.certPem).toBe(first.certPem);
    expect(first.caPem).toBe(server.caPem);
  });

  it('covers localhost, 127.0.0.1 and ::1 and chains to the CA', () => {
    const { certPem, caPem } = ensureLocalTls(tlsDir);
    const leaf = new X509Certificate(certPem);
    expect(leaf.checkHost('localhost')).toBe('localhost');
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(leaf.checkIP('::1')).toBe('::1');
    expect(leaf.verify(new X509Certificate(caPem).publicKey)).toBe(true);
  });

  it('exports the SPKI hash Chromium expects, as openssl computes it', async () => {
    const served = await new Promise<string>((resolve, reject) => {
      const socket = tlsConnect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: server.caPem }, () => {
        const raw = socket.getPeerCertificate().raw;
        socket.end();
        resolve(new X509Certificate(raw).toString());
      });
      socket.once('error', reject);
    });
    const publicKey = execFileSync('openssl', ['x509', '-pubkey', '-noout'], { input: served });
    const der = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'der'], { input: publicKey });
    const digest = execFileSync('openssl', ['dgst', '-sha256', '-binary'], { input: der });
    expect(server.spkiSha256).toBe(digest.toString('base64'));
  });
});

describe('shutdown', () => {
  it('closes live WebSockets with 1001 and stops listening', async () => {
    const own = await startServer({
      port: 0,
      tlsDir,
      handleHttp: (_request, response) => response.end('ok'),
      realtime: { engine: new ToyEngine(), authenticate: toyAuthenticator().authenticate },
    });
    const client = await ProtocolClient.open(own.realtimeUrl, ['graphql-ws', encodeHeader(apiKeyHeaders)], own.caPem);
    client.send({ type: 'connection_init' });
    await client.next((f) => f.type === 'connection_ack');
    await own.close();
    expect((await client.closed).code).toBe(1001);
    await expect(fetchJson(httpGet, own.httpUrl)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(own.hub.stats()).toEqual({ connections: 0, subscriptions: 0 });
  });
});
