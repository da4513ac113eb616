import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createUser, signIn } from '../../../local/src/auth/cognito-admin';
import { freePort } from '../../../local/src/services/free-port';
import { startBrewline, type BrewlineProcess } from './brewline-process';

/**
 * The set-up the SIGKILL tests share: `npm start` on free ports in a folder of its own, opened
 * for load (a queue and a per-customer limit the load cannot reach) with signed-in customers.
 */

export interface Outputs {
  auth: { user_pool_id: string; user_pool_client_id: string };
  custom?: { local?: { paymentTokenizeUrl?: string } };
}

export interface ShopUnderTest {
  /** The folder of this run; the caller removes it. */
  dir: string;
  /** `npm start`'s environment: start it again with this to restart on the same folder. */
  env: Record<string, string>;
  ports: { api: number; dynamodb: number; cognito: number; payments: number };
  localDir: string;
  url: string;
  cognitoEndpoint: string;
  outputs: Outputs;
  tokenizeUrl: string;
  first: BrewlineProcess;
}

export type Body = { data?: Record<string, { id?: string; status?: string } | null> | null; errors?: unknown[] };

export async function post(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<Body> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: token },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(30_000),
  });
  return (await response.json()) as Body;
}

/** Starts `npm start` in a new folder named after `prefix`; every process started is pushed to `running` for afterAll. */
export async function startShop(prefix: string, running: BrewlineProcess[]): Promise<ShopUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), `brewline-${prefix}-`));
  const ports = { api: await freePort(), dynamodb: await freePort(), cognito: await freePort(), payments: await freePort() };
  const localDir = join(dir, 'local');
  const env = {
    HOST: '127.0.0.1',
    PORT: String(ports.api),
    DYNAMODB_PORT: String(ports.dynamodb),
    COGNITO_PORT: String(ports.cognito),
    PAYMENTS_PORT: String(ports.payments),
    BREWLINE_LOCAL_DIR: localDir,
    BREWLINE_OUTPUTS_FILE: join(dir, 'amplify_outputs.json'),
    // Their subject is acknowledged orders under load; four weeks of seeded history would only
    // keep the event half busy while they measure.
    BREWLINE_HISTORY_DAYS: '0',
  };
  const first = startBrewline(env);
  running.push(first);
  await first.ready;
  const outputs = JSON.parse(readFileSync(env.BREWLINE_OUTPUTS_FILE, 'utf8')) as Outputs;
  return {
    dir,
    env,
    ports,
    localDir,
    url: `http://127.0.0.1:${ports.api}/graphql`,
    cognitoEndpoint: `http://127.0.0.1:${ports.cognito}`,
    outputs,
    tokenizeUrl: outputs.custom?.local?.paymentTokenizeUrl ?? `http://127.0.0.1:${ports.payments}/v1/tokens`,
    first,
  };
}

/**
 * Opens the shop for load: the defaults (a queue of 30, 3 active orders per customer) would refuse
 * most of it. Returns the flat white's id and `count` customers' access tokens.
 */
export async function openForLoad(shop: ShopUnderTest, emailPrefix: string, count: number, password: string): Promise<{ flatWhite: string; customers: string[] }> {
  const { url, cognitoEndpoint, outputs } = shop;
  const clientId = outputs.auth.user_pool_client_id;
  const manager = await signIn({ endpoint: cognitoEndpoint, clientId, username: 'manager@brewline.test', password: 'Manager1' });
  const settings = await post(url, manager.accessToken, 'mutation { updateStoreSettings(input: { capacity: 1000, customerOrderLimit: 100 }) { capacity } }', {});
  expect(settings.errors).toBeUndefined();
  const menu = (await post(url, manager.accessToken, 'query { menu { categories { items { id name } } } }', {})) as unknown as {
    data: { menu: { categories: Array<{ items: Array<{ id: string; name: string }> }> } };
  };
  const flatWhite = menu.data.menu.categories.flatMap((category) => category.items).find((item) => item.name === 'Flat white')?.id;
  if (!flatWhite) throw new Error('the seeded menu has no Flat white');
  const customers = await Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const email = `${emailPrefix}-${index}@brewline.test`;
      await createUser({ endpoint: cognitoEndpoint, userPoolId: outputs.auth.user_pool_id, username: email, password, groups: ['Customers'], attributes: { email } });
      return (await signIn({ endpoint: cognitoEndpoint, clientId, username: email, password })).accessToken;
    }),
  );
  return { flatWhite, customers };
}
