import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../local/src/project';
import { apiDefinition } from '../api';
import { deployment } from '../api/deployment';
import { BYTES_SCANNED_CUTOFF } from '../lib/analytics';
import { ApiStack } from '../lib/api-stack';

type Resource = { Properties: Record<string, unknown> };
type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };

/**
 * Athena over the lake, as synthesized from the definitions: the Glue table with partition
 * projection (no crawler), the workgroup with its result location and bytes-scanned cutoff, the
 * named queries, and the analytics function's role. Lambda bundling is skipped, as in
 * event-aggregator.test.ts.
 */
let template: Template;
beforeAll(async () => {
  const { context } = JSON.parse(readFileSync(join(apiDefinition.rootDir, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const app = new App({ context: { ...context, 'aws:cdk:bundling-stacks': [] } });
  template = Template.fromStack(new ApiStack(app, 'AnalyticsTest', { definition: apiDefinition, project: await loadProject(apiDefinition), deployment }));
}, 120_000);

const only = (type: string): Resource => {
  const found = Object.values(template.findResources(type)) as Resource[];
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0] as Resource;
};
const queryFiles = readdirSync(join(apiDefinition.rootDir, 'analytics', 'queries')).filter((f) => f.endsWith('.sql'));

function refs(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refs);
  if (typeof value !== 'object' || value === null) return [];
  const v = value as Record<string, unknown>;
  if (typeof v.Ref === 'string') return [v.Ref];
  if (Array.isArray(v['Fn::GetAtt'])) return [String(v['Fn::GetAtt'][0])];
  return Object.values(v).flatMap(refs);
}

const lakeBucket = () => {
  const [id] = Object.keys(template.findResources('AWS::KinesisFirehose::DeliveryStream')).flatMap((k) => {
    const stream = template.findResources('AWS::KinesisFirehose::DeliveryStream')[k] as Resource;
    return refs((stream.Properties['ExtendedS3DestinationConfiguration'] as Record<string, unknown>)['BucketARN']);
  });
  return id as string;
};
const analyticsFunction = () => {
  const ids = Object.keys(template.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: Match.objectLike({ ATHENA_WORKGROUP: Match.anyValue() }) } } }));
  expect(ids).toHaveLength(1);
  return ids[0] as string;
};
function statementsOfFunction(fnId: string): Statement[] {
  const fn = template.findResources('AWS::Lambda::Function')[fnId] as Resource;
  const roleId = (fn.Properties['Role'] as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
  return (Object.values(template.findResources('AWS::IAM::Policy')) as Resource[])
    .filter((policy) => (policy.Properties['Roles'] as { Ref?: string }[]).some((role) => role.Ref === roleId))
    .flatMap((policy) => (policy.Properties['PolicyDocument'] as { Statement: Statement[] }).Statement)
    .filter((s) => ![s.Action].flat().every((action) => action.startsWith('xray:')));
}

describe('the lake on Athena', () => {
  it('a Glue table over the lake bucket events/ prefix: JSON lines through the OpenX SerDe, dt a projected string partition, no crawler', () => {
    const input = only('AWS::Glue::Table').Properties['TableInput'] as Record<string, unknown>;
    expect(input['PartitionKeys']).toEqual([{ Name: 'dt', Type: 'string' }]);
    expect(input['Parameters']).toMatchObject({
      'projection.enabled': 'true',
      'projection.dt.type': 'date',
      'projection.dt.format': 'yyyy-MM-dd',
      'projection.dt.range': '2026-01-01,NOW',
      'projection.dt.interval.unit': 'DAYS',
    });
    const storage = input['StorageDescriptor'] as Record<string, unknown>;
    expect(refs(storage['Location'])).toEqual([lakeBucket()]);
    expect(JSON.stringify(storage['Location'])).toContain('/events/');
    expect(JSON.stringify((input['Parameters'] as Record<string, unknown>)['storage.location.template'])).toContain('/events/dt=${dt}/');
    expect(storage['SerdeInfo']).toEqual({
      SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
      Parameters: { 'mapping.detail_type': 'detail-type', 'mapping.replay_name': 'replay-name', 'ignore.malformed.json': 'true' },
    });
    const columns = storage['Columns'] as { Name: string; Type: string }[];
    expect(columns.map((c) => c.Name)).toEqual(['version', 'id', 'source', 'detail_type', 'account', 'time', 'region', 'resources', 'detail', 'replay_name']);
    expect(columns.find((c) => c.Name === 'detail')?.Type).toMatch(/^struct<schemaVersion:int,eventId:string,.*lines:array<struct<menuItemId:string,/);
    template.resourceCountIs('AWS::Glue::Crawler', 0);
    template.resourceCountIs('AWS::Glue::Partition', 0);
  });

  it('a workgroup on engine v3 that enforces its result location and a per-query bytes-scanned cutoff', () => {
    const config = only('AWS::Athena::WorkGroup').Properties['WorkGroupConfiguration'] as Record<string, unknown>;
    expect(config).toMatchObject({
      EnforceWorkGroupConfiguration: true,
      BytesScannedCutoffPerQuery: BYTES_SCANNED_CUTOFF,
      EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
      ResultConfiguration: { EncryptionConfiguration: { EncryptionOption: 'SSE_S3' } },
    });
    expect(BYTES_SCANNED_CUTOFF).toBeGreaterThanOrEqual(10_000_000);
    const output = (config['ResultConfiguration'] as Record<string, unknown>)['OutputLocation'];
    const [resultsBucket] = refs(output);
    expect(resultsBucket).not.toBe(lakeBucket());
    const bucket = template.findResources('AWS::S3::Bucket')[resultsBucket as string] as Resource;
    expect(JSON.stringify(bucket.Properties['LifecycleConfiguration'])).toContain('ExpirationInDays');
  });

  it('one Athena named query per file of analytics/queries, in the workgroup and the database', () => {
    const named = Object.values(template.findResources('AWS::Athena::NamedQuery')) as Resource[];
    expect(named.map((q) => q.Properties['Name']).sort()).toEqual(queryFiles.map((f) => f.replace(/\.sql$/, '')).sort());
    const database = (only('AWS::Glue::Database').Properties['DatabaseInput'] as { Name: string }).Name;
    for (const q of named) {
      expect(q.Properties['Database']).toBe(database);
      expect(refs(q.Properties['WorkGroup'])).toEqual(Object.keys(template.findResources('AWS::Athena::WorkGroup')));
      expect(q.Properties['QueryString']).toBe(readFileSync(join(apiDefinition.rootDir, 'analytics', 'queries', `${String(q.Properties['Name'])}.sql`), 'utf8'));
    }
  });
});

describe('the analytics function on AWS', () => {
  it('names its workgroup, database and named queries in its environment', () => {
    const fn = template.findResources('AWS::Lambda::Function')[analyticsFunction()] as Resource;
    const vars = (fn.Properties['Environment'] as { Variables: Record<string, unknown> }).Variables;
    expect(vars['ATHENA_WORKGROUP']).toBe('AnalyticsTest-analytics');
    expect(String(vars['GLUE_DATABASE'])).toMatch(/_analytics$/);
    expect(refs(vars['ANALYTICS_NAMED_QUERIES']).sort()).toEqual(Object.keys(template.findResources('AWS::Athena::NamedQuery')).sort());
    expect(fn.Properties['Timeout']).toBeLessThan(30);
  });

  it('may run queries in its workgroup only, read the table, read events/ of the lake and write results only', () => {
    const statements = statementsOfFunction(analyticsFunction());
    const actions = new Set(statements.flatMap((s) => [s.Action].flat()));
    expect([...actions].sort()).toEqual(
      [
        'athena:BatchGetNamedQuery',
        'athena:GetNamedQuery',
        'athena:GetQueryExecution',
        'athena:GetQueryResults',
        'athena:StartQueryExecution',
        'glue:GetDatabase',
        'glue:GetTable',
        's3:AbortMultipartUpload',
        's3:GetBucketLocation',
        's3:GetObject',
        's3:ListBucket',
        's3:ListBucketMultipartUploads',
        's3:ListMultipartUploadParts',
        's3:PutObject',
      ].sort(),
    );
    for (const s of statements) expect(JSON.stringify(s.Resource)).not.toBe('"*"');
    const athena = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('athena:')));
    expect(JSON.stringify(athena.map((s) => s.Resource))).toContain(':workgroup/');
    const lake = lakeBucket();
    const onLake = statements.filter((s) => refs(s.Resource).includes(lake));
    expect(new Set(onLake.flatMap((s) => [s.Action].flat()))).toEqual(new Set(['s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation']));
    expect(JSON.stringify(onLake.find((s) => s.Action === 's3:GetObject')?.Resource)).toContain('/events/*');
  });

  it('backs every analytics field through the analytics Lambda data source', () => {
    const dataSource = Object.entries(template.findResources('AWS::AppSync::DataSource')).find(([, d]) => (d as Resource).Properties['Name'] === 'analytics');
    expect(dataSource).toBeDefined();
    const [, ds] = dataSource as [string, Resource];
    expect(refs((ds.Properties['LambdaConfig'] as Record<string, unknown>)['LambdaFunctionArn'])).toEqual([analyticsFunction()]);
    const fields = (Object.values(template.findResources('AWS::AppSync::Resolver')) as Resource[])
      .filter((r) => r.Properties['DataSourceName'] === 'analytics')
      .map((r) => r.Properties['FieldName'])
      .sort();
    expect(fields).toEqual(['busiestHours', 'categorySales', 'itemSales', 'orderFunnel', 'prepTimesByHour', 'prepTimesByItem', 'queueLength', 'repeatCustomers', 'salesSeries']);
  });
});

describe('long queries, delivered by subscription', () => {
  const executionsRule = (): Resource => {
    const rules = (Object.values(template.findResources('AWS::Events::Rule')) as Resource[]).filter((r) => JSON.stringify(r.Properties['EventPattern'] ?? {}).includes('aws.athena'));
    expect(rules).toHaveLength(1);
    return rules[0] as Resource;
  };
  const policiesOfRole = (roleId: string): Statement[] =>
    (Object.values(template.findResources('AWS::IAM::Policy')) as Resource[])
      .filter((policy) => (policy.Properties['Roles'] as { Ref?: string }[]).some((role) => role.Ref === roleId))
      .flatMap((policy) => (policy.Properties['PolicyDocument'] as { Statement: Statement[] }).Statement);

  it("a rule on the account's default bus matches the terminal query state changes of this stack's workgroup", () => {
    const rule = executionsRule();
    // No EventBusName: the default bus, where Athena puts its events.
    expect(rule.Properties['EventBusName']).toBeUndefined();
    const pattern = rule.Properties['EventPattern'] as { source: string[]; 'detail-type': string[]; detail: { workgroupName: { suffix: string }[]; currentState: string[] } };
    expect(pattern.source).toEqual(['aws.athena']);
    expect(pattern['detail-type']).toEqual(['Athena Query State Change']);
    expect(pattern.detail.currentState.sort()).toEqual(['CANCELLED', 'FAILED', 'SUCCEEDED']);
    const workGroup = only('AWS::Athena::WorkGroup').Properties['Name'] as string;
    const [suffix] = pattern.detail.workgroupName;
    expect(workGroup.endsWith(String(suffix?.suffix))).toBe(true);
  });

  it('calls publishAnalyticsExecution through the AppSync target with the execution id and state, over a role that may run that one mutation', () => {
    const [target] = executionsRule().Properties['Targets'] as Record<string, unknown>[];
    expect(String((target?.['AppSyncParameters'] as { GraphQLOperation: string }).GraphQLOperation)).toMatch(/^mutation PublishAnalyticsExecution\(/);
    expect(target?.['InputTransformer']).toEqual({
      InputPathsMap: { executionId: '$.detail.queryExecutionId', state: '$.detail.currentState' },
      InputTemplate: '{"executionId": <executionId>, "state": <state>}',
    });
    expect(refs((target?.['DeadLetterConfig'] as { Arn: unknown }).Arn)).toHaveLength(1);
    const statements = policiesOfRole(refs(target?.['RoleArn'])[0] as string);
    expect(new Set(statements.flatMap((s) => [s.Action].flat()))).toEqual(new Set(['appsync:GraphQL']));
    const resources = JSON.stringify(statements.map((s) => s.Resource));
    expect(resources).toContain('/types/Mutation/fields/publishAnalyticsExecution');
    expect(resources.match(/\/types\/Mutation\/fields\//g)).toHaveLength(1);
  });

  it('deploys the mutation for IAM only and the subscription for managers only, each on the NONE data source', () => {
    const schema = String(only('AWS::AppSync::GraphQLSchema').Properties['Definition']);
    expect(schema).toMatch(/publishAnalyticsExecution\(executionId: ID!, state: AnalyticsExecutionState!\): AnalyticsExecution @aws_iam\n/);
    expect(schema).toMatch(/onAnalyticsExecution\(executionId: ID!\): AnalyticsExecution\s+@aws_subscribe\(mutations: \["publishAnalyticsExecution"\]\)\s+@aws_cognito_user_pools\(cognito_groups: \["Managers"\]\)\n/);
    const resolvers = (Object.values(template.findResources('AWS::AppSync::Resolver')) as Resource[]).filter((r) => ['publishAnalyticsExecution', 'onAnalyticsExecution'].includes(String(r.Properties['FieldName'])));
    expect(resolvers.map((r) => [r.Properties['TypeName'], r.Properties['FieldName']]).sort()).toEqual([
      ['Mutation', 'publishAnalyticsExecution'],
      ['Subscription', 'onAnalyticsExecution'],
    ]);
  });
});
