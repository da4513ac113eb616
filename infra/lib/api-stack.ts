import { join } from 'node:path';
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AuthorizationType,
  Definition,
  DynamoDbDataSource,
  EventBridgeDataSource,
  FieldLogLevel,
  GraphqlApi,
  HttpDataSource,
  LambdaDataSource,
  NoneDataSource,
  OpenSearchDataSource,
  SchemaFile,
  UserPoolDefaultAction,
  type BaseDataSource,
} from 'aws-cdk-lib/aws-appsync';
import { AccountRecovery, UserPool, UserPoolClient, UserPoolGroup } from 'aws-cdk-lib/aws-cognito';
import { AttributeType, Billing, ProjectionType, StreamViewType, TableV2, type Attribute, type GlobalSecondaryIndexPropsV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Domain } from 'aws-cdk-lib/aws-opensearchservice';
import { DatabaseCluster } from 'aws-cdk-lib/aws-rds';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { LoadedProject } from '../../local/src/project';
import type {
  ApiDefinition,
  DataSourceDefinition,
  GlobalSecondaryIndexDefinition,
  KeyAttribute,
  TableDefinition,
  UserPoolDefinition,
} from '../../local/src/project/definitions';
import type { DeploymentDefinition } from '../api/deployment';
import { createAnalytics } from './analytics';
import { createEventResources, wireEvents, type EventResources } from './event-aggregator';
import { createFunctions } from './functions';
import { watchOperations } from './operations';
import { protectWithRateLimits } from './rate-limits';
import { additionalAuthorizationModes } from './auth-modes';
import { createResolvers } from './resolvers';

export interface ApiStackProps extends StackProps {
  definition: ApiDefinition;
  /** The schema and bundled resolvers, from loadProject(definition): the same ones `npm start` runs. */
  project: LoadedProject;
  /** The AWS-only side: Lambda secrets and environment, WAF limits. */
  deployment?: DeploymentDefinition;
}

const EMPTY_DEPLOYMENT: DeploymentDefinition = { functions: {} };
const NO_EVENTS = { buses: {}, rules: {}, queues: {}, queueConsumers: {}, deliveryStreams: {}, pipes: {} };

/**
 * The whole API: user pool, tables, AppSync API (with its environment variables), the Lambda
 * functions, data sources, resolvers, the event aggregator (buses, rules, queues, pipes, the lake)
 * and the alarms and dashboard that watch them.
 */
export class ApiStack extends Stack {
  readonly api: GraphqlApi;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly tables: Record<string, TableV2>;
  /** Every function of the definition, by name. */
  readonly functions: Record<string, NodejsFunction>;
  readonly events: EventResources;
  private readonly deployment: DeploymentDefinition;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { definition, project } = props;
    this.deployment = props.deployment ?? EMPTY_DEPLOYMENT;

    this.userPool = createUserPool(this, definition.userPool);
    this.userPoolClient = createUserPoolClient(this, this.userPool, definition.userPool);
    this.tables = Object.fromEntries(
      Object.entries(definition.tables).map(([name, def]) => [name, createTable(this, name, def)]),
    );

    // SchemaFile reads one file; the SDL comes from loadSchemaSdl instead, so that several schema
    // files and its refusal of AppSync's own declarations apply here exactly as they do locally.
    const schema = SchemaFile.fromAsset(definition.schemaFiles[0] ?? '');
    schema.definition = project.schemaSdl;

    this.api = new GraphqlApi(this, 'Api', {
      name: definition.name,
      definition: Definition.fromSchema(schema),
      authorizationConfig: {
        defaultAuthorization: {
          authorizationType: AuthorizationType.USER_POOL,
          // ALLOW: every signed-in user reaches fields without a group restriction.
          userPoolConfig: { userPool: this.userPool, defaultAction: UserPoolDefaultAction.ALLOW },
        },
        // An AWS_LAMBDA authorizer's function is created below; its ARN is read at synth.
        additionalAuthorizationModes: additionalAuthorizationModes(this, definition, (name) => {
          const fn = this.functions[name];
          if (!fn) throw new Error(`The AWS_LAMBDA auth mode names function ${name}, which is not defined.`);
          return fn.functionArn;
        }),
      },
      environmentVariables: this.environmentVariables(definition),
      // Resolver errors only (not every field), a month kept; X-Ray traces each request.
      logConfig: { fieldLogLevel: FieldLogLevel.ERROR, retention: RetentionDays.ONE_MONTH },
      xrayEnabled: true,
    });

    const eventsDefinition = definition.events ?? NO_EVENTS;
    this.events = createEventResources(this, eventsDefinition);
    this.functions = createFunctions(
      this,
      definition.rootDir,
      definition.functions ?? {},
      { tables: this.tables, buses: this.events.buses, queues: this.events.queues, api: this.api },
      this.deployment.functions,
    );
    // Athena over the lake for the analytics function (infra/lib/analytics.ts).
    if (this.events.lake && this.functions.analytics) createAnalytics(this, { lake: this.events.lake, fn: this.functions.analytics, analyticsDir: join(definition.rootDir, 'analytics') });

    const dataSources = new Map<string, BaseDataSource>(
      Object.entries(definition.dataSources).map(([name, def]) => [name, this.createDataSource(name, def)]),
    );
    const dataSource = (name: string): BaseDataSource => {
      const found = dataSources.get(name);
      // loadWiring already checked every name; reaching this means the wiring was not loaded from this definition.
      if (!found) throw new Error(`Data source ${name} is not defined.`);
      return found;
    };

    // Functions, resolvers (Direct Lambda ones without code), their batch sizes and caching, the API cache.
    createResolvers(this, { api: this.api, project, dataSource, apiCache: definition.apiCache });

    wireEvents(this, eventsDefinition, this.events, { functions: this.functions, tables: this.tables, api: this.api });
    watchOperations(this, { api: this.api, functions: this.functions, events: this.events });

    if (this.deployment.rateLimits) protectWithRateLimits(this, this.api, this.userPool, this.deployment.rateLimits);

    new CfnOutput(this, 'GraphQLUrl', { value: this.api.graphqlUrl });
    new CfnOutput(this, 'GraphQLApiId', { value: this.api.apiId });
    if (this.api.apiKey) new CfnOutput(this, 'ApiKey', { value: this.api.apiKey });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'Region', { value: this.region });
    for (const [name, table] of Object.entries(this.tables)) {
      new CfnOutput(this, `${pascalCase(name)}TableName`, { value: table.tableName });
    }
  }

  /** The API's environment variables (ctx.env), each table reference as the table's physical name. */
  private environmentVariables(definition: ApiDefinition): Record<string, string> {
    return Object.fromEntries(
      Object.entries(definition.environmentVariables ?? {}).map(([key, value]) => {
        if (typeof value === 'string') return [key, value];
        const table = this.tables[value.tableName];
        if (!table) throw new Error(`Environment variable ${key} names table ${value.tableName}, which is not defined.`);
        return [key, table.tableName];
      }),
    );
  }

  private createDataSource(name: string, def: DataSourceDefinition): BaseDataSource {
    switch (def.type) {
      case 'AMAZON_DYNAMODB': {
        const table = this.tables[def.table];
        if (!table) throw new Error(`Data source ${name} refers to table ${def.table}, which is not defined.`);
        // The data source's role gets this table's read (and write) actions and nothing else.
        return new DynamoDbDataSource(this, `DataSource_${name}`, {
          api: this.api,
          name,
          table,
          readOnlyAccess: def.access === 'read',
        });
      }
      case 'AWS_LAMBDA': {
        if (!('function' in def)) throw new Error(`Data source ${name}: declare its Lambda in ApiDefinition.functions and name it (function: '...').`);
        const handler = this.functions[def.function];
        if (!handler) throw new Error(`Data source ${name} names function ${def.function}, which is not defined.`);
        // The data source's role may invoke this function and nothing else.
        return new LambdaDataSource(this, `DataSource_${name}`, { api: this.api, name, lambdaFunction: handler });
      }
      case 'AMAZON_EVENTBRIDGE': {
        const bus = this.events.buses[def.bus];
        if (!bus) throw new Error(`Data source ${name} names bus ${def.bus}, which is not defined.`);
        // The data source's role may put events on this bus and nothing else.
        return new EventBridgeDataSource(this, `DataSource_${name}`, { api: this.api, name, eventBus: bus });
      }
      case 'NONE':
        return new NoneDataSource(this, `DataSource_${name}`, { api: this.api, name });
      case 'AMAZON_RDS': {
        // An existing Aurora Serverless v2 cluster with the Data API; this stack creates no database.
        if (!def.clusterIdentifier || !def.secretArn) throw new Error(`Data source ${name} (AMAZON_RDS) needs clusterIdentifier and secretArn to deploy.`);
        const cluster = DatabaseCluster.fromDatabaseClusterAttributes(this, `Cluster_${name}`, { clusterIdentifier: def.clusterIdentifier });
        const secret = Secret.fromSecretCompleteArn(this, `Secret_${name}`, def.secretArn);
        // The data source's role may run statements on this cluster and read this secret, nothing else.
        return this.api.addRdsDataSourceV2(`DataSource_${name}`, cluster, secret, def.databaseName, { name });
      }
      case 'HTTP':
        // With AWS_IAM the data source's role signs each call (its grants are the caller's to add).
        return new HttpDataSource(this, `DataSource_${name}`, {
          api: this.api,
          name,
          endpoint: def.endpoint,
          ...(def.authorizationConfig ? { authorizationConfig: def.authorizationConfig.awsIamConfig } : {}),
        });
      case 'AMAZON_OPENSEARCH_SERVICE': {
        // An existing domain, by its endpoint; this stack creates no search cluster.
        if (!def.endpoint) throw new Error(`Data source ${name} (AMAZON_OPENSEARCH_SERVICE) needs the domain's endpoint to deploy.`);
        return new OpenSearchDataSource(this, `DataSource_${name}`, { api: this.api, name, domain: Domain.fromDomainEndpoint(this, `Domain_${name}`, def.endpoint) });
      }
      case 'AMAZON_ELASTICSEARCH':
        // AppSync keeps this type for old Elasticsearch domains; CDK's construct for it is deprecated.
        throw new Error(`Data source ${name}: declare an Elasticsearch domain as AMAZON_OPENSEARCH_SERVICE to deploy it.`);
    }
  }
}

function createUserPool(scope: Construct, def: UserPoolDefinition): UserPool {
  const policy = def.passwordPolicy;
  const userPool = new UserPool(scope, 'UserPool', {
    selfSignUpEnabled: def.selfSignUp,
    signInAliases: { email: def.signInWith === 'email' },
    autoVerify: { email: true },
    accountRecovery: AccountRecovery.EMAIL_ONLY,
    passwordPolicy: {
      minLength: policy.minLength,
      requireLowercase: policy.requireLowercase,
      requireUppercase: policy.requireUppercase,
      requireDigits: policy.requireDigits,
      requireSymbols: policy.requireSymbols,
      tempPasswordValidity: Duration.days(policy.tempPasswordValidityDays),
    },
  });
  for (const group of def.groups) {
    new UserPoolGroup(scope, `Group_${group.name}`, {
      userPool,
      groupName: group.name,
      description: group.description,
      precedence: group.precedence,
    });
  }
  return userPool;
}

function createUserPoolClient(scope: Construct, userPool: UserPool, def: UserPoolDefinition): UserPoolClient {
  const flows = def.client.authFlows;
  return new UserPoolClient(scope, 'UserPoolClient', {
    userPool,
    userPoolClientName: def.client.name,
    generateSecret: false,
    // Sign-in goes through the Cognito API (amplify-js), not the hosted UI.
    disableOAuth: true,
    authFlows: {
      userSrp: flows.includes('USER_SRP_AUTH'),
      userPassword: flows.includes('USER_PASSWORD_AUTH'),
      custom: flows.includes('CUSTOM_AUTH'),
    },
    accessTokenValidity: Duration.minutes(def.client.accessTokenValidityMinutes),
    idTokenValidity: Duration.minutes(def.client.idTokenValidityMinutes),
    refreshTokenValidity: Duration.days(def.client.refreshTokenValidityDays),
    preventUserExistenceErrors: true,
  });
}

function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join('');
}

const ATTRIBUTE_TYPES = { S: AttributeType.STRING, N: AttributeType.NUMBER, B: AttributeType.BINARY } as const;

function attribute(key: KeyAttribute): Attribute {
  return { name: key.name, type: ATTRIBUTE_TYPES[key.type] };
}

function globalSecondaryIndex(index: GlobalSecondaryIndexDefinition): GlobalSecondaryIndexPropsV2 {
  const projection = index.projection ?? 'ALL';
  return {
    indexName: index.indexName,
    partitionKey: attribute(index.partitionKey),
    ...(index.sortKey && { sortKey: attribute(index.sortKey) }),
    ...(projection === 'ALL' || projection === 'KEYS_ONLY'
      ? { projectionType: projection === 'ALL' ? ProjectionType.ALL : ProjectionType.KEYS_ONLY }
      : { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: projection.include }),
  };
}

function createTable(scope: Construct, name: string, def: TableDefinition): TableV2 {
  return new TableV2(scope, `Table_${name}`, {
    partitionKey: attribute(def.partitionKey),
    ...(def.sortKey && { sortKey: attribute(def.sortKey) }),
    globalSecondaryIndexes: def.globalSecondaryIndexes?.map(globalSecondaryIndex),
    billing: Billing.onDemand(),
    ...(def.timeToLiveAttribute && { timeToLiveAttribute: def.timeToLiveAttribute }),
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: def.pointInTimeRecovery ?? false },
    ...(def.stream && { dynamoStream: StreamViewType[def.stream] }),
  });
}
