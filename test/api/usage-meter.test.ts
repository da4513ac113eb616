import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functions } from '../../infra/api/functions';
import { Usage, usage, usageBetween, type UsageSnapshot } from '../../local/src/metering/index';
import { PAY_ORDER, dataAs, placeFlatWhites, seedMenuAndStore, signedInUser, startPaymentsWorld, tokenize, type OrderView, type PaymentsWorld } from './support/payment-steps';

/**
 * The usage meter (local/docs/metering.md) counts what AWS would bill for an order: the GraphQL
 * operations, the DynamoDB calls of each pipeline step with the capacity DynamoDB Local reports,
 * and the payments Lambda. The runtime runs in this process, so its meter is the one read here.
 */

let world: PaymentsWorld;
let customer: { token: string };

beforeAll(async () => {
  world = await startPaymentsWorld();
  await seedMenuAndStore(world.api);
  customer = await signedInUser(world.api, 'metered', ['Customers']);
  // The first order warms the menu lookup the helper makes, so the measured ones count only their own work.
  await placeFlatWhites(world.api, customer.token);
});

afterAll(async () => {
  await world?.close();
});

async function metered<T>(work: () => Promise<T>): Promise<{ value: T; used: UsageSnapshot }> {
  const before = usage.snapshot();
  const value = await work();
  return { value, used: usageBetween(before, usage.snapshot()) };
}

describe('the usage meter', () => {
  it('counts placeOrder as two consistent BatchGetItems (its items, then their categories) and one transaction, with the units DynamoDB reported', async () => {
    // placeFlatWhites asks the menu for the item id first: one more query, one more read.
    const { used } = await metered(() => placeFlatWhites(world.api, customer.token));
    expect(used[Usage.appsyncRequests]).toBe(2);
    expect(used[`${Usage.dynamodbCalls}:BatchGetItem`]).toBe(3);
    expect(used[`${Usage.dynamodbCalls}:TransactWriteItems`]).toBe(1);
    expect(used[`${Usage.dynamodbCalls}:GetItem`]).toBeUndefined();
    // A transaction writes at least the order and the customer's slot, each at 2 WRU at least.
    expect(used[Usage.dynamodbWriteUnits]).toBeGreaterThanOrEqual(4);
    expect(Number.isInteger(used[Usage.dynamodbWriteUnits])).toBe(true);
    // Three strongly consistent batch reads of at least one item each: 1 RRU per item up to 4 KB.
    expect(used[Usage.dynamodbReadUnits]).toBeGreaterThanOrEqual(3);
    expect(used[Usage.lambdaInvocations]).toBeUndefined();
  });

  it('counts payOrder\'s charge as one payments Lambda invocation billed at its memory', async () => {
    const order = await placeFlatWhites(world.api, customer.token);
    const cardToken = await tokenize(world.sandbox, '4242424242424242');
    const { value, used } = await metered(() => dataAs<{ payOrder: OrderView }>(world.api, customer.token, PAY_ORDER, { input: { orderId: order.id, cardToken, idempotencyKey: `pay-${order.id}` } }));
    expect(value.payOrder.status).toBe('PAID');
    expect(used[Usage.appsyncRequests]).toBe(1);
    expect(used[Usage.lambdaInvocations]).toBe(1);
    expect(used[`${Usage.lambdaInvocations}:payments`]).toBe(1);
    // The local service runs payments with the memory infra/api/functions.ts declares, as CDK
    // deploys it: MB-ms is the billed ms times that memory exactly.
    expect(used[Usage.lambdaBilledMs]).toBeGreaterThanOrEqual(1);
    expect(used[Usage.lambdaMbMs]).toBe((used[Usage.lambdaBilledMs] ?? 0) * functions.payments.memoryMB);
    expect(used[`${Usage.dynamodbCalls}:TransactWriteItems`]).toBeGreaterThanOrEqual(2);
  });
});
