import { DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { apiDefinition } from '../../infra/api';
import type { AuthContext } from '../../local/src/identity';
import { apiKeyMode, iamMode } from '../../local/test/realtime/appsync-auth';
import { Subscriber } from '../../local/test/realtime/subscriber';
import { startTestApi, type GraphqlBody, type TestApi } from '../../local/test/support/local-api';
import { signInEachRole, type StaffRole } from './support/staff';
import { ensureStore } from '../../scripts/seed/store';

type Role = 'manager' | 'barista' | 'customer' | 'apiKey';
type Row = Record<string, unknown>;

const STORE_FIELDS = 'open capacity customerOrderLimit queueLength collectionWindowMinutes prepMinutesPerOrder updatedAt';
const STORE = `query { store { ${STORE_FIELDS} } }`;
const OPEN = `mutation { openStore { ${STORE_FIELDS} } }`;
const CLOSE = `mutation { closeStore { ${STORE_FIELDS} } }`;
const SETTINGS = `mutation($input: UpdateStoreSettingsInput!) { updateStoreSettings(input: $input) { ${STORE_FIELDS} } }`;
const REPORT = 'query($date: AWSDate) { salesReport(businessDate: $date) { businessDate ordersPaid ordersCancelled revenue refunded currency topItems { menuItemId name quantity revenue } } }';

const DEFAULTS = { capacity: 30, customerOrderLimit: 3, collectionWindowMinutes: 30, prepMinutesPerOrder: 3 };

let api: TestApi;
let dynamo: DynamoDBClient;
let tokens: Record<StaffRole, string>;
let managerAuth: AuthContext;

async function as(role: Role, query: string, variables: Record<string, unknown> = {}): Promise<GraphqlBody> {
  const headers: Record<string, string> = role === 'apiKey' ? { 'x-api-key': api.apiKey } : { authorization: tokens[role] ?? '' };
  const { status, body } = await api.graphql({ query, variables }, headers);
  expect(status).toBe(200);
  return body;
}

async function dataAs<T>(role: Role, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const body = await as(role, query, variables);
  expect(body.errors).toBeUndefined();
  return body.data as T;
}

function ordersTable(): string {
  const name = api.booted.tableNames['orders'];
  if (!name) throw new Error('the API has no orders table');
  return name;
}

/** The STORE item, straight from the table; null while the store was never set up. */
async function storeRow(): Promise<Row | null> {
  const answer = await dynamo.send(new GetItemCommand({ TableName: ordersTable(), Key: marshall({ pk: 'STORE', sk: 'STORE' }), ConsistentRead: true }));
  return answer.Item ? unmarshall(answer.Item) : null;
}

async function forgetStore(): Promise<void> {
  await dynamo.send(new DeleteItemCommand({ TableName: ordersTable(), Key: marshall({ pk: 'STORE', sk: 'STORE' }) }));
}

beforeAll(async () => {
  api = await startTestApi(apiDefinition);
  dynamo = new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  ({ tokens, managerAuth } = await signInEachRole(api, 'store.test'));
});

afterAll(async () => {
  dynamo?.destroy();
  await api?.close();
});

describe('a store that was never set up', () => {
  it('reads as closed, with the default settings, an empty queue and no updatedAt', async () => {
    await forgetStore();
    const { store } = await dataAs<{ store: Row }>('apiKey', STORE);
    expect(store).toEqual({ open: false, queueLength: 0, updatedAt: null, ...DEFAULTS });
    expect(await storeRow()).toBeNull();
  });

  it('is opened by ensureStore with the default settings, which a second call leaves alone', async () => {
    await forgetStore();
    expect(await ensureStore(api.runtime, managerAuth)).toEqual({ created: true, open: true });
    expect(await storeRow()).toMatchObject({ open: true, queueLength: 0, ...DEFAULTS });
    await dataAs('manager', CLOSE);
    const closed = await storeRow();
    expect(await ensureStore(api.runtime, managerAuth)).toEqual({ created: false, open: false });
    expect(await storeRow()).toEqual(closed);
  });

  it('is created in full by the first settings change, closed, with the rest at their defaults', async () => {
    await forgetStore();
    const { updateStoreSettings } = await dataAs<{ updateStoreSettings: Row }>('manager', SETTINGS, { input: { prepMinutesPerOrder: 5 } });
    expect(updateStoreSettings).toMatchObject({ open: false, queueLength: 0, ...DEFAULTS, prepMinutesPerOrder: 5 });
    expect(await storeRow()).toMatchObject({ open: false, queueLength: 0, ...DEFAULTS, prepMinutesPerOrder: 5 });
  });
});

describe('a manager running the store', () => {
  it('opens and closes it; each change is stored with who made it and when', async () => {
    await ensureStore(api.runtime, managerAuth);
    const closed = await dataAs<{ closeStore: Row }>('manager', CLOSE);
    expect(closed.closeStore).toMatchObject({ open: false });
    expect(await storeRow()).toMatchObject({ open: false, updatedBy: expect.any(String), updatedAt: closed.closeStore['updatedAt'] });
    expect((await dataAs<{ store: Row }>('customer', STORE)).store['open']).toBe(false);
    const opened = await dataAs<{ openStore: Row }>('manager', OPEN);
    expect(opened.openStore).toMatchObject({ open: true });
    expect((await storeRow())?.['open']).toBe(true);
    const again = await dataAs<{ openStore: Row }>('manager', OPEN);
    expect(again.openStore['open']).toBe(true);
  });

  it('keeps the queue length that orders moved while opening and closing', async () => {
    await ensureStore(api.runtime, managerAuth);
    const row = await storeRow();
    await dynamo.send(new PutItemCommand({ TableName: ordersTable(), Item: marshall({ ...row, queueLength: 7 }) }));
    expect((await dataAs<{ closeStore: Row }>('manager', CLOSE)).closeStore['queueLength']).toBe(7);
    expect((await dataAs<{ openStore: Row }>('manager', OPEN)).openStore['queueLength']).toBe(7);
    expect((await dataAs<{ updateStoreSettings: Row }>('manager', SETTINGS, { input: { capacity: 40 } })).updateStoreSettings['queueLength']).toBe(7);
    expect((await storeRow())?.['queueLength']).toBe(7);
  });

  it('changes only the settings it is given', async () => {
    await forgetStore();
    await ensureStore(api.runtime, managerAuth);
    const { updateStoreSettings } = await dataAs<{ updateStoreSettings: Row }>('manager', SETTINGS, {
      input: { capacity: 12, collectionWindowMinutes: 45 },
    });
    expect(updateStoreSettings).toMatchObject({ open: true, capacity: 12, collectionWindowMinutes: 45, customerOrderLimit: 3, prepMinutesPerOrder: 3 });
    expect(await storeRow()).toMatchObject({ open: true, capacity: 12, collectionWindowMinutes: 45, customerOrderLimit: 3, prepMinutesPerOrder: 3 });
  });

  const invalid: Array<[string, Record<string, unknown>, string]> = [
    ['no setting at all', {}, 'input'],
    ['a capacity of 0', { capacity: 0 }, 'capacity'],
    ['a negative customer order limit', { customerOrderLimit: -1 }, 'customerOrderLimit'],
    ['a collection window over a day', { collectionWindowMinutes: 1441 }, 'collectionWindowMinutes'],
    ['no minutes to prepare an order', { prepMinutesPerOrder: 0 }, 'prepMinutesPerOrder'],
    ['a customer order limit above the capacity given with it', { capacity: 4, customerOrderLimit: 5 }, 'customerOrderLimit'],
  ];

  it.each(invalid)('refuses %s with INVALID_INPUT naming the field, and changes nothing', async (_case, input, field) => {
    await ensureStore(api.runtime, managerAuth);
    const before = await storeRow();
    const body = await as('manager', SETTINGS, { input });
    expect(body.errors?.[0]).toMatchObject({ errorType: 'INVALID_INPUT', errorInfo: { field } });
    expect(body.data).toEqual({ updateStoreSettings: null });
    expect(await storeRow()).toEqual(before);
  });

  it('refuses a customer order limit above the stored capacity, checked with the write', async () => {
    await ensureStore(api.runtime, managerAuth);
    await dataAs('manager', SETTINGS, { input: { capacity: 5, customerOrderLimit: 2 } });
    const before = await storeRow();
    const body = await as('manager', SETTINGS, { input: { customerOrderLimit: 6 } });
    expect(body.errors?.[0]).toMatchObject({ errorType: 'INVALID_INPUT', errorInfo: { field: 'customerOrderLimit' } });
    expect(await storeRow()).toEqual(before);
    const lowered = await as('manager', SETTINGS, { input: { capacity: 1 } });
    expect(lowered.errors?.[0]?.errorType).toBe('INVALID_INPUT');
    expect(await storeRow()).toEqual(before);
    expect((await dataAs<{ updateStoreSettings: Row }>('manager', SETTINGS, { input: { customerOrderLimit: 5 } })).updateStoreSettings['customerOrderLimit']).toBe(5);
  });
});

describe('who may see and run the store', () => {
  it('shows the store to the API key, every signed-in role and the back office over IAM', async () => {
    await ensureStore(api.runtime, managerAuth);
    const expected = (await dataAs<{ store: Row }>('apiKey', STORE)).store;
    for (const role of ['customer', 'barista', 'manager'] as const) expect((await dataAs<{ store: Row }>(role, STORE)).store).toEqual(expected);
    const body = JSON.stringify({ query: STORE });
    const iam = iamMode(api.server.httpUrl, api.booted.state.iam);
    const response = await fetch(api.server.httpUrl, { method: 'POST', headers: await iam.http(body), body });
    expect(await response.json()).toEqual({ data: { store: expected } });
  });

  it.each(['barista', 'customer', 'apiKey'] as const)('refuses to let the %s open, close or change the store: Unauthorized, nothing written', async (role) => {
    await ensureStore(api.runtime, managerAuth);
    const before = await storeRow();
    for (const [query, variables] of [
      [OPEN, {}],
      [CLOSE, {}],
      [SETTINGS, { input: { capacity: 99 } }],
    ] as const) {
      const body = await as(role, query, variables);
      expect(body.errors?.[0]?.errorType).toBe('Unauthorized');
    }
    expect(await storeRow()).toEqual(before);
  });
});

describe('the sales report', () => {
  const day = '2031-05-06';

  /** A SALES item as the payment and cancellation transactions leave it (resolvers/lib/sales.ts). */
  async function putSales(businessDate: string, item: Row): Promise<void> {
    await dynamo.send(new PutItemCommand({ TableName: ordersTable(), Item: marshall({ pk: `SALES#${businessDate}`, sk: 'SALES', businessDate, ...item }) }));
  }

  it('reports a day without sales as zeros', async () => {
    const { salesReport } = await dataAs<{ salesReport: Row }>('manager', REPORT, { date: '2030-01-01' });
    expect(salesReport).toEqual({ businessDate: '2030-01-01', ordersPaid: 0, ordersCancelled: 0, revenue: 0, refunded: 0, currency: 'EUR', topItems: [] });
  });

  it('reports a day’s takings net of refunds, its drinks by quantity and leaves out fully refunded ones', async () => {
    await putSales(day, {
      ordersPaid: 4,
      ordersCancelled: 2,
      revenue: 2150,
      refunded: 380,
      currency: 'EUR',
      'itemName#latte': 'Latte',
      'itemQuantity#latte': 2,
      'itemRevenue#latte': 780,
      'itemName#flat': 'Flat white',
      'itemQuantity#flat': 3,
      'itemRevenue#flat': 1140,
      'itemName#mocha': 'Mocha',
      'itemQuantity#mocha': 2,
      'itemRevenue#mocha': 860,
      'itemName#tea': 'Peppermint tea',
      'itemQuantity#tea': 0,
      'itemRevenue#tea': 0,
    });
    const { salesReport } = await dataAs<{ salesReport: Row }>('manager', REPORT, { date: day });
    expect(salesReport).toEqual({
      businessDate: day,
      ordersPaid: 4,
      ordersCancelled: 2,
      revenue: 2150,
      refunded: 380,
      currency: 'EUR',
      topItems: [
        { menuItemId: 'flat', name: 'Flat white', quantity: 3, revenue: 1140 },
        { menuItemId: 'mocha', name: 'Mocha', quantity: 2, revenue: 860 },
        { menuItemId: 'latte', name: 'Latte', quantity: 2, revenue: 780 },
      ],
    });
  });

  it('reports today, the UTC date, when no date is given', async () => {
    const today = new Date().toISOString().slice(0, 10);
    await putSales(today, { ordersPaid: 1, ordersCancelled: 0, revenue: 380, refunded: 0, currency: 'EUR' });
    const { salesReport } = await dataAs<{ salesReport: Row }>('manager', REPORT);
    expect(salesReport).toMatchObject({ businessDate: today, ordersPaid: 1, revenue: 380 });
  });

  it.each(['barista', 'customer', 'apiKey'] as const)('is refused to the %s with Unauthorized', async (role) => {
    const body = await as(role, REPORT, { date: day });
    expect(body.errors?.[0]?.errorType).toBe('Unauthorized');
    expect(body.data).toBeNull();
  });
});

describe('store changes pushed to the apps', () => {
  it('pushes opening, closing and every settings change to an API-key subscriber', async () => {
    const subscriber = await Subscriber.connect(api.server.realtimeUrl, { ca: api.server.caPem, auth: apiKeyMode(api.server.httpUrl, api.apiKey) });
    try {
      await subscriber.subscribe('store', 'subscription { onStoreChanged { open capacity } }');
      await dataAs('manager', CLOSE);
      await dataAs('manager', SETTINGS, { input: { capacity: 25 } });
      await dataAs('manager', OPEN);
      await subscriber.client.next((frame) => frame.id === 'store' && frame.type === 'data' && subscriber.data('store').length >= 3);
      const pushed = subscriber.data('store').map((frame) => (frame as { data: { onStoreChanged: Row } }).data.onStoreChanged);
      expect(pushed).toEqual([
        { open: false, capacity: expect.any(Number) },
        { open: false, capacity: 25 },
        { open: true, capacity: 25 },
      ]);
    } finally {
      await subscriber.close();
    }
  });
});
