import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureStacks } from '../../../infra/test/support/fixture-stack';
import { directLambdaApi } from '../fixtures/direct-lambda-api/definition';
import { lambdaAuthApi } from '../fixtures/lambda-auth-api/definition';
import { serveTestTemplate, type TemplateTestApi } from '../template/support';

/**
 * What the CDK stack deploys for a definition runs as the definition does locally: the fixture
 * stacks are synthesized to a cloud assembly and served by the template loader, then called over
 * HTTP like AppSync would be. Covers the AWS_LAMBDA mode and Direct Lambda resolvers without code.
 */
const stacks = fixtureStacks();
let lambdaAuth: TemplateTestApi;
let directLambda: TemplateTestApi;

beforeAll(async () => {
  const [auth, direct] = await Promise.all([stacks.assemble(lambdaAuthApi()), stacks.assemble(directLambdaApi())]);
  lambdaAuth = await serveTestTemplate(auth.templateFile, { assetsDir: auth.dir });
  directLambda = await serveTestTemplate(direct.templateFile, { assetsDir: direct.dir });
}, 120_000);
afterAll(async () => {
  await lambdaAuth?.close();
  await directLambda?.close();
  stacks.dispose();
});

describe('fixture stacks as CDK synthesizes them, served from their cloud assembly', () => {
  it('authorizes with the AWS_LAMBDA function and settings the definition declared', async () => {
    const admitted = await lambdaAuth.graphql({ query: '{ whoami }' }, { authorization: 'let-ana' });
    expect(admitted.status).toBe(200);
    expect(JSON.parse(String(admitted.body.data?.whoami))).toEqual({ resolverContext: { name: 'ana' } });
    // identityValidationExpression came through the template: this token never reaches the function.
    expect((await lambdaAuth.graphql({ query: '{ whoami }' }, { authorization: 'let-Ana' })).status).toBe(401);
  });

  it('resolves a Direct Lambda field, deployed without code, with the function alone', async () => {
    const key = Object.values(directLambda.served.loaded.state.apiKeys)[0]?.id ?? '';
    const out = await directLambda.graphql({ query: '{ echo(word: "oat") }' }, { 'x-api-key': key });
    expect(out.body.errors).toBeUndefined();
    const event = JSON.parse(String(out.body.data?.echo)) as { arguments?: Record<string, unknown> };
    expect(event.arguments).toEqual({ word: 'oat' });
  });
});
