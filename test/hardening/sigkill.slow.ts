import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand, paginateScan } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { decodeJwt } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { createUser, signIn } from '../../local/src/auth/cognito-admin';
import { freePort } from '../../local/src/services/free-port';
import { startBrewline, type BrewlineProcess } from './support/brewline-process';

/**
 * The whole local system (`npm start`: runtime, DynamoDB Local, cognito-local, sandbox) killed
 * with SIGKILL while 20 customers are placing orders, then started again on the same folder:
 * every order the API acknowledged before the kill is in the orders table, once.
 */

interface Outputs {
  auth: { user_pool_id: string; user_pool_client_id: string };
}

const PASSWORD = 'Sigkill-Test1';
const CUSTOMERS = 20;

let dir: string | undefined;
const running: BrewlineProcess[] = [];

afterAll(async () => {
  for (const started of running) await started.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function post(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<{ data?: Record<string, { id?: string } | null> | null; errors?: unknown[] }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: token }, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as { data?: Record<string, { id?: string } | null> | null; errors?: unknown[] };
}

describe('npm start killed with SIGKILL under load', () => {
  it('keeps every acknowledged order: all are in the table after a restart, none twice', async () => {
    dir = mkdtempSync(join(tmpdir(), 'brewline-sigkill-'));
    const ports = { api: await freePort(), dynamodb: await freePort(), cognito: await freePort(), payments: await freePort() };
    const env = {
      HOST: '127.0.0.1',
      PORT: String(ports.api),
      DYNAMODB_PORT: String(ports.dynamodb),
      COGNITO_PORT: String(ports.cognito),
      PAYMENTS_PORT: String(ports.payments),
      BREWLINE_LOCAL_DIR: join(dir, 'local'),
      BREWLINE_OUTPUTS_FILE: join(dir, 'amplify_outputs.json'),
    };
    const url = `http://127.0.0.1:${ports.api}/graphql`;
    const cognitoEndpoint = `http://127.0.0.1:${ports.cognito}`;
    const first = startBrewline(env);
    running.push(first);
    await first.ready;

    const outputs = JSON.parse(readFileSync(env.BREWLINE_OUTPUTS_FILE, 'utf8')) as Outputs;
    const clientId = outputs.auth.user_pool_client_id;
    const manager = await signIn({ endpoint: cognitoEndpoint, clientId, username: 'manager@brewline.test', password: 'Manager1' });
    const settings = await post(url, manager.accessToken, 'mutation { updateStoreSettings(input: { capacity: 1000, customerOrderLimit: 100 }) { capacity } }', {});
    expect(settings.errors).toBeUndefined();
    const menu = (await post(url, manager.accessToken, 'query { menu { categories { items { id name } } } }', {})) as unknown as {
      data: { menu: { categories: Array<{ items: Array<{ id: string; name: string }> }> } };
    };
    const flatWhite = menu.data.menu.categories.flatMap((category) => category.items).find((item) => item.name === 'Flat white')?.id;
    const customers = await Promise.all(
      Array.from({ length: CUSTOMERS }, async (_, index) => {
        const email = `sigkill-${index}@brewline.test`;
        await createUser({ endpoint: cognitoEndpoint, userPoolId: outputs.auth.user_pool_id, username: email, password: PASSWORD, groups: ['Customers'], attributes: { email } });
        return (await signIn({ endpoint: cognitoEndpoint, clientId, username: email, password: PASSWORD })).accessToken;
      }),
    );

    const acknowledged: string[] = [];
    const ackedBy = new Map<string, number>();
    let killed = false;
    const place = 'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }';
    const loops = customers.map(async (token, index) => {
      // Bounded: at most 50 orders each; the kill comes long before.
      for (let n = 0; n < 50 && !killed; n += 1) {
        const input = { idempotencyKey: `sigkill-${index}-${n}`, pickupName: 'Load', lines: [{ menuItemId: flatWhite, size: 'REGULAR', milk: 'OAT', quantity: 1 }] };
        try {
          const body = await post(url, token, place, { input });
          const id = body.data?.['placeOrder']?.id;
          if (id && !killed) {
            acknowledged.push(id);
            ackedBy.set(id, index);
          }
        } catch {
          // The connection died with the server: not acknowledged, so nothing is owed.
        }
      }
    });
    // Kill once a good number of orders are acknowledged, with requests still in flight.
    while (acknowledged.length < 60) await new Promise((resolve) => setTimeout(resolve, 20));
    await first.kill();
    killed = true;
    const ackedBeforeKill = [...acknowledged];
    await Promise.all(loops);
    expect(acknowledged).toEqual(ackedBeforeKill);

    const second = startBrewline(env);
    running.push(second);
    await second.ready;
    const client = new DynamoDBClient({ endpoint: `http://127.0.0.1:${ports.dynamodb}`, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    try {
      const tables = (await client.send(new ListTablesCommand({}))).TableNames ?? [];
      const ordersTable = tables.find((name) => /orders/i.test(name));
      if (!ordersTable) throw new Error(`no orders table among ${tables.join(', ')}`);
      const orderIds: string[] = [];
      const rowsPerCustomer = new Map<string, number>();
      for await (const page of paginateScan({ client }, { TableName: ordersTable, ConsistentRead: true })) {
        for (const item of page.Items ?? []) {
          const row = unmarshall(item);
          if (row['sk'] !== 'ORDER') continue;
          orderIds.push(String(row['pk']).replace(/^ORDER#/, ''));
          rowsPerCustomer.set(String(row['customerId']), (rowsPerCustomer.get(String(row['customerId'])) ?? 0) + 1);
        }
      }
      expect(ackedBeforeKill.filter((id) => !orderIds.includes(id))).toEqual([]);
      expect(new Set(ackedBeforeKill).size).toBe(ackedBeforeKill.length);
      // Each customer had at most one request in flight at the kill: it may or may not have been
      // written, but nothing else beyond what was acknowledged may be there.
      const extras = customers.map((token, index) => {
        const rows = rowsPerCustomer.get(String(decodeJwt(token).sub)) ?? 0;
        return rows - ackedBeforeKill.filter((id) => ackedBy.get(id) === index).length;
      });
      expect(extras.filter((extra) => extra < 0 || extra > 1)).toEqual([]);
      // The restarted API answers the same customers from the same data.
      const mine = await post(url, customers[0] ?? '', 'query { myOrders(limit: 100) { items { id } } }', {});
      expect(mine.errors).toBeUndefined();
    } finally {
      client.destroy();
    }
  }, 400_000);
});
