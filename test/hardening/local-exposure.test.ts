import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decodeJwt, importJWK, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TEST_PASSWORD } from '../../local/test/support/local-api';
import { signedInUser, startPaymentsWorld, type PaymentsWorld } from '../api/support/payment-steps';

/**
 * The local system's own exposure (issue 10, points 13 to 17), attacked as a page in the
 * developer's browser or a process on the machine would: forged tokens, cognito-local's admin API
 * from foreign origins, the sandbox without its key, and a parent that dies without cleaning up.
 * Loopback only, bounded in count.
 */

let world: PaymentsWorld;
const cognito = (): string => inject('cognitoEndpoint');
const MENU = '{ menu { categories { name } } }';

beforeAll(async () => {
  world = await startPaymentsWorld();
});

afterAll(async () => {
  await world?.close();
});

/** A token signed RS256 with the private key cognito-local ships in its npm package. */
async function signedWithShippedKey(payload: Record<string, unknown>): Promise<string> {
  const require = createRequire(import.meta.url);
  const file = join(dirname(require.resolve('cognito-local/package.json')), 'lib/keys/cognitoLocal.private.json');
  const { jwk } = JSON.parse(readFileSync(file, 'utf8')) as { jwk: JWK };
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: 'CognitoLocal' }).sign(await importJWK(jwk, 'RS256'));
}

function cognitoCall(operation: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(cognito(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`, ...headers },
    body: JSON.stringify(body),
  });
}

describe("tokens signed with cognito-local's shipped key", () => {
  it('are refused by the runtime (401), while the real token of the same user is served', async () => {
    const customer = await signedInUser(world.api, 'forger', ['Customers']);
    const claims = decodeJwt(customer.token);
    const now = Math.floor(Date.now() / 1000);
    const forged = [
      await signedWithShippedKey({ ...claims, 'cognito:groups': ['Managers'], iat: now, exp: now + 3600 }),
      await signedWithShippedKey({ ...claims, iat: now, exp: now + 3600 }),
    ];
    const answers = await Promise.all(forged.map((token) => world.api.graphql({ query: MENU }, { authorization: token })));
    const denied = answers.filter((a) => a.status === 401 && a.body.errors?.[0]?.errorType === 'UnauthorizedException');
    expect(denied).toHaveLength(forged.length);
    const real = await world.api.graphql({ query: MENU }, { authorization: customer.token });
    expect(real.status).toBe(200);
    expect(real.body.errors).toBeUndefined();
  });
});

describe("cognito-local's admin API from a browser", () => {
  const appOrigin = 'https://127.0.0.1:4000';

  it('refuses Admin* and pool management from every origin, the web app included, and changes nothing', async () => {
    const victim = await signedInUser(world.api, 'promoted', ['Customers']);
    const { userPoolId } = world.api.booted.state.pool;
    const attacks: Array<[string, unknown]> = [
      ['AdminAddUserToGroup', { UserPoolId: userPoolId, Username: victim.email, GroupName: 'Managers' }],
      ['AdminSetUserPassword', { UserPoolId: userPoolId, Username: victim.email, Password: 'Owned-12345', Permanent: true }],
      ['AdminCreateUser', { UserPoolId: userPoolId, Username: 'intruder@evil.example' }],
      ['ListUsers', { UserPoolId: userPoolId }],
      ['CreateUserPool', { PoolName: 'evil' }],
    ];
    const origins = ['https://evil.example', 'http://localhost.evil.example:4000', 'null', appOrigin];
    let tried = 0;
    let denied = 0;
    for (const origin of origins) {
      for (const [operation, body] of attacks) {
        tried += 1;
        const answer = await cognitoCall(operation, body, { origin });
        if (answer.status >= 400 && answer.headers.get('access-control-allow-origin') === null) denied += 1;
      }
    }
    expect({ tried, denied }).toEqual({ tried: 20, denied: 20 });
    // The victim still signs in with their own password, and their token still says Customers only.
    const { accessToken } = await world.api.signIn(victim.email);
    expect(decodeJwt(accessToken)['cognito:groups']).toEqual(['Customers']);
  });

  it("answers no CORS preflight for a foreign origin, and the web app's origin exactly", async () => {
    const preflight = (origin: string) =>
      fetch(cognito(), {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-amz-target,x-amz-user-agent' },
      });
    const foreign = await preflight('https://evil.example');
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const app = await preflight(appOrigin);
    expect(app.status).toBe(204);
    expect(app.headers.get('access-control-allow-origin')).toBe(appOrigin);
  });

  it('still lets the web app sign in from its origin, as aws-amplify does', async () => {
    const user = await signedInUser(world.api, 'browser', ['Customers']);
    const answer = await cognitoCall(
      'InitiateAuth',
      { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: world.api.booted.state.pool.clientId, AuthParameters: { USERNAME: user.email, PASSWORD: TEST_PASSWORD } },
      { origin: appOrigin },
    );
    expect(answer.headers.get('access-control-allow-origin')).toBe(appOrigin);
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { AuthenticationResult?: { AccessToken?: string } }).AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('refuses a request whose Host is not a loopback name (DNS rebinding)', async () => {
    const { port } = new URL(cognito());
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const call = request({ host: '127.0.0.1', port, method: 'POST', path: '/', headers: { host: `rebind.evil.example:${port}`, 'x-amz-target': 'AWSCognitoIdentityProviderService.ListUserPools', 'content-type': 'application/x-amz-json-1.1' } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      call.on('error', reject);
      call.end('{"MaxResults":1}');
    });
    expect(status).toBe(403);
  });
});

describe('the payment sandbox without its secret key', () => {
  it('lists no charge and refunds nothing', async () => {
    const { url } = world.sandbox;
    const attempts = [
      fetch(`${url}/v1/charges`),
      fetch(`${url}/v1/refunds`),
      fetch(`${url}/v1/charges?limit=100`, { headers: { authorization: 'Bearer sk_test_guess' } }),
      fetch(`${url}/v1/refunds`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'x' }, body: '{"charge":"ch_any"}' }),
    ];
    const statuses = (await Promise.all(attempts)).map((r) => r.status);
    expect(statuses).toEqual([401, 401, 401, 401]);
  });
});

describe('the stand-ins when their parent dies without an exit hook', () => {
  const fixture = fileURLToPath(new URL('./fixtures/services-parent.ts', import.meta.url));
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const alive = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  it.each(['abort', 'SIGKILL'] as const)('leaves no child alive when the parent ends by %s', async (how) => {
    const parent = spawn(process.execPath, ['--import', tsx, fixture, how === 'abort' ? 'abort' : 'wait'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_NO_WARNINGS: '1' } });
    let output = '';
    parent.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const line = await new Promise<string>((resolve, reject) => {
      let text = '';
      parent.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
        if (text.includes('\n')) resolve(text.split('\n')[0] ?? '');
      });
      parent.once('exit', (code, signal) => reject(new Error(`the parent ended before starting its children (${code ?? signal}):\n${output}`)));
    });
    const started = JSON.parse(line) as { dynamodb: number; cognito: number; sandbox: number; dir: string };
    const pids = [started.dynamodb, started.cognito, started.sandbox];
    expect(pids.every(alive)).toBe(true);
    const ended = new Promise<NodeJS.Signals | null>((resolve) => parent.once('exit', (_code, signal) => resolve(signal)));
    if (how === 'SIGKILL') parent.kill('SIGKILL');
    expect(await ended).toBe(how === 'abort' ? 'SIGABRT' : 'SIGKILL');

    const deadline = Date.now() + 10_000;
    while (pids.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const survivors = pids.filter(alive);
    for (const pid of survivors) process.kill(pid, 'SIGKILL');
    rmSync(started.dir, { recursive: true, force: true });
    expect(survivors).toEqual([]);
  }, 60_000);
});
