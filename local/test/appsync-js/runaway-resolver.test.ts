import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeConfig } from '../../src/config';
import { createRuntime, type Runtime } from '../../src/runtime';
import type { RunningServer } from '../../src/server/index';
import { serveRuntime } from '../support/serve';

/**
 * A resolver whose code never ends, over real HTTP: the field fails with AppSync's time-out error
 * once its time limit passes (checked inside the realm, local/docs/appsync-js.md), and the server
 * answers the next request as usual.
 */

const KEY = 'da2-runawayrunawayrunawayru';
let runtime: Runtime;
let server: RunningServer;

beforeAll(async () => {
  const config: RuntimeConfig = {
    name: 'runaway-resolver',
    schema: 'type Query { spin: String ping: String }',
    defaultAuth: { type: 'API_KEY', keys: [{ id: KEY, expires: Math.floor(Date.now() / 1000) + 3600 }] },
    additionalAuth: [],
    dataSources: [{ type: 'NONE', name: 'none' }],
    functions: [],
    evaluationTimeoutMs: 200,
    resolvers: [
      {
        kind: 'UNIT',
        typeName: 'Query',
        fieldName: 'spin',
        dataSource: 'none',
        code: {
          source: 'Query.spin.js',
          code: 'export function request(ctx) { const m = new Map([[0, 0]]); for (const [n] of m) { m.delete(n); m.set(n + 1, 0); } return {}; }\nexport function response(ctx) { return ctx.result; }',
        },
      },
      {
        kind: 'UNIT',
        typeName: 'Query',
        fieldName: 'ping',
        dataSource: 'none',
        code: { source: 'Query.ping.js', code: "export function request() { return { payload: 'pong' }; }\nexport function response(ctx) { return ctx.result; }" },
      },
    ],
  };
  runtime = await createRuntime(config);
  server = await serveRuntime(runtime);
});
afterAll(async () => {
  await server?.close();
  await runtime?.close();
});

async function query(text: string): Promise<Record<string, unknown>> {
  const response = await fetch(server.httpUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEY }, body: JSON.stringify({ query: text }) });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

describe('a resolver that never ends', () => {
  it('fails its field with AppSync’s time-out error, and the server keeps serving', async () => {
    const [spun, pinged] = await Promise.all([query('{ spin }'), query('{ ping }')]);
    expect(spun).toMatchObject({ data: { spin: null }, errors: [{ path: ['spin'], errorType: 'ExecutionTimeout', message: 'Execution timed out.' }] });
    expect(pinged).toEqual({ data: { ping: 'pong' } });
    expect(await query('{ ping }')).toEqual({ data: { ping: 'pong' } });
  });
});
