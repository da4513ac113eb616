import type { AuthModeConfig, RuntimeConfig } from '../config';
import type { EventBusLookup } from '../datasources/eventbridge';
import { createLambdaService, type LambdaService } from '../lambda';
import type { RequestLogOptions } from '../server/request-log';
import { loadProject, projectFunctions, toLambdaFunctions, toRuntimeAuthMode, toRuntimeDataSources, type ResourceRef } from '../project';
import type { ApiDefinition } from '../project/definitions';
import { createRuntime, type Runtime } from '../runtime';
import { LOCAL_REGION, ensureTables, ensureUserPool } from './provision';
import { newApiKey, newIamCredentials, readState, writeState, type LocalState } from './local-state';

export interface LocalServices {
  dynamodbEndpoint: string;
  cognitoEndpoint: string;
  /** Issuer and JWKS of a pool on this cognito-local. */
  issuerFor(userPoolId: string): string;
  jwksUriFor(userPoolId: string): string;
}

export interface BootedApi {
  runtime: Runtime;
  config: RuntimeConfig;
  state: Required<LocalState>;
  tableNames: Record<string, string>;
  /**
   * The one Lambda service of the project: every function of `definition.functions` (and of
   * inline AWS_LAMBDA data sources), for rules, queues and pipes to invoke too. Closing the
   * runtime closes it.
   */
  lambda: LambdaService;
}

/**
 * Turns a project's ApiDefinition into a running runtime against local services: creates the
 * tables and the user pool from the same definitions CDK deploys, keeps the pool, API key and
 * IAM pair in `stateFile` across restarts, bundles the resolvers and builds the RuntimeConfig.
 */
export async function bootApi(
  definition: ApiDefinition,
  services: LocalServices,
  stateFile: string,
  options: {
    /** Added to every Lambda's environment: endpoints of local stand-ins (a payment sandbox, say). */
    lambdaEnvironment?: Record<string, string>;
    /**
     * A function environment's `{queueUrl}`, `{busName}` and `{graphqlUrl}`: those services start
     * elsewhere, so the caller answers. Asked on a function's first invocation, not at boot.
     */
    resolveResource?(ref: ResourceRef): string;
    /** The buses AMAZON_EVENTBRIDGE data sources put events on (local/src/events), by name. */
    eventBuses?: EventBusLookup;
    /** AppSync-style request logs and resolver tracing (local/docs/graphql-http.md); off when absent. */
    requestLog?: RequestLogOptions;
  } = {},
): Promise<BootedApi> {
  const [project, tableNames] = await Promise.all([loadProject(definition), ensureTables(definition, services.dynamodbEndpoint)]);
  const previous = readState(stateFile);
  const pool = await ensureUserPool(definition, services.cognitoEndpoint, previous.pool);
  const now = Date.now() / 1000;
  const state: Required<LocalState> = {
    pool,
    apiKey: previous.apiKey && previous.apiKey.expires > now ? previous.apiKey : newApiKey(definition.apiKey.expiresAfterDays),
    iam: previous.iam ?? newIamCredentials(),
  };
  writeState(stateFile, state);

  const cognito: AuthModeConfig = {
    type: 'AMAZON_COGNITO_USER_POOLS',
    userPoolId: pool.userPoolId,
    issuer: services.issuerFor(pool.userPoolId),
    jwksUri: services.jwksUriFor(pool.userPoolId),
    appIdClientRegex: `^${pool.clientId}$`,
  };
  // API_KEY and AWS_IAM get the local key and IAM pair; AWS_LAMBDA and OPENID_CONNECT carry their settings.
  const builtModes: Record<'API_KEY' | 'AWS_IAM', AuthModeConfig> = {
    API_KEY: { type: 'API_KEY', keys: [{ id: state.apiKey.id, expires: state.apiKey.expires, description: definition.apiKey.description }] },
    AWS_IAM: {
      type: 'AWS_IAM',
      region: LOCAL_REGION,
      credentials: [{ ...state.iam, userArn: 'arn:aws:iam::000000000000:user/local-backend', accountId: '000000000000' }],
    },
  };

  const dataSources = toRuntimeDataSources(definition.dataSources, {
    tableName: (logical) => {
      const physical = tableNames[logical];
      if (!physical) throw new Error(`A data source names table ${logical}, which the definition lacks.`);
      return physical;
    },
    dynamoEndpoint: services.dynamodbEndpoint,
    region: LOCAL_REGION,
    signingCredentials: state.iam,
  });
  const lambda = createLambdaService({
    region: LOCAL_REGION,
    functions: toLambdaFunctions(projectFunctions(definition.functions, definition.dataSources), {
      rootDir: definition.rootDir,
      tableName: (logical) => {
        const physical = tableNames[logical];
        if (!physical) throw new Error(`A function's environment names table ${logical}, which the definition lacks.`);
        return physical;
      },
      dynamoEndpoint: services.dynamodbEndpoint,
      ...(options.resolveResource ? { resolveResource: options.resolveResource } : {}),
      // The functions run with the API's IAM pair as their role's credentials: a function that calls
      // the API over IAM (a scheduled sweeper, say) is authorized as its role would be on AWS, and
      // DynamoDB Local and the local bus accept any signed request.
      extraEnvironment: { AWS_ACCESS_KEY_ID: state.iam.accessKeyId, AWS_SECRET_ACCESS_KEY: state.iam.secretAccessKey, AWS_REGION: LOCAL_REGION, ...options.lambdaEnvironment },
    }),
  });

  const environmentVariables = Object.fromEntries(
    Object.entries(definition.environmentVariables ?? {}).map(([name, value]) => {
      if (typeof value === 'string') return [name, value];
      const physical = tableNames[value.tableName];
      if (!physical) throw new Error(`Environment variable ${name} names table ${value.tableName}, which the definition lacks.`);
      return [name, physical];
    }),
  );

  const config: RuntimeConfig = {
    environmentVariables,
    name: definition.name,
    schema: project.schemaSdl,
    defaultAuth: cognito,
    additionalAuth: definition.authModes.additional.map((mode) => toRuntimeAuthMode(mode, builtModes)),
    dataSources,
    functions: project.functions,
    resolvers: project.resolvers,
    ...(definition.apiCache && { apiCache: definition.apiCache }),
  };
  let runtime: Runtime;
  try {
    runtime = await createRuntime(config, { lambda, ...(options.eventBuses && { eventBuses: options.eventBuses }) }, options.requestLog ? { requestLog: options.requestLog } : {});
  } catch (error) {
    await lambda.close();
    throw error;
  }
  const closeRuntime = runtime.close;
  return {
    runtime: {
      ...runtime,
      async close() {
        await closeRuntime();
        await lambda.close();
      },
    },
    config,
    state,
    tableNames,
    lambda,
  };
}
