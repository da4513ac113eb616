import type { ApiCacheConfig, CachingConfig } from '../config';
import type { EventsDefinition, FunctionDefinition } from './event-definitions';

export type * from './event-definitions';

/**
 * A project's API as plain data, read by both its CDK stack and the local runtime, so the two
 * cannot drift. Nothing here is specific to any product.
 */

export interface KeyAttribute {
  name: string;
  type: 'S' | 'N' | 'B';
}

export interface GlobalSecondaryIndexDefinition {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  /** ALL unless given: the cheapest to get right; narrow it when the index grows large. */
  projection?: 'ALL' | 'KEYS_ONLY' | { include: string[] };
}

export interface TableDefinition {
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  globalSecondaryIndexes?: GlobalSecondaryIndexDefinition[];
  billing: 'PAY_PER_REQUEST';
  /** Attribute holding an expiry time in epoch seconds. */
  timeToLiveAttribute?: string;
  pointInTimeRecovery?: boolean;
  /** A DynamoDB stream of the table's changes (read by pipes). */
  stream?: 'NEW_AND_OLD_IMAGES' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'KEYS_ONLY';
}

export type AuthModeType = 'AMAZON_COGNITO_USER_POOLS' | 'API_KEY' | 'AWS_IAM' | 'AWS_LAMBDA' | 'OPENID_CONNECT';

/**
 * An additional auth mode: API_KEY and AWS_IAM take their settings from the definition and the
 * local state; AWS_LAMBDA and OPENID_CONNECT carry theirs (auth-modes.ts, local/docs/auth.md).
 */
export type AdditionalAuthMode = 'API_KEY' | 'AWS_IAM' | LambdaAuthModeDefinition | OidcAuthModeDefinition;

/** AppSync's LambdaAuthorizerConfig, its function named from ApiDefinition.functions (CDK deploys it, the local Lambda service runs it). */
export interface LambdaAuthModeDefinition {
  type: 'AWS_LAMBDA';
  function: string;
  /** 0..3600 seconds; 0 (AppSync's default) caches nothing. */
  authorizerResultTtlInSeconds?: number;
  /** A regex the whole token must match before the function is invoked. */
  identityValidationExpression?: string;
}

/** AppSync's OpenIDConnectConfig, as CloudFormation spells it (camelCased); TTLs in milliseconds. */
export interface OidcAuthModeDefinition {
  type: 'OPENID_CONNECT';
  issuer: string;
  clientId?: string;
  iatTTL?: number;
  authTTL?: number;
}

/** Cognito's ExplicitAuthFlows, without the ALLOW_ prefix. */
export type AuthFlow = 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH' | 'REFRESH_TOKEN_AUTH' | 'CUSTOM_AUTH';

export interface UserPoolDefinition {
  /** Users sign in with their email address, which is their username. */
  signInWith: 'email';
  selfSignUp: boolean;
  groups: { name: string; description?: string; precedence?: number }[];
  passwordPolicy: {
    minLength: number;
    requireLowercase: boolean;
    requireUppercase: boolean;
    requireDigits: boolean;
    requireSymbols: boolean;
    tempPasswordValidityDays: number;
  };
  client: {
    name: string;
    /** Flows the deployed client allows. */
    authFlows: AuthFlow[];
    /** Flows added only for local runs (cognito-local implements USER_PASSWORD_AUTH but not SRP). */
    localAuthFlows: AuthFlow[];
    accessTokenValidityMinutes: number;
    idTokenValidityMinutes: number;
    refreshTokenValidityDays: number;
  };
}

export type DataSourceDefinition =
  | {
      type: 'AMAZON_DYNAMODB';
      /** Logical name of a table in ApiDefinition.tables. */
      table: string;
      /** What the data source's role may do; the local runtime does not enforce it. */
      access: 'read' | 'readWrite';
    }
  | {
      type: 'AWS_LAMBDA';
      /** Name of a function in ApiDefinition.functions. */
      function: string;
    }
  /**
   * The older inline form, accepted while the CDK side moves to ApiDefinition.functions (issue 12):
   * the local runtime treats it as an implicit function named after the data source. Remove it
   * once no definition uses it.
   */
  | {
      type: 'AWS_LAMBDA';
      /** Module path relative to the project root, e.g. lambdas/<name>/handler.ts. */
      handler: string;
      export: string;
      timeoutSeconds: number;
      environment?: Record<string, string>;
    }
  /** EventBridge: resolvers put events on this bus (a logical name in ApiDefinition.events.buses). */
  | { type: 'AMAZON_EVENTBRIDGE'; bus: string }
  /**
   * Aurora Serverless v2 with the Data API (AppSync's RelationalDatabaseConfig). To deploy, the
   * CDK side imports an existing cluster and its Secrets Manager secret; locally the statements
   * run on PGlite in `localDataDir` (default .local/rds/<name>) or on the PostgreSQL server
   * `localConnectionString` names; a MySQL engine's on the MySQL or MariaDB server it names (a
   * `mysql://` URL, required: nothing runs MySQL in-process) (local/docs/rds.md).
   */
  | {
      type: 'AMAZON_RDS';
      engine: 'postgresql' | 'mysql';
      /** The database in the cluster that the statements run in. */
      databaseName: string;
      clusterIdentifier?: string;
      secretArn?: string;
      localDataDir?: string;
      localConnectionString?: string;
      /** Local runs only: the Data API's statement timeout, 45,000 ms as on AWS by default (lower it for a test). */
      localStatementTimeoutMs?: number;
    }
  | { type: 'NONE' }
  /** HTTP: AppSync's HttpConfig; AWS_IAM signs each call as the data source's role (local/docs/http.md). */
  | {
      type: 'HTTP';
      endpoint: string;
      authorizationConfig?: { authorizationType: 'AWS_IAM'; awsIamConfig: { signingRegion: string; signingServiceName: string } };
      /** Local runs only (AppSync has no such setting): how long one call may take, 30,000 ms by default. */
      localTimeoutMs?: number;
    }
  /**
   * OpenSearch (or the older Elasticsearch) domain. Locally it needs a server of its own:
   * `localEndpoint` (e.g. http://127.0.0.1:9200); without it the runtime refuses to start.
   */
  | { type: 'AMAZON_OPENSEARCH_SERVICE' | 'AMAZON_ELASTICSEARCH'; endpoint?: string; localEndpoint?: string; localTimeoutMs?: number };

export interface ApiDefinition {
  name: string;
  /** Absolute path of the project root; the other paths are absolute too. */
  rootDir: string;
  /** The deployable SDL files, joined in order. */
  schemaFiles: string[];
  /** Folder of resolver files whose names carry the wiring (see wiring.ts). */
  resolversDir: string;
  tables: Record<string, TableDefinition>;
  userPool: UserPoolDefinition;
  dataSources: Record<string, DataSourceDefinition>;
  authModes: { default: 'AMAZON_COGNITO_USER_POOLS'; additional: AdditionalAuthMode[] };
  apiKey: { description: string; expiresAfterDays: number };
  /**
   * AppSync environment variables (ctx.env): a literal, or the physical name of one of the
   * API's tables, known only once CDK (or the local system) has created it. Transactions and batch
   * requests name their tables, so resolvers read the names from here.
   */
  environmentVariables?: Record<string, EnvironmentValue>;
  /** Lambda functions by name, declared once; AWS_LAMBDA data sources, rules, queues and pipes name them. */
  functions?: Record<string, FunctionDefinition>;
  /** Buses, rules, queues, pipes and delivery streams (event-definitions.ts). */
  events?: EventsDefinition;
  /**
   * Per-resolver settings the file names cannot carry, by `Type.field` (resolver-settings.ts):
   * AWS::AppSync::Resolver's MaxBatchSize and CachingConfig. A key that names no wired field fails
   * the load.
   */
  resolverSettings?: Record<string, ResolverSettings>;
  /**
   * Direct Lambda resolvers, by `Type.field`: the name of an AWS_LAMBDA data source that resolves
   * the field with no code (AppSync sends it the context; local/docs/lambda.md). A field is
   * either here or wired by a resolver file. resolverSettings may give it a maxBatchSize, which
   * turns on Direct Lambda batching.
   */
  directLambdaResolvers?: Record<string, string>;
  /**
   * Per-function settings of pipeline steps, by the AppSync function name of the step file:
   * AWS::AppSync::FunctionConfiguration's MaxBatchSize for the step's BatchInvoke requests.
   */
  functionSettings?: Record<string, FunctionSettings>;
  /** AWS::AppSync::ApiCache: the API's server-side cache (local/docs/cache.md); none when absent. */
  apiCache?: ApiCacheConfig;
}

export interface ResolverSettings {
  /**
   * Lambda BatchInvoke: requests per invocation, 0..2000 (5 when absent). Unit resolvers only. On
   * a Direct Lambda resolver, above 0 turns batching on (absent or 0: one invocation per field).
   */
  maxBatchSize?: number;
  cachingConfig?: CachingConfig;
}

export interface FunctionSettings {
  /** Lambda BatchInvoke from this pipeline function: requests per invocation, 0..2000 (5 when absent). */
  maxBatchSize?: number;
}

export type EnvironmentValue = string | { tableName: string };
