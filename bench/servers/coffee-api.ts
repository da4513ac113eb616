/**
 * The coffee API under test (scenario 5): infra/api's definition booted as `npm start` boots it
 * (tables, user pool, bundled resolvers) against the run's DynamoDB Local and cognito-local, with
 * the payment sandbox (run by the bench process, as a stand-in for the card gateway) as its
 * gateway, served over HTTP, TLS and the real-time WebSocket on one loopback port. Seeding (menu,
 * an open store) happens here before the process announces itself, so none of it is measured.
 */
import { seedCoffeeBench } from './coffee-seed';
import { fromRuntimeAuthenticate } from '../../local/src/realtime/auth';
import { createHttpHandler } from '../../local/src/server/http';
import { startServer } from '../../local/src/server/index';
import { bootApi } from '../../local/src/services/boot';
import { apiDefinition } from '../../infra/api';
import { capturedRequests, setCapture } from '../../local/src/metering/capture';
import { usage } from '../../local/src/metering/index';
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

  const flatWhite = { id: await seedCoffeeBench(booted, options) };
  const { userPoolId, clientId } = booted.state.pool;

  return {
    info: { httpsUrl: server.httpsUrl, realtimeUrl: server.realtimeUrl, caPem: server.caPem, userPoolId, clientId, flatWhiteId: flatWhite.id },
    // The usage meter's counters (local/docs/metering.md), read before and after the measured phase.
    // and the DynamoDB calls of each request, for the scenario's floor (a replay with the SDK).
    commands: {
      usage: () => usage.snapshot(),
      capture: (on) => {
        setCapture(on === true);
        return on === true ? 0 : capturedRequests();
      },
    },
    async close() {
      await server.close();
      await booted.runtime.close();
    },
  };
});
