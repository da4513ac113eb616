import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../local/src/project';
import type { RuleTargetDefinition } from '../../local/src/project/definitions';
import { apiDefinition } from '../api';
import { deployment } from '../api/deployment';
import { events } from '../api/events';
import { ApiStack } from '../lib/api-stack';

type Resource = { Properties: Record<string, unknown> };
type Statement = { Action: string | string[]; Resource: unknown };

/**
 * The event aggregator as synthesized from infra/api/events.ts. Lambda bundling is skipped
 * (`aws:cdk:bundling-stacks: []`): these tests are about wiring and permissions, and
 * api-stack.test.ts bundles the same functions already.
 */
let template: Template;
beforeAll(async () => {
  const { context } = JSON.parse(readFileSync(join(apiDefinition.rootDir, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const app = new App({ context: { ...context, 'aws:cdk:bundling-stacks': [] } });
  template = Template.fromStack(new ApiStack(app, 'EventsTest', { definition: apiDefinition, project: await loadProject(apiDefinition), deployment }));
}, 120_000);

const ids = (type: string, props: Record<string, unknown> = {}) => Object.keys(template.findResources(type, { Properties: props }));
const one = (type: string, props: Record<string, unknown>) => {
  const found = ids(type, props);
  if (found.length !== 1) throw new Error(`expected one ${type} with ${JSON.stringify(props)}, found ${found.length}`);
  return found[0] as string;
};
const fnId = (handlerVariable: string) => one('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ [handlerVariable]: Match.anyValue() }) } });

function statementsOfRole(roleId: string): Statement[] {
  return (Object.values(template.findResources('AWS::IAM::Policy')) as Resource[])
    .filter((policy) => (policy.Properties['Roles'] as { Ref?: string }[]).some((role) => role.Ref === roleId))
    .flatMap((policy) => (policy.Properties['PolicyDocument'] as { Statement: Statement[] }).Statement)
    .filter((statement) => ![statement.Action].flat().every((action) => action.startsWith('xray:')));
}
const roleOfFunction = (id: string) => ((template.findResources('AWS::Lambda::Function')[id] as Resource).Properties['Role'] as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
const actionsOf = (statements: Statement[]) => new Set(statements.flatMap((s) => [s.Action].flat()));

function refs(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refs);
  if (typeof value !== 'object' || value === null) return [];
  const v = value as Record<string, unknown>;
  if (typeof v.Ref === 'string') return [v.Ref];
  if (Array.isArray(v['Fn::GetAtt'])) return [String(v['Fn::GetAtt'][0])];
  return Object.values(v).flatMap(refs);
}

describe('the event aggregator on AWS', () => {
  it('reads the orders and menu tables through pipes, filtered as declared, into the domain-events function, dead letters to a queue', () => {
    const target = fnId('EVENT_BUS_NAME');
    const pipes = Object.values(template.findResources('AWS::Pipes::Pipe')) as Resource[];
    expect(pipes).toHaveLength(2);
    for (const [name, def] of Object.entries(events.pipes)) {
      const pipe = pipes.find((p) => p.Properties['Description'] === def.description);
      expect(pipe, name).toBeDefined();
      const params = (pipe?.Properties['SourceParameters'] as { DynamoDBStreamParameters: Record<string, unknown>; FilterCriteria: { Filters: { Pattern: string }[] } });
      expect(params.DynamoDBStreamParameters).toMatchObject({
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: def.source.batchSize,
        MaximumRetryAttempts: def.source.maximumRetryAttempts,
        OnPartialBatchItemFailure: 'AUTOMATIC_BISECT',
      });
      expect(params.FilterCriteria.Filters.map((f) => JSON.parse(f.Pattern))).toEqual(def.source.filters);
      expect(refs(pipe?.Properties['Source'])).toHaveLength(1);
      expect(refs(pipe?.Properties['Target'])).toEqual([target]);
    }
  });

  it("gives each pipe's role the stream reads, the target's invoke and the dead-letter send, nothing else", () => {
    for (const pipe of Object.values(template.findResources('AWS::Pipes::Pipe')) as Resource[]) {
      const roleId = refs(pipe.Properties['RoleArn'])[0] as string;
      const actions = actionsOf(statementsOfRole(roleId));
      expect([...actions].sort()).toEqual(
        ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams', 'lambda:InvokeFunction', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'].sort(),
      );
    }
  });

  it('has one custom bus with an archive for a year', () => {
    const bus = one('AWS::Events::EventBus', {});
    template.hasResourceProperties('AWS::Events::Archive', { SourceArn: { 'Fn::GetAtt': [bus, 'Arn'] }, RetentionDays: 365 });
  });

  it('deploys every rule with its pattern exactly as declared, and every target with retries and a dead-letter queue', () => {
    const rules = Object.values(template.findResources('AWS::Events::Rule')) as Resource[];
    for (const [name, def] of Object.entries(events.rules)) {
      const rule = rules.find((r) => r.Properties['Description'] === def.description);
      expect(rule, name).toBeDefined();
      if ('eventPattern' in def) expect(rule?.Properties['EventPattern']).toEqual(def.eventPattern);
      else if ('cron' in def.schedule) expect(rule?.Properties['ScheduleExpression']).toBe(`cron(${def.schedule.cron})`);
      else expect(rule?.Properties['ScheduleExpression']).toBe(`rate(${def.schedule.rateMinutes} minute${def.schedule.rateMinutes === 1 ? '' : 's'})`);
      const targets = rule?.Properties['Targets'] as Record<string, unknown>[];
      expect(targets.map((t) => t['Id'])).toEqual(def.targets.map((t) => t.id));
      (def.targets as RuleTargetDefinition[]).forEach((t, i) => {
        const deployed = targets[i] as Record<string, { MaximumRetryAttempts?: number; Arn?: unknown }>;
        if (t.retryPolicy) expect(deployed['RetryPolicy']?.MaximumRetryAttempts).toBe(t.retryPolicy.maximumRetryAttempts);
        if (t.deadLetterQueue) expect(refs(deployed['DeadLetterConfig']?.Arn)).toHaveLength(1);
      });
    }
  });

  it('pushes Payment Failed and Order Expired through the AppSync target with the orderId as the variables, over a role that may run that one mutation', () => {
    const rule = (Object.values(template.findResources('AWS::Events::Rule')) as Resource[]).find((r) => r.Properties['Description'] === events.rules.pushUnpublishedChanges.description);
    const [target] = rule?.Properties['Targets'] as Record<string, unknown>[];
    expect(target?.['AppSyncParameters']).toEqual({ GraphQLOperation: events.rules.pushUnpublishedChanges.targets[0]?.graphQLOperation });
    expect(target?.['InputTransformer']).toEqual({ InputPathsMap: { orderId: '$.detail.orderId' }, InputTemplate: '{"orderId": <orderId>}' });
    expect(target?.['Input']).toBeUndefined();
    const statements = statementsOfRole(refs(target?.['RoleArn'])[0] as string);
    expect(actionsOf(statements)).toEqual(new Set(['appsync:GraphQL']));
    expect(JSON.stringify(statements)).toContain('/types/Mutation/fields/notifyOrderChanged');
  });

  it('consumes the rollup queue with batches, partial batch failures and a concurrency cap; the queue redrives to a dead-letter queue', () => {
    const rollup = fnId('METRICS_TABLE');
    template.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 2, TracingConfig: { Mode: 'Active' } });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: rollup },
      BatchSize: 10,
      MaximumBatchingWindowInSeconds: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 180, RedrivePolicy: Match.objectLike({ maxReceiveCount: 5 }) });
  });

  it('lets the rollup write the metrics table only and the domain-events function put on the bus only', () => {
    const rollupActions = actionsOf(statementsOfRole(roleOfFunction(fnId('METRICS_TABLE'))));
    expect([...rollupActions].filter((a) => !a.startsWith('dynamodb:') && !a.startsWith('sqs:'))).toEqual([]);
    const publisher = statementsOfRole(roleOfFunction(fnId('EVENT_BUS_NAME')));
    expect(actionsOf(publisher)).toEqual(new Set(['events:PutEvents']));
    expect(refs(publisher.map((s) => s.Resource))).toEqual([one('AWS::Events::EventBus', {})]);
  });

  it('writes every event to the lake through Firehose: dt= partitions, GZIP, one JSON line per event', () => {
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      ExtendedS3DestinationConfiguration: Match.objectLike({
        Prefix: 'events/dt=!{timestamp:yyyy-MM-dd}/',
        CompressionFormat: 'GZIP',
        ProcessingConfiguration: { Enabled: true, Processors: [Match.objectLike({ Type: 'AppendDelimiterToRecord' })] },
      }),
    });
  });

  it("buffers the lake's objects for Firehose's maximum of 900 s, so Athena's scans read 48 objects a day, not 720", () => {
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      ExtendedS3DestinationConfiguration: Match.objectLike({ BufferingHints: { IntervalInSeconds: 900, SizeInMBs: 5 } }),
    });
  });

  it('keeps seeded history (order ids starting history-) out of the apps\' pushes, since those orders exist only as events', () => {
    const rules = Object.values(template.findResources('AWS::Events::Rule')) as Resource[];
    const push = rules.find((r) => JSON.stringify(r.Properties['EventPattern'] ?? {}).includes('Payment Failed'));
    expect(push?.Properties['EventPattern']).toMatchObject({ detail: { orderId: [{ 'anything-but': { prefix: 'history-' } }] } });
  });

  it('logs resolver errors with a retention and traces the API with X-Ray', () => {
    template.hasResourceProperties('AWS::AppSync::GraphQLApi', { LogConfig: Match.objectLike({ FieldLogLevel: 'ERROR' }), XrayEnabled: true });
  });

  it('alarms on API 5xx and latency, pipe and rule failures, dead letters and queue age, with one dashboard', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Resource[];
    const metrics = alarms.map((a) => `${a.Properties['Namespace']}/${a.Properties['MetricName']}`);
    for (const wanted of ['AWS/AppSync/5XXError', 'AWS/AppSync/Latency', 'AWS/EventBridge/Pipes/ExecutionFailed', 'AWS/Events/FailedInvocations', 'AWS/SQS/ApproximateNumberOfMessagesVisible', 'AWS/SQS/ApproximateAgeOfOldestMessage']) {
      expect(metrics, wanted).toContain(wanted);
    }
    expect(metrics.filter((m) => m === 'AWS/EventBridge/Pipes/ExecutionFailed')).toHaveLength(Object.keys(events.pipes).length);
    expect(metrics.filter((m) => m === 'AWS/Events/FailedInvocations')).toHaveLength(Object.keys(events.rules).length);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });
});
