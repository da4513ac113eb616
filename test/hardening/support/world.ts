import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { apiDefinition } from '../../../infra/api';
import { createUser, signIn } from '../../../local/src/auth/cognito-admin';
import type { ApiDefinition } from '../../../local/src/project/definitions';
import { fromRuntimeAuthenticate } from '../../../local/src/realtime/auth';
import { createHttpHandler } from '../../../local/src/server/http';
import { startServer } from '../../../local/src/server/index';
import { bootApi } from '../../../local/src/services/boot';
import { TEST_PASSWORD, type TestApi } from '../../../local/test/support/local-api';
import { startPaymentSandbox } from '../../../payment-sandbox';
import { sandboxEnvironment, type PaymentsWorld } from '../../api/support/payment-steps';

/**
 * The coffee API booted as startPaymentsWorld boots it, with two knobs the fault tests need: the
 * DynamoDB endpoint (a DynamoDB Local of the test's own, to kill and restart) and the definition
 * (a payments data source with a shorter timeout, or a handler that crashes on demand).
 */
export async function startFaultWorld(options: {
  dynamoEndpoint?: string;
  definition?: ApiDefinition;
  /** Where the payments Lambda finds the gateway; by default the sandbox this world starts. */
  gatewayUrl?: (sandboxUrl: string) => Promise<string>;
} = {}): Promise<PaymentsWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'brewline-faults-'));
  const sandbox = await startPaymentSandbox({ port: 0, dataDir: join(dir, 'sandbox') });
  const definition = options.definition ?? apiDefinition;
  const cognitoEndpoint = inject('cognitoEndpoint');
  const booted = await bootApi(
    { ...definition, name: `${definition.name}-faults-${process.pid}-${Date.now().toString(36)}` },
    {
      dynamodbEndpoint: options.dynamoEndpoint ?? inject('dynamoEndpoint'),
      cognitoEndpoint,
      issuerFor: (poolId) => `${cognitoEndpoint}/${poolId}`,
      jwksUriFor: (poolId) => `${cognitoEndpoint}/${poolId}/.well-known/jwks.json`,
    },
    join(dir, 'state.json'),
    { lambdaEnvironment: sandboxEnvironment(sandbox, options.gatewayUrl ? await options.gatewayUrl(sandbox.url) : sandbox.url) },
  );
  const server = await startServer({
    port: 0,
    tlsDir: join(dir, 'tls'),
    handleHttp: createHttpHandler(booted.runtime.http),
    realtime: { engine: booted.runtime.engine, authenticate: fromRuntimeAuthenticate((request) => booted.runtime.authenticate(request)) },
  });
  const { userPoolId, clientId } = booted.state.pool;
  const api: TestApi = {
    runtime: booted.runtime,
    server,
    booted,
    apiKey: booted.state.apiKey.id,
    async graphql(body, headers = {}) {
      const response = await fetch(server.httpUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as Awaited<ReturnType<TestApi['graphql']>>['body'] };
    },
    createUser: (email, groups = []) => createUser({ endpoint: cognitoEndpoint, userPoolId, username: email, password: TEST_PASSWORD, groups, attributes: { email } }),
    signIn: (email) => signIn({ endpoint: cognitoEndpoint, clientId, username: email, password: TEST_PASSWORD }),
    async close() {
      await server.close();
      await booted.runtime.close();
    },
  };
  return {
    api,
    sandbox,
    async close() {
      await api.close();
      await sandbox.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The coffee API with the payments data source changed: another handler module or timeout. */
export function withPayments(change: { handler?: string; timeoutSeconds?: number }): ApiDefinition {
  const payments = apiDefinition.functions?.['payments'];
  if (!payments) throw new Error('the API has no payments function');
  return { ...apiDefinition, functions: { ...apiDefinition.functions, payments: { ...payments, ...change } } };
}
