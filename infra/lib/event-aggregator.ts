import { Duration, Size, Stack, type RemovalPolicy } from 'aws-cdk-lib';
import type { GraphqlApi } from 'aws-cdk-lib/aws-appsync';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { CfnRule, EventBus, Rule, Schedule, type IRuleTarget } from 'aws-cdk-lib/aws-events';
import { AppSync, FirehoseDeliveryStream, LambdaFunction, SqsQueue, addToDeadLetterQueueResourcePolicy } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { AppendDelimiterToRecordProcessor, Compression, DeliveryStream, S3Bucket } from 'aws-cdk-lib/aws-kinesisfirehose';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { CfnPipe } from 'aws-cdk-lib/aws-pipes';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { Kind, OperationTypeNode, parse } from 'graphql';
import type { EventsDefinition, RuleDefinition, RuleTargetDefinition } from '../../local/src/project/definitions';

/**
 * The event aggregator from EventsDefinition: queues, buses (with archives), delivery streams,
 * rules and their targets, queue consumers and pipes. Buses and queues come first
 * (createEventResources) because functions' environments name them; the rest needs the functions.
 */
export interface EventResources {
  buses: Record<string, EventBus>;
  queues: Record<string, Queue>;
  deliveryStreams: Record<string, DeliveryStream>;
  lake?: Bucket;
  rules: Record<string, Rule>;
  pipes: Record<string, CfnPipe>;
}

export function createEventResources(scope: Construct, def: EventsDefinition, removalPolicy?: RemovalPolicy): EventResources {
  const queues: Record<string, Queue> = {};
  // Dead-letter queues first: a redrive policy names its queue.
  const ordered = Object.entries(def.queues).sort(([, a], [, b]) => Number(Boolean(a.redrive)) - Number(Boolean(b.redrive)));
  for (const [name, q] of ordered) {
    const deadLetter = q.redrive ? queues[q.redrive.deadLetterQueue] : undefined;
    if (q.redrive && !deadLetter) throw new Error(`Queue ${name}: its dead-letter queue ${q.redrive.deadLetterQueue} is not defined.`);
    queues[name] = new Queue(scope, `Queue_${name}`, {
      visibilityTimeout: Duration.seconds(q.visibilityTimeoutSeconds),
      ...(q.messageRetentionSeconds !== undefined && { retentionPeriod: Duration.seconds(q.messageRetentionSeconds) }),
      ...(deadLetter && q.redrive && { deadLetterQueue: { queue: deadLetter, maxReceiveCount: q.redrive.maxReceiveCount } }),
      enforceSSL: true,
    });
  }
  const buses: Record<string, EventBus> = {};
  for (const [name, b] of Object.entries(def.buses)) {
    const bus = new EventBus(scope, `Bus_${name}`, { description: b.description });
    if (b.archive) {
      bus.archive(`Archive_${name}`, {
        description: `Every event of ${name}, for replay.`,
        // An archive needs a pattern; the bus's own account matches every event put on it.
        eventPattern: b.archive.eventPattern ?? { account: [Stack.of(scope).account] },
        retention: Duration.days(b.archive.retentionDays),
      });
    }
    buses[name] = bus;
  }
  const deliveryStreams: Record<string, DeliveryStream> = {};
  let lake: Bucket | undefined;
  if (Object.keys(def.deliveryStreams).length > 0) {
    lake = new Bucket(scope, 'EventLake', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      ...(removalPolicy && { removalPolicy }),
    });
    for (const [name, s] of Object.entries(def.deliveryStreams)) {
      deliveryStreams[name] = new DeliveryStream(scope, `DeliveryStream_${name}`, {
        destination: new S3Bucket(lake, {
          dataOutputPrefix: s.prefix,
          errorOutputPrefix: s.errorOutputPrefix,
          bufferingInterval: Duration.seconds(s.bufferingIntervalSeconds),
          bufferingSize: Size.mebibytes(s.bufferingSizeMB),
          compression: s.compression === 'GZIP' ? Compression.GZIP : Compression.UNCOMPRESSED,
          ...(s.appendNewline && { processors: [new AppendDelimiterToRecordProcessor()] }),
        }),
      });
    }
  }
  return { buses, queues, deliveryStreams, lake, rules: {}, pipes: {} };
}

export interface EventWiring {
  functions: Record<string, NodejsFunction>;
  tables: Record<string, TableV2>;
  api: GraphqlApi;
}

export function wireEvents(scope: Construct, def: EventsDefinition, r: EventResources, w: EventWiring): void {
  const need = <T>(found: T | undefined, what: string): T => {
    if (!found) throw new Error(`The event definitions name ${what}, which is not defined.`);
    return found;
  };
  for (const [name, rule] of Object.entries(def.rules)) {
    r.rules[name] = createRule(scope, name, rule, r, w, need);
  }
  for (const [name, c] of Object.entries(def.queueConsumers)) {
    need(w.functions[c.function], `function ${c.function}`).addEventSource(
      new SqsEventSource(need(r.queues[c.queue], `queue ${c.queue}`), {
        batchSize: c.batchSize,
        ...(c.maximumBatchingWindowSeconds !== undefined && { maxBatchingWindow: Duration.seconds(c.maximumBatchingWindowSeconds) }),
        reportBatchItemFailures: c.reportBatchItemFailures,
        ...(c.maximumConcurrency !== undefined && { maxConcurrency: c.maximumConcurrency }),
      }),
    );
    void name;
  }
  for (const [name, p] of Object.entries(def.pipes)) {
    const table = need(w.tables[p.source.table], `table ${p.source.table}`);
    const target = need(w.functions[p.target.function], `function ${p.target.function}`);
    const deadLetter = need(r.queues[p.source.deadLetterQueue], `queue ${p.source.deadLetterQueue}`);
    const streamArn = need(table.tableStreamArn, `a stream on table ${p.source.table}`);
    // The pipe's role reads this stream, invokes this function and sends to this queue: nothing else.
    const role = new Role(scope, `PipeRole_${name}`, { assumedBy: new ServicePrincipal('pipes.amazonaws.com') });
    role.addToPolicy(new PolicyStatement({ actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'], resources: [streamArn] }));
    target.grantInvoke(role);
    deadLetter.grantSendMessages(role);
    r.pipes[name] = new CfnPipe(scope, `Pipe_${name}`, {
      description: p.description,
      roleArn: role.roleArn,
      source: streamArn,
      sourceParameters: {
        dynamoDbStreamParameters: {
          startingPosition: p.source.startingPosition,
          batchSize: p.source.batchSize,
          maximumBatchingWindowInSeconds: p.source.maximumBatchingWindowSeconds,
          maximumRetryAttempts: p.source.maximumRetryAttempts,
          maximumRecordAgeInSeconds: p.source.maximumRecordAgeSeconds,
          onPartialBatchItemFailure: p.source.onPartialBatchItemFailure,
          deadLetterConfig: { arn: deadLetter.queueArn },
        },
        ...(p.source.filters && { filterCriteria: { filters: p.source.filters.map((f) => ({ pattern: JSON.stringify(f) })) } }),
      },
      target: target.functionArn,
      targetParameters: { lambdaFunctionParameters: { invocationType: 'REQUEST_RESPONSE' } },
    });
  }
}

function createRule(
  scope: Construct,
  name: string,
  def: RuleDefinition,
  r: EventResources,
  w: EventWiring,
  need: <T>(found: T | undefined, what: string) => T,
): Rule {
  const rule = new Rule(scope, `Rule_${name}`, {
    description: def.description,
    ...('schedule' in def
      ? {
          schedule:
            'cron' in def.schedule
              ? Schedule.expression(`cron(${def.schedule.cron})`)
              : Schedule.rate(Duration.minutes(def.schedule.rateMinutes)),
        }
      : {
          // The account's default bus (where AWS services put their events) is no resource of ours.
          ...(def.bus !== 'default' && { eventBus: need(r.buses[def.bus], `bus ${def.bus}`) }),
          // A stand-in the L2 validation accepts; the declared pattern replaces it just below.
          eventPattern: { account: [Stack.of(scope).account] },
        }),
  });
  // The pattern goes to CloudFormation exactly as declared (prefix, anything-but, ...): the same
  // JSON the local bus matches, untouched by the L2 EventPattern type.
  if ('eventPattern' in def) (rule.node.defaultChild as CfnRule).eventPattern = def.eventPattern;
  def.targets.forEach((target, index) => {
    rule.addTarget(ruleTarget(scope, name, target, r, w, need));
    const cfn = rule.node.defaultChild as CfnRule;
    cfn.addPropertyOverride(`Targets.${index}.Id`, target.id);
    // CDK's Firehose target takes no retry policy or dead-letter queue; EventBridge does.
    if (target.type === 'FIREHOSE') {
      if (target.retryPolicy) {
        cfn.addPropertyOverride(`Targets.${index}.RetryPolicy`, {
          MaximumRetryAttempts: target.retryPolicy.maximumRetryAttempts,
          MaximumEventAgeInSeconds: target.retryPolicy.maximumEventAgeSeconds,
        });
      }
      if (target.deadLetterQueue) {
        const queue = need(r.queues[target.deadLetterQueue], `queue ${target.deadLetterQueue}`);
        cfn.addPropertyOverride(`Targets.${index}.DeadLetterConfig`, { Arn: queue.queueArn });
        addToDeadLetterQueueResourcePolicy(rule, queue);
      }
    }
    const input = target.input;
    if (input && 'inputTransformer' in input) {
      cfn.addPropertyDeletionOverride(`Targets.${index}.Input`);
      cfn.addPropertyOverride(`Targets.${index}.InputTransformer`, {
        InputPathsMap: input.inputTransformer.inputPathsMap,
        InputTemplate: input.inputTransformer.inputTemplate,
      });
    } else if (input && 'inputPath' in input) cfn.addPropertyOverride(`Targets.${index}.InputPath`, input.inputPath);
    else if (input && 'input' in input) cfn.addPropertyOverride(`Targets.${index}.Input`, input.input);
  });
  return rule;
}

/** The root fields of the document's mutations. */
function mutationFields(document: string): string[] {
  return parse(document).definitions.flatMap((d) =>
    d.kind === Kind.OPERATION_DEFINITION && d.operation === OperationTypeNode.MUTATION
      ? d.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []))
      : [],
  );
}

function ruleTarget(
  scope: Construct,
  ruleName: string,
  t: RuleTargetDefinition,
  r: EventResources,
  w: EventWiring,
  need: <T>(found: T | undefined, what: string) => T,
): IRuleTarget {
  const common = {
    ...(t.deadLetterQueue && { deadLetterQueue: need(r.queues[t.deadLetterQueue], `queue ${t.deadLetterQueue}`) }),
    ...(t.retryPolicy && { retryAttempts: t.retryPolicy.maximumRetryAttempts, maxEventAge: Duration.seconds(t.retryPolicy.maximumEventAgeSeconds) }),
  };
  switch (t.type) {
    case 'LAMBDA':
      return new LambdaFunction(need(w.functions[t.function], `function ${t.function}`), common);
    case 'SQS':
      return new SqsQueue(need(r.queues[t.queue], `queue ${t.queue}`), common);
    case 'APPSYNC': {
      // CDK's default role may run every mutation; this one may run only those the operation names.
      const role = new Role(scope, `AppSyncTargetRole_${ruleName}_${t.id}`, { assumedBy: new ServicePrincipal('events.amazonaws.com') });
      w.api.grantMutation(role, ...mutationFields(t.graphQLOperation));
      // The variables come from the target's InputTransformer (set on the CfnRule above).
      return new AppSync(w.api, { graphQLOperation: t.graphQLOperation, eventRole: role, ...common });
    }
    case 'FIREHOSE':
      return new FirehoseDeliveryStream(need(r.deliveryStreams[t.deliveryStream], `delivery stream ${t.deliveryStream}`));
  }
}
