import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphqlBody } from '../../local/test/support/local-api';
import { backOffice, CANCEL_ORDER, EXPIRE_ORDER, MARK_COLLECTED, MARK_READY, menuIds, newKey, orderOf, PAY_ORDER, PLACE_ORDER, placeOrder, START_PREPARING, UPDATE_STORE, updateStore } from '../api/support/order-steps';
import { asUser, seedMenuAndStore, signedInUser, startPaymentsWorld, tokenize, type PaymentsWorld } from '../api/support/payment-steps';
import { allTables } from './support/tables';

/**
 * Every mutation of the schema, fuzzed: wrong types, missing fields, huge strings, negative,
 * zero and huge numbers, unknown ids and duplicated options. Each case must come back as a clear
 * error (a message, and for anything past validation an errorType) and leave every table exactly
 * as it was, read back from DynamoDB Local.
 */

type Caller = 'manager' | 'customer' | 'barista' | 'iam';
interface Case {
  name: string;
  caller: Caller;
  query: string;
  variables: Record<string, unknown>;
}

const HUGE = 'x'.repeat(200_000);
const HUGE_INT = 2_147_483_647;
const PUT_CATEGORY = 'mutation($input: PutCategoryInput!) { putCategory(input: $input) { id name } }';
const PUT_ITEM = 'mutation($input: PutMenuItemInput!) { putMenuItem(input: $input) { id name } }';
const SET_AVAILABLE = 'mutation($id: ID!, $available: Boolean!) { setMenuItemAvailability(id: $id, available: $available) { id available } }';

let world: PaymentsWorld;
let tokens: Record<Exclude<Caller, 'iam'>, string>;
let ids: Record<string, string>;
let categoryId: string;
let pendingOrderId: string;
let cardToken: string;

beforeAll(async () => {
  world = await startPaymentsWorld();
  await seedMenuAndStore(world.api);
  const [manager, customer, barista] = await Promise.all([
    signedInUser(world.api, 'manager', ['Managers']),
    signedInUser(world.api, 'customer', ['Customers']),
    signedInUser(world.api, 'barista', ['Baristas']),
  ]);
  tokens = { manager: manager.token, customer: customer.token, barista: barista.token };
  await updateStore(world.api, manager.token, { capacity: 100, customerOrderLimit: 10 });
  ids = await menuIds(world.api, customer.token);
  const { menu } = (await asUser(world.api, customer.token, 'query { menu { categories { id } } }')).data as { menu: { categories: Array<{ id: string }> } };
  categoryId = menu.categories[0]?.id ?? '';
  pendingOrderId = (await placeOrder(world.api, customer.token, orderOf([{ menuItemId: ids['Flat white'] ?? '', size: 'REGULAR', milk: 'OAT', quantity: 1 }]))).id;
  cardToken = await tokenize(world.sandbox, '4242424242424242');
});

afterAll(async () => {
  await world?.close();
});

async function send(testCase: Case): Promise<GraphqlBody> {
  if (testCase.caller === 'iam') {
    const { data, errors } = await backOffice(world.api)<Record<string, unknown>>(testCase.query, testCase.variables);
    return { data, errors: errors?.map((error) => ({ ...error })) };
  }
  return asUser(world.api, tokens[testCase.caller], testCase.query, testCase.variables);
}

const item = (overrides: Record<string, unknown> = {}) => ({
  categoryId,
  name: 'Fuzzed drink',
  sizes: [{ size: 'REGULAR', price: 300 }],
  milkOptions: [{ milk: 'WHOLE', surcharge: 0 }],
  defaultMilk: 'WHOLE',
  extras: [{ id: 'shot', name: 'Extra shot', price: 50, maxQuantity: 2 }],
  available: true,
  ...overrides,
});

const line = (overrides: Record<string, unknown> = {}) => ({ menuItemId: ids['Flat white'], size: 'REGULAR', milk: 'OAT', quantity: 1, ...overrides });
const order = (overrides: Record<string, unknown> = {}) => ({ idempotencyKey: newKey(), pickupName: 'Fuzz', lines: [line()], ...overrides });
const pay = (overrides: Record<string, unknown> = {}) => ({ orderId: pendingOrderId, cardToken, idempotencyKey: newKey(), ...overrides });

function cases(): Case[] {
  const manager = (name: string, query: string, variables: Record<string, unknown>): Case => ({ name, caller: 'manager', query, variables });
  const customer = (name: string, query: string, variables: Record<string, unknown>): Case => ({ name, caller: 'customer', query, variables });
  const barista = (name: string, query: string, variables: Record<string, unknown>): Case => ({ name, caller: 'barista', query, variables });
  const moves: Array<[string, string]> = [['startPreparing', START_PREPARING], ['markReady', MARK_READY], ['markCollected', MARK_COLLECTED]];
  return [
    // putCategory
    manager('putCategory: name as a number', PUT_CATEGORY, { input: { name: 42, sortOrder: 1 } }),
    manager('putCategory: sortOrder as a string', PUT_CATEGORY, { input: { name: 'A', sortOrder: 'one' } }),
    manager('putCategory: sortOrder as a float', PUT_CATEGORY, { input: { name: 'A', sortOrder: 1.5 } }),
    manager('putCategory: missing name', PUT_CATEGORY, { input: { sortOrder: 1 } }),
    manager('putCategory: missing input', PUT_CATEGORY, {}),
    manager('putCategory: a huge name', PUT_CATEGORY, { input: { name: HUGE, sortOrder: 1 } }),
    manager('putCategory: a huge id', PUT_CATEGORY, { input: { id: HUGE, name: 'A', sortOrder: 1 } }),
    manager('putCategory: a negative sortOrder', PUT_CATEGORY, { input: { name: 'A', sortOrder: -1 } }),
    manager('putCategory: a sortOrder past Int', PUT_CATEGORY, { input: { name: 'A', sortOrder: 2 ** 40 } }),
    manager('putCategory: the largest Int sortOrder', PUT_CATEGORY, { input: { name: 'A', sortOrder: HUGE_INT } }),
    manager('putCategory: an unknown id', PUT_CATEGORY, { input: { id: 'no-such-category', name: 'A', sortOrder: 1 } }),
    // putMenuItem
    // A lone object where a list is expected is not wrong: GraphQL coerces it to a list of one
    // (spec, Input Coercion of List types), as AppSync's graphql-java does. A scalar there is.
    manager('putMenuItem: sizes as a string', PUT_ITEM, { input: item({ sizes: 'REGULAR' }) }),
    manager('putMenuItem: an unknown size enum', PUT_ITEM, { input: item({ sizes: [{ size: 'GIGANTIC', price: 1 }] }) }),
    manager('putMenuItem: missing categoryId', PUT_ITEM, { input: { ...item(), categoryId: undefined } }),
    manager('putMenuItem: a huge name', PUT_ITEM, { input: item({ name: HUGE }) }),
    manager('putMenuItem: a huge description', PUT_ITEM, { input: item({ description: HUGE }) }),
    manager('putMenuItem: a negative price', PUT_ITEM, { input: item({ sizes: [{ size: 'REGULAR', price: -1 }] }) }),
    manager('putMenuItem: a huge price', PUT_ITEM, { input: item({ sizes: [{ size: 'REGULAR', price: HUGE_INT }] }) }),
    manager('putMenuItem: a negative surcharge', PUT_ITEM, { input: item({ milkOptions: [{ milk: 'WHOLE', surcharge: -50 }] }) }),
    manager('putMenuItem: no sizes', PUT_ITEM, { input: item({ sizes: [] }) }),
    manager('putMenuItem: a size twice', PUT_ITEM, { input: item({ sizes: [{ size: 'REGULAR', price: 300 }, { size: 'REGULAR', price: 1 }] }) }),
    manager('putMenuItem: a milk twice', PUT_ITEM, { input: item({ milkOptions: [{ milk: 'WHOLE', surcharge: 0 }, { milk: 'WHOLE', surcharge: 0 }] }) }),
    manager('putMenuItem: an extra twice', PUT_ITEM, { input: item({ extras: [{ id: 'shot', name: 'A', price: 1, maxQuantity: 1 }, { id: 'shot', name: 'B', price: 1, maxQuantity: 1 }] }) }),
    manager('putMenuItem: an extra maxQuantity of zero', PUT_ITEM, { input: item({ extras: [{ id: 'shot', name: 'A', price: 1, maxQuantity: 0 }] }) }),
    manager('putMenuItem: an extra maxQuantity past the limit', PUT_ITEM, { input: item({ extras: [{ id: 'shot', name: 'A', price: 1, maxQuantity: HUGE_INT }] }) }),
    manager('putMenuItem: an unknown category', PUT_ITEM, { input: item({ categoryId: 'no-such-category' }) }),
    manager('putMenuItem: an unknown item id', PUT_ITEM, { input: item({ id: 'no-such-item' }) }),
    manager('putMenuItem: an imageUrl that is not a URL', PUT_ITEM, { input: item({ imageUrl: 'not a url' }) }),
    // setMenuItemAvailability
    manager('setMenuItemAvailability: available as a string', SET_AVAILABLE, { id: ids['Flat white'], available: 'yes' }),
    manager('setMenuItemAvailability: missing id', SET_AVAILABLE, { available: false }),
    manager('setMenuItemAvailability: an unknown id', SET_AVAILABLE, { id: 'no-such-item', available: false }),
    manager('setMenuItemAvailability: a huge id', SET_AVAILABLE, { id: HUGE, available: false }),
    // updateStoreSettings
    manager('updateStoreSettings: capacity as a string', UPDATE_STORE, { input: { capacity: 'lots' } }),
    manager('updateStoreSettings: a zero capacity', UPDATE_STORE, { input: { capacity: 0 } }),
    manager('updateStoreSettings: a negative capacity', UPDATE_STORE, { input: { capacity: -5 } }),
    manager('updateStoreSettings: the largest Int capacity', UPDATE_STORE, { input: { capacity: HUGE_INT } }),
    manager('updateStoreSettings: a negative customer limit', UPDATE_STORE, { input: { customerOrderLimit: -1 } }),
    manager('updateStoreSettings: a zero collection window', UPDATE_STORE, { input: { collectionWindowMinutes: 0 } }),
    manager('updateStoreSettings: a negative prep time', UPDATE_STORE, { input: { prepMinutesPerOrder: -3 } }),
    manager('updateStoreSettings: nothing to change', UPDATE_STORE, { input: {} }),
    manager('updateStoreSettings: an unknown setting', UPDATE_STORE, { input: { open: true } }),
    // placeOrder
    customer('placeOrder: quantity as a string', PLACE_ORDER, { input: order({ lines: [line({ quantity: 'two' })] }) }),
    customer('placeOrder: lines as a string', PLACE_ORDER, { input: order({ lines: 'two flat whites' }) }),
    customer('placeOrder: missing pickupName', PLACE_ORDER, { input: { ...order(), pickupName: undefined } }),
    customer('placeOrder: missing idempotencyKey', PLACE_ORDER, { input: { ...order(), idempotencyKey: undefined } }),
    customer('placeOrder: missing size', PLACE_ORDER, { input: order({ lines: [{ ...line(), size: undefined }] }) }),
    customer('placeOrder: a huge pickupName', PLACE_ORDER, { input: order({ pickupName: HUGE }) }),
    customer('placeOrder: huge notes', PLACE_ORDER, { input: order({ notes: HUGE }) }),
    customer('placeOrder: a huge idempotency key', PLACE_ORDER, { input: order({ idempotencyKey: HUGE }) }),
    customer('placeOrder: a huge menu item id', PLACE_ORDER, { input: order({ lines: [line({ menuItemId: HUGE })] }) }),
    customer('placeOrder: a zero quantity', PLACE_ORDER, { input: order({ lines: [line({ quantity: 0 })] }) }),
    customer('placeOrder: a negative quantity', PLACE_ORDER, { input: order({ lines: [line({ quantity: -1 })] }) }),
    customer('placeOrder: the largest Int quantity', PLACE_ORDER, { input: order({ lines: [line({ quantity: HUGE_INT })] }) }),
    customer('placeOrder: a quantity past Int', PLACE_ORDER, { input: order({ lines: [line({ quantity: 2 ** 53 })] }) }),
    customer('placeOrder: a negative extra quantity', PLACE_ORDER, { input: order({ lines: [line({ extras: [{ id: 'extra-shot', quantity: -2 }] })] }) }),
    customer('placeOrder: no lines', PLACE_ORDER, { input: order({ lines: [] }) }),
    customer('placeOrder: 21 lines of one drink', PLACE_ORDER, { input: order({ lines: Array.from({ length: 21 }, () => line()) }) }),
    customer('placeOrder: an unknown menu item', PLACE_ORDER, { input: order({ lines: [line({ menuItemId: 'no-such-item' })] }) }),
    customer('placeOrder: an unknown extra', PLACE_ORDER, { input: order({ lines: [line({ extras: [{ id: 'no-such-extra', quantity: 1 }] })] }) }),
    customer('placeOrder: an extra twice', PLACE_ORDER, { input: order({ lines: [line({ extras: [{ id: 'extra-shot', quantity: 1 }, { id: 'extra-shot', quantity: 1 }] })] }) }),
    customer('placeOrder: an unknown milk enum', PLACE_ORDER, { input: order({ lines: [line({ milk: 'CAMEL' })] }) }),
    customer('placeOrder: a pickup slot that is not a date', PLACE_ORDER, { input: order({ pickupSlot: 'tomorrow-ish' }) }),
    customer('placeOrder: a pickup slot in the past', PLACE_ORDER, { input: order({ pickupSlot: '2001-01-01T00:00:00Z' }) }),
    // payOrder
    customer('payOrder: orderId as a number', PAY_ORDER, { input: pay({ orderId: { id: 1 } }) }),
    customer('payOrder: missing cardToken', PAY_ORDER, { input: { ...pay(), cardToken: undefined } }),
    customer('payOrder: an unknown order', PAY_ORDER, { input: pay({ orderId: 'no-such-order' }) }),
    customer('payOrder: a huge order id', PAY_ORDER, { input: pay({ orderId: HUGE }) }),
    customer('payOrder: a huge card token', PAY_ORDER, { input: pay({ cardToken: HUGE }) }),
    customer('payOrder: a huge idempotency key', PAY_ORDER, { input: pay({ idempotencyKey: HUGE }) }),
    customer('payOrder: an empty card token', PAY_ORDER, { input: pay({ cardToken: '' }) }),
    // cancelOrder
    customer('cancelOrder: missing orderId', CANCEL_ORDER, { input: {} }),
    customer('cancelOrder: an unknown order', CANCEL_ORDER, { input: { orderId: 'no-such-order' } }),
    customer('cancelOrder: a huge order id', CANCEL_ORDER, { input: { orderId: HUGE } }),
    customer('cancelOrder: a huge reason', CANCEL_ORDER, { input: { orderId: pendingOrderId, reason: HUGE } }),
    barista('cancelOrder by staff: an empty reason', CANCEL_ORDER, { input: { orderId: pendingOrderId, reason: '   ' } }),
    // staff moves and the back office
    ...moves.flatMap(([name, query]): Case[] => [
      barista(`${name}: orderId as a list`, query, { orderId: ['a', 'b'] }),
      barista(`${name}: missing orderId`, query, {}),
      barista(`${name}: an unknown order`, query, { orderId: 'no-such-order' }),
      barista(`${name}: a huge order id`, query, { orderId: HUGE }),
      barista(`${name}: an order in the wrong state`, query, { orderId: pendingOrderId }),
    ]),
    { name: 'expireOrder: an unknown order', caller: 'iam', query: EXPIRE_ORDER, variables: { orderId: 'no-such-order' } },
    { name: 'expireOrder: a huge order id', caller: 'iam', query: EXPIRE_ORDER, variables: { orderId: HUGE } },
    { name: 'expireOrder: an order that is not READY', caller: 'iam', query: EXPIRE_ORDER, variables: { orderId: pendingOrderId } },
    // Roles: a barista runs orders, never the menu or the store.
    barista('putCategory by a barista', PUT_CATEGORY, { input: { name: 'Barista specials', sortOrder: 1 } }),
    barista('putMenuItem by a barista', PUT_ITEM, { input: item() }),
    barista('setMenuItemAvailability by a barista', SET_AVAILABLE, { id: ids['Flat white'], available: false }),
    barista('updateStoreSettings by a barista', UPDATE_STORE, { input: { capacity: 1 } }),
    barista('closeStore by a barista', 'mutation { closeStore { open } }', {}),
    barista('openStore by a barista', 'mutation { openStore { open } }', {}),
  ];
}

describe('every mutation, fuzzed', () => {
  it('answers each bad input with a clear error and writes nothing to any table', async () => {
    const before = await allTables(world.api);
    const accepted: string[] = [];
    const unclear: string[] = [];
    for (const testCase of cases()) {
      const body = await send(testCase);
      const [error] = body.errors ?? [];
      if (!error) {
        accepted.push(`${testCase.name}: ${JSON.stringify(body.data).slice(0, 200)}`);
        continue;
      }
      const dataValues = body.data ? Object.values(body.data) : [null];
      const isValidation = body.data === null || body.data === undefined;
      if (!error.message || dataValues.some((value) => value !== null) || (!isValidation && !error.errorType)) {
        unclear.push(`${testCase.name}: ${JSON.stringify(body).slice(0, 300)}`);
      }
      expect(error.message.length, testCase.name).toBeLessThan(2_000);
    }
    expect(accepted).toEqual([]);
    expect(unclear).toEqual([]);
    expect(await allTables(world.api)).toEqual(before);
  });
});
