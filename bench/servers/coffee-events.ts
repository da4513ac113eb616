/**
 * The coffee API with its event-driven half (scenario 7), booted as `npm start` boots them: the
 * API (coffee-api.ts's boot, seeding and limits) plus createEventServices from infra/api's
 * EventsDefinition (pipes on the table streams, the domain bus with its archive, the rollup queue
 * and Lambda, the Firehose folder sink). The bus's trace hook (the one `--trace-events` prints) is
 * read here with a timestamp per line: that is when an event was routed and when each target
 * accepted it. The stream readers the scenario compares (the pipe's poller and the raw GetRecords
 * floor) run here too, on request, after the load, so both share this process and its idle CPU.
 */
import { seedCoffeeBench } from './coffee-seed';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { apiDefinition } from '../../infra/api';
import { compileEventPattern } from '../../local/src/eventbridge/pattern';
import { createEventServices } from '../../local/src/events';
import { readStreamRaw, startStreamPipe } from '../../local/src/pipes';
import { latestStreamArn } from '../../local/src/pipes/stream';
import { fromRuntimeAuthenticate } from '../../local/src/realtime/auth';
import { createHttpHandler } from '../../local/src/server/http';
import { startServer } from '../../local/src/server/index';
import { bootApi } from '../../local/src/services/boot';
import { LOCAL_REGION } from '../../local/src/services/provision';
import { host, readOptions } from '../lib/host';

export interface CoffeeEventsServerOptions {
  dynamodbEndpoint: string;
  cognitoEndpoint: string;
  stateFile: string;
  tlsDir: string;
  /** Archives, queue journals, pipe checkpoints and the lake. */
  eventsDir: string;
  paymentSandboxUrl: string;
  paymentSandboxSecretKey: string;
  password: string;
}

export interface CoffeeEventsServerInfo {
  httpsUrl: string;
  caPem: string;
  userPoolId: string;
  clientId: string;
  flatWhiteId: string;
  tableNames: Record<string, string>;
  archiveDir: string;
  lakeDir: string;
}

/** One line of the bus's trace with the wall-clock time (ms) it was written. */
export interface TracedLine {
  at: number;
  line: string;
}

export interface StreamReadResult {
  records: number;
  elapsedMs: number;
  /** Poller only: records handed to the target, filtered out, and invocations. */
  delivered?: number;
  filtered?: number;
  invocations?: number;
}

const POLLER_TIMEOUT_MS = 120_000;

host<CoffeeEventsServerInfo>(async () => {
  const options = readOptions<CoffeeEventsServerOptions>();
  const definition = apiDefinition.events;
  if (!definition) throw new Error('infra/api has no events definition');
  const traced: TracedLine[] = [];
  const events = await createEventServices(definition, {
    dir: options.eventsDir,
    region: LOCAL_REGION,
    trace: (line) => traced.push({ at: Date.now(), line }),
  });
  const booted = await bootApi(
    apiDefinition,
    {
      dynamodbEndpoint: options.dynamodbEndpoint,
      cognitoEndpoint: options.cognitoEndpoint,
      issuerFor: (poolId) => `${options.cognitoEndpoint}/${poolId}`,
      jwksUriFor: (poolId) => `${options.cognitoEndpoint}/${poolId}/.well-known/jwks.json`,
    },
    options.stateFile,
    {
      lambdaEnvironment: {
        PAYMENT_GATEWAY: 'sandbox',
        PAYMENT_SANDBOX_URL: options.paymentSandboxUrl,
        PAYMENT_SANDBOX_SECRET_KEY: options.paymentSandboxSecretKey,
        AWS_ENDPOINT_URL_EVENTBRIDGE: events.endpoint,
      },
      resolveResource: events.resolveResource,
    },
  );
  const server = await startServer({
    port: 0,
    tlsDir: options.tlsDir,
    handleHttp: createHttpHandler(booted.runtime.http),
    realtime: { engine: booted.runtime.engine, authenticate: fromRuntimeAuthenticate((request) => booted.runtime.authenticate(request)) },
  });
  await events.start({
    lambda: booted.lambda,
    graphqlUrl: () => server.httpUrl,
    credentials: booted.state.iam,
    tableName: (logical) => booted.tableNames[logical] ?? logical,
    dynamodbEndpoint: options.dynamodbEndpoint,
  });

  const flatWhite = { id: await seedCoffeeBench(booted, options) };
  const { userPoolId, clientId } = booted.state.pool;

  const where = { endpoint: options.dynamodbEndpoint, region: LOCAL_REGION };
  const ordersTable = booted.tableNames['orders'];
  if (!ordersTable) throw new Error('the definition has no orders table');
  const orderPipe = definition.pipes['orderChanges'];
  if (!orderPipe) throw new Error('the definition has no orderChanges pipe');

  return {
    info: {
      httpsUrl: server.httpsUrl,
      caPem: server.caPem,
      userPoolId,
      clientId,
      flatWhiteId: flatWhite.id,
      tableNames: booted.tableNames,
      archiveDir: join(options.eventsDir, 'archives'),
      lakeDir: events.lakeDir,
    },
    commands: {
      /** The trace lines written since the last call. */
      trace: () => traced.splice(0),
      /** Writes what the delivery streams hold now; answers when the objects are in place. */
      flushLake: async () => {
        const keys = await Promise.all(Object.values(events.deliveryStreams).map((stream) => stream.flush()));
        return keys.flat();
      },
      busIdle: () => events.idle(),
      /** The floor: GetRecords in a loop over the orders stream, `count` records from its trim horizon. */
      readRaw: async (argument: unknown) => {
        const { count, timeoutMs } = argument as { count: number; timeoutMs: number };
        const streamArn = await latestStreamArn(where, ordersTable);
        const result = await readStreamRaw({ ...where, streamArn, count, timeoutMs, idleMs: 20 });
        return { records: result.records, elapsedMs: result.elapsedMs } satisfies StreamReadResult;
      },
      /**
       * The pipe's poller on the same stream from its trim horizon, with the orderChanges pipe's
       * batch size and filters, a fresh checkpoint and a target that acknowledges every batch:
       * what is timed is reading, converting, filtering, batching and checkpointing, as the floor
       * times reading alone. No batching window: the configured one only adds a wait at the tail.
       */
      runPoller: async (argument: unknown) => {
        const { count } = argument as { count: number };
        const checkpointDir = join(options.eventsDir, 'bench-poller');
        rmSync(checkpointDir, { recursive: true, force: true });
        mkdirSync(checkpointDir, { recursive: true });
        const started = performance.now();
        const pipe = await startStreamPipe({
          name: 'benchPoller',
          tableName: ordersTable,
          ...where,
          def: { ...orderPipe.source, maximumBatchingWindowSeconds: 0 },
          filter: (orderPipe.source.filters ?? []).map((filter) => compileEventPattern(filter)),
          checkpointPath: join(checkpointDir, 'checkpoint.json'),
          pollIntervalMs: 20,
          target: async () => ({ batchItemFailures: [] }),
          deadLetter: async () => undefined,
          log: () => undefined,
        });
        try {
          const deadline = started + POLLER_TIMEOUT_MS;
          for (;;) {
            const stats = pipe.stats();
            // Filtered records count as read; delivered ones once their batch was acknowledged.
            if ((stats.delivered + stats.filtered >= count && stats.pending === 0) || performance.now() > deadline) {
              return { records: stats.recordsRead, elapsedMs: performance.now() - started, delivered: stats.delivered, filtered: stats.filtered, invocations: stats.invocations } satisfies StreamReadResult;
            }
            await new Promise((resolve) => setTimeout(resolve, 2));
          }
        } finally {
          await pipe.stop();
        }
      },
    },
    async close() {
      await server.close();
      await events.close();
      await booted.runtime.close();
    },
  };
});
