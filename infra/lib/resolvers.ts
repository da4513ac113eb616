import { Duration } from 'aws-cdk-lib';
import { AppsyncFunction, CfnApiCache, Code, FunctionRuntime, Resolver, type BaseDataSource, type GraphqlApi } from 'aws-cdk-lib/aws-appsync';
import type { Construct } from 'constructs';
import type { ApiCacheConfig, CachingConfig, FunctionConfig, ResolverConfig } from '../../local/src/config';
import { isCodeless } from '../../local/src/datasources/lambda/direct';
import type { LoadedProject } from '../../local/src/project';

/**
 * The project's AppSync functions and resolvers, as loadProject made them for the local runtime
 * too: the same code, Direct Lambda resolvers (no code), maxBatchSize and CachingConfig, so what
 * runs locally is what deploys (ApiDefinition.directLambdaResolvers, resolverSettings,
 * functionSettings, apiCache).
 */
export function createResolvers(
  scope: Construct,
  options: { api: GraphqlApi; project: LoadedProject; dataSource: (name: string) => BaseDataSource; apiCache?: ApiCacheConfig | undefined },
): { functions: Map<string, AppsyncFunction>; resolvers: Resolver[]; apiCache: CfnApiCache | undefined } {
  const { api, project, dataSource } = options;
  const apiCache = options.apiCache ? createApiCache(scope, api, options.apiCache) : undefined;
  const functions = new Map(project.functions.map((fn) => [fn.name, createFunction(scope, api, fn, dataSource(fn.dataSource))]));
  const appsyncFunction = (name: string): AppsyncFunction => {
    const found = functions.get(name);
    if (!found) throw new Error(`Function ${name} is not among the project's functions.`);
    return found;
  };
  const resolvers = project.resolvers.map((resolver) => {
    const { typeName, fieldName } = resolver;
    if (resolver.cachingConfig && !apiCache) {
      // AppSync reads a resolver's CachingConfig only when the API has a cache (enabling-caching.html).
      throw new Error(`${typeName}.${fieldName} has a cachingConfig, but the API has no apiCache; declare ApiDefinition.apiCache (PER_RESOLVER_CACHING) or remove it.`);
    }
    const created = new Resolver(scope, `Resolver_${typeName}_${fieldName}`, {
      api,
      typeName,
      fieldName,
      ...codeOf(resolver),
      ...(resolver.cachingConfig && { cachingConfig: cachingConfigOf(resolver.cachingConfig) }),
      ...(resolver.kind === 'UNIT'
        ? { dataSource: dataSource(resolver.dataSource), ...(resolver.maxBatchSize !== undefined && { maxBatchSize: resolver.maxBatchSize }) }
        : { pipelineConfig: resolver.functions.map((name) => appsyncFunction(name)) }),
    });
    // The cache must exist before a resolver that caches is created or updated.
    if (resolver.cachingConfig && apiCache) created.node.addDependency(apiCache);
    return created;
  });
  return { functions, resolvers, apiCache };
}

/**
 * APPSYNC_JS code and runtime, or neither: a unit resolver without code on a Lambda data source is
 * a Direct Lambda resolver, and CloudFormation's AppSyncRuntime page says "if a runtime is
 * specified, code must also be specified", so an empty inline Code would not deploy as one.
 */
function codeOf(resolver: ResolverConfig): { code?: Code; runtime?: FunctionRuntime } {
  if (resolver.kind === 'UNIT' && isCodeless(resolver.code)) return {};
  return { code: Code.fromInline(resolver.code.code), runtime: FunctionRuntime.JS_1_0_0 };
}

function createFunction(scope: Construct, api: GraphqlApi, fn: FunctionConfig & { maxBatchSize?: number }, dataSource: BaseDataSource): AppsyncFunction {
  return new AppsyncFunction(scope, `Function_${fn.name}`, {
    api,
    name: fn.name,
    dataSource,
    code: Code.fromInline(fn.code.code),
    runtime: FunctionRuntime.JS_1_0_0,
    ...(fn.maxBatchSize !== undefined && { maxBatchSize: fn.maxBatchSize }),
  });
}

function cachingConfigOf(config: CachingConfig): { ttl: Duration; cachingKeys?: string[] } {
  return { ttl: Duration.seconds(config.ttl), ...(config.cachingKeys && { cachingKeys: config.cachingKeys }) };
}

/** AWS::AppSync::ApiCache; its Type (the instance size) is required there and has no default. */
function createApiCache(scope: Construct, api: GraphqlApi, config: ApiCacheConfig): CfnApiCache {
  if (!config.type) throw new Error('ApiDefinition.apiCache needs a type (e.g. SMALL) to deploy: AWS::AppSync::ApiCache requires it.');
  return new CfnApiCache(scope, 'ApiCache', {
    apiId: api.apiId,
    apiCachingBehavior: config.apiCachingBehavior,
    ttl: config.ttl,
    type: config.type,
  });
}
