import type { RuleDefinition, RuleTargetDefinition } from '../../project/event-definitions';
import { compileEventPattern } from '../pattern/index';
import { compileTargetInput } from '../input/index';
import { EventArchive, type ArchiveOptions } from './archive';
import { systemClock, type Clock, type TimerHandle } from './clock';
import { DEFAULT_BACKOFF, TargetDispatcher, type BackoffOptions, type TraceOutcome } from './dispatch';
import {
  buildEvent,
  eventTime,
  entrySize,
  validatePutEventsRequest,
  type EventBridgeEvent,
  type PutEventsRequestEntry,
  type PutEventsResponse,
  type PutEventsResultEntry,
} from './put-events';
import { Replays, type ReplayDescription, type StartReplayInput } from './replay';
import { nextCronTime, parseCron, type CronSchedule } from '../schedule/cron';
import { randomUUID } from 'node:crypto';
import { CHUNK_64KB, Usage, chunks, usage } from '../../metering/index';

export { ManualClock, systemClock, type Clock } from './clock';
export { TargetDeliveryError, DEFAULT_RETRY_POLICY, type DeadLetterErrorCode } from './dispatch';
export {
  EventBridgeServiceError,
  entrySize,
  validatePutEventsRequest,
  type EventBridgeEvent,
  type PutEventsRequestEntry,
  type PutEventsResponse,
  type PutEventsResultEntry,
} from './put-events';
export type { ArchiveOptions } from './archive';
export type { ReplayDescription, ReplayState, StartReplayInput } from './replay';

/**
 * How targets are reached. The bus knows no Lambda, queue or API: whoever wires it passes these, and
 * each returns a promise that rejects when the delivery failed (a TargetDeliveryError says why and
 * whether a retry can help; anything else is retried).
 */
export interface TargetDeliveries {
  lambda(functionName: string, payloadJsonText: string): Promise<unknown>;
  sqs(queue: string, bodyText: string): Promise<unknown>;
  /** `apiId`: the API the target names (RuleTargetDefinition); absent, the project's one API. */
  appsync(graphQLOperation: string, variablesJsonText: string, apiId?: string): Promise<unknown>;
  firehose(deliveryStream: string, recordText: string): Promise<unknown>;
  deadLetter(queue: string, body: string, attributes: Record<string, string>): Promise<unknown>;
}

export interface EventBusOptions {
  name: string;
  /**
   * The project's rules; the bus runs the pattern rules declared on it (`bus === name`) and, when
   * `runSchedules` holds, the schedule rules (on AWS those live on the default bus).
   */
  rules: Record<string, RuleDefinition>;
  targets: TargetDeliveries;
  region: string;
  accountId: string;
  archive?: ArchiveOptions;
  /** One line per event accepted and per target outcome, for `--trace-events`. */
  trace?: (line: string) => void;
  clock?: Clock;
  /** Defaults to `name === 'default'`. */
  runSchedules?: boolean;
  /** Retry backoff; tests shorten it. */
  backoff?: Partial<BackoffOptions>;
  /** Deliveries in flight at once per target (a local bound; AWS publishes none per target). */
  maxInFlightPerTarget?: number;
  /** The API id in AppSync targets' ARNs (RULE_ARN/TARGET_ARN of dead letters). */
  graphqlApiId?: string;
  random?: () => number;
}

export interface EventBus {
  readonly name: string;
  readonly arn: string;
  readonly archiveArn: string | null;
  ruleArn(ruleName: string): string;
  putEvents(entries: readonly PutEventsRequestEntry[]): Promise<PutEventsResponse>;
  startReplay(input: StartReplayInput): ReplayDescription;
  describeReplay(name: string): ReplayDescription;
  /** Resolves when no delivery is queued, in flight, waiting to retry or being dead-lettered. */
  idle(): Promise<void>;
  /** Stops schedules and pending retries and closes the archive; deliveries not yet made are dropped. */
  close(): Promise<void>;
}

/** A rule or target the bus cannot run: named, so the declaration can be fixed. */
export class EventBusConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventBusConfigurationError';
  }
}

interface CompiledTarget {
  definition: RuleTargetDefinition;
  shape: (event: EventBridgeEvent) => string;
  dispatcher: TargetDispatcher;
}

interface CompiledRule {
  name: string;
  arn: string;
  matches: ((event: EventBridgeEvent) => boolean) | null;
  rateMinutes: number | null;
  cron: CronSchedule | null;
  targets: CompiledTarget[];
}

const DEFAULT_MAX_IN_FLIGHT = 8;

export async function createEventBus(options: EventBusOptions): Promise<EventBus> {
  const clock = options.clock ?? systemClock;
  const { region, accountId: account, name } = options;
  const arnPrefix = `arn:aws:events:${region}:${account}`;
  const ruleArn = (ruleName: string): string =>
    name === 'default' ? `${arnPrefix}:rule/${ruleName}` : `${arnPrefix}:rule/${name}/${ruleName}`;
  const targetArn = (target: RuleTargetDefinition): string => {
    switch (target.type) {
      case 'LAMBDA':
        return `arn:aws:lambda:${region}:${account}:function:${target.function}`;
      case 'SQS':
        return `arn:aws:sqs:${region}:${account}:${target.queue}`;
      case 'APPSYNC':
        return `arn:aws:appsync:${region}:${account}:endpoints/graphql-api/${target.apiId ?? options.graphqlApiId ?? 'local'}`;
      case 'FIREHOSE':
        return `arn:aws:firehose:${region}:${account}:deliverystream/${target.deliveryStream}`;
    }
  };
  const deliverTo = (target: RuleTargetDefinition): ((payload: string) => Promise<unknown>) => {
    const deliveries = options.targets;
    switch (target.type) {
      case 'LAMBDA':
        return (payload) => deliveries.lambda(target.function, payload);
      case 'SQS':
        return (payload) => deliveries.sqs(target.queue, payload);
      case 'APPSYNC':
        return (payload) => deliveries.appsync(target.graphQLOperation, payload, target.apiId);
      case 'FIREHOSE':
        return (payload) => deliveries.firehose(target.deliveryStream, payload);
    }
  };

  const trace = options.trace;
  const idleWaiters: Array<() => void> = [];
  /** PutEvents batches accepted but not yet matched against the rules. */
  let unrouted = 0;
  const pendingDeliveries = (): number =>
    unrouted +
    rules.reduce((sum, rule) => sum + rule.targets.reduce((inner, target) => inner + target.dispatcher.pending, 0), 0);
  const settleCheck = (): void => {
    if (pendingDeliveries() > 0) return;
    for (const resolve of idleWaiters.splice(0)) resolve();
  };
  const describeOutcome = (outcome: TraceOutcome): string => {
    switch (outcome.kind) {
      case 'delivered':
        return `delivered (attempt ${outcome.attempts})`;
      case 'retrying':
        return `retrying ${outcome.retry} (${outcome.errorMessage})`;
      case 'dead-lettered':
        return `dead-lettered (${outcome.errorCode}: ${outcome.errorMessage})`;
      case 'dropped':
        return `dropped (${outcome.errorCode}: ${outcome.errorMessage})`;
    }
  };
  const replaySuffix = (event: EventBridgeEvent): string =>
    event['replay-name'] === undefined ? '' : ` replay=${event['replay-name']}`;

  const backoff: BackoffOptions = { ...DEFAULT_BACKOFF, ...options.backoff };
  const rules: CompiledRule[] = [];
  const runSchedules = options.runSchedules ?? name === 'default';
  for (const [ruleName, rule] of Object.entries(options.rules)) {
    let matches: CompiledRule['matches'] = null;
    let rateMinutes: number | null = null;
    let cron: CronSchedule | null = null;
    if ('eventPattern' in rule) {
      if (rule.bus !== name) continue;
      try {
        const compiled = compileEventPattern(rule.eventPattern);
        matches = (event) => compiled.matches(event);
      } catch (error) {
        throw new EventBusConfigurationError(`Rule ${ruleName}: ${(error as Error).message}`);
      }
    } else {
      if (!runSchedules) continue;
      if ('cron' in rule.schedule) {
        try {
          cron = parseCron(rule.schedule.cron);
        } catch (error) {
          throw new EventBusConfigurationError(`Rule ${ruleName}: ${(error as Error).message}`);
        }
      } else rateMinutes = rule.schedule.rateMinutes;
      // rate(value minutes): a positive whole number (EventBridge schedule expressions).
      if (cron === null && (!Number.isInteger(rateMinutes) || rateMinutes === null || rateMinutes < 1)) {
        throw new EventBusConfigurationError(`Rule ${ruleName}: rateMinutes must be a positive whole number, not ${rateMinutes}.`);
      }
    }
    const arn = ruleArn(ruleName);
    const targets = rule.targets.map((definition): CompiledTarget => {
      let shape: CompiledTarget['shape'];
      try {
        const render = compileTargetInput(definition.input);
        shape = (event) => render(event, { ruleArn: arn, ruleName, ingestionTime: new Date(clock.now()).toISOString() });
      } catch (error) {
        throw new EventBusConfigurationError(`Rule ${ruleName}, target ${definition.id}: ${(error as Error).message}`);
      }
      const queue = definition.deadLetterQueue;
      const dispatcher = new TargetDispatcher({
        ruleName,
        ruleArn: arn,
        target: definition,
        targetArn: targetArn(definition),
        deliver: deliverTo(definition),
        ...(queue === undefined
          ? {}
          : { deadLetter: (body: string, attributes: Record<string, string>) => options.targets.deadLetter(queue, body, attributes) }),
        clock,
        backoff,
        maxInFlight: options.maxInFlightPerTarget ?? DEFAULT_MAX_IN_FLIGHT,
        random: options.random ?? Math.random,
        onOutcome: (event, outcome) =>
          trace?.(`event ${event.id}${replaySuffix(event)} ${ruleName}/${definition.id} ${describeOutcome(outcome)}`),
        onSettled: settleCheck,
      });
      return { definition, shape, dispatcher };
    });
    rules.push({ name: ruleName, arn, matches, rateMinutes, cron, targets });
  }

  const archive = options.archive ? await EventArchive.open(options.archive, name, clock.now()) : null;
  let archiveMatches: (event: EventBridgeEvent) => boolean = () => true;
  if (options.archive?.eventPattern) {
    const compiled = compileEventPattern(options.archive.eventPattern);
    archiveMatches = (event) => compiled.matches(event);
  }
  let closed = false;

  const deliver = (rule: CompiledRule, event: EventBridgeEvent): void => {
    for (const target of rule.targets) {
      let payload: string;
      try {
        payload = target.shape(event);
      } catch (error) {
        target.dispatcher.reject(event, 'INVALID_PARAMETER', (error as Error).message);
        continue;
      }
      target.dispatcher.enqueue(event, payload);
    }
  };

  /** Matches an event against the pattern rules and hands it to their targets. */
  const route = (event: EventBridgeEvent, only: readonly string[] | undefined): void => {
    if (closed) return;
    const matched = rules.filter(
      (rule) => rule.matches !== null && (only === undefined || only.includes(rule.name)) && rule.matches(event),
    );
    trace?.(
      `event ${event.id}${replaySuffix(event)} source=${event.source} detail-type="${event['detail-type']}" ` +
        `rules=[${matched.map((rule) => rule.name).join(',')}]`,
    );
    for (const rule of matched) deliver(rule, event);
  };

  const schedules: TimerHandle[] = [];
  const scheduleNext = (rule: CompiledRule, index: number): void => {
    // A cron schedule waits for its next whole minute that matches; one that never fires again stops.
    const now = clock.now();
    const at = rule.cron ? nextCronTime(rule.cron, now) : now + (rule.rateMinutes ?? 1) * 60_000;
    if (at === null) return;
    schedules[index] = clock.setTimeout(() => {
      if (closed) return;
      // EventBridge's scheduled-event envelope
      // (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html).
      const event: EventBridgeEvent = {
        version: '0',
        id: randomUUID(),
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account,
        time: eventTime(clock.now()),
        region,
        resources: [rule.arn],
        detail: {},
      };
      trace?.(`event ${event.id} source=aws.events detail-type="Scheduled Event" rules=[${rule.name}]`);
      deliver(rule, event);
      scheduleNext(rule, index);
    }, at - now);
  };
  rules.filter((rule) => rule.rateMinutes !== null || rule.cron !== null).forEach((rule, index) => scheduleNext(rule, index));

  const replays = new Replays({
    archive: () => archive,
    busName: name,
    ruleNames: () => rules.filter((rule) => rule.matches !== null).map((rule) => rule.name),
    clock,
    route,
  });

  return {
    name,
    arn: `${arnPrefix}:event-bus/${name}`,
    archiveArn: archive ? `${arnPrefix}:archive/${archive.name}` : null,
    ruleArn,
    async putEvents(entries) {
      validatePutEventsRequest(entries);
      // EventBridge bills each event put on a bus, one per 64 KB chunk of its entry.
      for (const entry of entries) usage.add(Usage.eventbridgeEvents, chunks(entrySize(entry), CHUNK_64KB));
      const nowMs = clock.now();
      const results: PutEventsResultEntry[] = [];
      const accepted: EventBridgeEvent[] = [];
      await Promise.all(
        entries.map(async (entry, index) => {
          const built = buildEvent(entry, { account, region, nowMs });
          if (!built.ok) {
            results[index] = built.result;
            return;
          }
          if (closed) {
            results[index] = { ErrorCode: 'InternalFailure', ErrorMessage: `Event bus ${name} is shut down.` };
            return;
          }
          if (archive && archiveMatches(built.event)) {
            try {
              await archive.append(built.event, nowMs);
            } catch (error) {
              // Not on disk, so not accepted: the caller's retry is what keeps it from being lost.
              results[index] = { ErrorCode: 'InternalFailure', ErrorMessage: (error as Error).message };
              return;
            }
          }
          results[index] = { EventId: built.event.id };
          accepted[index] = built.event;
        }),
      );
      // Targets run after PutEvents has answered, as on AWS.
      const toRoute = accepted.filter((event) => event !== undefined);
      if (toRoute.length > 0) {
        unrouted += 1;
        setImmediate(() => {
          unrouted -= 1;
          toRoute.forEach((event) => route(event, undefined));
          settleCheck();
        });
      }
      return { FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length, Entries: results };
    },
    startReplay: (input) => replays.start(input),
    describeReplay: (replayName) => replays.describe(replayName),
    idle() {
      if (closed || pendingDeliveries() === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const timer of schedules) clock.clearTimeout(timer);
      for (const rule of rules) for (const target of rule.targets) target.dispatcher.close();
      for (const resolve of idleWaiters.splice(0)) resolve();
      await archive?.close();
    },
  };
}
