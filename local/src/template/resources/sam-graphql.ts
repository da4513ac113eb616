import type { TemplateProblem } from '../context';
import type { Template, TemplateResource } from '../parse';

/**
 * SAM's AWS::Serverless::GraphQLApi (sam-resource-graphqlapi.html), expanded into the AWS::AppSync
 * resources the loader serves, with the logical ids SAM's transform gives them
 * (samtranslator/model/sam_resources.py, SamGraphQLApi), so `!GetAtt` on them and on the API keep
 * working:
 *
 * | SAM                                   | becomes                                                       |
 * | ------------------------------------- | ------------------------------------------------------------- |
 * | the resource `<Api>`                   | AWS::AppSync::GraphQLApi `<Api>` (Name, else the logical id)  |
 * | Auth (Type, UserPool, OpenIDConnect, LambdaAuthorizer, Additional) | AuthenticationType, *Config, AdditionalAuthenticationProviders |
 * | SchemaInline / SchemaUri              | AWS::AppSync::GraphQLSchema `<Api>Schema`                      |
 * | ApiKeys.<Key>                         | AWS::AppSync::ApiKey `<Api><Key>`                             |
 * | DataSources.DynamoDb.<Ds>             | AWS::AppSync::DataSource `<Api><Ds>DynamoDBDataSource`         |
 * | DataSources.Lambda.<Ds>               | AWS::AppSync::DataSource `<Api><Ds>LambdaDataSource`           |
 * | a DataSource of `NONE` (any case)      | AWS::AppSync::DataSource `<Api>NoneDataSource`, named so too  |
 * | Functions.<Fn> (InlineCode / CodeUri)  | AWS::AppSync::FunctionConfiguration `<Api><Fn>`                |
 * | Resolvers.<Type>.<Res> (Pipeline)      | AWS::AppSync::Resolver `<Api><Type><Res>`, PIPELINE, with SAM's default code when it has none |
 *
 * The roles, policies and connectors SAM adds only grant permissions, which the local services do
 * not check; Logging's role and Cache and DomainName are AWS's side (other.ts skips them too).
 * What SAM's transform refuses (no Runtime, a resolver without Pipeline, both InlineCode and
 * CodeUri, an unknown DataSource or function) is a problem for that part, and the rest is served.
 */

type Props = Record<string, unknown>;

const TYPE = 'AWS::Serverless::GraphQLApi';

/** SAM's APPSYNC_PIPELINE_RESOLVER_JS_CODE: the code of a resolver that names none. */
export const SAM_DEFAULT_RESOLVER_CODE = `
export function request(ctx) {
    return {};
}

export function response(ctx) {
    return ctx.prev.result;
}
`;

class SamError extends Error {}

const getAtt = (logicalId: string, attribute: string): Props => ({ 'Fn::GetAtt': [logicalId, attribute] });

function runtime(resource: Props, id: string): Props {
  const r = resource.Runtime as { Name?: unknown; Version?: unknown } | undefined;
  if (!r) throw new SamError(`'Runtime' must be defined as a property in ${id}`);
  return { Name: r.Name, RuntimeVersion: r.Version };
}

/** One Auth entry to GraphQLApi's shape: the type and, for the types that take one, its config. */
function authProvider(auth: Props, additional: boolean): Props {
  const type = String(auth.Type);
  const out: Props = { AuthenticationType: type };
  if (type === 'AWS_LAMBDA') {
    if (!auth.LambdaAuthorizer) throw new SamError("'LambdaAuthorizer' must be defined if type is 'AWS_LAMBDA'");
    out.LambdaAuthorizerConfig = auth.LambdaAuthorizer;
  } else if (type === 'OPENID_CONNECT') {
    if (!auth.OpenIDConnect) throw new SamError("'OpenIDConnect' must be defined if type is 'OPENID_CONNECT'");
    out.OpenIDConnectConfig = auth.OpenIDConnect;
  } else if (type === 'AMAZON_COGNITO_USER_POOLS') {
    if (!auth.UserPool) throw new SamError("'UserPool' must be defined if type is 'AMAZON_COGNITO_USER_POOLS'");
    // An additional user pool takes no DefaultAction; SAM drops it.
    const { DefaultAction, ...rest } = auth.UserPool as Props;
    out.UserPoolConfig = additional ? rest : { ...rest, ...(DefaultAction !== undefined && { DefaultAction }) };
  }
  return out;
}

function code(resource: Props, id: string, required: boolean): Props {
  if (resource.InlineCode !== undefined && resource.CodeUri !== undefined) throw new SamError(`Both 'InlineCode' and 'CodeUri' cannot be defined at the same time in ${id}`);
  if (resource.InlineCode !== undefined) return { Code: resource.InlineCode };
  if (resource.CodeUri !== undefined) return { CodeS3Location: resource.CodeUri };
  if (required) throw new SamError(`One of 'InlineCode' or 'CodeUri' must be set in ${id}`);
  return { Code: SAM_DEFAULT_RESOLVER_CODE };
}

/** Expands every AWS::Serverless::GraphQLApi of the template in place; returns what could not be expanded. */
export function expandSamGraphQLApis(template: Template): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const [apiId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== TYPE) continue;
    const out: Record<string, TemplateResource> = {};
    const problem = (logicalId: string, error: unknown): void => {
      problems.push({ logicalId, type: TYPE, message: error instanceof Error ? error.message : String(error), hint: "Fix it as SAM's transform would require (sam validate names the same problem)." });
    };
    const props = (resource.Properties ?? {}) as Props;
    const common = { ...(resource.Condition && { Condition: resource.Condition }), ...(resource.DependsOn && { DependsOn: resource.DependsOn }) };
    const apiRef = getAtt(apiId, 'ApiId');
    try {
      const auth = (props.Auth ?? {}) as Props;
      if (!auth.Type) throw new SamError("'Auth' with a 'Type' is required");
      const { AuthenticationType, ...defaultConfig } = authProvider(auth, false);
      const additional = ((auth.Additional ?? []) as Props[]).map((a) => authProvider(a, true));
      out[apiId] = {
        ...common,
        Type: 'AWS::AppSync::GraphQLApi',
        Properties: { Name: props.Name ?? apiId, AuthenticationType, ...defaultConfig, ...(additional.length > 0 && { AdditionalAuthenticationProviders: additional }), ...(props.XrayEnabled !== undefined && { XrayEnabled: props.XrayEnabled }) },
      };
      if ((props.SchemaInline === undefined) === (props.SchemaUri === undefined)) throw new SamError("Exactly one of 'SchemaInline' or 'SchemaUri' must be set");
      out[`${apiId}Schema`] = {
        ...common,
        Type: 'AWS::AppSync::GraphQLSchema',
        Properties: { ApiId: apiRef, ...(props.SchemaInline !== undefined ? { Definition: props.SchemaInline } : { DefinitionS3Location: props.SchemaUri }) },
      };
    } catch (error) {
      // Without the API or its schema nothing of it can be served: the whole resource is the problem.
      problem(apiId, error);
      delete template.Resources[apiId];
      continue;
    }
    for (const [keyId, key] of Object.entries((props.ApiKeys ?? {}) as Record<string, Props>)) {
      out[`${apiId}${keyId}`] = {
        ...common,
        Type: 'AWS::AppSync::ApiKey',
        Properties: { ApiId: apiRef, ...(key.ApiKeyId !== undefined && { ApiKeyId: key.ApiKeyId }), ...(key.Description !== undefined && { Description: key.Description }), ...(key.ExpiresOn !== undefined && { Expires: key.ExpiresOn }) },
      };
    }
    // Data sources by their key in DataSources, for the functions' DataSource.
    const dataSourceNames = new Map<string, unknown>();
    const sources = (props.DataSources ?? {}) as { DynamoDb?: Record<string, Props>; Lambda?: Record<string, Props> };
    for (const [dsId, ds] of Object.entries(sources.DynamoDb ?? {})) {
      const logicalId = `${apiId}${dsId}DynamoDBDataSource`;
      out[logicalId] = {
        ...common,
        Type: 'AWS::AppSync::DataSource',
        Properties: {
          ApiId: apiRef,
          Name: ds.Name ?? dsId,
          Type: 'AMAZON_DYNAMODB',
          DynamoDBConfig: {
            AwsRegion: ds.Region ?? { Ref: 'AWS::Region' },
            TableName: ds.TableName,
            ...(ds.UseCallerCredentials !== undefined && { UseCallerCredentials: ds.UseCallerCredentials }),
            ...(ds.Versioned !== undefined && { Versioned: ds.Versioned }),
            ...(ds.DeltaSync !== undefined && { DeltaSyncConfig: ds.DeltaSync }),
          },
        },
      };
      dataSourceNames.set(dsId, getAtt(logicalId, 'Name'));
    }
    for (const [dsId, ds] of Object.entries(sources.Lambda ?? {})) {
      const logicalId = `${apiId}${dsId}LambdaDataSource`;
      out[logicalId] = { ...common, Type: 'AWS::AppSync::DataSource', Properties: { ApiId: apiRef, Name: ds.Name ?? dsId, Type: 'AWS_LAMBDA', LambdaConfig: { LambdaFunctionArn: ds.FunctionArn } } };
      dataSourceNames.set(dsId, getAtt(logicalId, 'Name'));
    }
    const noneId = `${apiId}NoneDataSource`;
    const dataSourceOf = (value: unknown, id: string): unknown => {
      if (value === undefined) throw new SamError(`'DataSource' must be set in ${id}`);
      if (typeof value !== 'string') return value;
      if (value.toLowerCase() === 'none') {
        out[noneId] ??= { ...common, Type: 'AWS::AppSync::DataSource', Properties: { ApiId: apiRef, Name: noneId, Type: 'NONE' } };
        return getAtt(noneId, 'Name');
      }
      const known = dataSourceNames.get(value);
      if (known === undefined) throw new SamError(`Either define DataSource '${value}' in 'DataSources' or reference one with an intrinsic function (${id})`);
      return known;
    };
    const functionIds = new Map<string, unknown>();
    for (const [fnId, fn] of Object.entries((props.Functions ?? {}) as Record<string, Props>)) {
      try {
        if (fn.Id !== undefined) {
          // An existing function, by its FunctionId: SAM allows nothing else beside it.
          if (Object.keys(fn).length !== 1) throw new SamError(`'Id' cannot be defined with other properties in Function ${fnId}`);
          functionIds.set(fnId, fn.Id);
          continue;
        }
        const logicalId = `${apiId}${fnId}`;
        out[logicalId] = {
          ...common,
          Type: 'AWS::AppSync::FunctionConfiguration',
          Properties: {
            ApiId: apiRef,
            Name: fn.Name ?? fnId,
            ...code(fn, fnId, true),
            DataSourceName: dataSourceOf(fn.DataSource, fnId),
            Runtime: runtime(fn, fnId),
            ...(fn.MaxBatchSize !== undefined && { MaxBatchSize: fn.MaxBatchSize }),
            ...(fn.Description !== undefined && { Description: fn.Description }),
            ...(fn.Sync !== undefined && { SyncConfig: fn.Sync }),
          },
        };
        functionIds.set(fnId, getAtt(logicalId, 'FunctionId'));
      } catch (error) {
        problem(`${apiId}${fnId}`, error);
      }
    }
    for (const [typeName, resolvers] of Object.entries((props.Resolvers ?? {}) as Record<string, Record<string, Props>>)) {
      for (const [resId, resolver] of Object.entries(resolvers)) {
        const logicalId = `${apiId}${typeName}${resId}`;
        try {
          const pipeline = resolver.Pipeline as string[] | undefined;
          if (!pipeline) throw new SamError(`Resolver '${resId}' must have Pipeline defined. Unit resolvers are not supported by SAM; write them as AWS::AppSync::Resolver`);
          const functions = pipeline.map((fnId) => {
            const id = functionIds.get(fnId);
            if (id === undefined) throw new SamError(`Function '${fnId}' does not exist (resolver ${resId})`);
            return id;
          });
          out[logicalId] = {
            ...(resource.Condition && { Condition: resource.Condition }),
            DependsOn: [`${apiId}Schema`],
            Type: 'AWS::AppSync::Resolver',
            Properties: {
              ApiId: apiRef,
              TypeName: typeName,
              FieldName: resolver.FieldName ?? resId,
              ...code(resolver, resId, false),
              Runtime: runtime(resolver, resId),
              Kind: 'PIPELINE',
              PipelineConfig: { Functions: functions },
              ...(resolver.Caching !== undefined && { CachingConfig: resolver.Caching }),
              ...(resolver.MaxBatchSize !== undefined && { MaxBatchSize: resolver.MaxBatchSize }),
            },
          };
        } catch (error) {
          problem(logicalId, error);
        }
      }
    }
    if (props.Cache !== undefined) out[`${apiId}ApiCache`] = { ...common, Type: 'AWS::AppSync::ApiCache', Properties: { ApiId: apiRef, ...(props.Cache as Props) } };
    if (props.DomainName !== undefined) out[`${apiId}DomainName`] = { ...common, Type: 'AWS::AppSync::DomainName', Properties: props.DomainName as Props };
    delete template.Resources[apiId];
    Object.assign(template.Resources, out);
  }
  return problems;
}
