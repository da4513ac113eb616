import type { EventsDefinition, RuleTargetDefinition, ScheduleDefinition, TargetInput } from '../../project/event-definitions';
import { CronExpressionError, parseCron } from '../../eventbridge/schedule/cron';
import { arn, type TemplateContext } from '../context';
import { Unresolved } from '../intrinsics';

/**
 * The parts of a template's EventBridge set-up beyond buses, rules and queues (events.ts): rule
 * targets of every type the local bus delivers to (Lambda, SQS, AppSync, Firehose), the delivery
 * streams behind Firehose targets, archives, and schedule expressions.
 */

const ACCOUNT = '000000000000';
type Props = Record<string, unknown>;

/** The name at the end of an ARN: `...:function:<name>`, `...:<queue>`, `...:event-bus/<name>`, `...:deliverystream/<name>`. */
export function lastName(value: unknown): string {
  return String(value)
    .replace(/^arn:[^:]*:lambda:[^:]*:[^:]*:function:/, '')
    .replace(/^arn:[^:]*:events:[^:]*:[^:]*:event-bus\//, '')
    .replace(/^arn:[^:]*:sqs:[^:]*:[^:]*:/, '')
    .replace(/^arn:[^:]*:firehose:[^:]*:[^:]*:deliverystream\//, '');
}

/**
 * AWS::KinesisFirehose::DeliveryStream with an S3 destination (aws-resource-kinesisfirehose-deliverystream.html):
 * locally the bucket is a folder under the serve state folder (`<state>/work/events/lake`), with the
 * same keys (Prefix, ErrorOutputPrefix, the yyyy/MM/dd/HH default) and the same buffering.
 */
export function registerDeliveryStreams(ctx: TemplateContext, def: EventsDefinition): void {
  for (const [logicalId, resource] of ctx.resourcesOf('AWS::KinesisFirehose::DeliveryStream')) {
    ctx.attempt(logicalId, resource.Type, () => {
      const props = ctx.properties(resource);
      if (props.DeliveryStreamType !== undefined && props.DeliveryStreamType !== 'DirectPut') {
        throw new Unresolved(`DeliveryStreamType ${String(props.DeliveryStreamType)} does not run locally`, 'Only DirectPut streams (what EventBridge targets write to) run locally.');
      }
      const s3 = (props.ExtendedS3DestinationConfiguration ?? props.S3DestinationConfiguration) as Props | undefined;
      if (!s3) throw new Unresolved('its destination is not S3', 'Only S3 destinations run locally (a folder stands for the bucket).');
      const compression = String(s3.CompressionFormat ?? 'UNCOMPRESSED');
      if (compression !== 'UNCOMPRESSED' && compression !== 'GZIP') throw new Unresolved(`CompressionFormat ${compression} does not run locally`, 'Use UNCOMPRESSED or GZIP.');
      const buffering = (s3.BufferingHints ?? {}) as { IntervalInSeconds?: number; SizeInMBs?: number };
      const processors = (((s3.ProcessingConfiguration as Props | undefined)?.Enabled === false ? [] : ((s3.ProcessingConfiguration as Props | undefined)?.Processors ?? [])) as Props[]);
      const other = processors.find((p) => p.Type !== 'AppendDelimiterToRecord');
      if (other) throw new Unresolved(`processor ${String(other.Type)} does not run locally`, 'Of the processors, only AppendDelimiterToRecord runs locally.');
      if ((s3.DataFormatConversionConfiguration as Props | undefined)?.Enabled) throw new Unresolved('record format conversion does not run locally', 'Write JSON records, or test the conversion against AWS.');
      const name = String(props.DeliveryStreamName ?? `${ctx.options.stackName}-${logicalId}`);
      def.deliveryStreams[name] = {
        // Empty: Firehose's default, the UTC yyyy/MM/dd/HH/ of arrival (firehose/prefix.ts).
        prefix: String(s3.Prefix ?? ''),
        errorOutputPrefix: String(s3.ErrorOutputPrefix ?? ''),
        // The CloudFormation defaults: 300 seconds, 5 MiB.
        bufferingIntervalSeconds: Number(buffering.IntervalInSeconds ?? 300),
        bufferingSizeMB: Number(buffering.SizeInMBs ?? 5),
        compression: compression as 'GZIP' | 'UNCOMPRESSED',
        ...(processors.length > 0 && { appendNewline: true }),
      };
      const streamArn = arn('firehose', ctx.options.region, `deliverystream/${name}`);
      ctx.physical.set(logicalId, { ref: name, attributes: { Arn: streamArn } });
    });
  }
}

/**
 * AWS::Events::Archive (aws-resource-events-archive.html) on a bus of the template. The local bus
 * keeps one archive, named `<bus>-archive` whatever ArchiveName says; its Arn attribute is that
 * archive's, so StartReplay with it (over the bus's SDK endpoint) replays from it.
 */
export function registerArchives(ctx: TemplateContext, def: EventsDefinition): void {
  for (const [logicalId, resource] of ctx.resourcesOf('AWS::Events::Archive')) {
    ctx.attempt(logicalId, resource.Type, () => {
      const props = ctx.properties(resource);
      const bus = lastName(props.SourceArn);
      const definition = def.buses[bus];
      if (!definition) throw new Unresolved(`SourceArn ${String(props.SourceArn)} is not a bus of this template`, 'Archive a bus the template declares (AWS::Events::EventBus).');
      if (definition.archive) throw new Unresolved(`bus ${bus} already has an archive`, 'The local bus keeps one archive per bus; remove the second.');
      definition.archive = {
        retentionDays: Number(props.RetentionDays ?? 0),
        ...(props.EventPattern !== undefined && { eventPattern: (typeof props.EventPattern === 'string' ? JSON.parse(props.EventPattern) : props.EventPattern) as Record<string, unknown> }),
      };
      const name = String(props.ArchiveName ?? `${bus}-archive`);
      ctx.physical.set(logicalId, { ref: name, attributes: { Arn: arn('events', ctx.options.region, `archive/${bus}-archive`), ArchiveName: name } });
    });
  }
}

function targetInput(target: Props): TargetInput | undefined {
  if (typeof target.Input === 'string') return { input: target.Input };
  if (typeof target.InputPath === 'string') return { inputPath: target.InputPath };
  const transformer = target.InputTransformer as { InputPathsMap?: Record<string, string>; InputTemplate?: string } | undefined;
  if (transformer?.InputTemplate !== undefined) return { inputTransformer: { ...(transformer.InputPathsMap && { inputPathsMap: transformer.InputPathsMap }), inputTemplate: transformer.InputTemplate } };
  return undefined;
}

export interface TargetContext {
  def: EventsDefinition;
  /** The ids of the template's AppSync APIs: an AppSync target reaches the one its ARN names. */
  apiIds: readonly string[];
}

/**
 * One target of AWS::Events::Rule (aws-properties-events-rule-target.html): a Lambda function, an
 * SQS queue, an AppSync API (AppSyncParameters.GraphQLOperation, signed with IAM as the target's
 * RoleArn would; the role itself is not checked, IAM is not enforced locally) or a Firehose stream.
 */
export function ruleTarget(target: Props, context: TargetContext): RuleTargetDefinition {
  const targetArn = String(target.Arn ?? '');
  const retry = target.RetryPolicy as { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number } | undefined;
  const deadLetter = (target.DeadLetterConfig as { Arn?: string } | undefined)?.Arn;
  const input = targetInput(target);
  const common = {
    id: String(target.Id),
    ...(input && { input }),
    ...(retry && { retryPolicy: { maximumRetryAttempts: Number(retry.MaximumRetryAttempts ?? 185), maximumEventAgeSeconds: Number(retry.MaximumEventAgeInSeconds ?? 86400) } }),
    ...(deadLetter && { deadLetterQueue: lastName(deadLetter) }),
  };
  if (/^arn:[^:]*:lambda:/.test(targetArn)) return { ...common, type: 'LAMBDA', function: lastName(targetArn) };
  if (/^arn:[^:]*:sqs:/.test(targetArn)) return { ...common, type: 'SQS', queue: lastName(targetArn) };
  if (/^arn:[^:]*:appsync:/.test(targetArn)) {
    const operation = (target.AppSyncParameters as { GraphQLOperation?: string } | undefined)?.GraphQLOperation;
    if (!operation) throw new Unresolved(`target ${String(target.Id)} names an AppSync API without AppSyncParameters.GraphQLOperation`, 'Give the target the operation to run.');
    // endpoints/graphql-api/<id> is the target's ARN form (GetAtt GraphQLEndpointArn); apis/<id> the API's own.
    const apiId = /(?:endpoints\/graphql-api|apis)\/([^/]+)$/.exec(targetArn)?.[1];
    if (apiId === undefined || !context.apiIds.includes(apiId)) {
      throw new Unresolved(`target ${String(target.Id)} (${targetArn}) names no AppSync API of this template`, 'Name an AWS::AppSync::GraphQLApi of the template (Fn::GetAtt <Api>.GraphQLEndpointArn).');
    }
    return { ...common, type: 'APPSYNC', graphQLOperation: operation, apiId };
  }
  if (/^arn:[^:]*:firehose:/.test(targetArn)) {
    const stream = lastName(targetArn);
    if (!context.def.deliveryStreams[stream]) throw new Unresolved(`target ${String(target.Id)}: delivery stream ${stream} is not running locally`, 'See the line for the AWS::KinesisFirehose::DeliveryStream; the target needs it.');
    return { ...common, type: 'FIREHOSE', deliveryStream: stream };
  }
  throw new Unresolved(
    `target ${String(target.Id)} (${targetArn}) is not a Lambda function, an SQS queue, an AppSync API or a Firehose stream`,
    'Locally, rules deliver to Lambda functions, SQS queues, AppSync APIs and Firehose delivery streams.',
  );
}

/** A rule's ScheduleExpression (aws-properties-events-rule.html): `rate(5 minutes)` or EventBridge's six-field `cron(...)`, UTC. */
export function scheduleOf(expression: string): ScheduleDefinition {
  const cron = /^cron\((.*)\)$/.exec(expression.trim());
  if (cron) {
    try {
      parseCron(cron[1] ?? '');
    } catch (error) {
      if (error instanceof CronExpressionError) throw new Unresolved(error.message, 'Fix the expression (EventBridge user guide, "Cron expressions reference").');
      throw error;
    }
    return { cron: cron[1] ?? '' };
  }
  // A value of 1 takes the singular unit and any other the plural (eb-rate-expressions.html).
  const match = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (!match) throw new Unresolved(`schedule ${expression} is neither rate(...) nor cron(...)`, 'Write rate(<value> <unit>) or cron(<six fields>).');
  const unit = match[2]?.startsWith('minute') ? 1 : match[2]?.startsWith('hour') ? 60 : 1440;
  return { rateMinutes: Number(match[1]) * unit };
}

export { ACCOUNT };
