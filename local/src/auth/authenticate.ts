import { decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import type { AuthModeConfig, RuntimeConfig } from '../config';
import type { AuthContext } from '../identity';
import type { LambdaInvoker } from '../lambda';
import { verifyApiKey } from './api-key';
import { verifyCognitoToken, type CognitoModeConfig } from './cognito-jwt';
import { missingOrInvalidCredentials, unparsableJwt, type AuthFailure } from './failures';
import { verifyIamSignature, type SignedRequestParts } from './iam-sigv4';
import { LambdaAuthorizer, type LambdaModeConfig } from './lambda-authorizer';
import { verifyOidcToken, type OidcModeConfig } from './oidc-jwt';

export type { AuthFailure } from './failures';
export type { SignedRequestParts } from './iam-sigv4';

export type AuthConfig = Pick<RuntimeConfig, 'defaultAuth' | 'additionalAuth'>;

/** What auth needs besides the config: the Lambda service an AWS_LAMBDA authorizer runs in, and the API's ids. */
export interface AuthServices {
  lambda?: LambdaInvoker;
  /** requestContext.apiId, and the API part of deniedFields ARNs. */
  apiId?: string;
  accountId?: string;
}

export interface AuthRequest {
  /** Lower-cased header map: the HTTP request's headers, or the map a WebSocket client sent. */
  headers: Record<string, string>;
  /** The caller's address, reported in ctx.identity.sourceIp. */
  sourceIp: string;
  /** What was signed besides the headers; AWS_IAM verifies it, AWS_LAMBDA reads the query from it. */
  signed: SignedRequestParts;
  /** The server's clock; tests pin it to check expiry and skew. */
  now?: Date;
}

export type AuthResult = { ok: true; auth: AuthContext } | { ok: false; failure: AuthFailure };

const SIGV4_PREFIX = 'AWS4-HMAC-SHA256';

/** One authorizer (and so one result cache) per mode config: a runtime keeps its config for life. */
const authorizers = new WeakMap<LambdaModeConfig, LambdaAuthorizer>();

/**
 * Decides which configured mode a request uses and verifies its credential, as AppSync does before
 * it looks at the query. The credential picks the mode: an x-api-key header means API_KEY; an
 * Authorization header starting with AWS4-HMAC-SHA256 means AWS_IAM (when configured); one that
 * parses as a JWT goes to the user pools and OIDC providers (when any is configured), by issuer;
 * any other Authorization header goes to the Lambda authorizer, or, without one, is an unparsable
 * JWT. So with AWS_LAMBDA beside other modes a SigV4 header or a JWT never reaches the function
 * (local/docs/auth.md). A credential for a mode the API does not have counts as none.
 */
export async function authenticate(config: AuthConfig, request: AuthRequest, services: AuthServices = {}): Promise<AuthResult> {
  const modes = [config.defaultAuth, ...config.additionalAuth];
  const now = request.now ?? new Date();
  const { headers } = request;
  const apiKey = headers['x-api-key'];
  const authorization = headers.authorization;

  const apiKeyMode = findMode(modes, 'API_KEY');
  if (apiKey !== undefined && apiKeyMode) {
    const failure = verifyApiKey(apiKey, apiKeyMode.keys, now);
    return failure ? { ok: false, failure } : accepted('API_KEY', null, headers);
  }

  if (authorization !== undefined && authorization !== '') {
    const iamMode = findMode(modes, 'AWS_IAM');
    if (iamMode && authorization.startsWith(SIGV4_PREFIX)) {
      const result = await verifyIamSignature(headers, request.signed, iamMode, request.sourceIp, now);
      return result.ok ? accepted('AWS_IAM', result.identity, headers) : result;
    }
    const pools = modes.filter((mode): mode is CognitoModeConfig => mode.type === 'AMAZON_COGNITO_USER_POOLS');
    const providers = modes.filter((mode): mode is OidcModeConfig => mode.type === 'OPENID_CONNECT');
    const lambdaMode = findMode(modes, 'AWS_LAMBDA');
    const claims = pools.length + providers.length > 0 ? unverifiedClaims(authorization) : null;
    if (claims) {
      const provider = providers.find((candidate) => candidate.issuer === claims.iss);
      if (provider) {
        const result = await verifyOidcToken(authorization, provider, now);
        return result.ok ? accepted('OPENID_CONNECT', result.identity, headers) : result;
      }
      if (pools.length === 0) return { ok: false, failure: missingOrInvalidCredentials() };
      const result = await verifyCognitoToken(authorization, pools, request.sourceIp);
      return result.ok ? accepted('AMAZON_COGNITO_USER_POOLS', result.identity, headers) : result;
    }
    if (lambdaMode) return authorizeWithLambda(lambdaMode, authorization, request, services, now);
    if (pools.length + providers.length > 0) return { ok: false, failure: unparsableJwt() };
  }

  return { ok: false, failure: missingOrInvalidCredentials() };
}

async function authorizeWithLambda(
  mode: LambdaModeConfig,
  token: string,
  request: AuthRequest,
  services: AuthServices,
  now: Date,
): Promise<AuthResult> {
  if (!services.lambda) throw new Error('The API has an AWS_LAMBDA auth mode, but the runtime was given no Lambda service.');
  let authorizer = authorizers.get(mode);
  if (!authorizer) {
    authorizer = new LambdaAuthorizer(mode, services.lambda, { apiId: services.apiId ?? 'local', accountId: services.accountId ?? '000000000000' });
    authorizers.set(mode, authorizer);
  }
  const result = await authorizer.authorize(token, request.headers, request.signed, now);
  if (!result.ok) return result;
  return { ok: true, auth: { mode: 'AWS_LAMBDA', identity: result.identity, headers: request.headers, deniedFields: result.deniedFields } };
}

/** The claims of anything shaped like a JWT, unverified; null for anything else. */
function unverifiedClaims(token: string): JWTPayload | null {
  try {
    decodeProtectedHeader(token);
    return decodeJwt(token);
  } catch {
    return null;
  }
}

function findMode<T extends AuthModeConfig['type']>(
  modes: readonly AuthModeConfig[],
  type: T,
): Extract<AuthModeConfig, { type: T }> | undefined {
  return modes.find((mode): mode is Extract<AuthModeConfig, { type: T }> => mode.type === type);
}

function accepted(mode: AuthContext['mode'], identity: AuthContext['identity'], headers: Record<string, string>): AuthResult {
  return { ok: true, auth: { mode, identity, headers } };
}
