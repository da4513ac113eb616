import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { createUser, signIn, type SignedInTokens } from '../../src/auth/cognito-admin';
import type { ApiDefinition } from '../../src/project/definitions';
import type { Runtime } from '../../src/runtime';
import type { RunningServer } from '../../src/server/index';
import { bootApi, type BootedApi } from '../../src/services/boot';
import { serveRuntime } from './serve';

/**
 * A whole local API for an integration test: a project definition booted the way `npm start`
 * boots one (tables and user pool provisioned, resolvers bundled from their files, auth modes
 * configured) against the run's shared DynamoDB Local and cognito-local, served on a free port
 * over HTTP, TLS and the real-time WebSocket.
 */
export interface TestApi {
  runtime: Runtime;
  server: RunningServer;
  booted: BootedApi;
  apiKey: string;
  /** POSTs a GraphQL request over plain HTTP and returns the status and parsed body. */
  graphql(body: { query: string; variables?: Record<string, unknown> }, headers?: Record<string, string>): Promise<{ status: number; body: GraphqlBody }>;
  /** Creates a confirmed user (an email) in the API's pool, in the given groups. */
  createUser(email: string, groups?: string[]): Promise<{ sub: string; username: string }>;
  signIn(email: string): Promise<SignedInTokens>;
  close(): Promise<void>;
}

export interface GraphqlBody {
  data?: Record<string, unknown> | null;
  errors?: Array<Record<string, unknown> & { message: string; errorType?: string | null }>;
}

export const TEST_PASSWORD = 'Passw0rd-Test';

let counter = 0;

/** Boots `definition` under a name unique to this run, so test files never share tables or pools. */
export async function startTestApi(
  definition: ApiDefinition,
  options: { lambdaEnvironment?: Record<string, string> } = {},
): Promise<TestApi> {
  counter += 1;
  const unique = `${definition.name}-${process.pid}-${Date.now().toString(36)}-${counter}`;
  const dir = mkdtempSync(join(tmpdir(), 'appsync-local-test-'));
  const cognitoEndpoint = inject('cognitoEndpoint');
  const booted = await bootApi(
    { ...definition, name: unique },
    {
      dynamodbEndpoint: inject('dynamoEndpoint'),
      cognitoEndpoint,
      issuerFor: (poolId) => `${cognitoEndpoint}/${poolId}`,
      jwksUriFor: (poolId) => `${cognitoEndpoint}/${poolId}/.well-known/jwks.json`,
    },
    join(dir, 'state.json'),
    options,
  );
  const server = await serveRuntime(booted.runtime, { tlsDir: join(dir, 'tls') });
  const { userPoolId, clientId } = booted.state.pool;
  return {
    runtime: booted.runtime,
    server,
    booted,
    apiKey: booted.state.apiKey.id,
    async graphql(body, headers = {}) {
      const response = await fetch(server.httpUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as GraphqlBody };
    },
    createUser: (email, groups = []) => createUser({ endpoint: cognitoEndpoint, userPoolId, username: email, password: TEST_PASSWORD, groups, attributes: { email } }),
    signIn: (email) => signIn({ endpoint: cognitoEndpoint, clientId, username: email, password: TEST_PASSWORD }),
    async close() {
      await server.close();
      await booted.runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
