import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../local/src/project';
import type { ApiDefinition } from '../../local/src/project/definitions';
import { batchCacheApi, BOOK_TTL_SECONDS, LABEL_BATCH_SIZE as CACHED_LABEL_BATCH_SIZE } from '../../local/test/fixtures/batch-cache-api/definition';
import { directLambdaApi, LABEL_BATCH_SIZE, NOTE_BATCH_SIZE } from '../../local/test/fixtures/direct-lambda-api/definition';
import { apiDefinition } from '../api';
import { ApiStack } from '../lib/api-stack';

type Resource = { Properties: Record<string, unknown>; DependsOn?: string[] };

const roots: string[] = [];

/**
 * A fixture API (the same definition its local tests boot) copied where CDK can bundle its
 * Lambdas (a lock file and the project's node_modules beside it), synthesized as `cdk synth` does.
 */
async function synthFixture(fixture: ApiDefinition): Promise<Template> {
  const root = mkdtempSync(join(tmpdir(), 'resolvers-stack-'));
  roots.push(root);
  cpSync(fixture.rootDir, root, { recursive: true });
  writeFileSync(join(root, 'package-lock.json'), '{}\n');
  symlinkSync(join(apiDefinition.rootDir, 'node_modules'), join(root, 'node_modules'));
  const definition: ApiDefinition = { ...fixture, rootDir: root, schemaFiles: [join(root, 'schema.graphql')], resolversDir: join(root, 'resolvers') };
  const { context } = JSON.parse(readFileSync(join(apiDefinition.rootDir, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const app = new App({ context });
  return Template.fromStack(new ApiStack(app, 'FixtureApi', { definition, project: await loadProject(definition) }));
}

function resolverOf(template: Template, typeName: string, fieldName: string): Resource {
  const found = Object.values(template.findResources('AWS::AppSync::Resolver', { Properties: { TypeName: typeName, FieldName: fieldName } })) as Resource[];
  if (found.length !== 1) throw new Error(`expected one resolver for ${typeName}.${fieldName}, found ${found.length}`);
  return found[0] as Resource;
}

afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

describe('a stack with Direct Lambda resolvers and batch sizes (the direct-lambda fixture)', () => {
  let template: Template;
  beforeAll(async () => {
    template = await synthFixture(directLambdaApi());
  });

  it('deploys a Direct Lambda resolver as a unit resolver on its Lambda data source with no code, runtime or mapping templates', () => {
    const echo = resolverOf(template, 'Query', 'echo');
    expect(echo.Properties).toMatchObject({ Kind: 'UNIT', DataSourceName: 'desk' });
    for (const absent of ['Code', 'CodeS3Location', 'Runtime', 'RequestMappingTemplate', 'ResponseMappingTemplate', 'MaxBatchSize']) {
      expect(echo.Properties).not.toHaveProperty(absent);
    }
  });

  it('sets MaxBatchSize from resolverSettings on the resolver, 0 included, and from functionSettings on the pipeline function', () => {
    expect(resolverOf(template, 'Book', 'label').Properties).toMatchObject({ MaxBatchSize: LABEL_BATCH_SIZE, DataSourceName: 'desk' });
    expect(resolverOf(template, 'Book', 'tag').Properties).toMatchObject({ MaxBatchSize: 0 });
    template.hasResourceProperties('AWS::AppSync::FunctionConfiguration', { Name: 'noteOf', MaxBatchSize: NOTE_BATCH_SIZE, Runtime: { Name: 'APPSYNC_JS', RuntimeVersion: '1.0.0' } });
  });

  it('keeps code and the APPSYNC_JS runtime on resolvers that have code', () => {
    expect(resolverOf(template, 'Query', 'shelf').Properties).toMatchObject({ Code: expect.stringContaining('export {'), Runtime: { Name: 'APPSYNC_JS', RuntimeVersion: '1.0.0' } });
  });

  it('creates no API cache when the definition declares none', () => {
    template.resourceCountIs('AWS::AppSync::ApiCache', 0);
  });
});

describe('a stack with resolver caching (the batch-cache fixture)', () => {
  let template: Template;
  beforeAll(async () => {
    template = await synthFixture(batchCacheApi());
  });

  it('creates the API cache the definition declares', () => {
    template.hasResourceProperties('AWS::AppSync::ApiCache', { ApiCachingBehavior: 'PER_RESOLVER_CACHING', Ttl: 3600, Type: 'SMALL' });
  });

  it('gives the cached resolver its CachingConfig and makes it wait for the cache', () => {
    const book = resolverOf(template, 'Query', 'book');
    expect(book.Properties).toMatchObject({ CachingConfig: { Ttl: BOOK_TTL_SECONDS, CachingKeys: ['$context.arguments.id'] } });
    const [cacheId] = Object.keys(template.findResources('AWS::AppSync::ApiCache'));
    expect(book.DependsOn).toContain(cacheId);
    expect(resolverOf(template, 'Book', 'label').Properties).toMatchObject({ MaxBatchSize: CACHED_LABEL_BATCH_SIZE });
    expect(resolverOf(template, 'Book', 'label').Properties).not.toHaveProperty('CachingConfig');
  });

  it('refuses an API cache without the instance type CloudFormation requires', async () => {
    await expect(synthFixture(batchCacheApi({ apiCachingBehavior: 'PER_RESOLVER_CACHING', ttl: 60 }))).rejects.toThrow('ApiDefinition.apiCache needs a type');
  });

  it('refuses a resolver cachingConfig on an API without a cache', async () => {
    const { apiCache: _omitted, ...withoutCache } = batchCacheApi();
    await expect(synthFixture(withoutCache)).rejects.toThrow('Query.book has a cachingConfig, but the API has no apiCache');
  });
});
