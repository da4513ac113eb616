/**
 * `npm start`: the whole local system. DynamoDB Local and cognito-local as child processes, the
 * AppSync-compatible runtime in this process, tables and user pool created from the same
 * definitions CDK deploys, a seeded menu and demo users. Ctrl-C stops everything.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiDefinition } from '../infra/api';
import { fromRuntimeAuthenticate } from '../local/src/realtime/auth';
import { createHttpHandler } from '../local/src/server/http';
import { startServer } from '../local/src/server/index';
import { buildClient, clientStaticHandler } from '../client';
import { startExpirySweeper } from '../lambdas/expiry-sweeper/local';
import { startPaymentSandbox } from '../payment-sandbox';
import { amplifyOutputs } from '../local/src/services/amplify-outputs';
import { bootApi } from '../local/src/services/boot';
import { startCognitoLocal } from '../local/src/services/cognito-local';
import { JAVA_INSTALL_HINT, javaAvailable, startDynamoDbLocal } from '../local/src/services/dynamodb-local';
import { ensurePrivateDir } from '../local/src/services/local-state';
import { LOCAL_REGION, ensureUsers } from '../local/src/services/provision';
import { managerAuth } from './seed/manager';
import { seedMenuAs } from './seed/menu';
import { ensureStore } from './seed/store';
import { demoUsers } from './seed/users';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
// Both overridable so tests (and a second copy on one machine) can run apart from the developer's.
const localDir = process.env.BREWLINE_LOCAL_DIR ?? join(root, '.local');
const outputsFile = process.env.BREWLINE_OUTPUTS_FILE ?? join(root, 'amplify_outputs.json');
const port = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);

async function main(): Promise<void> {
  const started = performance.now();
  // Everything this process and its children (DynamoDB Local, cognito-local, the sandbox) write
  // under .local is this user's only.
  process.umask(0o077);
  if (!javaAvailable()) {
    console.error(`DynamoDB Local needs Java 17, which is not installed. Install it with:\n\n  ${JAVA_INSTALL_HINT}\n`);
    process.exit(1);
  }
  // Children still starting when a signal comes are killed by killOnExit's exit hook.
  const stops: Array<() => Promise<void>> = [];
  const shutdown = async (code: number): Promise<never> => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    process.exit(code);
  };
  // Ctrl-C reaches this process twice (from the terminal's process group and relayed by tsx), so
  // the handlers stay installed and shutdown runs once: a second signal must not kill us mid-way.
  let stopping = false;
  const onSignal = (): void => {
    if (stopping) return;
    stopping = true;
    void shutdown(0);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  // The origins the runtime serves the web apps from: the only pages that may talk to the
  // sandbox's tokenization and to cognito-local from a browser.
  const appPort = port('PORT', 4000);
  // The stand-ins hold every order, card token and password hash: loopback only, unless the
  // developer says otherwise (local/docs/services.md).
  const servicesHost = process.env.SERVICES_HOST ?? '127.0.0.1';
  ensurePrivateDir(localDir);
  const appOrigins = ['https', 'http'].flatMap((scheme) => ['127.0.0.1', 'localhost'].map((host) => `${scheme}://${host}:${appPort}`));

  try {
    const [dynamo, cognito] = await Promise.all([
      startDynamoDbLocal({ port: port('DYNAMODB_PORT', 8000), dbPath: join(localDir, 'dynamodb'), host: servicesHost }),
      startCognitoLocal({ port: port('COGNITO_PORT', 9229), dataDir: join(localDir, 'cognito'), host: servicesHost, browserOrigins: appOrigins }),
    ]);
    stops.push(() => dynamo.stop(), () => cognito.stop());
    const payments = await startPaymentSandbox({
      port: port('PAYMENTS_PORT', 4010),
      dataDir: join(localDir, 'payment-sandbox'),
      host: servicesHost,
      browserOrigins: appOrigins,
      log: (line) => console.log(`[payments] ${line}`),
    });
    stops.push(() => payments.stop());
    const api = await bootApi(
      apiDefinition,
      {
        dynamodbEndpoint: dynamo.endpoint,
        cognitoEndpoint: cognito.endpoint,
        issuerFor: cognito.issuerFor,
        jwksUriFor: cognito.jwksUriFor,
      },
      join(localDir, 'state.json'),
      { lambdaEnvironment: { PAYMENT_GATEWAY: 'sandbox', PAYMENT_SANDBOX_URL: payments.url, PAYMENT_SANDBOX_SECRET_KEY: payments.secretKey } },
    );
    stops.push(() => api.runtime.close());
    const { outDir } = await buildClient();
    const server = await startServer({
      port: appPort,
      host: process.env.HOST ?? '127.0.0.1',
      tlsDir: join(localDir, 'tls'),
      handleHttp: createHttpHandler(api.runtime.http, { staticHandler: clientStaticHandler({ distDir: outDir, outputsFile }) }),
      realtime: { engine: api.runtime.engine, authenticate: fromRuntimeAuthenticate((r) => api.runtime.authenticate(r)) },
    });
    stops.push(() => server.close());
    // EventBridge runs the sweeper every minute on AWS; here a timer does, over IAM like the Lambda.
    stops.push(startExpirySweeper({ graphqlUrl: server.httpUrl, credentials: api.state.iam, region: LOCAL_REGION, intervalMs: 60_000 }));

    await ensureUsers(cognito.endpoint, api.state.pool.userPoolId, demoUsers);
    const manager = await managerAuth({ runtime: api.runtime, cognitoEndpoint: cognito.endpoint, clientId: api.state.pool.clientId });
    await ensureStore(api.runtime, manager);
    const seeded = await seedMenuAs(api.runtime, manager);

    // ensureLocalTls wrote it there, in the server's tlsDir.
    const caFile = join(localDir, 'tls', 'ca.pem');
    const outputs = amplifyOutputs({
      definition: apiDefinition,
      region: LOCAL_REGION,
      userPoolId: api.state.pool.userPoolId,
      clientId: api.state.pool.clientId,
      apiKey: api.state.apiKey.id,
      endpoints: { graphqlUrl: server.httpsUrl, realtimeUrl: server.realtimeUrl, cognitoEndpoint: cognito.endpoint, dynamodbEndpoint: dynamo.endpoint },
      caCertificatePath: relative(dirname(outputsFile), caFile),
      extra: { paymentTokenizeUrl: `${payments.url}/v1/tokens` },
    });
    writeFileSync(outputsFile, `${JSON.stringify(outputs, null, 2)}\n`);

    const origin = server.httpsUrl.replace(/\/graphql$/, '');
    const lines = [
      '',
      `Brewline is running (ready in ${((performance.now() - started) / 1000).toFixed(1)} s).`,
      '',
      `  GraphQL        ${server.httpUrl}`,
      `                 ${server.httpsUrl}  (same port; TLS for browsers and aws-amplify)`,
      `  Real-time      ${server.realtimeUrl}`,
      `  GraphiQL       ${server.httpUrl.replace(/\/graphql$/, '')}/graphiql   (queries and live subscriptions)`,
      `  Web apps       ${origin}/   ${origin}/barista   ${origin}/manager   ${origin}/explorer`,
      `  TLS origin     ${origin}   (browser apps on aws-amplify dial wss://: open it once, accept the certificate)`,
      `  Cognito        ${cognito.endpoint}  pool ${api.state.pool.userPoolId}, client ${api.state.pool.clientId}`,
      `  DynamoDB       ${dynamo.endpoint}`,
      `  Payments       ${payments.url}   (sandbox gateway; test cards in payment-sandbox/README.md)`,
      `  API key        ${api.state.apiKey.id}`,
      `  IAM (backend)  ${api.state.iam.accessKeyId} / ${api.state.iam.secretAccessKey}  region ${LOCAL_REGION}`,
      `  Outputs        ${relative(process.cwd(), outputsFile)}`,
      '',
      '  Demo logins (email / password / group):',
      ...demoUsers.map((u) => `    ${u.email.padEnd(24)} ${u.password.padEnd(12)} ${u.groups.join(', ')}`),
      '',
      `  Menu: ${seeded.total} items (${seeded.created} added now).`,
      '',
      'Press Ctrl-C to stop.',
    ];
    console.log(lines.join('\n'));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    await shutdown(1);
  }
}

void main();
