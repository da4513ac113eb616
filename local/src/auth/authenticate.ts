import type { AuthModeConfig, RuntimeConfig } from '../config';
import type { AuthContext } from '../identity';
import { verifyApiKey } from './api-key';
import { verifyCognitoToken, type CognitoModeConfig } from './cognito-jwt';
import { missingOrInvalidCredentials, type AuthFailure } from './failures';
import { verifyIamSignature, type SignedRequestParts } from './iam-sigv4';

export type { AuthFailure } from './failures';
export type { SignedRequestParts } from './iam-sigv4';

export type AuthConfig = Pick<RuntimeConfig, 'defaultAuth' | 'additionalAuth'>;

export interface AuthRequest {
  /** Lower-cased header map: the HTTP request's headers, or the map a WebSocket client sent. */
  headers: Record<string, string>;
  /** The caller's address, reported in ctx.identity.sourceIp. */
  sourceIp: string;
  /** What was signed besides the headers; only AWS_IAM looks at it. */
  signed: SignedRequestParts;
  /** The server's clock; tests pin it to check expiry and skew. */
  now?: Date;
}

export type AuthResult = { ok: true; auth: AuthContext } | { ok: false; failure: AuthFailure };

const SIGV4_PREFIX = 'AWS4-HMAC-SHA256';

/**
 * Decides which configured mode a request uses and verifies its credential, as AppSync does before
 * it looks at the query. The credential picks the mode: an x-api-key header means API_KEY, an
 * Authorization header starting with AWS4-HMAC-SHA256 means AWS_IAM, any other Authorization
 * header is taken as a user pool JWT. A credential for a mode the API does not have counts as none.
 */
export async function authenticate(config: AuthConfig, request: AuthRequest): Promise<AuthResult> {
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
    if (pools.length > 0) {
      const result = await verifyCognitoToken(authorization, pools, request.sourceIp);
      return result.ok ? accepted('AMAZON_COGNITO_USER_POOLS', result.identity, headers) : result;
    }
  }

  return { ok: false, failure: missingOrInvalidCredentials() };
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
