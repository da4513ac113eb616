import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { GraphQLSchema } from 'graphql';
import { authenticate, type AuthRequest, type AuthResult } from './auth/authenticate';
import { fieldAuthorizer } from './auth/directives';
import { createApiCache, type ApiCache } from './cache/resolver-cache';
import type { RuntimeConfig } from './config';
import { FairScheduler, type SchedulerLoad } from './datasources/fair-scheduler';
import type { EventBusLookup } from './datasources/eventbridge';
import { createDataSources } from './datasources/registry';
import type { LambdaInvoker } from './lambda';
import { Executor, type AppSyncResponse, type GraphQLRequest, type RunResolver } from './graphql/executor';
import { installAppSyncScalars } from './graphql/install-scalars';
import { RequestTrace } from './graphql/tracing';
import { publishedMutationFields, SubscriptionPlanner } from './graphql/subscriptions';
import type { AuthContext } from './identity';
import { buildToolingSchema } from './project/schema';
import type { InvalidationRequested, MutationPublished, SubscriptionEngine } from './realtime/engine';
import { createResolverRunner } from './resolver-runner';
import type { HttpApi } from './server/http';
import { RequestLogger, type RequestLogOptions } from './server/request-log';

export interface RuntimeOptions {
  /** Request logs and resolver tracing (server/request-log.ts); off when absent. */
  requestLog?: RequestLogOptions;
}

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
  /** The server-side cache when the API has one (config.apiCache): flush, evict, its clock. */
  readonly apiCache: ApiCache | undefined;
  /** Executes an already authenticated request in-process (tests, seeding). */
  execute(request: GraphQLRequest, auth: AuthContext): Promise<AppSyncResponse>;
  close(): Promise<void>;
}

/**
 * Builds the runtime for one API: the schema with AppSync's scalars, the data sources, the
 * APPSYNC_JS resolvers, auth, and the two faces the transports use (HttpApi and
 * SubscriptionEngine). Nothing here knows what the API is about. Lambda functions live apart from
 * the API (rules and queues invoke them too): AWS_LAMBDA data sources call `services.lambda`,
 * which the caller owns and closes.
 */
export async function createRuntime(
  config: RuntimeConfig,
  services: { lambda?: LambdaInvoker; eventBuses?: EventBusLookup } = {},
  options: RuntimeOptions = {},
): Promise<Runtime> {
  const schema = buildToolingSchema(config.schema);
  installAppSyncScalars(schema);
  const dataSources = createDataSources(config.dataSources, services);
  const scheduler = new FairScheduler(config.limits?.dataSourceConcurrency);
  const apiCache = config.apiCache
    ? createApiCache(config.apiCache, config.resolvers, { mutation: schema.getMutationType()?.name, subscription: schema.getSubscriptionType()?.name })
    : undefined;
  const runner = createResolverRunner(config, dataSources, undefined, scheduler);
  const runResolver: RunResolver = apiCache ? apiCache.wrap(runner) : runner;
  const authConfig = { defaultAuth: config.defaultAuth, additionalAuth: config.additionalAuth };
  // An AWS_LAMBDA authorizer runs in the same Lambda service as the data sources' functions.
  const authServices = { ...(services.lambda && { lambda: services.lambda }), apiId: config.name };
  const authorize = fieldAuthorizer(schema, authConfig);
  const wired = new Set(config.resolvers.map((r) => `${r.typeName}.${r.fieldName}`));
  const executor = new Executor(schema, wired, runResolver, authorize, config.limits ?? {});
  const planner = new SubscriptionPlanner(schema, executor, wired, runResolver, authorize);
  const published = publishedMutationFields(schema);
  const events = new EventEmitter();
  // Every real-time connection adds listeners; the default warning at 10 would be noise.
  events.setMaxListeners(0);

  const logger = options.requestLog ? new RequestLogger(config.name, options.requestLog) : null;

  async function execute(request: GraphQLRequest, auth: AuthContext, trace?: RequestTrace): Promise<{ response: AppSyncResponse; headers: Record<string, string> }> {
    const { response, mutations, headers } = await executor.execute(request, { auth, domainName: null, ...(trace && { trace }) });
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
    return { response, headers };
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
    async handleGraphql(input) {
      if (!logger) return answerGraphql(input);
      const trace = new RequestTrace();
      const seen: Seen = { operationName: null, authorizationType: null };
      const answer = await answerGraphql(input, { trace, tracing: logger.tracing, seen });
      logger.request(
        { requestId: input.requestId ?? randomUUID(), statusCode: answer.status, latency: trace.elapsed(), ...seen },
        trace.entries,
      );
      return answer;
    },
    graphiqlHeaders(): Record<string, string> {
      const keyMode = [config.defaultAuth, ...config.additionalAuth].find((m) => m.type === 'API_KEY');
      const now = Date.now() / 1000;
      const key = keyMode?.type === 'API_KEY' ? keyMode.keys.find((k) => k.expires > now) : undefined;
      return key ? { 'x-api-key': key.id } : {};
    },
  };

  /** What the request log reports beside the status; filled in as the request gets that far. */
  type Seen = { operationName: string | null; authorizationType: string | null };

  async function answerGraphql(
    { headers, body, path, sourceIp, method, query }: Parameters<HttpApi['handleGraphql']>[0],
    log?: { trace: RequestTrace; tracing: boolean; seen: Seen },
  ): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const parsed = parseGraphqlRequest(method, body, query);
    if ('error' in parsed) return { status: 400, body: { errors: [{ message: parsed.error, errorType: 'MalformedHttpRequestException' }] } };
    if (log) log.seen.operationName = parsed.request.operationName ?? null;
    const result = await authenticate(authConfig, { headers, sourceIp, signed: { method, path, query, body } }, authServices);
    if (!result.ok) return { status: result.failure.status, body: { errors: result.failure.errors } };
    if (log) log.seen.authorizationType = result.auth.mode;
    const executed = await execute(parsed.request, result.auth, log?.tracing ? log.trace : undefined);
    return { status: 200, body: executed.response, headers: executed.headers };
  }

  return {
    config,
    schema,
    engine,
    http,
    authenticate: (request) => authenticate(authConfig, request, authServices),
    resolverLoad: () => scheduler.load(),
    queryCacheBytes: () => executor.queryCacheBytes,
    apiCache,
    execute: async (request, auth) => (await execute(request, auth)).response,
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
