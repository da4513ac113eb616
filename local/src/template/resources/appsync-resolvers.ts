import type { ApiCacheConfig, CachingConfig, DataSourceConfig, FunctionConfig, JsCode, ResolverConfig } from '../../config';
import { readAsset } from '../assets';
import { arn, type TemplateContext } from '../context';
import { Unresolved, resolveValue } from '../intrinsics';
import type { TemplateApi } from './appsync-api';

/**
 * One API's AWS::AppSync::GraphQLSchema, DataSource, FunctionConfiguration and Resolver
 * resources as the runtime's schema, data sources, functions and resolvers. Code is APPSYNC_JS
 * (`Code`, or `CodeS3Location` read from the asset); VTL mapping templates do not run locally.
 * A resource that cannot be served is reported and left out, and so is whatever depends on it.
 */

type Props = Record<string, unknown>;

/**
 * The resources of one type that belong to the API, with their properties resolved (unresolvable
 * ones reported). The ApiId is resolved first and the rest only for the API's own resources: in a
 * template with several APIs, another API's resolvers name data sources not registered yet.
 */
function resourcesFor(ctx: TemplateContext, type: string, api: TemplateApi): Array<[string, Props]> {
  return ctx.resourcesOf(type).flatMap(([logicalId, resource]) => {
    const apiId = ctx.attempt(logicalId, type, () => resolveValue(resource.Properties?.ApiId, ctx));
    if (apiId !== api.apiId) return [];
    const props = ctx.attempt(logicalId, type, () => ctx.properties(resource));
    return props ? [[logicalId, props] as [string, Props]] : [];
  });
}

export function apiSchema(ctx: TemplateContext, api: TemplateApi): string {
  const [entry, ...more] = resourcesFor(ctx, 'AWS::AppSync::GraphQLSchema', api);
  if (!entry) throw new Unresolved(`API ${api.logicalId} has no AWS::AppSync::GraphQLSchema`, 'Add one with Definition or DefinitionS3Location.');
  if (more.length > 0) throw new Unresolved(`API ${api.logicalId} has ${more.length + 1} schemas`, 'Keep one AWS::AppSync::GraphQLSchema per API.');
  const [, props] = entry;
  if (typeof props.Definition === 'string') return props.Definition;
  if (typeof props.DefinitionS3Location === 'string') return readAsset(ctx, props.DefinitionS3Location);
  throw new Unresolved(`schema ${entry[0]} has neither Definition nor DefinitionS3Location`, 'Give the schema its SDL.');
}

/** The function name in a Lambda ARN (`arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`) or a bare name. */
export function lambdaFunctionName(functionArn: string): string {
  const match = /:function:([^:]+)/.exec(functionArn);
  return match?.[1] ?? functionArn;
}

export function apiDataSources(
  ctx: TemplateContext,
  api: TemplateApi,
  options: { dynamodbEndpoint: string; hasFunction(name: string): boolean; hasBus(name: string): boolean; credentials: { accessKeyId: string; secretAccessKey: string } },
): DataSourceConfig[] {
  const out: DataSourceConfig[] = [];
  for (const [logicalId, props] of resourcesFor(ctx, 'AWS::AppSync::DataSource', api)) {
    const config = ctx.attempt(logicalId, 'AWS::AppSync::DataSource', (): DataSourceConfig => {
      const name = String(props.Name);
      switch (props.Type) {
        case 'AMAZON_DYNAMODB': {
          const tableName = (props.DynamoDBConfig as Props | undefined)?.TableName;
          if (typeof tableName !== 'string') throw new Unresolved(`data source ${name} names no DynamoDBConfig.TableName`, 'Fix the template.');
          return { type: 'AMAZON_DYNAMODB', name, tableName, endpoint: options.dynamodbEndpoint, region: ctx.options.region };
        }
        case 'AWS_LAMBDA': {
          const functionArn = (props.LambdaConfig as Props | undefined)?.LambdaFunctionArn;
          const fn = lambdaFunctionName(String(functionArn));
          if (!options.hasFunction(fn)) throw new Unresolved(`data source ${name} invokes ${String(functionArn)}, which is not a function of this template running locally`, 'Define the function in this template (Node.js runtime).');
          return { type: 'AWS_LAMBDA', name, function: fn };
        }
        case 'AMAZON_EVENTBRIDGE': {
          const busArn = String((props.EventBridgeConfig as Props | undefined)?.EventBusArn);
          const busName = busArn.replace(/^.*:event-bus\//, '');
          if (!options.hasBus(busName)) throw new Unresolved(`data source ${name} puts events on bus ${busName}, which is not running locally`, 'Define the bus as an AWS::Events::EventBus in this template (or use the default bus).');
          return { type: 'AMAZON_EVENTBRIDGE', name, busName };
        }
        case 'NONE':
          return { type: 'NONE', name };
        case 'HTTP': {
          // HttpConfig (aws-properties-appsync-datasource-httpconfig.html): the endpoint is called for real.
          const http = (props.HttpConfig ?? {}) as Props;
          if (typeof http.Endpoint !== 'string') throw new Unresolved(`data source ${name} names no HttpConfig.Endpoint`, 'Fix the template.');
          const iam = ((http.AuthorizationConfig as Props | undefined)?.AwsIamConfig ?? undefined) as Props | undefined;
          return {
            type: 'HTTP',
            name,
            endpoint: http.Endpoint,
            ...(iam && {
              authorizationConfig: { authorizationType: 'AWS_IAM' as const, awsIamConfig: { signingRegion: String(iam.SigningRegion), signingServiceName: String(iam.SigningServiceName) } },
              credentials: options.credentials,
            }),
          };
        }
        default:
          throw new Unresolved(`data source ${name} is of type ${String(props.Type)}, which does not run locally`, 'Resolvers on it are left out; from a template the loader serves AMAZON_DYNAMODB, AWS_LAMBDA, HTTP, AMAZON_EVENTBRIDGE and NONE.');
      }
    });
    if (!config) continue;
    const dataSourceArn = arn('appsync', ctx.options.region, `apis/${api.apiId}/datasources/${config.name}`);
    ctx.physical.set(logicalId, { ref: dataSourceArn, attributes: { DataSourceArn: dataSourceArn, Name: config.name } });
    out.push(config);
  }
  return out;
}

function appsyncJsCode(ctx: TemplateContext, logicalId: string, props: Props, label: string, onLambda: boolean): JsCode {
  const runtime = (props.Runtime as Props | undefined)?.Name;
  if (runtime !== undefined && runtime !== 'APPSYNC_JS') throw new Unresolved(`${label} uses runtime ${String(runtime)}`, 'Only APPSYNC_JS runs locally.');
  if (typeof props.Code === 'string') return { source: `${logicalId} (${label})`, code: props.Code };
  if (typeof props.CodeS3Location === 'string') return { source: `${props.CodeS3Location} (${label})`, code: readAsset(ctx, props.CodeS3Location) };
  if (props.RequestMappingTemplate !== undefined || props.RequestMappingTemplateS3Location !== undefined) {
    throw new Unresolved(`${label} is a VTL mapping template`, 'Only APPSYNC_JS code runs locally: rewrite it in JavaScript (Code with Runtime APPSYNC_JS).');
  }
  // Neither code nor VTL on an AWS_LAMBDA data source: a Direct Lambda resolver, run by the resolver runner (local/docs/lambda.md).
  if (onLambda) return { source: `${logicalId} (${label})`, code: '' };
  throw new Unresolved(`${label} has no Code or CodeS3Location`, 'Give it APPSYNC_JS code.');
}

export function apiFunctions(ctx: TemplateContext, api: TemplateApi, dataSources: DataSourceConfig[]): { functions: FunctionConfig[]; byId: Map<string, string> } {
  const functions: FunctionConfig[] = [];
  const byId = new Map<string, string>();
  for (const [logicalId, props] of resourcesFor(ctx, 'AWS::AppSync::FunctionConfiguration', api)) {
    const fn = ctx.attempt(logicalId, 'AWS::AppSync::FunctionConfiguration', (): FunctionConfig => {
      const name = String(props.Name ?? logicalId);
      const dataSource = String(props.DataSourceName);
      if (!dataSources.some((ds) => ds.name === dataSource)) throw new Unresolved(`function ${name} uses data source ${dataSource}, which is not served`, 'See the line for that data source.');
      const onLambda = dataSources.some((ds) => ds.name === dataSource && ds.type === 'AWS_LAMBDA');
      const maxBatchSize = props.MaxBatchSize !== undefined && { maxBatchSize: Number(props.MaxBatchSize) };
      return { name, dataSource, code: appsyncJsCode(ctx, logicalId, props, `function ${name}`, onLambda), ...maxBatchSize };
    });
    if (!fn) continue;
    // FunctionId is what PipelineConfig lists; the logical id keeps it unique per template.
    const functionId = `${logicalId.toLowerCase()}`;
    const functionArn = arn('appsync', ctx.options.region, `apis/${api.apiId}/functions/${functionId}`);
    ctx.physical.set(logicalId, { ref: functionArn, attributes: { FunctionId: functionId, FunctionArn: functionArn, Name: fn.name, DataSourceName: fn.dataSource } });
    byId.set(functionId, fn.name);
    functions.push(fn);
  }
  return { functions, byId };
}

/**
 * The API's AWS::AppSync::ApiCache (aws-resource-appsync-apicache.html), held in memory by the
 * runtime (local/docs/cache.md). `Type` is recorded; encryption and health metrics mean nothing in
 * one process. OPERATION_LEVEL_CACHING is not implemented, so that cache is reported and the API
 * served without one.
 */
export function apiCache(ctx: TemplateContext, api: TemplateApi): ApiCacheConfig | undefined {
  const [entry, ...more] = resourcesFor(ctx, 'AWS::AppSync::ApiCache', api);
  for (const [logicalId] of more) ctx.problem(logicalId, 'AWS::AppSync::ApiCache', `API ${api.logicalId} has a second cache`, 'AppSync keeps one cache per API; remove this one.');
  if (!entry) return undefined;
  const [logicalId, props] = entry;
  return ctx.attempt(logicalId, 'AWS::AppSync::ApiCache', (): ApiCacheConfig => {
    const behavior = String(props.ApiCachingBehavior);
    if (behavior !== 'FULL_REQUEST_CACHING' && behavior !== 'PER_RESOLVER_CACHING') {
      throw new Unresolved(`ApiCachingBehavior ${behavior} does not run locally`, 'The local cache runs FULL_REQUEST_CACHING and PER_RESOLVER_CACHING (local/docs/cache.md); the API is served without a cache.');
    }
    ctx.physical.set(logicalId, { ref: `${ctx.options.stackName}-${logicalId}`, attributes: { Id: `${ctx.options.stackName}-${logicalId}` } });
    return { apiCachingBehavior: behavior, ttl: Number(props.Ttl), ...(props.Type !== undefined && { type: String(props.Type) }) };
  });
}

/** A resolver's CachingConfig (aws-properties-appsync-resolver-cachingconfig.html): Ttl and CachingKeys. */
function cachingConfigOf(props: Props): { cachingConfig: CachingConfig } | undefined {
  const caching = props.CachingConfig as { Ttl?: unknown; CachingKeys?: unknown[] } | undefined;
  if (!caching) return undefined;
  return { cachingConfig: { ttl: Number(caching.Ttl), ...(caching.CachingKeys && { cachingKeys: caching.CachingKeys.map(String) }) } };
}

export function apiResolvers(ctx: TemplateContext, api: TemplateApi, dataSources: DataSourceConfig[], functionsById: Map<string, string>): ResolverConfig[] {
  const out: ResolverConfig[] = [];
  for (const [logicalId, props] of resourcesFor(ctx, 'AWS::AppSync::Resolver', api)) {
    const resolver = ctx.attempt(logicalId, 'AWS::AppSync::Resolver', (): ResolverConfig => {
      const typeName = String(props.TypeName);
      const fieldName = String(props.FieldName);
      const label = `resolver ${typeName}.${fieldName}`;
      const onLambda = props.Kind !== 'PIPELINE' && dataSources.some((ds) => ds.name === props.DataSourceName && ds.type === 'AWS_LAMBDA');
      const code = appsyncJsCode(ctx, logicalId, props, label, onLambda);
      if (props.Kind === 'PIPELINE') {
        const ids = ((props.PipelineConfig as Props | undefined)?.Functions as string[] | undefined) ?? [];
        const names = ids.map((id) => {
          const name = functionsById.get(id);
          if (!name) throw new Unresolved(`${label} runs function ${id}, which is not served`, 'See the line for that function.');
          return name;
        });
        return { kind: 'PIPELINE', typeName, fieldName, code, functions: names, ...cachingConfigOf(props) };
      }
      const dataSource = String(props.DataSourceName);
      if (!dataSources.some((ds) => ds.name === dataSource)) throw new Unresolved(`${label} uses data source ${dataSource}, which is not served`, 'See the line for that data source.');
      return { kind: 'UNIT', typeName, fieldName, dataSource, code, ...(props.MaxBatchSize !== undefined && { maxBatchSize: Number(props.MaxBatchSize) }), ...cachingConfigOf(props) };
    });
    if (!resolver) continue;
    const resolverArn = arn('appsync', ctx.options.region, `apis/${api.apiId}/types/${resolver.typeName}/resolvers/${resolver.fieldName}`);
    ctx.physical.set(logicalId, { ref: resolverArn, attributes: { ResolverArn: resolverArn, TypeName: resolver.typeName, FieldName: resolver.fieldName } });
    out.push(resolver);
  }
  return out;
}
