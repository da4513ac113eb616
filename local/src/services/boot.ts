import type { AuthModeConfig, RuntimeConfig } from '../config';
import { loadProject, toRuntimeDataSources } from '../project';
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

  const modes: Record<string, AuthModeConfig> = {
    AMAZON_COGNITO_USER_POOLS: {
      type: 'AMAZON_COGNITO_USER_POOLS',
      userPoolId: pool.userPoolId,
      issuer: services.issuerFor(pool.userPoolId),
      jwksUri: services.jwksUriFor(pool.userPoolId),
      appIdClientRegex: `^${pool.clientId}$`,
    },
    API_KEY: { type: 'API_KEY', keys: [{ id: state.apiKey.id, expires: state.apiKey.expires, description: definition.apiKey.description }] },
    AWS_IAM: {
      type: 'AWS_IAM',
      region: LOCAL_REGION,
      credentials: [{ ...state.iam, userArn: 'arn:aws:iam::000000000000:user/local-backend', accountId: '000000000000' }],
    },
  };
  const pick = (type: string): AuthModeConfig => {
    const mode = modes[type];
    if (!mode) throw new Error(`Auth mode ${type} is not supported locally.`);
    return mode;
  };

  const dataSources = toRuntimeDataSources(definition.dataSources, {
    rootDir: definition.rootDir,
    tableName: (logical) => {
      const physical = tableNames[logical];
      if (!physical) throw new Error(`A data source names table ${logical}, which the definition lacks.`);
      return physical;
    },
    dynamoEndpoint: services.dynamodbEndpoint,
    region: LOCAL_REGION,
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
    defaultAuth: pick(definition.authModes.default),
    additionalAuth: definition.authModes.additional.map(pick),
    dataSources: dataSources.map((ds) =>
      ds.type === 'AWS_LAMBDA' ? { ...ds, environment: { ...ds.environment, ...options.lambdaEnvironment } } : ds,
    ),
    functions: project.functions,
    resolvers: project.resolvers,
  };
  const runtime = await createRuntime(config);
  return { runtime, config, state, tableNames };
}
