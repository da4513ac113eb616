import type { FairSchedulerOptions } from './datasources/fair-scheduler';
import type { RdsDataSourceConfig } from './datasources/rds';
import type { QueryBudget } from './graphql/query-budget';
/**
 * The runtime's whole input: one AppSync API, described the way AppSync itself describes it
 * (GraphqlApi, DataSource, Resolver, FunctionConfiguration), with concrete local endpoints.
 *
 * The runtime knows nothing about any particular product. A project turns its own definition
 * (tables, user pool, resolver files) into a RuntimeConfig; the CDK stack turns the same
 * definition into CloudFormation, so the two cannot drift.
 */

/** An authorization mode as AppSync configures it, plus what the local runtime needs to verify it. */
export type AuthModeConfig =
  | {
      type: 'AMAZON_COGNITO_USER_POOLS';
      userPoolId: string;
      /** Issuer the tokens must carry, e.g. http://localhost:9229/local_abc. */
      issuer: string;
      /** Where the pool's signing keys are published. */
      jwksUri: string;
      /** AppSync's appIdClientRegex: when set, the token's client id must match it. */
      appIdClientRegex?: string;
      /** Only for the default mode: AppSync's defaultAction (ALLOW or DENY) for callers without @aws_auth. */
      defaultAction?: 'ALLOW' | 'DENY';
    }
  | {
      type: 'API_KEY';
      keys: ApiKeyConfig[];
    }
  | {
      type: 'AWS_IAM';
      /** Credential pairs whose SigV4 signatures are accepted (backend callers, tests). */
      credentials: IamCredential[];
      region: string;
    }
  | {
      /** AppSync's LambdaAuthorizerConfig (CloudFormation: AuthorizerUri, AuthorizerResultTtlInSeconds, IdentityValidationExpression). */
      type: 'AWS_LAMBDA';
      /**
       * The authorizer function: a name in the Lambda service handed to createRuntime, or a function
       * ARN (…:function:<name>, optionally with a version or alias), whose name is used.
       */
      authorizerUri: string;
      /** How long an answer is cached per token; 0 (AppSync's default) caches nothing. At most 3600. */
      authorizerResultTtlInSeconds?: number;
      /** A regex the whole token must match before the function is invoked. */
      identityValidationExpression?: string;
    }
  | {
      /** AppSync's OpenIDConnectConfig (CloudFormation: Issuer, ClientId, IatTTL, AuthTTL). */
      type: 'OPENID_CONNECT';
      /** Must equal the tokens' `iss`; its discovery document (<issuer>/.well-known/openid-configuration) names the JWKS. */
      issuer: string;
      /** A regex the token's `aud` must match wholly; any client when absent. */
      clientId?: string;
      /** Milliseconds a token stays valid after its `iat`. */
      iatTTL?: number;
      /** Milliseconds a token stays valid after its `auth_time`. */
      authTTL?: number;
    };

export type AuthModeType = AuthModeConfig['type'];

export interface ApiKeyConfig {
  id: string;
  /** Seconds since the epoch; AppSync rejects a key after this instant. */
  expires: number;
  description?: string;
}

export interface IamCredential {
  accessKeyId: string;
  secretAccessKey: string;
  /** The ARN that ctx.identity reports for this caller. */
  userArn: string;
  accountId: string;
}

export type DataSourceConfig =
  | {
      type: 'AMAZON_DYNAMODB';
      name: string;
      tableName: string;
      /** Endpoint of DynamoDB (Local); credentials are dummies locally. */
      endpoint: string;
      region: string;
    }
  | {
      type: 'AWS_LAMBDA';
      name: string;
      /**
       * The function it invokes, by name, in the Lambda service handed to createRuntime (AppSync's
       * LambdaConfig names a function ARN the same way: the function lives apart from the API).
       */
      function: string;
    }
  | {
      type: 'AMAZON_EVENTBRIDGE';
      name: string;
      /** The bus it puts events on, by name, among the buses handed to createRuntime. */
      busName: string;
    }
  | {
      type: 'NONE';
      name: string;
    }
  /** Aurora PostgreSQL through the Data API, run on PGlite or a PostgreSQL server (local/docs/rds.md). */
  | ({ type: 'AMAZON_RDS' } & RdsDataSourceConfig)
  | ({ type: 'HTTP'; name: string } & HttpEndpointConfig)
  | {
      type: 'AMAZON_OPENSEARCH_SERVICE' | 'AMAZON_ELASTICSEARCH';
      name: string;
      /** Where an OpenSearch server listens; without one the runtime refuses to start (local/docs/http.md). */
      endpoint?: string;
      timeoutMs?: number;
      /** Signs each request as AppSync does for a domain (service `es`), when set. */
      signing?: { region: string; credentials: SigningCredentials };
    };

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** AppSync's HttpConfig, plus what a local run needs to act on it (local/docs/http.md). */
export interface HttpEndpointConfig {
  /** Scheme, host and port (an optional base path too); the resolver's resourcePath is appended. */
  endpoint: string;
  /** AWS_IAM: SigV4-sign every request as AppSync does with the data source's role. */
  authorizationConfig?: { authorizationType: 'AWS_IAM'; awsIamConfig: { signingRegion: string; signingServiceName: string } };
  /** The pair that stands for the data source's role when signing. */
  credentials?: SigningCredentials;
  /** How long one call may take; AppSync's own limit is its 30 s request time, the default. */
  timeoutMs?: number;
}

/** A compiled APPSYNC_JS module: the bundled ESM text that AppSync would receive as `code`. */
export interface JsCode {
  /** Where it came from, for error messages (e.g. resolvers/Query.getTodo.[todos].ts). */
  source: string;
  code: string;
}

export interface FunctionConfig {
  name: string;
  dataSource: string;
  code: JsCode;
}

export type ResolverConfig =
  | {
      kind: 'UNIT';
      typeName: string;
      fieldName: string;
      dataSource: string;
      code: JsCode;
      /** AppSync's maxBatchSize (0..2000): how many BatchInvoke requests go in one Lambda invocation. */
      maxBatchSize?: number;
      /** AppSync's CachingConfig; read under PER_RESOLVER_CACHING (local/docs/cache.md). */
      cachingConfig?: CachingConfig;
    }
  | {
      kind: 'PIPELINE';
      typeName: string;
      fieldName: string;
      /** The pipeline resolver's own before (request) and after (response) code. */
      code: JsCode;
      /** Function names, in order. */
      functions: string[];
      /** AppSync's CachingConfig; read under PER_RESOLVER_CACHING (local/docs/cache.md). */
      cachingConfig?: CachingConfig;
    };

/** AWS::AppSync::Resolver CachingConfig (API: CachingConfig { ttl, cachingKeys }). */
export interface CachingConfig {
  /** Seconds an entry lives, 1..3600. */
  ttl: number;
  /**
   * Paths into the resolver's context, e.g. `$context.arguments.id`, `$context.identity.sub`,
   * `$context.source.id`; the whole arguments, source and identity maps when absent.
   */
  cachingKeys?: string[];
}

/** AWS::AppSync::ApiCache (API: ApiCache { apiCachingBehavior, ttl, type }); held in memory locally. */
export interface ApiCacheConfig {
  apiCachingBehavior: 'FULL_REQUEST_CACHING' | 'PER_RESOLVER_CACHING';
  /** Seconds an entry lives, 1..3600 (FULL_REQUEST_CACHING, and resolvers without a ttl of their own). */
  ttl: number;
  /** The ElastiCache instance type AWS would run (SMALL, MEDIUM, ...); recorded, not emulated. */
  type?: string;
}

export interface RuntimeConfig {
  /** The API's name, as shown by GraphiQL and in logs. */
  name: string;
  /** The SDL exactly as AppSync would receive it (no declarations of AppSync's own scalars). */
  schema: string;
  defaultAuth: AuthModeConfig;
  additionalAuth: AuthModeConfig[];
  dataSources: DataSourceConfig[];
  functions: FunctionConfig[];
  resolvers: ResolverConfig[];
  /** AppSync's environment variables, which resolvers read as ctx.env. */
  environmentVariables?: Record<string, string>;
  /** Hard limit per resolver or function invocation in the sandbox; AppSync's request limit is 30 s. */
  evaluationTimeoutMs?: number;
  /** Bounds on what one request may cost the runtime; every field has a default (local/docs/graphql-http.md). */
  limits?: RuntimeLimits;
  /** AppSync's server-side cache; none when absent (local/docs/cache.md). */
  apiCache?: ApiCacheConfig;
}

/** Denial-of-service bounds of the local runtime; the defaults are in the modules that apply them. */
export interface RuntimeLimits {
  /** Before validation: tokens (200,000), nesting (500), overlap comparisons (50,000). See graphql/query-budget.ts. */
  queryBudget?: QueryBudget;
  /** The parsed-query cache, in estimated bytes (64 MiB). */
  queryCacheBytes?: number;
  /** Resolver runs at once: all requests (64) and one request (16). See datasources/fair-scheduler.ts. */
  dataSourceConcurrency?: FairSchedulerOptions;
}
