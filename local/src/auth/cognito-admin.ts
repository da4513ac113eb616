import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';

/**
 * Sets up user pools, app clients, groups and users on cognito-local, and signs users in, for tests
 * and the local runtime. Everything goes through the real Cognito API, so the tokens are the ones
 * cognito-local really issues.
 */

export interface CreatedPool {
  userPoolId: string;
  clientId: string;
  /** The `iss` of the pool's tokens: cognito-local writes `<endpoint>/<poolId>`. */
  issuer: string;
  jwksUri: string;
}

export interface SignedInTokens {
  accessToken: string;
  idToken: string;
  refreshToken: string;
}

const clients = new Map<string, CognitoIdentityProviderClient>();

/** cognito-local ignores credentials but the SDK insists on some; these match the house dummies. */
function clientFor(endpoint: string): CognitoIdentityProviderClient {
  let client = clients.get(endpoint);
  if (!client) {
    client = new CognitoIdentityProviderClient({
      endpoint,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    clients.set(endpoint, client);
  }
  return client;
}

function trimSlash(endpoint: string): string {
  return endpoint.replace(/\/+$/, '');
}

/** Creates a pool with one app client that allows USER_PASSWORD_AUTH, and the given groups. */
export async function createPool(options: { endpoint: string; name: string; groups?: string[] }): Promise<CreatedPool> {
  const endpoint = trimSlash(options.endpoint);
  const cognito = clientFor(endpoint);
  const pool = await cognito.send(new CreateUserPoolCommand({ PoolName: options.name }));
  const userPoolId = pool.UserPool?.Id;
  if (!userPoolId) throw new Error(`cognito-local created pool "${options.name}" without an id`);
  for (const group of options.groups ?? []) {
    await cognito.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: group }));
  }
  const clientId = await createAppClient({ endpoint, userPoolId, name: `${options.name}-client` });
  return {
    userPoolId,
    clientId,
    issuer: `${endpoint}/${userPoolId}`,
    jwksUri: `${endpoint}/${userPoolId}/.well-known/jwks.json`,
  };
}

/** Adds another app client to a pool (its tokens carry a different client id). */
export async function createAppClient(options: { endpoint: string; userPoolId: string; name: string }): Promise<string> {
  const created = await clientFor(trimSlash(options.endpoint)).send(
    new CreateUserPoolClientCommand({
      UserPoolId: options.userPoolId,
      ClientName: options.name,
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  const clientId = created.UserPoolClient?.ClientId;
  if (!clientId) throw new Error(`cognito-local created app client "${options.name}" without an id`);
  return clientId;
}

/**
 * Creates a confirmed user with a permanent password (no FORCE_CHANGE_PASSWORD step) and puts it
 * in the given groups, which must exist.
 *
 * cognito-local gives every pool UsernameAttributes ["email"] (its UserPoolDefaults), so `username`
 * must be an email; like Cognito, it then stores the user under a generated name (the sub), which
 * is what tokens carry in `username` / `cognito:username` and what this returns.
 */
export async function createUser(options: {
  endpoint: string;
  userPoolId: string;
  username: string;
  password: string;
  groups?: string[];
  attributes?: Record<string, string>;
}): Promise<{ username: string; sub: string }> {
  const cognito = clientFor(trimSlash(options.endpoint));
  const created = await cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: options.userPoolId,
      Username: options.username,
      MessageAction: 'SUPPRESS',
      UserAttributes: Object.entries(options.attributes ?? {}).map(([Name, Value]) => ({ Name, Value })),
    }),
  );
  const sub = created.User?.Attributes?.find((attribute) => attribute.Name === 'sub')?.Value;
  const storedName = created.User?.Username;
  if (!sub || !storedName) throw new Error(`cognito-local created user "${options.username}" without a sub`);
  await cognito.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: options.userPoolId,
      Username: options.username,
      Password: options.password,
      Permanent: true,
    }),
  );
  for (const group of options.groups ?? []) {
    await cognito.send(
      new AdminAddUserToGroupCommand({ UserPoolId: options.userPoolId, Username: options.username, GroupName: group }),
    );
  }
  return { username: storedName, sub };
}

/** Signs in with USER_PASSWORD_AUTH, the flow a test or script can drive without a browser. */
export async function signIn(options: {
  endpoint: string;
  clientId: string;
  username: string;
  password: string;
}): Promise<SignedInTokens> {
  const result = await clientFor(trimSlash(options.endpoint)).send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: options.clientId,
      AuthParameters: { USERNAME: options.username, PASSWORD: options.password },
    }),
  );
  const tokens = result.AuthenticationResult;
  if (!tokens?.AccessToken || !tokens.IdToken || !tokens.RefreshToken) {
    throw new Error(`sign-in of "${options.username}" returned ${result.ChallengeName ?? 'no'} challenge and no tokens`);
  }
  return { accessToken: tokens.AccessToken, idToken: tokens.IdToken, refreshToken: tokens.RefreshToken };
}
