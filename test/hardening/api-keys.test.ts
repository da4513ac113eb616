import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeConfig } from '../../local/src/config';
import { createRuntime, type Runtime } from '../../local/src/runtime';
import type { RunningServer } from '../../local/src/server/index';
import { serveRuntime } from '../../local/test/support/serve';
import { apiKeyMode } from '../../local/test/realtime/appsync-auth';
import { encodeHeader } from '../../local/test/realtime/harness';
import { Subscriber } from '../../local/test/realtime/subscriber';
import { ProtocolClient } from '../../local/test/realtime/ws-client';

/**
 * API keys past their expiry and keys the API never had, on both doors. The coffee API has one
 * live key (npm start replaces an expired one), so this runs a small API with a live and an
 * expired key side by side: the expiry alone must make the difference, on HTTP and WebSocket.
 */

const LIVE = 'da2-livekeylivekeylivekeyliv';
const EXPIRED = 'da2-expiredkeyexpiredkeyexp';
const UNKNOWN = 'da2-unknownkeyunknownkeyunk';
const REFUSED = { errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' };

let runtime: Runtime;
let server: RunningServer;

beforeAll(async () => {
  const now = Math.floor(Date.now() / 1000);
  const config: RuntimeConfig = {
    name: 'hardening-api-keys',
    schema: 'type Query { ping: String } type Mutation { poke: String } type Subscription { onPoke: String @aws_subscribe(mutations: ["poke"]) }',
    defaultAuth: { type: 'API_KEY', keys: [{ id: EXPIRED, expires: now - 60 }, { id: LIVE, expires: now + 3600 }] },
    additionalAuth: [],
    dataSources: [{ type: 'NONE', name: 'none' }],
    functions: [],
    resolvers: ['Query.ping', 'Mutation.poke'].map((name) => {
      const [typeName = '', fieldName = ''] = name.split('.');
      return {
        kind: 'UNIT' as const,
        typeName,
        fieldName,
        dataSource: 'none',
        code: { source: `${name}.js`, code: "export function request() { return { payload: 'pong' }; }\nexport function response(ctx) { return ctx.result; }" },
      };
    }),
  };
  runtime = await createRuntime(config);
  server = await serveRuntime(runtime);
});

afterAll(async () => {
  await server?.close();
  await runtime?.close();
});

async function ping(key: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(server.httpUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: '{"query":"{ ping }"}' });
  return { status: response.status, body: await response.json() };
}

async function connectWith(key: string): Promise<{ frame: Record<string, unknown>; client: ProtocolClient }> {
  const client = await ProtocolClient.open(server.realtimeUrl, ['graphql-ws', encodeHeader(await apiKeyMode(server.httpUrl, key).connect())], server.caPem);
  client.send({ type: 'connection_init' });
  return { frame: await client.next((frame) => frame['type'] === 'connection_ack' || frame['type'] === 'connection_error'), client };
}

describe('API keys', () => {
  it('serve the live key on HTTP and refuse an expired or unknown one with the same 401', async () => {
    expect(await ping(LIVE)).toEqual({ status: 200, body: { data: { ping: 'pong' } } });
    expect(await ping(EXPIRED)).toEqual({ status: 401, body: { errors: [REFUSED] } });
    expect(await ping(UNKNOWN)).toEqual({ status: 401, body: { errors: [REFUSED] } });
  });

  it('refuse an expired or unknown key on the WebSocket connection with connection_error 401, then close it', async () => {
    for (const key of [EXPIRED, UNKNOWN]) {
      const { frame, client } = await connectWith(key);
      expect(frame, key).toEqual({ type: 'connection_error', payload: { errors: [{ ...REFUSED, errorCode: 401 }] } });
      expect((await client.closed).code).toBe(4401);
    }
    const { frame, client } = await connectWith(LIVE);
    expect(frame['type']).toBe('connection_ack');
    await client.close();
  });

  it('refuse an expired key on a start over a live connection, registering nothing', async () => {
    const subscriber = await Subscriber.connect(server.realtimeUrl, { ca: server.caPem, auth: apiKeyMode(server.httpUrl, LIVE) });
    try {
      const answer = await subscriber.start('stale', 'subscription { onPoke }', {}, apiKeyMode(server.httpUrl, EXPIRED));
      expect(answer['type']).toBe('error');
      expect(JSON.stringify(answer['payload'])).toMatch(/Unauthorized/);
      expect(server.hub.stats().subscriptions).toBe(0);
      expect(subscriber.isOpen).toBe(true);
    } finally {
      await subscriber.close();
    }
  });
});
