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
}

export type AuthModeType = 'AMAZON_COGNITO_USER_POOLS' | 'API_KEY' | 'AWS_IAM';

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
      /** Module path relative to the project root, e.g. lambdas/<name>/handler.ts. */
      handler: string;
      export: string;
      timeoutSeconds: number;
      environment?: Record<string, string>;
    }
  | { type: 'NONE' };

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
  authModes: { default: 'AMAZON_COGNITO_USER_POOLS'; additional: Exclude<AuthModeType, 'AMAZON_COGNITO_USER_POOLS'>[] };
  apiKey: { description: string; expiresAfterDays: number };
  /**
   * AppSync environment variables (ctx.env): a literal, or the physical name of one of the
   * API's tables, known only once CDK (or the local system) has created it. Transactions and batch
   * requests name their tables, so resolvers read the names from here.
   */
  environmentVariables?: Record<string, EnvironmentValue>;
}

export type EnvironmentValue = string | { tableName: string };
