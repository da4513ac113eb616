import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderLineInput, PlaceOrderInput } from '../../generated/graphql';
import { asUser, dataAs, seedMenuAndStore, signedInUser, startPaymentsWorld, type PaymentsWorld } from './support/payment-steps';
import {
  CANCEL_ORDER,
  MY_ORDERS,
  PLACE_ORDER,
  menuIds,
  newKey,
  orderOf,
  payOrder,
  placeOrder,
  readStore,
  rejection,
  tableRow,
  tableSnapshot,
  updateStore,
  type FullOrder,
} from './support/order-steps';

/**
 * Placing an order through GraphQL as a signed-in customer: the server prices it from the menu,
 * takes a customer slot (the queue place and the day's number come with payment), and every way
 * it can be refused is a typed error that writes nothing.
 */

let world: PaymentsWorld;
let ids: Record<string, string>;
let manager: { token: string };

beforeAll(async () => {
  world = await startPaymentsWorld();
  await seedMenuAndStore(world.api);
  manager = await signedInUser(world.api, 'manager', ['Managers']);
  ids = await menuIds(world.api, manager.token);
});

afterAll(async () => {
  await world?.close();
});

const customer = (name = 'customer') => signedInUser(world.api, name, ['Customers']);

function line(name: string, size: string, quantity: number, more: Partial<OrderLineInput> = {}): OrderLineInput {
  const menuItemId = ids[name];
  if (!menuItemId) throw new Error(`no ${name} on the seed menu`);
  return { menuItemId, size: size as OrderLineInput['size'], quantity, ...more };
}

/** Cancels a customer's order so its slot and queue place come back for the next test. */
async function cancel(token: string, orderId: string): Promise<void> {
  await dataAs(world.api, token, CANCEL_ORDER, { input: { orderId } });
}

/**
 * The request fails with `errorType`, and the orders table (orders, store, customer counts,
 * order numbers, idempotency records) is exactly as it was.
 */
async function expectRefused(token: string, input: PlaceOrderInput, errorType: string): Promise<unknown> {
  const before = await tableSnapshot(world.api);
  const refused = await rejection(world.api, token, PLACE_ORDER, { input });
  expect(refused.errorType).toBe(errorType);
  expect(refused.data).toEqual({ placeOrder: null });
  expect(await tableSnapshot(world.api)).toEqual(before);
  return refused.errorInfo;
}

describe('placing an order', () => {
  it('prices every line from the menu: size, milk surcharge and extras', async () => {
    const john = await customer('john');
    const order = await placeOrder(
      world.api,
      john.token,
      orderOf(
        [
          line('Flat white', 'LARGE', 2, { milk: 'OAT', extras: [{ id: 'extra-shot', quantity: 2 }, { id: 'vanilla', quantity: 1 }] }),
          line('Espresso', 'SMALL', 1),
        ],
        { pickupName: '  John  ', notes: 'Extra hot, please' },
      ),
    );
    // Flat white LARGE 430 + oat 50 + 2 x shot 60 + vanilla 50 = 650; Espresso SMALL 260.
    expect(order.lines).toEqual([
      {
        menuItemId: ids['Flat white'],
        name: 'Flat white',
        size: 'LARGE',
        milk: 'OAT',
        quantity: 2,
        unitPrice: 650,
        lineTotal: 1300,
        extras: [
          { id: 'extra-shot', name: 'Extra shot', quantity: 2, unitPrice: 60 },
          { id: 'vanilla', name: 'Vanilla syrup', quantity: 1, unitPrice: 50 },
        ],
      },
      { menuItemId: ids['Espresso'], name: 'Espresso', size: 'SMALL', milk: null, quantity: 1, unitPrice: 260, lineTotal: 260, extras: [] },
    ]);
    expect(order).toMatchObject({
      total: 1560,
      itemCount: 3,
      currency: 'EUR',
      status: 'PENDING_PAYMENT',
      version: 1,
      customerId: john.sub,
      pickupName: 'John',
      notes: 'Extra hot, please',
      businessDate: order.createdAt.slice(0, 10),
      queuePosition: null,
      payment: null,
    });
    expect(order.events).toEqual([{ status: 'PENDING_PAYMENT', at: order.createdAt, by: john.sub, role: 'customer', reason: null }]);
    await cancel(john.token, order.id);
  });

  it('makes a milk drink with the default milk when the line names none', async () => {
    const ann = await customer('ann');
    const order = await placeOrder(world.api, ann.token, orderOf([line('Latte', 'SMALL', 1)]));
    expect(order.lines[0]).toMatchObject({ milk: 'WHOLE', unitPrice: 350 });
    await cancel(ann.token, order.id);
  });

  it('numbers the day\'s orders one after another as they are paid, and an unpaid order not at all', async () => {
    const bob = await customer('bob');
    const first = await placeOrder(world.api, bob.token, orderOf([line('Espresso', 'SMALL', 1)]));
    const second = await placeOrder(world.api, bob.token, orderOf([line('Espresso', 'SMALL', 1)]));
    expect([first.orderNumber, second.orderNumber]).toEqual([null, null]);
    const paidFirst = await payOrder(world, bob.token, first.id);
    const paidSecond = await payOrder(world, bob.token, second.id);
    expect(paidSecond.orderNumber).toBe((paidFirst.orderNumber ?? 0) + 1);
    expect(await tableRow(world.api, `COUNTER#${second.businessDate}`, 'COUNTER')).toMatchObject({ lastNumber: paidSecond.orderNumber });
    await cancel(bob.token, first.id);
    await cancel(bob.token, second.id);
  });

  it('takes a customer slot when placed, a queue place only when paid, and gives both back when cancelled', async () => {
    const cleo = await customer('cleo');
    const before = await readStore(world.api, cleo.token);
    const order = await placeOrder(world.api, cleo.token, orderOf([line('Espresso', 'SMALL', 1)]));
    expect((await readStore(world.api, cleo.token)).queueLength).toBe(before.queueLength);
    expect(await tableRow(world.api, `CUSTOMER#${cleo.sub}`, 'CUSTOMER')).toMatchObject({ activeOrders: 1 });
    await payOrder(world, cleo.token, order.id);
    expect((await readStore(world.api, cleo.token)).queueLength).toBe(before.queueLength + 1);
    await cancel(cleo.token, order.id);
    expect((await readStore(world.api, cleo.token)).queueLength).toBe(before.queueLength);
    expect(await tableRow(world.api, `CUSTOMER#${cleo.sub}`, 'CUSTOMER')).toMatchObject({ activeOrders: 0 });
  });

  it('is for signed-in users: a fresh sign-up with no group may order, an API-key caller may not', async () => {
    const newcomer = await signedInUser(world.api, 'newcomer', []);
    const input = orderOf([line('Espresso', 'SMALL', 1)]);
    const placed = await world.api.graphql({ query: PLACE_ORDER, variables: { input } }, { authorization: newcomer.token });
    expect(placed.body.errors).toBeUndefined();
    const { body } = await world.api.graphql({ query: PLACE_ORDER, variables: { input } }, { 'x-api-key': world.api.apiKey });
    expect(body.errors?.[0]?.errorType).toBe('Unauthorized');
  });
});

describe('an order the menu refuses writes nothing', () => {
  let dana: { token: string; sub: string };
  beforeAll(async () => {
    dana = await customer('dana');
  });

  it('EMPTY_ORDER: no lines', async () => {
    await expectRefused(dana.token, orderOf([]), 'EMPTY_ORDER');
  });

  it('UNKNOWN_MENU_ITEM: an id the menu does not have', async () => {
    const info = await expectRefused(dana.token, orderOf([line('Espresso', 'SMALL', 1), { menuItemId: 'no-such-drink', size: 'SMALL', quantity: 1 }]), 'UNKNOWN_MENU_ITEM');
    expect(info).toMatchObject({ line: 1, menuItemId: 'no-such-drink' });
  });

  it('SOLD_OUT: an item that is not available', async () => {
    await expectRefused(dana.token, orderOf([line('Long black', 'REGULAR', 1)]), 'SOLD_OUT');
  });

  it('UNKNOWN_OPTION: a size the item does not come in', async () => {
    const info = await expectRefused(dana.token, orderOf([line('Flat white', 'SMALL', 1)]), 'UNKNOWN_OPTION');
    expect(info).toMatchObject({ option: 'size', value: 'SMALL' });
  });

  it('UNKNOWN_OPTION: milk in a drink made without milk', async () => {
    const info = await expectRefused(dana.token, orderOf([line('Espresso', 'SMALL', 1, { milk: 'OAT' })]), 'UNKNOWN_OPTION');
    expect(info).toMatchObject({ option: 'milk', value: 'OAT' });
  });

  it('UNKNOWN_OPTION: an extra the item does not offer', async () => {
    const info = await expectRefused(dana.token, orderOf([line('Flat white', 'REGULAR', 1, { extras: [{ id: 'whipped-cream', quantity: 1 }] })]), 'UNKNOWN_OPTION');
    expect(info).toMatchObject({ option: 'extra', value: 'whipped-cream' });
  });

  it('INVALID_QUANTITY: a line quantity of 0 or 11', async () => {
    await expectRefused(dana.token, orderOf([line('Espresso', 'SMALL', 0)]), 'INVALID_QUANTITY');
    await expectRefused(dana.token, orderOf([line('Espresso', 'SMALL', 11)]), 'INVALID_QUANTITY');
  });

  it('INVALID_QUANTITY: an extra quantity of 0, or over what one drink may have', async () => {
    await expectRefused(dana.token, orderOf([line('Flat white', 'REGULAR', 1, { extras: [{ id: 'extra-shot', quantity: 0 }] })]), 'INVALID_QUANTITY');
    const info = await expectRefused(dana.token, orderOf([line('Mocha', 'REGULAR', 1, { extras: [{ id: 'whipped-cream', quantity: 2 }] })]), 'INVALID_QUANTITY');
    expect(info).toMatchObject({ extra: 'whipped-cream', quantity: 2 });
  });

  it('TOO_MANY_ITEMS: more than 20 drinks in one order', async () => {
    const info = await expectRefused(dana.token, orderOf([line('Espresso', 'SMALL', 10), line('Latte', 'SMALL', 10), line('Cortado', 'SMALL', 1)]), 'TOO_MANY_ITEMS');
    expect(info).toEqual({ itemCount: 21 });
  });

  it('accepts exactly 20 drinks', async () => {
    const order = await placeOrder(world.api, dana.token, orderOf([line('Espresso', 'SMALL', 10), line('Latte', 'SMALL', 10)]));
    expect(order.itemCount).toBe(20);
    await cancel(dana.token, order.id);
  });

  it('DUPLICATE_OPTION: one extra twice on a line', async () => {
    await expectRefused(
      dana.token,
      orderOf([line('Flat white', 'REGULAR', 1, { extras: [{ id: 'vanilla', quantity: 1 }, { id: 'vanilla', quantity: 1 }] })]),
      'DUPLICATE_OPTION',
    );
  });

  it('INVALID_INPUT: a blank pickup name, notes over 500 characters, a pickup slot in the past', async () => {
    expect(await expectRefused(dana.token, orderOf([line('Espresso', 'SMALL', 1)], { pickupName: '   ' }), 'INVALID_INPUT')).toEqual({ field: 'pickupName' });
    expect(await expectRefused(dana.token, orderOf([line('Espresso', 'SMALL', 1)], { notes: 'x'.repeat(501) }), 'INVALID_INPUT')).toEqual({ field: 'notes' });
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    expect(await expectRefused(dana.token, orderOf([line('Espresso', 'SMALL', 1)], { pickupSlot: yesterday }), 'INVALID_INPUT')).toEqual({ field: 'pickupSlot' });
  });
});

describe('the store\'s limits', () => {
  it('STORE_CLOSED: nothing is written while the store is closed', async () => {
    const eve = await customer('eve');
    await dataAs(world.api, manager.token, 'mutation { closeStore { open } }');
    try {
      await expectRefused(eve.token, orderOf([line('Espresso', 'SMALL', 1)]), 'STORE_CLOSED');
    } finally {
      await dataAs(world.api, manager.token, 'mutation { openStore { open } }');
    }
  });

  it('LIMIT_REACHED: a customer with as many active orders as the limit allows', async () => {
    const fay = await customer('fay');
    const { customerOrderLimit } = await readStore(world.api, fay.token);
    const placed: FullOrder[] = [];
    for (let index = 0; index < customerOrderLimit; index += 1) {
      placed.push(await placeOrder(world.api, fay.token, orderOf([line('Espresso', 'SMALL', 1)])));
    }
    const info = await expectRefused(fay.token, orderOf([line('Espresso', 'SMALL', 1)]), 'LIMIT_REACHED');
    expect(info).toEqual({ limit: customerOrderLimit });
    await cancel(fay.token, placed[0]?.id ?? '');
    const again = await placeOrder(world.api, fay.token, orderOf([line('Espresso', 'SMALL', 1)]));
    for (const order of [...placed.slice(1), again]) await cancel(fay.token, order.id);
  });

  it('CAPACITY_FULL: a queue of paid orders as long as the store\'s capacity', async () => {
    const gus = await customer('gus');
    const hal = await customer('hal');
    const settings = await readStore(world.api, manager.token);
    const held = await placeOrder(world.api, gus.token, orderOf([line('Espresso', 'SMALL', 1)]));
    await payOrder(world, gus.token, held.id);
    const { queueLength } = await readStore(world.api, manager.token);
    await updateStore(world.api, manager.token, { customerOrderLimit: 1 });
    await updateStore(world.api, manager.token, { capacity: queueLength });
    try {
      const info = await expectRefused(hal.token, orderOf([line('Espresso', 'SMALL', 1)]), 'CAPACITY_FULL');
      expect(info).toEqual({ capacity: queueLength });
    } finally {
      await updateStore(world.api, manager.token, { capacity: settings.capacity });
      await updateStore(world.api, manager.token, { customerOrderLimit: settings.customerOrderLimit });
      await cancel(gus.token, held.id);
    }
  });
});

describe('idempotent placement', () => {
  it('answers a retry with the same key and order with the first order, and writes nothing more', async () => {
    const ivy = await customer('ivy');
    const input = orderOf([line('Flat white', 'REGULAR', 2, { milk: 'OAT' })]);
    const first = await placeOrder(world.api, ivy.token, input);
    const before = await tableSnapshot(world.api);
    const retry = await placeOrder(world.api, ivy.token, { ...input, lines: input.lines.map((l) => ({ quantity: l.quantity, milk: l.milk, size: l.size, menuItemId: l.menuItemId })) });
    expect(retry).toEqual(first);
    expect(await tableSnapshot(world.api)).toEqual(before);
    await cancel(ivy.token, first.id);
  });

  it('IDEMPOTENCY_KEY_REUSED: the same key for a different order writes nothing', async () => {
    const jay = await customer('jay');
    const input = orderOf([line('Espresso', 'SMALL', 1)]);
    const first = await placeOrder(world.api, jay.token, input);
    const info = await expectRefused(jay.token, { ...input, lines: [line('Espresso', 'SMALL', 2)] }, 'IDEMPOTENCY_KEY_REUSED');
    expect(info).toEqual({ orderId: first.id });
    await cancel(jay.token, first.id);
  });

  it('keeps each customer\'s keys apart: another customer\'s same key places a new order', async () => {
    const kim = await customer('kim');
    const lee = await customer('lee');
    const idempotencyKey = newKey();
    const mine = await placeOrder(world.api, kim.token, orderOf([line('Espresso', 'SMALL', 1)], { idempotencyKey }));
    const theirs = await placeOrder(world.api, lee.token, orderOf([line('Espresso', 'SMALL', 1)], { idempotencyKey }));
    expect(theirs.id).not.toBe(mine.id);
    expect(theirs.customerId).toBe(lee.sub);
    await cancel(kim.token, mine.id);
    await cancel(lee.token, theirs.id);
  });

  it('places one order when the same request arrives twice at once', async () => {
    const max = await customer('max');
    const input = orderOf([line('Cortado', 'SMALL', 1)]);
    const before = await readStore(world.api, max.token);
    const answers = await Promise.all([asUser(world.api, max.token, PLACE_ORDER, { input }), asUser(world.api, max.token, PLACE_ORDER, { input })]);
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    const placed = answers.map((answer) => (answer.data as { placeOrder: FullOrder }).placeOrder.id);
    expect(placed[1]).toBe(placed[0]);
    expect((await readStore(world.api, max.token)).queueLength).toBe(before.queueLength);
    expect(await tableRow(world.api, `CUSTOMER#${max.sub}`, 'CUSTOMER')).toMatchObject({ activeOrders: 1 });
    const rows = Object.values(await tableSnapshot(world.api)).filter((row) => row['sk'] === 'ORDER' && row['customerId'] === max.sub);
    expect(rows).toHaveLength(1);
    await cancel(max.token, placed[0] ?? '');
  });
});

describe('my orders', () => {
  it('lists the caller\'s own orders, newest first, a page at a time', async () => {
    const nia = await customer('nia');
    const other = await customer('otto');
    const placed: FullOrder[] = [];
    for (let index = 0; index < 3; index += 1) placed.push(await placeOrder(world.api, nia.token, orderOf([line('Espresso', 'SMALL', 1)])));
    const foreign = await placeOrder(world.api, other.token, orderOf([line('Espresso', 'SMALL', 1)]));

    type Page = { myOrders: { items: Array<{ id: string; customerId: string }>; nextToken: string | null } };
    const first = await dataAs<Page>(world.api, nia.token, MY_ORDERS, { limit: 2 });
    expect(first.myOrders.items.map((order) => order.id)).toEqual([placed[2]?.id, placed[1]?.id]);
    expect(first.myOrders.nextToken).toEqual(expect.any(String));
    const second = await dataAs<Page>(world.api, nia.token, MY_ORDERS, { limit: 2, nextToken: first.myOrders.nextToken });
    expect(second.myOrders.items.map((order) => order.id)).toEqual([placed[0]?.id]);
    expect(second.myOrders.nextToken).toBeNull();
    expect([...first.myOrders.items, ...second.myOrders.items].every((order) => order.customerId === nia.sub)).toBe(true);

    for (const order of placed) await cancel(nia.token, order.id);
    await cancel(other.token, foreign.id);
  });
});
