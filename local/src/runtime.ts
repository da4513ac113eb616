import { EventEmitter } from 'node:events';
import type { GraphQLSchema } from 'graphql';
import { authenticate, type AuthRequest, type AuthResult } from './auth/authenticate';
import { fieldAuthorizer } from './auth/directives';
import type { RuntimeConfig } from './config';
import { FairScheduler, type SchedulerLoad } from './datasources/fair-scheduler';
import { createDataSources } from './datasources/registry';
import { Executor, type AppSyncResponse, type GraphQLRequest, type RunResolver } from './graphql/executor';
import { installAppSyncScalars } from './graphql/install-scalars';
import { publishedMutationFields, SubscriptionPlanner } from './graphql/subscriptions';
import type { AuthContext } from './identity';
import { buildToolingSchema } from './project/schema';
import type { InvalidationRequested, MutationPublished, SubscriptionEngine } from './realtime/engine';
import { createResolverRunner } from './resolver-runner';
import type { HttpApi } from './server/http';

export interface Runtime {
  readonly config: RuntimeConfig;
  readonly schema: GraphQLSchema;
  /** The real-time side's view of the API. */
  readonly engine: SubscriptionEngine;
  /** The HTTP side's view of the API. */
  readonly http: HttpApi;
  authenticate(request: AuthRequest): Promise<AuthResult>;
  /** Resolver runs in flight and queued, by the fair scheduler (diagnostics, tests). */
  resolverLoad(): SchedulerLoad;
  /** Estimated bytes held by the parsed-query cache (diagnostics, tests). */
  queryCacheBytes(): number;
  /** Executes an already authenticated request in-process (tests, seeding). */
  execute(request: GraphQLRequest, auth: AuthContext): Promise<AppSyncResponse>;
  close(): Promise<void>;
}

/**
 * Builds the runtime for one API: the schema with AppSync's scalars, the data sources, the
 * APPSYNC_JS resolvers, auth, and the two faces the transports use (HttpApi and
 * SubscriptionEngine). Nothing here knows what the API is about.
 */
export async function createRuntime(config: RuntimeConfig): Promise<Runtime> {
  const schema = buildToolingSchema(config.schema);
  installAppSyncScalars(schema);
  const dataSources = createDataSources(config.dataSources);
  const scheduler = new FairScheduler(config.limits?.dataSourceConcurrency);
  const runResolver: RunResolver = createResolverRunner(config, dataSources, undefined, scheduler);
  const authConfig = { defaultAuth: config.defaultAuth, additionalAuth: config.additionalAuth };
  const authorize = fieldAuthorizer(schema, authConfig);
  const wired = new Set(config.resolvers.map((r) => `${r.typeName}.${r.fieldName}`));
  const executor = new Executor(schema, wired, runResolver, authorize, config.limits ?? {});
  const planner = new SubscriptionPlanner(schema, executor, wired, runResolver, authorize);
  const published = publishedMutationFields(schema);
  const events = new EventEmitter();
  // Every real-time connection adds listeners; the default warning at 10 would be noise.
  events.setMaxListeners(0);

  async function execute(request: GraphQLRequest, auth: AuthContext): Promise<AppSyncResponse> {
    const { response, mutations } = await executor.execute(request, { auth, domainName: null });
    if (mutations.length > 0) {
      // After the response is on its way: fan-out must never delay the mutation's caller.
      setImmediate(() => {
        for (const m of mutations) {
          for (const invalidation of m.invalidations) events.emit('invalidation', invalidation satisfies InvalidationRequested);
          if (m.payload !== null && published.has(m.fieldName)) {
            events.emit('mutation', { mutationField: m.fieldName, payload: m.payload } satisfies MutationPublished);
          }
        }
      });
    }
    return response;
  }

  const engine: SubscriptionEngine = {
    prepareSubscription: (request, auth) => planner.prepare(request, auth),
    renderPayload: (plan, payload) => planner.render(plan, payload),
    onMutation(listener) {
      events.on('mutation', listener);
      return () => events.off('mutation', listener);
    },
    onInvalidation(listener) {
      events.on('invalidation', listener);
      return () => events.off('invalidation', listener);
    },
  };

  const http: HttpApi = {
    name: config.name,
    async handleGraphql({ headers, body, path, sourceIp, method, query }) {
      const parsed = parseGraphqlRequest(method, body, query);
      if ('error' in parsed) return { status: 400, body: { errors: [{ message: parsed.error, errorType: 'MalformedHttpRequestException' }] } };
      const result = await authenticate(authConfig, { headers, sourceIp, signed: { method, path, query, body } });
      if (!result.ok) return { status: result.failure.status, body: { errors: result.failure.errors } };
      return { status: 200, body: await execute(parsed.request, result.auth) };
    },
    graphiqlHeaders(): Record<string, string> {
      const keyMode = [config.defaultAuth, ...config.additionalAuth].find((m) => m.type === 'API_KEY');
      const now = Date.now() / 1000;
      const key = keyMode?.type === 'API_KEY' ? keyMode.keys.find((k) => k.expires > now) : undefined;
      return key ? { 'x-api-key': key.id } : {};
    },
  };

  return {
    config,
    schema,
    engine,
    http,
    authenticate: (request) => authenticate(authConfig, request),
    resolverLoad: () => scheduler.load(),
    queryCacheBytes: () => executor.queryCacheBytes,
    execute,
    async close() {
      events.removeAllListeners();
      await Promise.all([...dataSources.values()].map((ds) => ds.close()));
    },
  };
}

/**
 * The body (POST) or query string (GET) as a GraphQL request, with AppSync's answers for the
 * malformed cases (graphql-over-http issue 81, where the AppSync team listed them).
 */
export function parseGraphqlRequest(
  method: string,
  body: string,
  query: URLSearchParams,
): { request: GraphQLRequest } | { error: string } {
  let candidate: unknown;
  if (method === 'GET') {
    const text = query.get('query');
    if (!text) return { error: 'Unable to parse GraphQL query.' };
    try {
      const variables = query.get('variables');
      candidate = { query: text, operationName: query.get('operationName'), variables: variables ? (JSON.parse(variables) as unknown) : null };
    } catch {
      return { error: 'Unable to parse GraphQL query.' };
    }
  } else {
    if (body.trim() === '') return { error: 'Request body is empty.' };
    try {
      candidate = JSON.parse(body) as unknown;
    } catch {
      return { error: 'Unable to parse GraphQL query.' };
    }
  }
  if (typeof candidate !== 'object' || candidate === null || Array.isArray(candidate)) return { error: 'Unable to parse GraphQL query.' };
  const { query: text, variables, operationName } = candidate as Record<string, unknown>;
  if (typeof text !== 'string' || text.trim() === '') return { error: 'Unable to parse GraphQL query.' };
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) {
    return { error: 'Unable to parse GraphQL query.' };
  }
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return { error: 'Unable to parse GraphQL query.' };
  return { request: { query: text, variables: (variables as Record<string, unknown> | null | undefined) ?? null, operationName: (operationName as string | null | undefined) ?? null } };
}
