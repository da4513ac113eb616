import { join } from 'node:path';
import type { EventBus } from '../../eventbridge/bus';
import { compileTargetInput } from '../../eventbridge/input';
import { compileEventPattern } from '../../eventbridge/pattern';
import type { LambdaInvoker } from '../../lambda';
import { startStreamPipe, validatePipeSource, type PipeSource, type PipeStreamRecord, type StreamPipe } from '../../pipes';
import type { EventPattern } from '../../project/event-definitions';
import type { QueueRegistry } from '../../sqs';
import { arn, type TemplateContext } from '../context';
import { Unresolved } from '../intrinsics';
import { lastName } from './event-targets';

/**
 * AWS::Pipes::Pipe (aws-resource-pipes-pipe.html) from a DynamoDB stream of the template's tables
 * to an event bus, a Lambda function or an SQS queue, read by local/src/pipes' stream poller.
 *
 * The event-services' own pipes (events/index.ts) target functions only, so the loader runs a
 * template's pipes itself. To a bus, each record becomes one event: source `Pipe <name>` and
 * detail-type `Event from aws:dynamodb` unless EventBridgeEventBusParameters say otherwise, the
 * (transformed) record as its detail, no resources. AWS's reference does not spell out those
 * defaults; they are what events a pipe put on a bus show (public rule patterns and recorded
 * events match `source: Pipe <name>`, `detail-type: Event from aws:dynamodb`).
 */

type Props = Record<string, unknown>;

type PipeTarget =
  | { kind: 'bus'; bus: string; source: string; detailType: string; resources: string[] }
  | { kind: 'lambda'; function: string; invocationType: 'RequestResponse' | 'Event' }
  | { kind: 'sqs'; queue: string };

export interface TemplatePipe {
  name: string;
  /** Physical table name (the stream's table). */
  table: string;
  source: PipeSource;
  filters: EventPattern[];
  /** Pipes' TargetParameters.InputTemplate: `<$.path>` placeholders into the record. */
  inputTemplate?: string;
  target: PipeTarget;
}

function parsePattern(pattern: unknown): EventPattern {
  return (typeof pattern === 'string' ? JSON.parse(pattern) : pattern) as EventPattern;
}

/** The pipes of the template, checked at load so what cannot run is named with the rest. */
export function templatePipes(ctx: TemplateContext, known: { buses: Set<string>; functions: Set<string>; queues: Set<string> }): TemplatePipe[] {
  const pipes: TemplatePipe[] = [];
  for (const [logicalId, resource] of ctx.resourcesOf('AWS::Pipes::Pipe')) {
    ctx.attempt(logicalId, resource.Type, () => {
      const props = ctx.properties(resource);
      const name = String(props.Name ?? `${ctx.options.stackName}-${logicalId}`).slice(0, 64);
      ctx.physical.set(logicalId, { ref: name, attributes: { Arn: arn('pipes', ctx.options.region, `pipe/${name}`), CurrentState: 'RUNNING' } });
      if (props.DesiredState === 'STOPPED') return;
      if (props.Enrichment) throw new Unresolved('enrichment does not run locally', 'Drop Enrichment for local runs, or do the enrichment in the target.');
      const sourceArn = String(props.Source ?? '');
      const table = /^arn:[^:]*:dynamodb:[^:]*:[^:]*:table\/([^/]+)\/stream\//.exec(sourceArn)?.[1];
      if (!table) throw new Unresolved(`source ${sourceArn} is not a DynamoDB stream`, "Locally, pipes read the template's tables' streams (GetAtt <Table>.StreamArn).");
      const sourceParameters = (props.SourceParameters ?? {}) as Props;
      const stream = (sourceParameters.DynamoDBStreamParameters ?? {}) as Props;
      const deadLetter = (stream.DeadLetterConfig as { Arn?: string } | undefined)?.Arn;
      const source: PipeSource = {
        startingPosition: String(stream.StartingPosition ?? '') as PipeSource['startingPosition'],
        // The Pipes API's defaults (PipeSourceDynamoDBStreamParameters): 100 records, retries and age unbounded.
        batchSize: Number(stream.BatchSize ?? 100),
        ...(stream.MaximumBatchingWindowInSeconds !== undefined && { maximumBatchingWindowSeconds: Number(stream.MaximumBatchingWindowInSeconds) }),
        maximumRetryAttempts: Number(stream.MaximumRetryAttempts ?? -1),
        maximumRecordAgeSeconds: Number(stream.MaximumRecordAgeInSeconds ?? -1),
        ...(stream.OnPartialBatchItemFailure === 'AUTOMATIC_BISECT' && { onPartialBatchItemFailure: 'AUTOMATIC_BISECT' as const }),
        deadLetterQueue: deadLetter ? lastName(deadLetter) : '',
        table,
      };
      validatePipeSource(name, source);
      if (deadLetter && !known.queues.has(source.deadLetterQueue)) throw new Unresolved(`dead-letter queue ${deadLetter} is not running locally`, 'Point DeadLetterConfig at an SQS queue of the template.');
      const filters = (((sourceParameters.FilterCriteria as Props | undefined)?.Filters ?? []) as { Pattern?: unknown }[]).map((f) => parsePattern(f.Pattern));
      for (const f of filters) compileEventPattern(f);
      const targetParameters = (props.TargetParameters ?? {}) as Props;
      const inputTemplate = typeof targetParameters.InputTemplate === 'string' ? targetParameters.InputTemplate : undefined;
      if (inputTemplate !== undefined) compileRecordTemplate(inputTemplate);
      pipes.push({ name, table, source, filters, ...(inputTemplate !== undefined && { inputTemplate }), target: pipeTarget(name, String(props.Target ?? ''), targetParameters, known) });
    });
  }
  return pipes;
}

function pipeTarget(name: string, targetArn: string, parameters: Props, known: { buses: Set<string>; functions: Set<string>; queues: Set<string> }): PipeTarget {
  const target = lastName(targetArn);
  if (/^arn:[^:]*:events:[^:]*:[^:]*:event-bus\//.test(targetArn)) {
    if (!known.buses.has(target)) throw new Unresolved(`target bus ${target} is not running locally`, 'Point the pipe at a bus of the template.');
    const bus = (parameters.EventBridgeEventBusParameters ?? {}) as { Source?: string; DetailType?: string; Resources?: string[] };
    return { kind: 'bus', bus: target, source: bus.Source ?? `Pipe ${name}`, detailType: bus.DetailType ?? 'Event from aws:dynamodb', resources: bus.Resources ?? [] };
  }
  if (/^arn:[^:]*:lambda:/.test(targetArn)) {
    if (!known.functions.has(target)) throw new Unresolved(`target function ${target} is not running locally`, 'See the line for that function.');
    const invocation = (parameters.LambdaFunctionParameters as { InvocationType?: string } | undefined)?.InvocationType;
    return { kind: 'lambda', function: target, invocationType: invocation === 'FIRE_AND_FORGET' ? 'Event' : 'RequestResponse' };
  }
  if (/^arn:[^:]*:sqs:/.test(targetArn)) {
    if (!known.queues.has(target)) throw new Unresolved(`target queue ${target} is not running locally`, 'See the line for that queue.');
    return { kind: 'sqs', queue: target };
  }
  throw new Unresolved(`target ${targetArn} is not an event bus, a Lambda function or an SQS queue`, 'Locally, pipes deliver to event buses, Lambda functions and SQS queues.');
}

/**
 * Pipes' InputTemplate names paths inline (`<$.dynamodb.NewImage.id.S>`), where a rule's
 * InputTransformer names them in InputPathsMap; the same renderer runs both once the inline paths
 * are given names.
 */
function compileRecordTemplate(template: string): (record: PipeStreamRecord) => string {
  const paths: Record<string, string> = {};
  let n = 0;
  const named = template.replace(/<(\$[^>]*)>/g, (_, path: string) => {
    const key = `p${(n += 1)}`;
    paths[key] = path;
    return `<${key}>`;
  });
  const render = compileTargetInput({ inputTransformer: { inputPathsMap: paths, inputTemplate: named } });
  return (record) => render(record as never, { ruleArn: '', ruleName: '', ingestionTime: new Date().toISOString() });
}

export interface PipeRunContext {
  buses: Record<string, EventBus>;
  queues: QueueRegistry | undefined;
  lambda: LambdaInvoker;
  dynamodbEndpoint: string;
  region: string;
  /** Folder for the pipes' checkpoints (where each shard was read to). */
  dir: string;
  log: (line: string) => void;
}

/** Starts each pipe; what it delivers goes through the same bus, functions and queues as the rest. */
export async function startTemplatePipes(pipes: readonly TemplatePipe[], run: PipeRunContext): Promise<StreamPipe[]> {
  const started: StreamPipe[] = [];
  try {
    for (const pipe of pipes) {
      const shape = pipe.inputTemplate === undefined ? (record: PipeStreamRecord) => JSON.stringify(record) : compileRecordTemplate(pipe.inputTemplate);
      started.push(
        await startStreamPipe({
          name: pipe.name,
          tableName: pipe.table,
          endpoint: run.dynamodbEndpoint,
          region: run.region,
          def: pipe.source,
          filter: pipe.filters.map((f) => compileEventPattern(f)),
          checkpointPath: join(run.dir, `${pipe.name}.json`),
          log: (level, message) => run.log(`[pipe ${pipe.name}] ${level}: ${message}`),
          target: (records) => deliver(pipe, records.map(shape), run),
          deadLetter: async (message) => {
            // Without a DeadLetterConfig, Pipes drops the batch once its retries are spent.
            if (pipe.source.deadLetterQueue === '') run.log(`[pipe ${pipe.name}] warn: a batch was dropped after its retries (no dead-letter queue)`);
            else run.queues?.get(pipe.source.deadLetterQueue).sendMessage({ MessageBody: JSON.stringify(message) });
          },
        }),
      );
    }
  } catch (error) {
    await Promise.all(started.map((p) => p.stop()));
    throw error;
  }
  return started;
}

async function deliver(pipe: TemplatePipe, payloads: string[], run: PipeRunContext): Promise<{ batchItemFailures?: { itemIdentifier: string }[] } | undefined> {
  const { target } = pipe;
  if (target.kind === 'lambda') {
    const result = await run.lambda.invoke(target.function, payloads.map((p) => JSON.parse(p) as unknown), { invocationType: target.invocationType });
    // A function error fails the whole batch: the pipe retries (bisecting) as AWS does.
    if (result.FunctionError) throw new Error(`${target.function} failed: ${JSON.stringify(result.Payload)}`);
    return result.Payload as { batchItemFailures?: { itemIdentifier: string }[] } | undefined;
  }
  if (target.kind === 'sqs') {
    for (const body of payloads) run.queues?.get(target.queue).sendMessage({ MessageBody: body });
    return undefined;
  }
  const bus = run.buses[target.bus];
  if (!bus) throw new Error(`No bus ${target.bus}.`);
  // PutEvents takes at most 10 entries a call; an entry it refuses fails the batch, which is retried.
  for (let i = 0; i < payloads.length; i += 10) {
    const entries = payloads.slice(i, i + 10).map((detail) => ({ Source: target.source, DetailType: target.detailType, Detail: detail, Resources: target.resources }));
    const answer = await bus.putEvents(entries);
    if (answer.FailedEntryCount > 0) throw new Error(`${target.bus} refused ${answer.FailedEntryCount} of the pipe's events: ${JSON.stringify(answer.Entries)}`);
  }
  return undefined;
}
