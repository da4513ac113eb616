import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * GetTokensFromRefreshToken for cognito-local, which (5.3) does not serve it.
 *
 * aws-amplify v6 refreshes a session with GetTokensFromRefreshToken
 * (@aws-amplify/auth providers/cognito/utils/refreshAuthTokens), so without it every local
 * session ended when its access token did (60 minutes) and the apps signed people out. Cognito
 * gives the same tokens for InitiateAuth with AuthFlow REFRESH_TOKEN_AUTH, which cognito-local
 * serves; GetTokensFromRefreshToken differs only in its request (ClientId, RefreshToken,
 * ClientSecret, DeviceKey and ClientMetadata at the top level) and in answering only
 * AuthenticationResult (Amazon Cognito API reference, GetTokensFromRefreshToken). Refresh-token
 * rotation, the one thing it adds, is off on our pools, so no new refresh token is due.
 */
export const GET_TOKENS_FROM_REFRESH_TOKEN = 'AWSCognitoIdentityProviderService.GetTokensFromRefreshToken';
const INITIATE_AUTH = 'AWSCognitoIdentityProviderService.InitiateAuth';

interface GetTokensRequest {
  ClientId?: unknown;
  RefreshToken?: unknown;
  ClientSecret?: unknown;
  DeviceKey?: unknown;
  ClientMetadata?: unknown;
}

/** The InitiateAuth request Cognito answers with the same tokens. */
export function asRefreshTokenAuth(request: GetTokensRequest): Record<string, unknown> {
  const parameters: Record<string, unknown> = { REFRESH_TOKEN: request.RefreshToken };
  if (request.ClientSecret !== undefined) parameters.SECRET_HASH = request.ClientSecret;
  if (request.DeviceKey !== undefined) parameters.DEVICE_KEY = request.DeviceKey;
  return {
    AuthFlow: 'REFRESH_TOKEN_AUTH',
    ClientId: request.ClientId,
    AuthParameters: parameters,
    ...(request.ClientMetadata !== undefined ? { ClientMetadata: request.ClientMetadata } : {}),
  };
}

/**
 * InitiateAuth's answer as GetTokensFromRefreshToken gives it: the AuthenticationResult alone,
 * with the TokenType ("Bearer") and ExpiresIn (the access token's life in seconds) Cognito always
 * sends and cognito-local's refresh answer leaves out.
 */
export function asGetTokensAnswer(answer: { AuthenticationResult?: Record<string, unknown> }): { AuthenticationResult?: Record<string, unknown> } {
  const result = answer.AuthenticationResult;
  if (result === undefined) return {};
  return { AuthenticationResult: { ExpiresIn: accessTokenLife(result.AccessToken), TokenType: 'Bearer', ...result } };
}

function accessTokenLife(token: unknown): number | undefined {
  if (typeof token !== 'string') return undefined;
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown; iat?: unknown };
    return typeof claims.exp === 'number' && typeof claims.iat === 'number' ? claims.exp - claims.iat : undefined;
  } catch {
    return undefined;
  }
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Answers a GetTokensFromRefreshToken request by asking `self` (this cognito-local, over
 * loopback, past the same gate) for InitiateAuth REFRESH_TOKEN_AUTH. Errors (an unknown or
 * revoked refresh token: NotAuthorizedException) pass through as cognito-local gives them.
 */
export async function serveGetTokensFromRefreshToken(request: IncomingMessage, response: ServerResponse, self: string): Promise<void> {
  let parsed: GetTokensRequest;
  try {
    parsed = JSON.parse(await bodyOf(request)) as GetTokensRequest;
  } catch {
    response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
    response.end(JSON.stringify({ __type: 'SerializationException', message: 'The request body is not valid JSON.' }));
    return;
  }
  const answer = await fetch(self, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': INITIATE_AUTH },
    body: JSON.stringify(asRefreshTokenAuth(parsed)),
  });
  const text = await answer.text();
  const body = answer.ok ? JSON.stringify(asGetTokensAnswer(JSON.parse(text) as { AuthenticationResult?: Record<string, unknown> })) : text;
  response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/x-amz-json-1.1' });
  response.end(body);
}
