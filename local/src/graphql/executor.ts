import {
  execute,
  getLocation,
  getOperationAST,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { AppSyncError, AuthContext } from '../identity';
import { FieldError, fieldErrorEntry, formatFieldError, formatRequestError, formatValidationErrors } from './errors';
import { ByteBoundedLru } from './query-cache';
import { checkMergeCost, checkTokens, DEFAULT_QUERY_BUDGET, type QueryBudget } from './query-budget';
import { ResponseHeaders } from './response-headers';
import { appSyncInfo, unalias } from './selection';
import { validationRules } from './subscription-root';
import type { RequestTrace, ResolverTiming } from './tracing';

/** What a field's configured resolver produced. */
export interface FieldOutcome {
  value: unknown;
  /** Errors added with util.appendError: reported, but the value stands. */
  appendedErrors: AppSyncError[];
  /** The error that aborted the field (util.error, unhandled data-source error), if any. */
  error: { message: string; errorType: string | null; data?: unknown; errorInfo?: unknown } | null;
  /** extensions.* calls recorded during the run. */
  extensions: FieldExtensions;
  /** API cache entries its evictFromApiCache calls deleted (cache/resolver-cache.ts). */
  apiCacheEntriesDeleted?: number;
}

export interface FieldExtensions {
  subscriptionFilter?: unknown;
  subscriptionInvalidationFilter?: unknown;
  invalidateSubscriptions?: Array<{ subscriptionField: string; payload: Record<string, unknown> }>;
  /** extensions.evictFromApiCache calls, applied by the API cache (cache/resolver-cache.ts). */
  cacheEvictions?: Array<{ typeName: string; fieldName: string; keys: unknown }>;
  /** Accepted util.http.addResponseHeader(s) calls, in call order (response-headers.ts merges them). */
  responseHeaders?: Array<{ name: string; value: string }>;
}

export interface ResolverContextInput {
  typeName: string;
  fieldName: string;
  arguments: Record<string, unknown>;
  source: unknown;
  identity: AuthContext['identity'];
  request: { headers: Record<string, string>; domainName: string | null };
  info: ReturnType<typeof appSyncInfo>;
  /** The request's auth mode, for util.authType(). */
  authType: AuthContext['mode'];
  /**
   * One object per GraphQL request (HTTP request or real-time `start`): the data-source scheduler
   * queues and caps work per lane, so one request cannot starve the others.
   */
  lane: object;
  /** Filled in by the runner when the request is traced (tracing.ts); absent otherwise. */
  timing?: ResolverTiming;
}

/** Runs the resolver wired to a field; the APPSYNC_JS engine implements it. */
export type RunResolver = (input: ResolverContextInput) => Promise<FieldOutcome>;

/** Decides whether the caller may read a field; AppSync's auth directives implement it. */
export type AuthorizeField = (typeName: string, fieldName: string, auth: AuthContext) => { errorType: string; message: string } | null;

export interface GraphQLRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

export interface ExecuteOptions {
  auth: AuthContext;
  domainName: string | null;
  /** The request's clock when field-level tracing is on: each resolver run adds an entry. */
  trace?: RequestTrace;
}

export interface MutationFieldResult {
  fieldName: string;
  /** The field's data as the mutation selected it, re-keyed from aliases to field names. */
  payload: unknown;
  invalidations: Array<{ subscriptionField: string; payload: Record<string, unknown> }>;
}

export interface AppSyncResponse {
  data?: Record<string, unknown> | null;
  errors?: AppSyncError[];
  /** AppSync's `apiCacheEntriesDeleted`, when evictFromApiCache deleted entries (enabling-caching.html). */
  extensions?: { apiCacheEntriesDeleted: number };
}

/** AppSync's published limit of resolver executions in one request. */
export const MAX_RESOLVERS_PER_REQUEST = 10_000;

/**
 * What AppSync answers on each resolver past the limit. The errorType is the one the AppSync
 * developer guide names ("Configuring ... resolver count limit"); the message is the one clients
 * quote (amplify-js#8342).
 */
export const RESOLVER_LIMIT_ERROR = { errorType: 'ResolverExecutionLimitReached', message: 'Resolver invocation limit reached' } as const;

/** A query text once parsed and validated: its document, or AppSync's errors for it. */
export type CheckedQuery = { document: DocumentNode } | { errors: AppSyncError[] };

export interface ExecutorLimits {
  /** What one query text may cost before validation (query-budget.ts). */
  queryBudget?: QueryBudget;
  /** Bound of the parsed-query cache, in estimated bytes. */
  queryCacheBytes?: number;
}

export const DEFAULT_QUERY_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * Estimated heap of one cached outcome: the text (two bytes a character at worst) plus what
 * graphql-js keeps per token (the token list, an AST node and its Location); measured at about
 * 280 bytes a token for a 15,000-token document on Node 20, rounded up. A document past an eighth
 * of the bound (about 26,000 tokens at the default) is not kept: it is parsed again when it returns.
 */
const BYTES_PER_TOKEN = 320;
const estimateBytes = (text: string, tokens: number): number => 2 * text.length + BYTES_PER_TOKEN * tokens + 256;

/**
 * Executes GraphQL requests the way AppSync does: graphql-js parses, validates and walks the
 * document; every field wired to a resolver runs through the APPSYNC_JS engine; every field,
 * wired or not, passes the auth directives first. Errors come out in AppSync's shape.
 */
export class Executor {
  private readonly checked: ByteBoundedLru<CheckedQuery>;
  private readonly budget: QueryBudget;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly wired: ReadonlySet<string>,
    private readonly runResolver: RunResolver,
    private readonly authorize: AuthorizeField,
    limits: ExecutorLimits = {},
  ) {
    this.budget = limits.queryBudget ?? DEFAULT_QUERY_BUDGET;
    this.checked = new ByteBoundedLru(limits.queryCacheBytes ?? DEFAULT_QUERY_CACHE_BYTES);
  }

  /** Estimated bytes the parsed-query cache holds (for tests and diagnostics). */
  get queryCacheBytes(): number {
    return this.checked.bytes;
  }

  /**
   * Parses and validates once per distinct query text; clients repeat the same few queries. Both
   * HTTP execution and the real-time `start` (SubscriptionPlanner.prepare) come through here, so
   * the budget protects both.
   */
  check(query: string): CheckedQuery {
    const cached = this.checked.get(query);
    if (cached) return cached;
    let outcome: CheckedQuery;
    let document: DocumentNode | null = null;
    const counted = checkTokens(query, this.budget);
    try {
      if ('error' in counted) throw counted.error;
      // checkTokens has already bounded the tokens of this very text.
      document = parse(query);
      const tooComplex = checkMergeCost(document, this.budget);
      if (tooComplex) throw tooComplex;
      const errors = validate(this.schema, document, validationRules);
      outcome = errors.length > 0 ? { errors: formatValidationErrors(errors, document) } : { document };
    } catch (error) {
      // Anything but a GraphQLError is an internal fault: its text is not the caller's business.
      const reported = error instanceof GraphQLError ? error : new GraphQLError('Invalid Syntax : the query could not be processed.');
      outcome = { errors: formatValidationErrors([reported], document) };
    }
    this.checked.set(query, outcome, estimateBytes(query, 'error' in counted ? 0 : counted.tokens));
    return outcome;
  }

  async execute(
    request: GraphQLRequest,
    options: ExecuteOptions,
  ): Promise<ExecutionOutcome> {
    const checked = this.check(request.query);
    if ('errors' in checked) return { response: { data: null, errors: checked.errors }, mutations: [], headers: {} };
    const parsed = checked.document;
    const operation = getOperationAST(parsed, request.operationName ?? undefined);
    if (!operation) {
      const message = request.operationName
        ? `Unknown operation named '${request.operationName}'.`
        : 'Must provide operation name if query contains multiple operations.';
      return { response: { data: null, errors: [{ path: null, locations: [], message }] }, mutations: [], headers: {} };
    }
    if (operation.operation === 'subscription') {
      // AppSync accepts subscription documents over HTTP only as a no-op registration check;
      // delivery needs the real-time endpoint.
      return {
        response: {
          data: null,
          errors: [{ path: null, locations: [], errorType: 'UnsupportedOperation', message: 'Subscriptions are supported over the real-time WebSocket endpoint only.' }],
        },
        mutations: [],
        headers: {},
      };
    }
    const state: RequestState = { appended: [], extensions: new Map(), resolverCount: 0, apiCacheEntriesDeleted: 0, headers: new ResponseHeaders() };
    const result = (await execute({
      schema: this.schema,
      document: parsed,
      operationName: request.operationName ?? undefined,
      variableValues: request.variables ?? undefined,
      contextValue: state,
      fieldResolver: this.fieldResolver(options),
    })) as ExecutionResult;
    const errors: AppSyncError[] = [...(result.errors ?? []).map((e) => (e.path ? formatFieldError(e, this.schema) : formatRequestError(e))), ...state.appended];
    const response: AppSyncResponse = { data: result.data ?? null };
    if (errors.length > 0) response.errors = errors;
    if (state.apiCacheEntriesDeleted > 0) response.extensions = { apiCacheEntriesDeleted: state.apiCacheEntriesDeleted };
    const mutations = operation.operation === 'mutation' ? this.mutationResults(operation, parsed, result, state) : [];
    return { response, mutations, headers: state.headers.toRecord() };
  }

  private fieldResolver(options: ExecuteOptions): GraphQLFieldResolver<unknown, RequestState> {
    const request = { headers: options.auth.headers, domainName: options.domainName };
    return async (source, args, state, info) => {
      const typeName = info.parentType.name;
      const denied = this.authorize(typeName, info.fieldName, options.auth);
      if (denied) throw new FieldError(denied.message, denied.errorType);
      if (!this.wired.has(`${typeName}.${info.fieldName}`)) {
        // AppSync's default for unresolved fields: the parent's property of the same name.
        return typeof source === 'object' && source !== null ? (source as Record<string, unknown>)[info.fieldName] : undefined;
      }
      state.resolverCount += 1;
      if (state.resolverCount > MAX_RESOLVERS_PER_REQUEST) {
        throw new FieldError(RESOLVER_LIMIT_ERROR.message, RESOLVER_LIMIT_ERROR.errorType);
      }
      const span = options.trace?.begin({ path: pathOf(info.path), parentType: typeName, fieldName: info.fieldName, returnType: String(info.returnType) });
      const running = this.runResolver({
        typeName,
        fieldName: info.fieldName,
        arguments: args,
        source: source ?? null,
        identity: options.auth.identity,
        request,
        info: appSyncInfo(info),
        authType: options.auth.mode,
        lane: state,
        ...(span && { timing: span.timing }),
      });
      // Untraced requests skip the extra promise: tracing off costs one branch per resolver.
      const outcome = await (span ? running.finally(span.done) : running);
      const refusedHeaders = outcome.extensions.responseHeaders ? state.headers.add(outcome.extensions.responseHeaders) : [];
      if (outcome.appendedErrors.length > 0 || refusedHeaders.length > 0) {
        // Only now: finding a location scans the query text, which a wide query makes costly per field.
        const path = pathOf(info.path);
        const locations = info.fieldNodes.flatMap((n) => (n.loc ? [locationOf(n)] : []));
        for (const appended of [...outcome.appendedErrors, ...refusedHeaders]) state.appended.push(fieldErrorEntry(path, locations, appended));
      }
      state.apiCacheEntriesDeleted += outcome.apiCacheEntriesDeleted ?? 0;
      if (typeName === this.schema.getMutationType()?.name) state.extensions.set(responseKey(info.fieldNodes), outcome.extensions);
      if (outcome.error) {
        throw new FieldError(outcome.error.message, outcome.error.errorType, outcome.error.data ?? null, outcome.error.errorInfo ?? null);
      }
      return outcome.value;
    };
  }

  private mutationResults(
    operation: OperationDefinitionNode,
    document: DocumentNode,
    result: ExecutionResult,
    state: RequestState,
  ): MutationFieldResult[] {
    const fragments = Object.fromEntries(
      document.definitions.flatMap((d) => (d.kind === 'FragmentDefinition' ? [[d.name.value, d] as const] : [])),
    );
    const failed = new Set((result.errors ?? []).map((e) => e.path?.[0]).filter((p) => p !== undefined));
    const out: MutationFieldResult[] = [];
    for (const selection of operation.selectionSet.selections) {
      if (selection.kind !== 'Field') continue;
      const key = (selection.alias ?? selection.name).value;
      const value = result.data?.[key];
      const extensions = state.extensions.get(key);
      const invalidations = extensions?.invalidateSubscriptions ?? [];
      if (failed.has(key) || value === null || value === undefined) {
        if (invalidations.length > 0) out.push({ fieldName: selection.name.value, payload: null, invalidations });
        continue;
      }
      out.push({ fieldName: selection.name.value, payload: unalias(selection.selectionSet, value, fragments), invalidations });
    }
    return out;
  }
}

/** What execute answers: the GraphQL response, the mutations' results for fan-out, the custom response headers. */
export interface ExecutionOutcome {
  response: AppSyncResponse;
  mutations: MutationFieldResult[];
  /** util.http.addResponseHeader(s) headers for the HTTP answer, merged over the operation. */
  headers: Record<string, string>;
}

interface RequestState {
  appended: AppSyncError[];
  /** The operation's custom response headers, merged as its resolvers finish. */
  headers: ResponseHeaders;
  /** Mutation fields' extensions, by response key. */
  extensions: Map<string, FieldExtensions>;
  resolverCount: number;
  apiCacheEntriesDeleted: number;
}

function responseKey(nodes: readonly FieldNode[]): string {
  const node = nodes[0];
  return node ? (node.alias ?? node.name).value : '';
}

function pathOf(path: { prev: unknown; key: string | number } | undefined): Array<string | number> {
  const out: Array<string | number> = [];
  let p = path as { prev: unknown; key: string | number } | undefined;
  while (p) {
    out.unshift(p.key);
    p = p.prev as typeof p;
  }
  return out;
}

function locationOf(node: FieldNode): { line: number; column: number; sourceName: null } {
  if (!node.loc) return { line: 0, column: 0, sourceName: null };
  const { line, column } = getLocation(node.loc.source, node.loc.start);
  return { line, column, sourceName: null };
}
