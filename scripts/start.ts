/**
 * `npm start`: the whole local system. DynamoDB Local and cognito-local as child processes, the
 * AppSync-compatible runtime in this process, tables and user pool created from the same
 * definitions CDK deploys, a seeded menu and demo users. Ctrl-C stops everything.
 */
import { writeFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiDefinition } from '../infra/api';
import { fromRuntimeAuthenticate } from '../local/src/realtime/auth';
import { createHttpHandler } from '../local/src/server/http';
import { startServer } from '../local/src/server/index';
import { buildClient, clientStaticHandler } from '../client';
import { startPaymentSandbox } from '../payment-sandbox';
import { createEventServices } from '../local/src/events';
import { requestLogOptionsFrom } from '../local/src/server/request-log';
import { amplifyOutputs } from '../local/src/services/amplify-outputs';
import { bootApi } from '../local/src/services/boot';
import { startCognitoLocal } from '../local/src/services/cognito-local';
import { JAVA_INSTALL_HINT, javaAvailable, startDynamoDbLocal } from '../local/src/services/dynamodb-local';
import { ensurePrivateDir } from '../local/src/services/local-state';
import { LOCAL_REGION, ensureUsers } from '../local/src/services/provision';
import { managerAuth } from './seed/manager';
import { rebuildAnalytics } from './rebuild-analytics';
import { seedHistory } from './seed/history';
import { seedMenuAs } from './seed/menu';
import { ensureStore } from './seed/store';
import { demoUsers } from './seed/users';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
// Both overridable so tests (and a second copy on one machine) can run apart from the developer's.
const localDir = process.env.BREWLINE_LOCAL_DIR ?? join(root, '.local');
const outputsFile = process.env.BREWLINE_OUTPUTS_FILE ?? join(root, 'amplify_outputs.json');
const port = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
// `npm start -- --trace-events`: one line per event (source, detail-type, id, rules matched) and per target outcome.
const traceEvents = process.argv.includes('--trace-events');

async function main(): Promise<void> {
  const requestLog = requestLogOptionsFrom(process.argv, process.env);
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
  // A second Ctrl-C (an impatient developer, or a process manager sending SIGINT then SIGTERM)
  // must not kill us mid-way: the handlers stay installed and shutdown runs once. `npm start` runs
  // node with tsx's loader (`node --import tsx`), not the tsx CLI: the CLI is a parent process
  // that, when its child does not confirm a signal within 2 x 30 ms (a busy event loop, a loaded
  // machine), SIGKILLs it and exits 130, skipping this shutdown.
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
    // The event-driven half (local/src/events): buses, rules, queues, pipes and the lake, from the
    // same definitions CDK deploys; the schedule rule among them runs the expiry sweeper every minute.
    const events = await createEventServices(apiDefinition.events ?? { buses: {}, rules: {}, queues: {}, queueConsumers: {}, deliveryStreams: {}, pipes: {} }, {
      dir: join(localDir, 'events'),
      region: LOCAL_REGION,
      ...(traceEvents && { trace: (line: string) => console.log(`[events] ${line}`) }),
      log: (line) => console.log(`[events] ${line}`),
    });
    stops.push(() => events.close());
    const api = await bootApi(
      apiDefinition,
      {
        dynamodbEndpoint: dynamo.endpoint,
        cognitoEndpoint: cognito.endpoint,
        issuerFor: cognito.issuerFor,
        jwksUriFor: cognito.jwksUriFor,
      },
      join(localDir, 'state.json'),
      {
        lambdaEnvironment: {
          PAYMENT_GATEWAY: 'sandbox',
          PAYMENT_SANDBOX_URL: payments.url,
          PAYMENT_SANDBOX_SECRET_KEY: payments.secretKey,
          AWS_ENDPOINT_URL_EVENTBRIDGE: events.endpoint,
          // The analytics Lambda queries the lake with DuckDB, where the Firehose stand-in writes it.
          ANALYTICS_LAKE_DIR: events.lakeDir,
        },
        resolveResource: events.resolveResource,
        eventBuses: (name) => events.buses[name],
        // `npm start -- --request-log[=all]` or BREWLINE_REQUEST_LOG: AppSync-style request logs.
        ...(requestLog && { requestLog }),
      },
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
    await events.start({
      lambda: api.lambda,
      graphqlUrl: () => server.httpUrl,
      credentials: api.state.iam,
      tableName: (logical) => api.tableNames[logical] ?? logical,
      dynamodbEndpoint: dynamo.endpoint,
    });

    await ensureUsers(cognito.endpoint, api.state.pool.userPoolId, demoUsers);
    const manager = await managerAuth({ runtime: api.runtime, cognitoEndpoint: cognito.endpoint, clientId: api.state.pool.clientId });
    await ensureStore(api.runtime, manager);
    const seeded = await seedMenuAs(api.runtime, manager);
    // Four weeks of past orders for the managers' charts, once, as events through the bus
    // (scripts/seed/history.ts); BREWLINE_HISTORY_DAYS=0 for none (tests whose subject is not history).
    const history = await seedHistory({ days: historyDays(), runtime: api.runtime, manager, endpoint: events.endpoint, busName: 'domain', region: LOCAL_REGION, credentials: api.state.iam, markerFile: join(localDir, 'events', 'history.json'), idle: () => events.idle(), flushLake: () => Promise.all(Object.values(events.deliveryStreams).map((stream) => stream.flush())) });
    // `npm start -- --rebuild-analytics`: the lake and the rollups rebuilt from the archive (scripts/rebuild-analytics.ts).
    if (process.argv.includes('--rebuild-analytics')) console.log(`Rebuilt analytics: ${(await rebuildAnalytics({ services: events, busName: 'domain', region: LOCAL_REGION, credentials: api.state.iam, dynamodb: new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_REGION, credentials: api.state.iam }), metricsTable: api.tableNames.metrics ?? 'metrics', rollupQueue: 'metricsRollup' })).eventsReplayed} events replayed.`);

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
      `  Events         bus "domain" over the AWS SDK at ${events.endpoint}   (npm start -- --trace-events prints each event)`,
      `                 archive ${relative(process.cwd(), join(localDir, 'events', 'archives'))}, lake ${relative(process.cwd(), events.lakeDir)}`,
      `                 dead letters: queues ${events.queues.names.filter((n) => n.endsWith('DeadLetters')).join(', ')} (journals in ${relative(process.cwd(), join(localDir, 'events', 'queues'))})`,
      `  API key        ${api.state.apiKey.id}`,
      `  IAM (backend)  ${api.state.iam.accessKeyId} / ${api.state.iam.secretAccessKey}  region ${LOCAL_REGION}`,
      `  Outputs        ${relative(process.cwd(), outputsFile)}`,
      '',
      '  Demo logins (email / password / group):',
      ...demoUsers.map((u) => `    ${u.email.padEnd(24)} ${u.password.padEnd(12)} ${u.groups.join(', ')}`),
      '',
      `  Menu: ${seeded.total} items (${seeded.created} added now).`,
      `  History: ${history.orders} orders over ${history.days} days${history.seededNow ? ' (seeded now; the rollups count them in the background)' : ''}.`,
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

/** BREWLINE_HISTORY_DAYS: how many past days a first start seeds (28 by default; 0 for none). */
function historyDays(): number {
  const text = process.env.BREWLINE_HISTORY_DAYS ?? '28';
  const days = Number(text);
  if (!Number.isInteger(days) || days < 0 || days > 366) throw new Error(`BREWLINE_HISTORY_DAYS must be a whole number of days from 0 to 366, not "${text}".`);
  return days;
}
