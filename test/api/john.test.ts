import { afterAll, beforeAll, describe, it } from 'vitest';
import { johnsMorning } from './support/johns-morning';
import { seedMenuAndStore, startPaymentsWorld, type PaymentsWorld } from './support/payment-steps';

/**
 * John's morning (../shared/seed-brief.md), end to end through the API booted from the project
 * as `npm start` boots it. The steps (support/johns-morning.ts) also run against the stack CDK
 * synthesizes, served from cdk.out (local/test/template/cdk-out.test.ts).
 */

let world: PaymentsWorld;

beforeAll(async () => {
  world = await startPaymentsWorld();
  await seedMenuAndStore(world.api);
});

afterAll(async () => {
  await world?.close();
});

describe("John's morning", () => {
  it('goes from signing up with a confirmation code to a collected order of two oat flat whites', async () => {
    const { api, sandbox } = world;
    const ordersTable = api.booted.tableNames.orders;
    if (!ordersTable) throw new Error('the API has no orders table');
    await johnsMorning({ api: { ...api, pool: api.booted.state.pool, ordersTable }, sandbox });
  });
});
