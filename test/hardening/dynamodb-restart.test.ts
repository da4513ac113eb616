import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../local/src/services/dynamodb-local';
import { MY_ORDERS, PLACE_ORDER, menuIds, orderOf, placeOrder } from '../api/support/order-steps';
import { asUser, dataAs, seedMenuAndStore, signedInUser, type PaymentsWorld } from '../api/support/payment-steps';
import { orderRows } from './support/tables';
import { startFaultWorld } from './support/world';

/**
 * DynamoDB going away under a running API: a DynamoDB Local of this test's own, on disk, is
 * stopped while the runtime keeps running, then started again on the same port and files.
 * Requests in between fail with a clear error and the server stays up; afterwards the same
 * runtime (never restarted) serves again, with every order written before the outage.
 */

let dynamo: DynamoDbLocal | undefined;
let dbPath: string;
let world: PaymentsWorld;
let customer: { email: string; sub: string; token: string };
let flatWhite: string;

beforeAll(async () => {
  dbPath = mkdtempSync(join(tmpdir(), 'brewline-dynamo-restart-'));
  dynamo = await startDynamoDbLocal({ dbPath });
  world = await startFaultWorld({ dynamoEndpoint: dynamo.endpoint });
  await seedMenuAndStore(world.api);
  customer = await signedInUser(world.api, 'customer', ['Customers']);
  flatWhite = (await menuIds(world.api, customer.token))['Flat white'] ?? '';
});

afterAll(async () => {
  await world?.close();
  await dynamo?.stop();
  rmSync(dbPath, { recursive: true, force: true });
});

const line = () => [{ menuItemId: flatWhite, size: 'REGULAR', milk: 'OAT', quantity: 1 } as const];

describe('DynamoDB Local stopped and started again under a running API', () => {
  it('fails requests cleanly while it is down, then serves again without restarting the runtime', async () => {
    const running = dynamo;
    if (!running) throw new Error('no DynamoDB Local');
    const before = await placeOrder(world.api, customer.token, orderOf(line()));

    await running.stop();
    const whileDown = await Promise.all([
      asUser(world.api, customer.token, PLACE_ORDER, { input: orderOf(line()) }),
      asUser(world.api, customer.token, MY_ORDERS, {}),
      asUser(world.api, customer.token, 'query { menu { version } }'),
    ]);
    for (const body of whileDown) {
      expect(body.errors?.length, JSON.stringify(body)).toBeGreaterThan(0);
      expect(body.errors?.[0]?.message.length).toBeGreaterThan(0);
      expect(body.errors?.[0]?.errorType).toBeTruthy();
    }
    // The HTTP server itself is still there and still checks credentials.
    const unauthenticated = await world.api.graphql({ query: '{ menu { version } }' }, { authorization: 'garbage' });
    expect(unauthenticated.status).toBe(401);

    dynamo = await startDynamoDbLocal({ port: running.port, dbPath });
    const after = await placeOrder(world.api, customer.token, orderOf(line()));
    const { myOrders } = await dataAs<{ myOrders: { items: Array<{ id: string }> } }>(world.api, customer.token, MY_ORDERS, { limit: 10 });
    expect(myOrders.items.map((order) => order.id)).toEqual([after.id, before.id]);
    const rows = await orderRows(world.api, dynamo.endpoint);
    expect([...rows.keys()].sort()).toEqual([before.id, after.id].sort());
  });
});
