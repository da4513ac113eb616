import { rmSync } from 'node:fs';
import { DynamoDBClient, ListTablesCommand, paginateScan } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { decodeJwt } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { startBrewline, type BrewlineProcess } from './support/brewline-process';
import { openForLoad, post, startShop } from './support/busy-shop';

/**
 * The whole local system (`npm start`: runtime, DynamoDB Local, cognito-local, sandbox) killed
 * with SIGKILL while 20 customers are placing orders, then started again on the same folder:
 * every order the API acknowledged before the kill is in the orders table, once.
 */

const PASSWORD = 'Sigkill-Test1';
const CUSTOMERS = 20;

let dir: string | undefined;
const running: BrewlineProcess[] = [];

afterAll(async () => {
  for (const started of running) await started.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('npm start killed with SIGKILL under load', () => {
  it('keeps every acknowledged order: all are in the table after a restart, none twice', async () => {
    const shop = await startShop('sigkill', running);
    dir = shop.dir;
    const { env, ports, url, first } = shop;
    const { flatWhite, customers } = await openForLoad(shop, 'sigkill', CUSTOMERS, PASSWORD);

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
