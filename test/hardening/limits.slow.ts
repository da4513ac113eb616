import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { menuIds } from '../api/support/order-steps';
import { asUser, seedMenuAndStore, signedInUser, startPaymentsWorld, type PaymentsWorld } from '../api/support/payment-steps';

/**
 * AppSync's limit of 10,000 resolver invocations per request, reached with aliases of a field
 * backed by the real menu table. Slow (ten thousand DynamoDB reads), so it runs in
 * `npm run test:hardening`, not `npm test`.
 */

let world: PaymentsWorld;
let customer: { token: string };
let flatWhite: string;

beforeAll(async () => {
  world = await startPaymentsWorld();
  await seedMenuAndStore(world.api);
  customer = await signedInUser(world.api, 'customer', ['Customers']);
  flatWhite = (await menuIds(world.api, customer.token))['Flat white'] ?? '';
});

afterAll(async () => {
  await world?.close();
});

describe('the resolver limit on the coffee API', () => {
  it('stops at 10,000 resolvers: the aliases past the limit answer ResolverExecutionLimitReached', async () => {
    const count = 10_003;
    // menuItem is nullable: a failing non-null field (store) would null the whole answer instead.
    const aliases = Array.from({ length: count }, (_, index) => `m${index}: menuItem(id: "${flatWhite}") { id }`).join(' ');
    const out = { body: await asUser(world.api, customer.token, `{ ${aliases} }`) };
    const data = (out.body.data ?? {}) as Record<string, unknown>;
    expect(Object.values(data).filter((value) => value !== null)).toHaveLength(10_000);
    expect(out.body.errors?.map((error) => error.errorType)).toEqual(['ResolverExecutionLimitReached', 'ResolverExecutionLimitReached', 'ResolverExecutionLimitReached']);
    expect(await asUser(world.api, customer.token, 'query { store { open } }')).toEqual({ data: { store: { open: true } } });
  }, 120_000);
});
