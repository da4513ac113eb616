import type { FairSchedulerOptions } from './datasources/fair-scheduler';
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
      /** Absolute path of the module that exports the handler CDK deploys. */
      handlerModule: string;
      /** Export name, usually "handler". */
      handlerExport: string;
      /** The function's timeout, as CDK sets it. */
      timeoutMs: number;
      /** Environment the handler sees (process.env), as CDK sets it. */
      environment?: Record<string, string>;
    }
  | {
      type: 'NONE';
      name: string;
    };

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
      /** AppSync's maxBatchSize; only meaningful for Lambda data sources. */
      maxBatchSize?: number;
    }
  | {
      kind: 'PIPELINE';
      typeName: string;
      fieldName: string;
      /** The pipeline resolver's own before (request) and after (response) code. */
      code: JsCode;
      /** Function names, in order. */
      functions: string[];
    };

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
