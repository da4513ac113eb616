import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Amplify } from 'aws-amplify';
import { type GraphQLSubscription, generateClient } from 'aws-amplify/api';
import { signIn, signOut } from 'aws-amplify/auth';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type AuthConfig, authenticate } from '../../src/auth/authenticate';
import { createPool, createUser } from '../../src/auth/cognito-admin';
import { fromRuntimeAuthenticate } from '../../src/realtime/auth';
import { type RunningServer, startServer } from '../../src/server/index';
import { eventually, installTrustingWebSocket } from './amplify-client';
import { ToyEngine } from './toy-engine';

/**
 * Unmodified aws-amplify v6 against the protocol core, with real Cognito tokens from cognito-local
 * verified by the runtime's authenticate. The GraphQL side is the toy engine, so this pins the
 * wire protocol independently of the runtime (amplify-node.test.ts covers the whole runtime).
 */

let server: RunningServer;
let tlsDir: string;
let restoreWebSocket: () => void;
const engine = new ToyEngine();
const starts: string[] = [];

beforeAll(async () => {
  const endpoint = inject('cognitoEndpoint');
  const pool = await createPool({ endpoint, name: `realtime-protocol-${Date.now()}` });
  await createUser({ endpoint, userPoolId: pool.userPoolId, username: 'barista@example.com', password: 'Passw0rd!Passw0rd' });
  const authConfig: AuthConfig = {
    defaultAuth: { type: 'AMAZON_COGNITO_USER_POOLS', userPoolId: pool.userPoolId, issuer: pool.issuer, jwksUri: pool.jwksUri },
    additionalAuth: [],
  };
  const authenticateRealtime = fromRuntimeAuthenticate((request) => authenticate(authConfig, request));
  tlsDir = mkdtempSync(join(tmpdir(), 'appsync-local-tls-'));
  server = await startServer({
    port: 0,
    tlsDir,
    handleHttp: (_request, response) => response.end(),
    realtime: {
      engine,
      authenticate: async (request) => {
        const result = await authenticateRealtime(request);
        if (result.ok) starts.push(`${request.signed.path} as ${result.auth.mode}`);
        return result;
      },
    },
  });
  restoreWebSocket = installTrustingWebSocket(server.caPem);
  Amplify.configure({
    Auth: { Cognito: { userPoolId: pool.userPoolId, userPoolClientId: pool.clientId, userPoolEndpoint: endpoint } },
    API: { GraphQL: { endpoint: server.httpUrl, region: 'local', defaultAuthMode: 'userPool' } },
  });
  await signIn({ username: 'barista@example.com', password: 'Passw0rd!Passw0rd', options: { authFlowType: 'USER_PASSWORD_AUTH' } });
});

afterAll(async () => {
  await signOut().catch(() => undefined);
  restoreWebSocket?.();
  await server?.close();
  rmSync(tlsDir, { recursive: true, force: true });
});

describe('aws-amplify v6 over the local real-time endpoint', () => {
  it('connects over wss with a Cognito access token, subscribes and receives a published event', async () => {
    const received: unknown[] = [];
    const errors: unknown[] = [];
    const subscription = generateClient()
      .graphql<GraphQLSubscription<{ onAnyChange: { id: string; owner: string | null } }>>({
        query: 'subscription OnAny { onAnyChange { id owner } }',
      })
      .subscribe({ next: (event) => received.push(event), error: (error: unknown) => errors.push(error) });

    await eventually(() => server.hub.stats().subscriptions === 1 || errors.length > 0);
    expect(errors).toEqual([]);
    expect(starts).toEqual(['/graphql/connect as AMAZON_COGNITO_USER_POOLS', '/graphql as AMAZON_COGNITO_USER_POOLS']);

    engine.publish('putItem', { id: 'order-1', owner: 'ana', body: 'not selected' });
    await eventually(() => received.length > 0);
    expect(received[0]).toEqual({ data: { onAnyChange: { id: 'order-1', owner: 'ana' } } });

    subscription.unsubscribe();
    await eventually(() => server.hub.stats().subscriptions === 0);
  });
});
