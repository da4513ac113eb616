import { randomUUID } from 'node:crypto';
import type { AuthModeConfig } from '../config';
import type { LambdaIdentity } from '../identity';
import type { LambdaInvoker } from '../lambda';
import { lambdaUnauthorized, type AuthFailure } from './failures';
import type { SignedRequestParts } from './iam-sigv4';

export type LambdaModeConfig = Extract<AuthModeConfig, { type: 'AWS_LAMBDA' }>;

/** What the API tells its authorizer about itself (requestContext.apiId and accountId, deniedFields ARNs). */
export interface LambdaApiFacts {
  apiId: string;
  accountId: string;
}

/** The event AppSync sends the authorizer (security-authz.html#aws-lambda-authorization). */
export interface LambdaAuthorizerEvent {
  authorizationToken: string;
  requestContext: {
    apiId: string;
    accountId: string;
    requestId: string;
    queryString: string;
    operationName?: string;
    variables: Record<string, unknown>;
  };
  requestHeaders: Record<string, string>;
}

/** The authorizer's answer once read: what ctx.identity gets and which fields answer Unauthorized. */
export interface LambdaDecision {
  isAuthorized: boolean;
  identity: LambdaIdentity;
  deniedFields: ReadonlySet<string>;
  ttlSeconds: number;
}

export type LambdaVerification =
  | { ok: true; identity: LambdaIdentity; deniedFields: ReadonlySet<string> }
  | { ok: false; failure: AuthFailure };

/** AppSync's bound on authorizerResultTtlInSeconds and ttlOverride (API_LambdaAuthorizerConfig.html). */
const MAX_TTL_SECONDS = 3600;

/**
 * How long AppSync waits for its authorizer: "Lambda authorizers have a timeout of 10 seconds"
 * (the developer guide's AWS_LAMBDA restrictions, as lambda.101i.de/appsync-authorizer and
 * aws-lambda-events list them). A function with a longer Lambda timeout is still cut off here.
 */
export const AUTHORIZER_LIMIT_MS = 10_000;

export interface LambdaAuthorizerOptions {
  /** The wait for the function's answer, AUTHORIZER_LIMIT_MS unless a test shortens it. */
  limitMs?: number;
}

/**
 * The function name an authorizerUri stands for: a plain name, or the name inside a function ARN
 * (`arn:aws:lambda:<region>:<account>:function:<name>[:<version or alias>]`).
 */
export function authorizerFunctionName(authorizerUri: string): string {
  const match = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)(?::[^:]+)?$/.exec(authorizerUri);
  return match?.[1] ?? authorizerUri;
}

/**
 * The GraphQL request the credential came with, as requestContext reports it: the POST body's
 * JSON, a GET's query parameters, or a WebSocket start's `data` (the connection itself carries no
 * query, so its queryString is empty).
 */
export function graphqlRequestOf(signed: SignedRequestParts): Pick<LambdaAuthorizerEvent['requestContext'], 'queryString' | 'operationName' | 'variables'> {
  let candidate: Record<string, unknown> = {};
  if (signed.method === 'GET') {
    const query = signed.query instanceof URLSearchParams ? Object.fromEntries(signed.query) : (signed.query ?? {});
    const variables = typeof query.variables === 'string' ? safeJson(query.variables) : undefined;
    candidate = { query: query.query, operationName: query.operationName, variables };
  } else {
    const parsed = safeJson(signed.body);
    if (isRecord(parsed)) candidate = parsed;
  }
  const queryString = typeof candidate.query === 'string' ? candidate.query : '';
  const variables = isRecord(candidate.variables) ? candidate.variables : {};
  const operationName = typeof candidate.operationName === 'string' ? candidate.operationName : undefined;
  return { queryString, variables, ...(operationName !== undefined && { operationName }) };
}

/**
 * Reads the function's answer. isAuthorized must be the boolean true to admit; deniedFields keep
 * "Type.field" entries and the ARNs of this API's fields (an ARN of another API sharing the
 * function names nothing here); ttlOverride replaces the configured TTL.
 */
export function readDecision(answer: unknown, mode: LambdaModeConfig, api: LambdaApiFacts): LambdaDecision | null {
  if (!isRecord(answer) || typeof answer.isAuthorized !== 'boolean') return null;
  const resolverContext = isRecord(answer.resolverContext) ? answer.resolverContext : {};
  const denied = new Set<string>();
  for (const entry of Array.isArray(answer.deniedFields) ? answer.deniedFields : []) {
    const field = typeof entry === 'string' ? deniedFieldName(entry, api) : null;
    if (field !== null) denied.add(field);
  }
  const override = answer.ttlOverride;
  const ttl = typeof override === 'number' && Number.isFinite(override) ? override : (mode.authorizerResultTtlInSeconds ?? 0);
  return {
    isAuthorized: answer.isAuthorized,
    identity: { resolverContext },
    deniedFields: denied,
    ttlSeconds: Math.min(Math.max(Math.floor(ttl), 0), MAX_TTL_SECONDS),
  };
}

function deniedFieldName(entry: string, api: LambdaApiFacts): string | null {
  const arn = /^arn:[^:]+:appsync:[^:]*:[^:]*:apis\/([^/]+)\/types\/([^/]+)\/fields\/([^/]+)$/.exec(entry);
  if (arn) return arn[1] === api.apiId ? `${arn[2]}.${arn[3]}` : null;
  return /^[_A-Za-z][_0-9A-Za-z]*\.[_A-Za-z][_0-9A-Za-z]*$/.test(entry) ? entry : null;
}

interface CachedDecision {
  decision: LambdaDecision;
  expiresAt: number;
}

/**
 * One API's Lambda authorizer: the identityValidationExpression gate, the invocation through the
 * local Lambda service, and the result cache AppSync keeps per token for the answer's TTL (a TTL of
 * 0 caches nothing). Denials are cached like grants: the cache holds the function's answer.
 */
export class LambdaAuthorizer {
  private readonly cache = new Map<string, CachedDecision>();
  private readonly functionName: string;
  private readonly validation: RegExp | null;

  private readonly limitMs: number;

  constructor(
    private readonly mode: LambdaModeConfig,
    private readonly lambda: LambdaInvoker,
    private readonly api: LambdaApiFacts,
    options: LambdaAuthorizerOptions = {},
  ) {
    this.limitMs = options.limitMs ?? AUTHORIZER_LIMIT_MS;
    this.functionName = authorizerFunctionName(mode.authorizerUri);
    // A misnamed authorizer is a configuration error, not a caller to turn away.
    if (!lambda.has(this.functionName)) {
      throw new Error(`The AWS_LAMBDA auth mode names function ${this.functionName}, which the Lambda service does not have.`);
    }
    // Java's String.matches, which AppSync's service uses, tests the whole token.
    this.validation = mode.identityValidationExpression ? new RegExp(`^(?:${mode.identityValidationExpression})$`) : null;
  }

  async authorize(token: string, headers: Record<string, string>, signed: SignedRequestParts, now: Date): Promise<LambdaVerification> {
    if (this.validation && !this.validation.test(token)) return { ok: false, failure: lambdaUnauthorized() };
    const decision = this.cached(token, now.getTime()) ?? (await this.invoke(token, headers, signed, now.getTime()));
    if (!decision?.isAuthorized) return { ok: false, failure: lambdaUnauthorized() };
    return { ok: true, identity: decision.identity, deniedFields: decision.deniedFields };
  }

  private cached(token: string, nowMs: number): LambdaDecision | null {
    const hit = this.cache.get(token);
    if (!hit) return null;
    if (hit.expiresAt > nowMs) return hit.decision;
    this.cache.delete(token);
    return null;
  }

  private async invoke(token: string, headers: Record<string, string>, signed: SignedRequestParts, nowMs: number): Promise<LambdaDecision | null> {
    const event: LambdaAuthorizerEvent = {
      authorizationToken: token,
      requestContext: { apiId: this.api.apiId, accountId: this.api.accountId, requestId: randomUUID(), ...graphqlRequestOf(signed) },
      requestHeaders: headers,
    };
    let payload: unknown;
    let timer: NodeJS.Timeout | undefined;
    // Past the limit AppSync stops waiting; the invocation itself runs on to its own Lambda timeout.
    const limit = new Promise<'limit'>((resolve) => {
      timer = setTimeout(() => resolve('limit'), this.limitMs);
    });
    try {
      const out = await Promise.race([this.lambda.invoke(this.functionName, event), limit]);
      if (out === 'limit' || out.StatusCode !== 200 || out.FunctionError) return null;
      payload = out.Payload;
    } catch {
      // Lambda's own refusals (throttling, a payload too large) deny the request like a failed function.
      return null;
    } finally {
      clearTimeout(timer);
    }
    const decision = readDecision(payload, this.mode, this.api);
    if (decision && decision.ttlSeconds > 0) this.cache.set(token, { decision, expiresAt: nowMs + decision.ttlSeconds * 1000 });
    return decision;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
