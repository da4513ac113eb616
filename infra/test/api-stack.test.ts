import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject, type LoadedProject } from '../../local/src/project';
import type { ApiDefinition } from '../../local/src/project/definitions';
import { apiDefinition } from '../api';
import { ApiStack } from '../lib/api-stack';

type Resource = { Properties: Record<string, unknown> };
type Ref = { 'Fn::GetAtt'?: [string, string]; Ref?: string };

/** The stack as `cdk synth` builds it: same feature flags (cdk.json context), same loader. */
function synth(definition: ApiDefinition, project: LoadedProject): Template {
  const { context } = JSON.parse(readFileSync(join(apiDefinition.rootDir, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const app = new App({ context });
  return Template.fromStack(new ApiStack(app, 'TestApi', { definition, project }));
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
    template = synth(apiDefinition, project);
  });

  it('has one APPSYNC_JS resolver per wired field, carrying the bundled code and data source', () => {
    template.resourceCountIs('AWS::AppSync::Resolver', project.wiring.length);
    expect(project.wiring.map((entry) => `${entry.typeName}.${entry.fieldName}`)).toEqual(
      expect.arrayContaining(['Query.menu', 'Query.menuItem', 'Mutation.putMenuItem']),
    );
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

  it('lets the menu table’s data source reach only the menu table', () => {
    const tableId = logicalIdOf(template, 'AWS::DynamoDB::GlobalTable', {});
    const statements = statementsOfDataSource(template, 'menuTable');
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(referencedIds(statement.Resource)).toEqual(expect.arrayContaining([tableId]));
      expect(new Set(referencedIds(statement.Resource))).toEqual(new Set([tableId]));
      expect([statement.Action].flat().every((action) => [...READ_ACTIONS, ...WRITE_ACTIONS].includes(action))).toBe(true);
    }
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

  it('creates the menu table with the defined keys, billed on demand', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'id', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it('outputs what a client needs to connect', () => {
    for (const name of ['GraphQLUrl', 'ApiKey', 'UserPoolId', 'UserPoolClientId', 'Region']) template.hasOutput(name, {});
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
      schemaFiles: [join(root, 'schema.graphql')],
      resolversDir: join(root, 'resolvers'),
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
        search: { type: 'AWS_LAMBDA', handler: 'lambdas/search/handler.ts', export: 'handler', timeoutSeconds: 5 },
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
