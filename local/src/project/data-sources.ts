import { join, resolve } from 'node:path';
import type { DataSourceConfig, SigningCredentials } from '../config';
import type { LambdaFunctionConfig } from '../lambda';
import type { DataSourceDefinition, FunctionDefinition, FunctionEnvironmentValue } from './definitions';

export interface LocalDataSourceOptions {
  /** Physical name of each logical table, e.g. with a per-run prefix. */
  tableName(logicalName: string): string;
  dynamoEndpoint: string;
  region: string;
  /** The pair HTTP data sources with AWS_IAM sign with, standing for the data source's role. */
  signingCredentials?: SigningCredentials;
}

/** A function environment value that only another local service (started elsewhere) can answer. */
export type ResourceRef = Exclude<FunctionEnvironmentValue, string | { tableName: string }>;

export interface LocalFunctionOptions {
  /** Project root, against which handler paths are resolved. */
  rootDir: string;
  /** Physical name of each logical table. */
  tableName(logicalName: string): string;
  dynamoEndpoint: string;
  /**
   * Queue URLs, bus names and the GraphQL URL, known once those services listen. Called the first
   * time a function that needs one is invoked, so it may answer for services started after boot;
   * without it, invoking such a function fails with an error naming the variable.
   */
  resolveResource?(ref: ResourceRef): string;
  /** Added to every function's environment: endpoints of local stand-ins (a payment sandbox, say). */
  extraEnvironment?: Record<string, string>;
}

/** The runtime's data sources for a project's logical definitions, pointed at local endpoints. */
export function toRuntimeDataSources(defs: Record<string, DataSourceDefinition>, options: LocalDataSourceOptions): DataSourceConfig[] {
  return Object.entries(defs).map(([name, def]): DataSourceConfig => {
    switch (def.type) {
      case 'AMAZON_DYNAMODB':
        return {
          type: 'AMAZON_DYNAMODB',
          name,
          tableName: options.tableName(def.table),
          endpoint: options.dynamoEndpoint,
          region: options.region,
        };
      case 'AWS_LAMBDA':
        // The inline form names its implicit function after the data source (see definitions.ts).
        return { type: 'AWS_LAMBDA', name, function: 'function' in def ? def.function : name };
      case 'AMAZON_EVENTBRIDGE':
        // Locally a bus is named by its logical name (local/src/events).
        return { type: 'AMAZON_EVENTBRIDGE', name, busName: def.bus };
      case 'NONE':
        return { type: 'NONE', name };
      case 'AMAZON_RDS':
        return {
          type: 'AMAZON_RDS',
          name,
          engine: def.engine,
          // Beside DynamoDB Local's and cognito-local's state: npm start runs from the project root.
          dataDir: resolve(def.localDataDir ?? join('.local', 'rds', name)),
          ...(def.localConnectionString !== undefined && { connectionString: def.localConnectionString }),
          ...(def.localStatementTimeoutMs !== undefined && { statementTimeoutMs: def.localStatementTimeoutMs }),
        };
      case 'HTTP':
        return {
          type: 'HTTP',
          name,
          endpoint: def.endpoint,
          ...(def.authorizationConfig && { authorizationConfig: def.authorizationConfig }),
          ...(def.authorizationConfig && options.signingCredentials && { credentials: options.signingCredentials }),
          ...(def.localTimeoutMs !== undefined && { timeoutMs: def.localTimeoutMs }),
        };
      case 'AMAZON_OPENSEARCH_SERVICE':
      case 'AMAZON_ELASTICSEARCH':
        // Only localEndpoint counts: the domain's AWS endpoint is not reachable (nor signable) from a local run.
        return { type: def.type, name, ...(def.localEndpoint && { endpoint: def.localEndpoint }), ...(def.localTimeoutMs !== undefined && { timeoutMs: def.localTimeoutMs }) };
    }
  });
}

/**
 * Every function the project runs: ApiDefinition.functions plus one implicit function per
 * AWS_LAMBDA data source still declared in the inline form. A data source naming a function that
 * does not exist, or an inline one colliding with a declared function, is a definition error.
 */
export function projectFunctions(
  functions: Record<string, FunctionDefinition> | undefined,
  dataSources: Record<string, DataSourceDefinition>,
): Record<string, FunctionDefinition> {
  const all: Record<string, FunctionDefinition> = { ...functions };
  for (const [name, def] of Object.entries(dataSources)) {
    if (def.type !== 'AWS_LAMBDA') continue;
    if ('function' in def) {
      // Both forms at once (an inline handler spread over a named function) would silently run the
      // named function and ignore the handler.
      if ('handler' in def) throw new Error(`Data source ${name} names function ${def.function} and also declares a handler inline; change ApiDefinition.functions.${def.function} instead.`);
      if (!functions?.[def.function]) throw new Error(`Data source ${name} invokes function ${def.function}, which ApiDefinition.functions does not declare.`);
      continue;
    }
    if (all[name]) throw new Error(`Data source ${name} declares its handler inline, and ApiDefinition.functions already has a function named ${name}; name the function instead.`);
    all[name] = { handler: def.handler, export: def.export, timeoutSeconds: def.timeoutSeconds, ...(def.environment ? { environment: def.environment } : {}) };
  }
  return all;
}

/** The Lambda service's functions for a project's declarations, with their environments resolved. */
export function toLambdaFunctions(functions: Record<string, FunctionDefinition>, options: LocalFunctionOptions): Record<string, LambdaFunctionConfig> {
  return Object.fromEntries(
    Object.entries(functions).map(([name, def]): [string, LambdaFunctionConfig] => {
      const fixed: Record<string, string> = {};
      const deferred: [string, ResourceRef][] = [];
      for (const [variable, value] of Object.entries(def.environment ?? {})) {
        if (typeof value === 'string') fixed[variable] = value;
        else if ('tableName' in value) fixed[variable] = options.tableName(value.tableName);
        else deferred.push([variable, value]);
      }
      // Without a resolver, only invoking the function fails (clearly), not the whole boot: a
      // project may declare functions its local run never invokes.
      const resolveResource =
        options.resolveResource ??
        ((ref: ResourceRef): string => {
          const variable = deferred.find(([, r]) => r === ref)?.[0] ?? '?';
          throw new Error(`Function ${name}'s variable ${variable} needs ${describeRef(ref)}, and nothing resolves it locally (bootApi's resolveResource option).`);
        });
      const base: Record<string, string> = {
        ...fixed,
        // The AWS SDK reads service endpoints and credentials from these standard variables, so
        // handler code needs no local-only branch to reach DynamoDB Local.
        AWS_ENDPOINT_URL_DYNAMODB: options.dynamoEndpoint,
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        ...options.extraEnvironment,
      };
      const environment =
        deferred.length === 0
          ? base
          : (): Record<string, string> => ({ ...base, ...Object.fromEntries(deferred.map(([variable, ref]) => [variable, resolveResource(ref)])) });
      return [
        name,
        {
          handlerModule: resolve(options.rootDir, def.handler),
          handlerExport: def.export,
          timeoutMs: def.timeoutSeconds * 1000,
          environment,
          ...(def.reservedConcurrency !== undefined ? { reservedConcurrency: def.reservedConcurrency } : {}),
          ...(def.memoryMB !== undefined ? { memoryMB: def.memoryMB } : {}),
        },
      ];
    }),
  );
}

function describeRef(ref: ResourceRef): string {
  if ('queueUrl' in ref) return `the URL of queue ${ref.queueUrl}`;
  if ('busName' in ref) return `the name of bus ${ref.busName}`;
  return 'the GraphQL URL';
}
