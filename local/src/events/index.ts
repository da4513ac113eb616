import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createEventBus, TargetDeliveryError, type EventBus } from '../eventbridge/bus';
import { startEventBridgeServer, type EventBridgeServer } from '../eventbridge/http';
import { compileEventPattern } from '../eventbridge/pattern';
import { createDeliveryStream, type DeliveryStream } from '../firehose';
import type { LambdaInvoker } from '../lambda';
import { startStreamPipe, type StreamPipe } from '../pipes';
import type { ResourceRef } from '../project/data-sources';
import type { EventsDefinition } from '../project/definitions';
import { createQueues, queueUrl, startQueueConsumer, type QueueConsumer, type QueueRegistry } from '../sqs';
import { appsyncTarget } from './appsync-target';

/**
 * A project's event-driven half on one machine, from the same EventsDefinition CDK deploys: queues
 * (journaled), delivery streams (folders), the buses with their rules and archives, the schedule
 * rules (on the default bus, as on AWS), the bus's SDK endpoint, the queue consumers and the
 * table-stream pipes. Everything that runs a function goes through the one Lambda service.
 *
 * Two phases, because functions' environments name these resources and the pipes need the tables:
 * createEventServices builds what exists before the API (queues, streams, buses, the endpoint) and
 * answers resolveResource; start() runs what invokes functions (schedules, consumers, pipes).
 */
export interface EventServicesOptions {
  /** Folder for archives, queue journals, pipe checkpoints and the delivery streams' objects. */
  dir: string;
  region: string;
  accountId?: string;
  /** One line per event and target outcome (`--trace-events`). */
  trace?: (line: string) => void;
  log?: (line: string) => void;
}

export interface EventServicesStart {
  lambda: LambdaInvoker;
  /**
   * The GraphQL URL of the API an AppSync target names by `apiId` (a template may hold several),
   * or of the project's one API without it (and for `{ graphqlUrl }` variables).
   */
  graphqlUrl(apiId?: string): string;
  /** The IAM pair AppSync targets sign with (the rule role's credentials). */
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Physical name of each logical table. */
  tableName(logical: string): string;
  dynamodbEndpoint: string;
}

export interface EventServices {
  buses: Record<string, EventBus>;
  queues: QueueRegistry;
  deliveryStreams: Record<string, DeliveryStream>;
  /** The bus over the AWS SDK: functions get it as AWS_ENDPOINT_URL_EVENTBRIDGE. */
  endpoint: string;
  /** Folder of each delivery stream's objects (the stand-in for its bucket). */
  lakeDir: string;
  /** What `{ busName }`, `{ queueUrl }` and `{ graphqlUrl }` in a function's environment mean here. */
  resolveResource(ref: ResourceRef): string;
  start(with_: EventServicesStart): Promise<void>;
  pipes: Record<string, StreamPipe>;
  /** Resolves when no bus delivery is pending (tests, seeding). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const ACCOUNT = '000000000000';

export async function createEventServices(def: EventsDefinition, options: EventServicesOptions): Promise<EventServices> {
  const accountId = options.accountId ?? ACCOUNT;
  const log = options.log ?? (() => undefined);
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  const queues = createQueues(def.queues, { journalDir: join(options.dir, 'queues'), region: options.region, accountId });
  const lakeDir = join(options.dir, 'lake');
  const deliveryStreams = Object.fromEntries(
    Object.entries(def.deliveryStreams).map(([name, d]) => [name, createDeliveryStream(d, { name, dir: lakeDir })]),
  );
  // Set by start(): the buses' deliveries run only after it.
  let started: EventServicesStart | undefined;
  const need = (): EventServicesStart => {
    if (!started) throw new TargetDeliveryError('The event services have not started yet.', { errorCode: 'INTERNAL_ERROR' });
    return started;
  };
  const appsync = appsyncTarget({
    graphqlUrl: (apiId) => need().graphqlUrl(apiId),
    credentials: () => need().credentials,
    region: options.region,
  });
  const targets = {
    // EventBridge invokes a Lambda target asynchronously; Lambda's own retries then apply.
    lambda: async (fn: string, payload: string) => need().lambda.invoke(fn, JSON.parse(payload), { invocationType: 'Event' }),
    sqs: async (queue: string, body: string) => queues.get(queue).sendMessage({ MessageBody: body }),
    appsync: (operation: string, variables: string, apiId?: string) => appsync(operation, variables, apiId),
    firehose: async (stream: string, record: string) => {
      const target = deliveryStreams[stream];
      if (!target) throw new TargetDeliveryError(`No delivery stream ${stream}.`, { errorCode: 'NO_RESOURCE' });
      // Firehose's AppendDelimiterToRecord processor, when the stream declares it.
      return target.putRecord(def.deliveryStreams[stream]?.appendNewline ? `${record}\n` : record);
    },
    deadLetter: async (queue: string, body: string, attributes: Record<string, string>) =>
      queues.get(queue).sendMessage({
        MessageBody: body,
        MessageAttributes: Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, { DataType: 'String', StringValue: v }])),
      }),
  };
  const buses: Record<string, EventBus> = {};
  // Every account has a default bus, where AWS services put their events (Athena's query state
  // changes, say) and a PutEvents without EventBusName lands: it exists here whether declared or not,
  // and runs the pattern rules declared on `bus: 'default'`.
  for (const name of new Set([...Object.keys(def.buses), 'default'])) {
    const archive = def.buses[name]?.archive;
    buses[name] = await createEventBus({
      name,
      rules: def.rules,
      targets,
      region: options.region,
      accountId,
      ...(archive && { archive: { dir: join(options.dir, 'archives'), retentionDays: archive.retentionDays, ...(archive.eventPattern && { eventPattern: archive.eventPattern }) } }),
      ...(options.trace && { trace: options.trace }),
      // Schedules start with start(): a sweep before the API listens would only fail.
      runSchedules: false,
    });
  }
  const server: EventBridgeServer = await startEventBridgeServer({ buses: Object.values(buses), host: '127.0.0.1', port: 0 });
  const consumers: QueueConsumer[] = [];
  const pipes: Record<string, StreamPipe> = {};
  /** The default bus's schedule rules, started by start(). */
  let scheduler: EventBus | undefined;

  const services: EventServices = {
    buses,
    queues,
    deliveryStreams,
    endpoint: server.endpoint,
    lakeDir,
    pipes,
    resolveResource(ref) {
      if ('busName' in ref) return ref.busName;
      if ('queueUrl' in ref) return queueUrl(ref.queueUrl, { region: options.region, accountId });
      if ('graphqlUrl' in ref) return need().graphqlUrl();
      throw new Error(`No local value for ${JSON.stringify(ref)}.`);
    },
    async start(with_) {
      started = with_;
      // The schedule rules, now that their targets can be reached: on AWS they live on the default
      // bus; here a scheduler named after it runs them (the default bus above keeps its pattern rules).
      const schedules = Object.fromEntries(Object.entries(def.rules).filter(([, rule]) => 'schedule' in rule));
      if (Object.keys(schedules).length > 0) {
        scheduler = await createEventBus({ name: 'default', rules: schedules, targets, region: options.region, accountId, runSchedules: true, ...(options.trace && { trace: options.trace }) });
      }
      for (const c of Object.values(def.queueConsumers)) {
        consumers.push(startQueueConsumer(c, { queue: queues.get(c.queue), invoke: (fn, event, opts) => with_.lambda.invoke(fn, event, opts), region: options.region }));
      }
      for (const [name, p] of Object.entries(def.pipes)) {
        pipes[name] = await startStreamPipe({
          name,
          tableName: with_.tableName(p.source.table),
          endpoint: with_.dynamodbEndpoint,
          region: options.region,
          def: p.source,
          filter: (p.source.filters ?? []).map((f) => compileEventPattern(f)),
          checkpointPath: join(options.dir, 'pipes', `${name}.json`),
          log: (level, message) => log(`[pipe ${name}] ${level}: ${message}`),
          target: async (records) => {
            const result = await with_.lambda.invoke(p.target.function, records, { invocationType: 'RequestResponse' });
            // A function error fails the whole batch: the pipe retries (bisecting) as AWS does.
            if (result.FunctionError) throw new Error(`${p.target.function} failed: ${JSON.stringify(result.Payload)}`);
            return result.Payload as { batchItemFailures?: { itemIdentifier: string }[] } | undefined;
          },
          deadLetter: async (message) => {
            queues.get(p.source.deadLetterQueue).sendMessage({ MessageBody: JSON.stringify(message) });
          },
        });
      }
    },
    async idle() {
      await Promise.all([...Object.values(buses), ...(scheduler ? [scheduler] : [])].map((bus) => bus.idle()));
    },
    async close() {
      await Promise.all(Object.values(pipes).map((pipe) => pipe.stop()));
      await Promise.all(consumers.map((c) => c.stop()));
      await server.close();
      await Promise.all([...Object.values(buses), ...(scheduler ? [scheduler] : [])].map((bus) => bus.close()));
      await Promise.all(Object.values(deliveryStreams).map((s) => s.close()));
      queues.close();
    },
  };
  return services;
}
