import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { STACK_NAME, synthesizeStack } from '../../../infra/test/support/synth';
import { startPaymentSandbox, type RunningPaymentSandbox } from '../../../payment-sandbox';
import { johnsMorning, type MorningWorld } from '../../../test/api/support/johns-morning';
import { sandboxEnvironment, seedMenuAndStore } from '../../../test/api/support/payment-steps';
import { createUser, signIn } from '../../src/auth/cognito-admin';
import { TEST_PASSWORD } from '../support/local-api';
import { serveTestTemplate, type TemplateTestApi } from './support';

/**
 * The project's own stack as CDK synthesizes it, served from the cloud assembly through the
 * template loader, with John's morning (test/api/support/johns-morning.ts, the steps
 * test/api/john.test.ts runs against the fast path) run against it. The stack is synthesized
 * in-process once for the file (infra/test/support/synth.ts, 15-25 s: every Lambda is bundled);
 * APPSYNC_LOCAL_CDK_OUT points at an assembly synthesized already instead (local/docs/template.md):
 *
 *   npx cdk synth --quiet -o /tmp/brewline-cdk.out
 *   APPSYNC_LOCAL_CDK_OUT=/tmp/brewline-cdk.out npx vitest run local/test/template/cdk-out.test.ts
 */
const given = process.env.APPSYNC_LOCAL_CDK_OUT;
/** A digest per code text: equal digests are equal bytes, and a mismatch reads as two short strings. */
const digest = (text: string | undefined): string => createHash('sha256').update(text ?? '').digest('hex');

interface TemplateJson {
  Resources: Record<
    string,
    {
      Type: string;
      Properties?: {
        Code?: string;
        TypeName?: string;
        FieldName?: string;
        Name?: string;
        DynamoDBConfig?: { TableName?: { Ref?: string } };
        LambdaConfig?: { LambdaFunctionArn?: { 'Fn::GetAtt'?: [string, string] } };
      };
    }
  >;
}

/** The logical id of what a data source of the template names: its table (Ref) or its function (GetAtt). */
function behindDataSource(template: TemplateJson, name: string): string {
  const source = Object.values(template.Resources).find((r) => r.Type === 'AWS::AppSync::DataSource' && r.Properties?.Name === name)?.Properties;
  const id = source?.DynamoDBConfig?.TableName?.Ref ?? source?.LambdaConfig?.LambdaFunctionArn?.['Fn::GetAtt']?.[0];
  if (!id) throw new Error(`the template has no data source ${name} with a table or function`);
  return id;
}

describe("the project's stack served from cdk.out", () => {
  let api: TemplateTestApi;
  let template: TemplateJson;
  let sandbox: RunningPaymentSandbox;
  let world: MorningWorld;
  const scratch = mkdtempSync(join(tmpdir(), 'brewline-cdk-out-test-'));

  beforeAll(async () => {
    const [assemblyDir, started] = await Promise.all([
      given ?? synthesizeStack(join(scratch, 'cdk.out')).then((assembly) => assembly.dir),
      startPaymentSandbox({ port: 0, dataDir: join(scratch, 'payment-sandbox') }),
    ]);
    sandbox = started;
    const file = join(assemblyDir, `${STACK_NAME}.template.json`);
    template = JSON.parse(readFileSync(file, 'utf8')) as TemplateJson;
    // On AWS the payments function charges Stripe with a key from Secrets Manager; locally it is
    // pointed at the sandbox, by the function's logical id, as SAM's --env-vars file does.
    const envVars = join(scratch, 'env.json');
    writeFileSync(envVars, JSON.stringify({ [behindDataSource(template, 'payments')]: sandboxEnvironment(sandbox) }));
    api = await serveTestTemplate(file, { assetsDir: assemblyDir, envVarsFile: envVars });

    const [served] = api.served.loaded.apis;
    const first = api.served.servers[0];
    if (!served || !first) throw new Error('no API served');
    const { state, tables } = api.served.loaded;
    const cognitoEndpoint = inject('cognitoEndpoint');
    const pool = { userPoolId: Object.values(state.pools)[0] ?? '', clientId: Object.values(state.clients)[0] ?? '' };
    world = {
      sandbox,
      api: {
        runtime: served.runtime,
        server: first.server,
        pool,
        ordersTable: tables[behindDataSource(template, 'ordersTable')] ?? '',
        graphql: (body, headers = {}) => api.graphql(body, headers),
        createUser: (email, groups = []) => createUser({ endpoint: cognitoEndpoint, userPoolId: pool.userPoolId, username: email, password: TEST_PASSWORD, groups, attributes: { email } }),
        signIn: (email) => signIn({ endpoint: cognitoEndpoint, clientId: pool.clientId, username: email, password: TEST_PASSWORD }),
      },
    };
    await seedMenuAndStore(world.api);
  }, 180_000);

  afterAll(async () => {
    await api?.close();
    await sandbox?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('serves every AppSync, DynamoDB, Cognito, Lambda, bus, rule, queue and pipe resource; only the lake, the secret and the analytics are reported', () => {
    const { problems, pipes } = api.served.loaded;
    // The S3 lake, the Stripe secret and Athena/Glue have no local counterpart from a template; every
    // other part left out is so because it names one of them (the lake's delivery stream, the rule to it).
    const awsOnly = /^AWS::(S3|SecretsManager|Glue|Athena)::/;
    for (const p of problems.filter((problem) => !awsOnly.test(problem.type))) {
      expect(p.message, p.logicalId).toMatch(/\((AWS::S3::Bucket|AWS::SecretsManager::Secret|AWS::Athena::NamedQuery|AWS::KinesisFirehose::DeliveryStream)\) is not running locally/);
    }
    expect(pipes).toHaveLength(Object.values(template.Resources).filter((r) => r.Type === 'AWS::Pipes::Pipe').length);
    expect(pipes.length).toBeGreaterThan(0);
    const served = /^AWS::(AppSync|DynamoDB|Cognito|Lambda::Function|Lambda::EventSourceMapping|Events::EventBus|SQS|Pipes)/;
    // A function keeps running without a variable that names what does not run locally (its secret, the bus).
    const ofServed = api.served.loaded.problems.filter((p) => served.test(p.type));
    expect(ofServed.filter((p) => !p.message.startsWith('environment variable '))).toEqual([]);
    expect(ofServed.map((p) => p.message.split(':')[0])).toContain('environment variable STRIPE_SECRET_ARN is left out');
    expect(api.served.loaded.apis).toHaveLength(1);
    expect(Object.keys(api.served.loaded.events?.buses ?? {})).toContain('default');
    expect(api.served.loaded.events?.queues.names.length).toBeGreaterThan(0);
  });

  it('runs the resolver and function code of the template byte for byte', () => {
    const [served] = api.served.loaded.apis;
    const resources = Object.values(template.Resources);
    const resolvers = resources.filter((r) => r.Type === 'AWS::AppSync::Resolver');
    const functions = resources.filter((r) => r.Type === 'AWS::AppSync::FunctionConfiguration');
    expect(served?.config.resolvers).toHaveLength(resolvers.length);
    expect(served?.config.functions).toHaveLength(functions.length);
    for (const resolver of resolvers) {
      const running = served?.config.resolvers.find((r) => r.typeName === resolver.Properties?.TypeName && r.fieldName === resolver.Properties?.FieldName);
      expect(digest(running?.code.code), `${resolver.Properties?.TypeName}.${resolver.Properties?.FieldName}`).toBe(digest(resolver.Properties?.Code));
    }
    for (const fn of functions) {
      const running = served?.config.functions.find((f) => f.name === fn.Properties?.Name);
      expect(digest(running?.code.code), `function ${fn.Properties?.Name}`).toBe(digest(fn.Properties?.Code));
    }
  });

  it("takes John's morning, paid at the sandbox through the env-vars file: two oat flat whites from sign-up to collected", async () => {
    await johnsMorning(world);
  });
});
