import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDirectiveValues } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { APPSYNC_DIRECTIVES, APPSYNC_SCALARS, buildToolingSchema, loadSchemaSdl } from './schema';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function files(contents: Record<string, string>): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'schema-'));
  dirs.push(dir);
  return Object.entries(contents).map(([name, text]) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  });
}

describe('AppSync declarations', () => {
  it('declare every AppSync scalar and directive', () => {
    expect([...APPSYNC_SCALARS].sort()).toEqual(
      ['AWSDate', 'AWSDateTime', 'AWSEmail', 'AWSIPAddress', 'AWSJSON', 'AWSPhone', 'AWSTime', 'AWSTimestamp', 'AWSURL'],
    );
    expect([...APPSYNC_DIRECTIVES].sort()).toEqual(
      ['aws_api_key', 'aws_auth', 'aws_cognito_user_pools', 'aws_iam', 'aws_lambda', 'aws_oidc', 'aws_publish', 'aws_subscribe'],
    );
  });
});

describe('loadSchemaSdl', () => {
  it('joins the schema files in order', () => {
    const sdl = loadSchemaSdl(files({ 'a.graphql': 'type Query { a: Int }\n\n', 'b.graphql': 'extend type Query { b: Int }' }));
    expect(sdl).toBe('type Query { a: Int }\n\nextend type Query { b: Int }\n');
  });

  it('refuses a file that declares AppSync scalars or directives, since AppSync rejects it', () => {
    const [file = ''] = files({ 's.graphql': 'scalar AWSDateTime\ndirective @aws_api_key on OBJECT\ntype Query { a: Int }' });
    expect(() => loadSchemaSdl([file])).toThrow(
      `Invalid schema:\n  - ${file}: declares scalar AWSDateTime, which AppSync provides itself and rejects.\n` +
        `  - ${file}: declares directive @aws_api_key, which AppSync provides itself and rejects.`,
    );
  });

  it('reports a syntax error with its file', () => {
    const [file = ''] = files({ 'bad.graphql': 'type Query {' });
    expect(() => loadSchemaSdl([file])).toThrow(`${file}: Syntax Error`);
  });
});

describe('buildToolingSchema', () => {
  it('builds a schema that uses AppSync scalars and directives', () => {
    const schema = buildToolingSchema(`
      type Query { now: AWSDateTime @aws_api_key @aws_cognito_user_pools(cognito_groups: ["Admins"]) }
      type Subscription { onNow: AWSDateTime @aws_subscribe(mutations: ["tick"]) }
      type Mutation { tick: AWSDateTime @aws_iam }
    `);
    const directive = schema.getDirective('aws_cognito_user_pools');
    const node = schema.getQueryType()?.getFields()['now']?.astNode;
    expect(directive && node && getDirectiveValues(directive, node)).toEqual({ cognito_groups: ['Admins'] });
  });

  it('builds the project schema', () => {
    const schema = buildToolingSchema(loadSchemaSdl([join(import.meta.dirname, '../../../schema/schema.graphql')]));
    expect(schema.getSubscriptionType()?.getFields()['onMenuChanged']).toBeDefined();
  });

  it('rejects a directive used where AppSync does not allow it', () => {
    expect(() => buildToolingSchema('type Query { a(x: Int @aws_api_key): Int }')).toThrow(
      'Directive "@aws_api_key" may not be used on ARGUMENT_DEFINITION.',
    );
  });

  it('rejects a schema that is valid SDL but not a valid schema', () => {
    expect(() => buildToolingSchema('type Query { a: Note } interface Node { id: ID! } type Note implements Node { text: String }')).toThrow(
      'Invalid schema:\nInterface field Node.id expected but Note does not provide it.',
    );
  });
});
