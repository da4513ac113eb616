import { signIn } from '../../local/src/auth/cognito-admin';
import type { AuthContext } from '../../local/src/identity';
import type { Runtime } from '../../local/src/runtime';
import { demoUsers } from './users';

/**
 * The demo manager's auth context, for seeding through the API itself: seeding then takes the
 * same path (auth, resolvers, conditions) as a manager's edit in the app.
 */
export async function managerAuth(options: { runtime: Runtime; cognitoEndpoint: string; clientId: string }): Promise<AuthContext> {
  const manager = demoUsers.find((user) => user.groups.includes('Managers'));
  if (!manager) throw new Error('The demo users include no manager to seed with.');
  const tokens = await signIn({ endpoint: options.cognitoEndpoint, clientId: options.clientId, username: manager.email, password: manager.password });
  return authContextFor(options.runtime, tokens.accessToken);
}

/**
 * The auth context the runtime gives a request carrying `accessToken`, for callers that execute
 * in-process (seeding, tests, the bench): the token is verified exactly as over HTTP.
 */
export async function authContextFor(runtime: Runtime, accessToken: string): Promise<AuthContext> {
  const authed = await runtime.authenticate({
    headers: { authorization: accessToken },
    sourceIp: '127.0.0.1',
    signed: { method: 'POST', path: '/graphql', body: '' },
  });
  if (!authed.ok) throw new Error(`could not authenticate: ${authed.failure.errors[0].message}`);
  return authed.auth;
}

/** Runs one GraphQL operation in-process and returns its data, or throws with the first error. */
export async function runAs<T>(runtime: Runtime, auth: AuthContext, what: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await runtime.execute({ query, variables }, auth);
  const error = result.errors?.[0];
  if (error) throw new Error(`Seeding failed ${what}: ${error.errorType ? `${error.errorType}: ` : ''}${error.message}`);
  return result.data as T;
}
