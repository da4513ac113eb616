import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchCacheApi, BOOK_TTL_SECONDS, LABEL_BATCH_SIZE as CACHED_LABEL_BATCH_SIZE } from '../../local/test/fixtures/batch-cache-api/definition';
import { directLambdaApi, LABEL_BATCH_SIZE, NOTE_BATCH_SIZE } from '../../local/test/fixtures/direct-lambda-api/definition';
import { fixtureStacks } from './support/fixture-stack';

type Resource = { Properties: Record<string, unknown>; DependsOn?: string[] };

const stacks = fixtureStacks();
const synthFixture = stacks.synth;

function resolverOf(template: Template, typeName: string, fieldName: string): Resource {
  const found = Object.values(template.findResources('AWS::AppSync::Resolver', { Properties: { TypeName: typeName, FieldName: fieldName } })) as Resource[];
  if (found.length !== 1) throw new Error(`expected one resolver for ${typeName}.${fieldName}, found ${found.length}`);
  return found[0] as Resource;
}

afterAll(() => stacks.dispose());

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
    await expect(synthFixture({ ...batchCacheApi(), apiCache: undefined })).rejects.toThrow('Query.book has a cachingConfig, but the API has no apiCache');
  });
});
