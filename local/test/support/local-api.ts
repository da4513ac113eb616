import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { createUser, signIn, type SignedInTokens } from '../../src/auth/cognito-admin';
import type { ApiDefinition } from '../../src/project/definitions';
import type { Runtime } from '../../src/runtime';
import type { RunningServer } from '../../src/server/index';
import { createEventServices, type EventServices } from '../../src/events';
import { bootApi, type BootedApi } from '../../src/services/boot';
import { LOCAL_REGION } from '../../src/services/provision';
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
  /** The event-driven half (buses, queues, pipes...), when started with `events: true`. */
  events?: EventServices;
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
  options: { lambdaEnvironment?: Record<string, string>; events?: boolean; trace?: (line: string) => void } = {},
): Promise<TestApi> {
  counter += 1;
  const unique = `${definition.name}-${process.pid}-${Date.now().toString(36)}-${counter}`;
  const dir = mkdtempSync(join(tmpdir(), 'appsync-local-test-'));
  const cognitoEndpoint = inject('cognitoEndpoint');
  const events =
    options.events && definition.events
      ? await createEventServices(definition.events, { dir: join(dir, 'events'), region: LOCAL_REGION, ...(options.trace && { trace: options.trace }) })
      : undefined;
  const booted = await bootApi(
    { ...definition, name: unique },
    {
      dynamodbEndpoint: inject('dynamoEndpoint'),
      cognitoEndpoint,
      issuerFor: (poolId) => `${cognitoEndpoint}/${poolId}`,
      jwksUriFor: (poolId) => `${cognitoEndpoint}/${poolId}/.well-known/jwks.json`,
    },
    join(dir, 'state.json'),
    {
      lambdaEnvironment: { ...options.lambdaEnvironment, ...(events && { AWS_ENDPOINT_URL_EVENTBRIDGE: events.endpoint }) },
      ...(events && { resolveResource: events.resolveResource, eventBuses: (name: string) => events.buses[name] }),
    },
  );
  const server = await serveRuntime(booted.runtime, { tlsDir: join(dir, 'tls') });
  await events?.start({
    lambda: booted.lambda,
    graphqlUrl: () => server.httpUrl,
    credentials: booted.state.iam,
    tableName: (logical) => booted.tableNames[logical] ?? logical,
    dynamodbEndpoint: inject('dynamoEndpoint'),
  });
  const { userPoolId, clientId } = booted.state.pool;
  return {
    runtime: booted.runtime,
    server,
    booted,
    ...(events && { events }),
    apiKey: booted.state.apiKey.id,
    async graphql(body, headers = {}) {
      const response = await fetch(server.httpUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as GraphqlBody };
    },
    createUser: (email, groups = []) => createUser({ endpoint: cognitoEndpoint, userPoolId, username: email, password: TEST_PASSWORD, groups, attributes: { email } }),
    signIn: (email) => signIn({ endpoint: cognitoEndpoint, clientId, username: email, password: TEST_PASSWORD }),
    async close() {
      await events?.close();
      await server.close();
      await booted.runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
