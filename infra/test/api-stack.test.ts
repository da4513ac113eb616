import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject, type LoadedProject } from '../../local/src/project';
import { amplifyOutputs } from '../../local/src/services/amplify-outputs';
import type { ApiDefinition } from '../../local/src/project/definitions';
import { apiDefinition } from '../api';
import { deployment, type DeploymentDefinition } from '../api/deployment';
import { CLIENT_OUTPUTS, deployedAmplifyOutputs } from '../lib/amplify-outputs';
import { ApiStack } from '../lib/api-stack';

type Resource = { Properties: Record<string, unknown> };
type Ref = { 'Fn::GetAtt'?: [string, string]; Ref?: string };

/** The stack as `cdk synth` builds it: same feature flags (cdk.json context), same loader. */
function synth(definition: ApiDefinition, project: LoadedProject, deployment?: DeploymentDefinition): Template {
  const { context } = JSON.parse(readFileSync(join(apiDefinition.rootDir, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const app = new App({ context });
  return Template.fromStack(new ApiStack(app, 'TestApi', { definition, project, deployment }));
}

function logicalIdOf(template: Template, type: string, props: Record<string, unknown>): string {
  const [id, ...others] = Object.keys(template.findResources(type, { Properties: props }));
  if (!id || others.length > 0) throw new Error(`expected exactly one ${type} with ${JSON.stringify(props)}`);
  return id;
}

/** Every IAM statement attached to the role of the data source with this name. */
function statementsOfDataSource(template: Template, name: string): { Action: string | string[]; Resource: unknown }[] {
  const dataSource = Object.values(template.findResources('AWS::AppSync::DataSource', { Properties: { Name: name } }))[0] as Resource;
  const roleId = (dataSource.Properties['ServiceRoleArn'] as Ref)['Fn::GetAtt']?.[0];
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Resource[];
  return policies
    .filter((policy) => (policy.Properties['Roles'] as Ref[]).some((role) => role.Ref === roleId))
    .flatMap((policy) => (policy.Properties['PolicyDocument'] as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement);
}

/** Every IAM statement attached to the execution role of the Lambda function with this logical id. */
/**
 * Every IAM statement of the function's role, but X-Ray's: active tracing lets every function send
 * its trace segments (xray:PutTraceSegments on *), which grants access to no data.
 */
function statementsOfFunction(template: Template, functionId: string): { Action: string | string[]; Resource: unknown }[] {
  const fn = template.findResources('AWS::Lambda::Function')[functionId] as Resource;
  const roleId = (fn.Properties['Role'] as Ref)['Fn::GetAtt']?.[0];
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Resource[];
  return policies
    .filter((policy) => (policy.Properties['Roles'] as Ref[]).some((role) => role.Ref === roleId))
    .flatMap((policy) => (policy.Properties['PolicyDocument'] as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement)
    .filter((statement) => ![statement.Action].flat().every((action) => action.startsWith('xray:')));
}

/** Logical ids a policy resource refers to: GetAtt/Ref anywhere inside it. */
function referencedIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencedIds);
  if (typeof value !== 'object' || value === null) return [];
  const ref = value as Ref;
  if (ref['Fn::GetAtt']) return [ref['Fn::GetAtt'][0]];
  if (ref.Ref) return [ref.Ref];
  return Object.values(value).flatMap(referencedIds);
}

const READ_ACTIONS = ['dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'];
const WRITE_ACTIONS = ['dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];

describe('the Brewline API stack', () => {
  let project: LoadedProject;
  let template: Template;
  beforeAll(async () => {
    project = await loadProject(apiDefinition);
    template = synth(apiDefinition, project, deployment);
  }, 120_000);

  const tableId = (partitionKeyOfIndex: string | null) =>
    logicalIdOf(
      template,
      'AWS::DynamoDB::GlobalTable',
      // The menu table: no index, and a stream (the metrics table has neither).
      partitionKeyOfIndex === null
        ? { GlobalSecondaryIndexes: Match.absent(), StreamSpecification: Match.objectLike({}) }
        : { GlobalSecondaryIndexes: Match.arrayWith([Match.objectLike({ IndexName: partitionKeyOfIndex })]) },
    );
  const menuTableId = () => tableId(null);
  const ordersTableId = () => tableId('byStatus');

  it('wires every Query and Mutation field of the schema to an APPSYNC_JS resolver', () => {
    const wired = new Set(project.wiring.map((entry) => `${entry.typeName}.${entry.fieldName}`));
    const operations = ['Query', 'Mutation'].flatMap((typeName) => {
      const type = project.schema.getType(typeName) as GraphQLObjectType;
      return Object.keys(type.getFields()).map((field) => `${typeName}.${field}`);
    });
    expect(operations.filter((field) => !wired.has(field))).toEqual([]);
    for (const field of operations) {
      const [typeName, fieldName] = field.split('.');
      template.hasResourceProperties('AWS::AppSync::Resolver', { TypeName: typeName, FieldName: fieldName, Runtime: { Name: 'APPSYNC_JS', RuntimeVersion: '1.0.0' } });
    }
  });

  it('has one resolver per wired field, carrying the bundled code and data source', () => {
    template.resourceCountIs('AWS::AppSync::Resolver', project.wiring.length);
    for (const resolver of project.resolvers) {
      template.hasResourceProperties('AWS::AppSync::Resolver', {
        TypeName: resolver.typeName,
        FieldName: resolver.fieldName,
        Kind: resolver.kind,
        Runtime: { Name: 'APPSYNC_JS', RuntimeVersion: '1.0.0' },
        Code: resolver.code.code,
        ...(resolver.kind === 'UNIT' && { DataSourceName: resolver.dataSource }),
      });
    }
  });

  it('deploys the schema that the local runtime serves', () => {
    template.hasResourceProperties('AWS::AppSync::GraphQLSchema', { Definition: project.schemaSdl });
    expect(project.schemaSdl).not.toMatch(/^scalar AWS/m);
  });

  it('authorizes with the user pool by default, and API key and IAM in addition', () => {
    const userPoolId = logicalIdOf(template, 'AWS::Cognito::UserPool', {});
    template.hasResourceProperties('AWS::AppSync::GraphQLApi', {
      AuthenticationType: 'AMAZON_COGNITO_USER_POOLS',
      UserPoolConfig: Match.objectLike({ DefaultAction: 'ALLOW', UserPoolId: { Ref: userPoolId } }),
      AdditionalAuthenticationProviders: [{ AuthenticationType: 'API_KEY' }, { AuthenticationType: 'AWS_IAM' }],
    });
    template.resourceCountIs('AWS::AppSync::ApiKey', 1);
  });

  it('gives resolvers the physical table names as environment variables', () => {
    template.hasResourceProperties('AWS::AppSync::GraphQLApi', {
      EnvironmentVariables: { MENU_TABLE: { Ref: menuTableId() }, ORDERS_TABLE: { Ref: ordersTableId() } },
    });
  });

  it.each([
    ['menuTable', () => menuTableId()],
    ['ordersTable', () => ordersTableId()],
  ])('lets the %s data source reach only its own table and its indexes, with item actions only', (name, table) => {
    const statements = statementsOfDataSource(template, name);
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(new Set(referencedIds(statement.Resource))).toEqual(new Set([table()]));
      expect([statement.Action].flat().filter((action) => ![...READ_ACTIONS, ...WRITE_ACTIONS].includes(action))).toEqual([]);
    }
    const actions = statements.flatMap((statement) => [statement.Action].flat());
    expect(actions).toEqual(expect.arrayContaining([...WRITE_ACTIONS, 'dynamodb:ConditionCheckItem', 'dynamodb:Query', 'dynamodb:GetItem']));
  });

  it('lets the payments data source invoke the payments function and nothing else', () => {
    const functionId = logicalIdOf(template, 'AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ PAYMENT_GATEWAY: 'stripe' }) } });
    const statements = statementsOfDataSource(template, 'payments');
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect([statement.Action].flat()).toEqual(['lambda:InvokeFunction']);
      expect(new Set(referencedIds(statement.Resource))).toEqual(new Set([functionId]));
    }
  });

  it('runs the payments Lambda against Stripe, with the key in a secret only that Lambda may read', () => {
    const secretId = logicalIdOf(template, 'AWS::SecretsManager::Secret', {});
    const functionId = logicalIdOf(template, 'AWS::Lambda::Function', {
      Handler: 'index.handler',
      Timeout: 10,
      Environment: { Variables: { PAYMENT_GATEWAY: 'stripe', STRIPE_SECRET_ARN: { Ref: secretId } } },
    });
    const statements = statementsOfFunction(template, functionId);
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect([statement.Action].flat().every((action) => action.startsWith('secretsmanager:'))).toBe(true);
      expect(referencedIds(statement.Resource)).toEqual([secretId]);
    }
    expect(statements.flatMap((statement) => [statement.Action].flat())).toContain('secretsmanager:GetSecretValue');
    template.hasOutput('StripeSecretArn', { Value: { Ref: secretId } });
  });

  it('runs the expiry sweeper every minute, allowed to call only the four fields it sweeps with', () => {
    const apiId = logicalIdOf(template, 'AWS::AppSync::GraphQLApi', {});
    const sweeperId = logicalIdOf(template, 'AWS::Lambda::Function', {
      Environment: { Variables: { GRAPHQL_URL: { 'Fn::GetAtt': [apiId, 'GraphQLUrl'] } } },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [sweeperId, 'Arn'] } })],
    });
    const statements = statementsOfFunction(template, sweeperId);
    expect(new Set(statements.flatMap((statement) => [statement.Action].flat()))).toEqual(new Set(['appsync:GraphQL']));
    const fields = statements.flatMap((statement) => [statement.Resource].flat()).map((resource) => JSON.stringify(resource));
    expect(fields).toHaveLength(4);
    for (const allowed of ['Query/fields/overdueOrders', 'Query/fields/dueOrders', 'Mutation/fields/expireOrder', 'Mutation/fields/settleOrder']) {
      expect(fields.some((field) => field.includes(`/types/${allowed}`))).toBe(true);
    }
    for (const field of fields) expect(field).toContain(apiId);
  });

  it('creates the user pool with email sign-in, self sign-up, the three groups and an SRP client', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UsernameAttributes: ['email'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 8 }) },
    });
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup')) as Resource[];
    expect(groups.map((group) => group.Properties['GroupName']).sort()).toEqual(['Baristas', 'Customers', 'Managers']);
    // USER_PASSWORD_AUTH is a local-only flow (cognito-local has no SRP); the deployed client keeps to SRP.
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      GenerateSecret: false,
    });
  });

  it('creates the menu, orders and metrics tables with their keys, indexes, streams and TTL, billed on demand', () => {
    const keys = [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ];
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 3);
    // The menu table has a stream (the menuChanges pipe); the metrics table has none.
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: keys,
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: Match.absent(),
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', { KeySchema: keys, GlobalSecondaryIndexes: Match.absent(), StreamSpecification: Match.absent() });
    const index = (name: string, partition: string, sort: string) =>
      Match.objectLike({
        IndexName: name,
        KeySchema: [
          { AttributeName: partition, KeyType: 'HASH' },
          { AttributeName: sort, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      });
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: keys,
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      GlobalSecondaryIndexes: [
        index('byCustomer', 'gsi1pk', 'gsi1sk'),
        index('byStatus', 'gsi2pk', 'gsi2sk'),
        index('changes', 'gsi3pk', 'gsi3sk'),
        index('byDue', 'gsi4pk', 'gsi4sk'),
      ],
    });
  });

  it('puts WAF rate limits in front of the API (per address and per Authorization header) and the user pool (per address)', () => {
    const acls = template.findResources('AWS::WAFv2::WebACL') as Record<string, Resource>;
    expect(Object.keys(acls)).toHaveLength(2);
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: [
        Match.objectLike({ Name: 'PerAddress', Action: { Block: {} }, Statement: { RateBasedStatement: Match.objectLike({ AggregateKeyType: 'IP', Limit: deployment.rateLimits?.apiRequestsPerAddress }) } }),
        Match.objectLike({
          Name: 'PerCaller',
          Statement: { RateBasedStatement: Match.objectLike({ AggregateKeyType: 'CUSTOM_KEYS', CustomKeys: [{ Header: Match.objectLike({ Name: 'authorization' }) }] }) },
        }),
      ],
    });
    const apiId = logicalIdOf(template, 'AWS::AppSync::GraphQLApi', {});
    const poolId = logicalIdOf(template, 'AWS::Cognito::UserPool', {});
    const associations = Object.values(template.findResources('AWS::WAFv2::WebACLAssociation')) as Resource[];
    const targets = associations.map((association) => JSON.stringify(association.Properties['ResourceArn']));
    expect(targets.some((target) => target.includes(apiId))).toBe(true);
    expect(targets.some((target) => target.includes(poolId))).toBe(true);
  });

  it('outputs what a client needs to connect, and the names an operator needs', () => {
    for (const name of [...CLIENT_OUTPUTS, 'GraphQLApiId', 'MenuTableName', 'OrdersTableName', 'StripeSecretArn']) template.hasOutput(name, {});
  });
});

describe('amplify_outputs.json for a deployed stack', () => {
  const outputs = {
    GraphQLUrl: 'https://abc.appsync-api.eu-west-1.amazonaws.com/graphql',
    ApiKey: 'da2-key',
    UserPoolId: 'eu-west-1_pool',
    UserPoolClientId: 'client123',
    Region: 'eu-west-1',
  };

  it('has the format npm start writes, pointed at the stack and without the local-only block', () => {
    const written = deployedAmplifyOutputs(apiDefinition, outputs);
    const local = amplifyOutputs({
      definition: apiDefinition,
      region: 'eu-west-1',
      userPoolId: 'eu-west-1_pool',
      clientId: 'client123',
      apiKey: 'da2-key',
      endpoints: { graphqlUrl: outputs.GraphQLUrl, realtimeUrl: 'wss://x', cognitoEndpoint: 'http://c', dynamodbEndpoint: 'http://d' },
    });
    expect(Object.keys(written).sort()).toEqual(Object.keys(local).filter((key) => key !== 'custom').sort());
    expect(written).toMatchObject({
      version: '1.3',
      auth: { aws_region: 'eu-west-1', user_pool_id: 'eu-west-1_pool', user_pool_client_id: 'client123' },
      data: { aws_region: 'eu-west-1', url: outputs.GraphQLUrl, api_key: 'da2-key', default_authorization_type: 'AMAZON_COGNITO_USER_POOLS' },
    });
    expect(written).not.toHaveProperty('custom');
  });

  it('refuses stack outputs that lack what a client needs', () => {
    expect(() => deployedAmplifyOutputs(apiDefinition, { ...outputs, UserPoolId: '' })).toThrow(/UserPoolId/);
  });
});

describe('a stack with pipelines, read-only tables and Lambda data sources', () => {
  const PASS = 'export function request() { return {}; }\nexport function response(ctx) { return ctx.prev.result; }\n';
  let root = '';
  let project: LoadedProject;
  let template: Template;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'api-stack-'));
    const files: Record<string, string> = {
      'schema.graphql': 'type Query { notes: [String] search(q: String!): [String] }\ntype Mutation { addNote(text: String!): String }\n',
      'resolvers/Query.notes.[notesReader].ts': PASS,
      'resolvers/Query.search.[search].ts': PASS,
      'resolvers/Mutation.addNote/index.ts': PASS,
      'resolvers/Mutation.addNote/1.checkNote.[NONE].ts': PASS,
      'resolvers/Mutation.addNote/2.storeNote.[notesWriter].ts': PASS,
      'lambdas/search/handler.ts': 'export const handler = async () => [];\n',
      'package-lock.json': '{}\n',
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), text);
    }
    // Lambda bundling runs the project's own esbuild from the project root.
    symlinkSync(join(apiDefinition.rootDir, 'node_modules'), join(root, 'node_modules'));
    const definition: ApiDefinition = {
      ...apiDefinition,
      name: 'notes',
      rootDir: root,
      environmentVariables: {},
      schemaFiles: [join(root, 'schema.graphql')],
      resolversDir: join(root, 'resolvers'),
      functions: { search: { handler: 'lambdas/search/handler.ts', export: 'handler', timeoutSeconds: 5 } },
      events: undefined,
      tables: {
        notes: {
          partitionKey: { name: 'id', type: 'S' },
          globalSecondaryIndexes: [{ indexName: 'byAuthor', partitionKey: { name: 'author', type: 'S' } }],
          billing: 'PAY_PER_REQUEST',
          timeToLiveAttribute: 'expiresAt',
        },
        other: { partitionKey: { name: 'id', type: 'S' }, billing: 'PAY_PER_REQUEST' },
      },
      dataSources: {
        notesReader: { type: 'AMAZON_DYNAMODB', table: 'notes', access: 'read' },
        notesWriter: { type: 'AMAZON_DYNAMODB', table: 'notes', access: 'readWrite' },
        otherTable: { type: 'AMAZON_DYNAMODB', table: 'other', access: 'readWrite' },
        search: { type: 'AWS_LAMBDA', function: 'search' },
        NONE: { type: 'NONE' },
      },
    };
    project = await loadProject(definition);
    template = synth(definition, project);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('wires a pipeline resolver to its functions in step order', () => {
    const check = logicalIdOf(template, 'AWS::AppSync::FunctionConfiguration', { Name: 'checkNote', DataSourceName: 'NONE' });
    const store = logicalIdOf(template, 'AWS::AppSync::FunctionConfiguration', { Name: 'storeNote', DataSourceName: 'notesWriter' });
    template.hasResourceProperties('AWS::AppSync::Resolver', {
      TypeName: 'Mutation',
      FieldName: 'addNote',
      Kind: 'PIPELINE',
      PipelineConfig: { Functions: [{ 'Fn::GetAtt': [check, 'FunctionId'] }, { 'Fn::GetAtt': [store, 'FunctionId'] }] },
    });
  });

  it('gives a read-only data source read actions on its table and its indexes only', () => {
    const notesId = logicalIdOf(template, 'AWS::DynamoDB::GlobalTable', { TimeToLiveSpecification: Match.objectLike({ AttributeName: 'expiresAt' }) });
    const statements = statementsOfDataSource(template, 'notesReader');
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(new Set(referencedIds(statement.Resource))).toEqual(new Set([notesId]));
      expect([statement.Action].flat().filter((action) => !READ_ACTIONS.includes(action))).toEqual([]);
    }
    const writer = statementsOfDataSource(template, 'notesWriter').flatMap((statement) => [statement.Action].flat());
    expect(writer).toEqual(expect.arrayContaining(WRITE_ACTIONS));
  });

  it('bundles a Lambda data source from its handler file', () => {
    const lambdaRoleArn = Match.objectLike({ 'Fn::GetAtt': Match.arrayWith(['Arn']) });
    template.hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.handler', Timeout: 5, Role: lambdaRoleArn });
    template.hasResourceProperties('AWS::AppSync::DataSource', { Name: 'search', Type: 'AWS_LAMBDA' });
  });
});
