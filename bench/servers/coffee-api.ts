/**
 * The coffee API under test (scenario 5): infra/api's definition booted as `npm start` boots it
 * (tables, user pool, bundled resolvers) against the run's DynamoDB Local and cognito-local, with
 * the payment sandbox (run by the bench process, as a stand-in for the card gateway) as its
 * gateway, served over HTTP, TLS and the real-time WebSocket on one loopback port. Seeding (menu,
 * an open store) happens here before the process announces itself, so none of it is measured.
 */
import { createUser, signIn } from '../../local/src/auth/cognito-admin';
import { fromRuntimeAuthenticate } from '../../local/src/realtime/auth';
import { createHttpHandler } from '../../local/src/server/http';
import { startServer } from '../../local/src/server/index';
import { bootApi } from '../../local/src/services/boot';
import { apiDefinition } from '../../infra/api';
import { authContextFor, runAs } from '../../scripts/seed/manager';
import { seedMenuAs } from '../../scripts/seed/menu';
import { ensureStore } from '../../scripts/seed/store';
import { host, readOptions } from '../lib/host';

export interface CoffeeApiServerOptions {
  dynamodbEndpoint: string;
  cognitoEndpoint: string;
  stateFile: string;
  tlsDir: string;
  paymentSandboxUrl: string;
  paymentSandboxSecretKey: string;
  /** Password given to every user the bench creates in this pool. */
  password: string;
}

export interface CoffeeApiServerInfo {
  httpsUrl: string;
  realtimeUrl: string;
  caPem: string;
  userPoolId: string;
  clientId: string;
  /** The menu item every bench order is made of. */
  flatWhiteId: string;
}

host<CoffeeApiServerInfo>(async () => {
  const options = readOptions<CoffeeApiServerOptions>();
  const booted = await bootApi(
    apiDefinition,
    {
      dynamodbEndpoint: options.dynamodbEndpoint,
      cognitoEndpoint: options.cognitoEndpoint,
      issuerFor: (poolId) => `${options.cognitoEndpoint}/${poolId}`,
      jwksUriFor: (poolId) => `${options.cognitoEndpoint}/${poolId}/.well-known/jwks.json`,
    },
    options.stateFile,
    { lambdaEnvironment: { PAYMENT_GATEWAY: 'sandbox', PAYMENT_SANDBOX_URL: options.paymentSandboxUrl, PAYMENT_SANDBOX_SECRET_KEY: options.paymentSandboxSecretKey } },
  );
  const server = await startServer({
    port: 0,
    tlsDir: options.tlsDir,
    handleHttp: createHttpHandler(booted.runtime.http),
    realtime: { engine: booted.runtime.engine, authenticate: fromRuntimeAuthenticate((request) => booted.runtime.authenticate(request)) },
  });

  // A manager seeds through the API itself, as `npm start` does, so the data is what the app sees.
  const { userPoolId, clientId } = booted.state.pool;
  const email = `bench-manager-${Date.now().toString(36)}@brewline.test`;
  await createUser({ endpoint: options.cognitoEndpoint, userPoolId, username: email, password: options.password, groups: ['Managers'], attributes: { email } });
  const tokens = await signIn({ endpoint: options.cognitoEndpoint, clientId, username: email, password: options.password });
  const manager = await authContextFor(booted.runtime, tokens.accessToken);
  await seedMenuAs(booted.runtime, manager);
  await ensureStore(booted.runtime, manager);
  // The defaults (30 orders in the queue, 3 active per customer) would refuse the bench's orders:
  // READY orders stay active until collected, and the bench does not collect them.
  await runAs(booted.runtime, manager, 'raising the store limits', 'mutation($input: UpdateStoreSettingsInput!) { updateStoreSettings(input: $input) { capacity } }', {
    input: { capacity: 1000, customerOrderLimit: 100 },
  });
  const { menu } = await runAs<{ menu: { categories: Array<{ items: Array<{ id: string; name: string }> }> } }>(
    booted.runtime,
    manager,
    'reading the menu',
    'query { menu { categories { items { id name } } } }',
  );
  const flatWhite = menu.categories.flatMap((category) => category.items).find((item) => item.name === 'Flat white');
  if (!flatWhite) throw new Error('the seeded menu has no Flat white');

  return {
    info: { httpsUrl: server.httpsUrl, realtimeUrl: server.realtimeUrl, caPem: server.caPem, userPoolId, clientId, flatWhiteId: flatWhite.id },
    async close() {
      await server.close();
      await booted.runtime.close();
    },
  };
});
