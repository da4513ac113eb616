import type { IncomingMessage } from 'node:http';

/**
 * Who may call cognito-local, decided before cognito-local sees the request (issue 10, point 14).
 *
 * cognito-local answers every operation to anyone, with CORS `*`: any web page a developer opened
 * could call AdminAddUserToGroup or AdminSetUserPassword on it. At AWS those operations need a
 * SigV4 signature with IAM credentials, which no browser page holds; only the public and
 * token-authorized operations are made from browsers ("Authorization models for API and SDK
 * authentication", https://docs.aws.amazon.com/cognito/latest/developerguide/user-pools-API-operations.html).
 * cognito-local checks no signature, so the browser is told apart by what browsers always send on
 * a cross-origin or POST request: the Origin header.
 *
 * - With an Origin: only the web apps' origins, and only the operations in BROWSER_OPERATIONS.
 * - Without one (the AWS SDK in Node, the CLI, the runtime itself): every operation. Such a caller
 *   runs on this machine already; the listener is bound to loopback.
 * - The Host header must name this server by a loopback name, which defeats DNS rebinding (a page
 *   whose own name resolves to 127.0.0.1, talking to us same-origin).
 */

/** The Cognito user pools operations AWS serves without IAM authorization (public or token-authorized). */
export const BROWSER_OPERATIONS: ReadonlySet<string> = new Set([
  'SignUp',
  'ConfirmSignUp',
  'ResendConfirmationCode',
  'InitiateAuth',
  'RespondToAuthChallenge',
  'ForgotPassword',
  'ConfirmForgotPassword',
  'GetTokensFromRefreshToken',
  'RevokeToken',
  'GlobalSignOut',
  'GetUser',
  'UpdateUserAttributes',
  'DeleteUserAttributes',
  'DeleteUser',
  'ChangePassword',
  'GetUserAttributeVerificationCode',
  'VerifyUserAttribute',
  'AssociateSoftwareToken',
  'VerifySoftwareToken',
  'SetUserMFAPreference',
  'SetUserSettings',
  'ConfirmDevice',
  'GetDevice',
  'ListDevices',
  'ForgetDevice',
  'UpdateDeviceStatus',
  'GetUserAuthFactors',
]);

/** Which browser origins may sign in: a list, or any loopback origin (test rigs on free ports). */
export type CognitoBrowserOrigins = readonly string[] | 'loopback';

const LOOPBACK_ORIGIN = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$/;
const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$/i;

export type GateDecision =
  | { allow: true; cors: Record<string, string> }
  | { allow: false; status: number; body: { __type: string; message: string } };

export function originAllowed(origin: string, allowed: CognitoBrowserOrigins): boolean {
  return allowed === 'loopback' ? LOOPBACK_ORIGIN.test(origin) : allowed.includes(origin);
}

function operationOf(request: IncomingMessage): string | null {
  const target = request.headers['x-amz-target'];
  if (typeof target !== 'string') return null;
  return target.split('.')[1] ?? null;
}

const refused = (status: number, type: string, message: string): GateDecision => ({ allow: false, status, body: { __type: type, message } });

/** `boundHost` is the address the gate listens on, accepted in Host alongside the loopback names. */
export function decide(request: IncomingMessage, allowed: CognitoBrowserOrigins, boundHost: string): GateDecision {
  const host = request.headers.host ?? '';
  const hostName = host.replace(/:\d{1,5}$/, '');
  if (!LOOPBACK_HOST.test(host) && hostName !== boundHost && hostName !== `[${boundHost}]`) {
    return refused(403, 'AccessDeniedException', `cognito-local does not answer for host ${JSON.stringify(host)}.`);
  }
  const origin = request.headers.origin;
  if (origin === undefined) return { allow: true, cors: {} };
  if (!originAllowed(origin, allowed)) {
    return refused(403, 'AccessDeniedException', `cognito-local does not answer pages from ${origin}.`);
  }
  const cors = {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': request.headers['access-control-request-headers'] ?? 'content-type, x-amz-target, x-amz-user-agent',
    'access-control-max-age': '600',
    vary: 'Origin',
  };
  if (request.method === 'OPTIONS' || request.method === 'GET') return { allow: true, cors };
  const operation = operationOf(request);
  if (operation !== null && !BROWSER_OPERATIONS.has(operation)) {
    // What AWS answers an operation that needs IAM when the request carries no signature.
    return refused(400, 'MissingAuthenticationTokenException', `${operation} needs IAM credentials; a browser page cannot call it.`);
  }
  return { allow: true, cors };
}
