import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { apiDefinition } from '../../infra/api';
import type { AuthContext } from '../../local/src/identity';
import { apiKeyMode, userPoolMode } from '../../local/test/realtime/appsync-auth';
import { Subscriber } from '../../local/test/realtime/subscriber';
import { startTestApi, type GraphqlBody, type TestApi } from '../../local/test/support/local-api';
import { signInEachRole, type StaffRole } from './support/staff';
import { SEED_MENU, seedMenuAs } from '../../scripts/seed/menu';

type Role = 'manager' | 'barista' | 'customer' | 'apiKey';
type Row = Record<string, unknown>;

interface MenuView {
  version: number;
  updatedAt: string | null;
  categories: Array<{
    id: string;
    name: string;
    sortOrder: number;
    items: Array<{
      id: string;
      categoryId: string;
      name: string;
      basePrice: number;
      sizes: Array<{ size: string; price: number }>;
      milkOptions: Array<{ milk: string; surcharge: number }>;
      defaultMilk: string | null;
      extras: Array<{ id: string; name: string; price: number; maxQuantity: number }>;
      available: boolean;
      sortOrder: number;
      menuVersion: number;
    }>;
  }>;
}

const MENU_ITEM_FIELDS = 'id categoryId name description basePrice sizes { size price } milkOptions { milk surcharge } defaultMilk extras { id name price maxQuantity } available sortOrder updatedAt menuVersion';
const MENU = `query { menu { version updatedAt categories { id name sortOrder items { ${MENU_ITEM_FIELDS} } } } }`;
const PUT_CATEGORY = 'mutation($input: PutCategoryInput!) { putCategory(input: $input) { id name sortOrder items { name } } }';
const PUT_MENU_ITEM = `mutation($input: PutMenuItemInput!) { putMenuItem(input: $input) { ${MENU_ITEM_FIELDS} } }`;
const SET_AVAILABILITY = `mutation($id: ID!, $available: Boolean!) { setMenuItemAvailability(id: $id, available: $available) { ${MENU_ITEM_FIELDS} } }`;

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

/** The data of a request that must succeed. */
async function dataAs<T>(role: Role, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const body = await as(role, query, variables);
  expect(body.errors).toBeUndefined();
  return body.data as T;
}

async function menu(role: Role = 'apiKey'): Promise<MenuView> {
  return (await dataAs<{ menu: MenuView }>(role, MENU)).menu;
}

/** Every record of the menu partition, straight from the table. */
async function menuRows(): Promise<Row[]> {
  const tableName = api.booted.tableNames['menu'];
  const answer = await dynamo.send(
    new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: 'MENU' } }, ConsistentRead: true }),
  );
  return (answer.Items ?? []).map((item) => unmarshall(item));
}

async function storedVersion(): Promise<number> {
  const meta = (await menuRows()).find((row) => row['sk'] === 'META');
  return (meta?.['version'] as number | undefined) ?? 0;
}

function newItem(categoryId: string, name: string): Record<string, unknown> {
  return {
    categoryId,
    name,
    description: 'A test drink.',
    sizes: [
      { size: 'LARGE', price: 450 },
      { size: 'REGULAR', price: 400 },
    ],
    milkOptions: [
      { milk: 'OAT', surcharge: 50 },
      { milk: 'WHOLE', surcharge: 0 },
    ],
    extras: [{ id: 'extra-shot', name: 'Extra shot', price: 60, maxQuantity: 2 }],
    available: true,
    sortOrder: 500,
  };
}

async function newCategory(name: string): Promise<string> {
  const put = await dataAs<{ putCategory: { id: string } }>('manager', PUT_CATEGORY, { input: { name, sortOrder: 900 } });
  return put.putCategory.id;
}

beforeAll(async () => {
  api = await startTestApi(apiDefinition);
  dynamo = new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  ({ tokens, managerAuth } = await signInEachRole(api, 'menu.test'));
  await seedMenuAs(api.runtime, managerAuth);
});

afterAll(async () => {
  dynamo?.destroy();
  await api?.close();
});

describe('browsing the seeded menu', () => {
  it('lists the four seed categories in sortOrder, each with its drinks in sortOrder', async () => {
    const seen = await menu();
    expect(seen.categories.map((category) => category.name)).toEqual(SEED_MENU.categories.map((category) => category.name));
    for (const category of SEED_MENU.categories) {
      const shown = seen.categories.find((candidate) => candidate.name === category.name);
      expect(shown?.items.map((item) => item.name)).toEqual(category.items.map((item) => item.name));
    }
    expect(seen.categories.flatMap((category) => category.items).length).toBeGreaterThanOrEqual(15);
  });

  it('prices each drink from its smallest size and lists its sizes, milks and extras', async () => {
    const drinks = (await menu()).categories.flatMap((category) => category.items);
    const latte = drinks.find((drink) => drink.name === 'Latte');
    expect(latte).toMatchObject({
      basePrice: 350,
      sizes: [
        { size: 'SMALL', price: 350 },
        { size: 'REGULAR', price: 390 },
        { size: 'LARGE', price: 440 },
      ],
      defaultMilk: 'WHOLE',
    });
    expect(latte?.milkOptions.map((option) => option.milk)).toEqual(['WHOLE', 'SKIM', 'OAT', 'SOY', 'ALMOND']);
    expect(latte?.milkOptions.find((option) => option.milk === 'OAT')?.surcharge).toBe(50);
    expect(latte?.extras.map((extra) => extra.id)).toEqual(['extra-shot', 'vanilla', 'caramel', 'hazelnut']);
    const coldBrew = drinks.find((drink) => drink.name === 'Cold brew');
    expect(coldBrew).toMatchObject({ milkOptions: [], defaultMilk: null, basePrice: 400 });
  });

  it('shows sold-out drinks as unavailable', async () => {
    const drinks = (await menu()).categories.flatMap((category) => category.items);
    const soldOut = SEED_MENU.categories.flatMap((category) => category.items).filter((item) => !item.available);
    expect(soldOut.length).toBeGreaterThan(0);
    for (const item of soldOut) expect(drinks.find((drink) => drink.name === item.name)?.available).toBe(false);
    expect(drinks.find((drink) => drink.name === 'Flat white')?.available).toBe(true);
  });

  it('reads the same with the API key and signed in as a customer, barista or manager', async () => {
    const withKey = await menu('apiKey');
    for (const role of ['customer', 'barista', 'manager'] as const) expect(await menu(role)).toEqual(withKey);
  });

  it('returns one item by id with menuItem, and null for an id that does not exist', async () => {
    const flatWhite = (await menu()).categories.flatMap((category) => category.items).find((drink) => drink.name === 'Flat white');
    const found = await dataAs<{ menuItem: { id: string; name: string } | null }>('apiKey', 'query($id: ID!) { menuItem(id: $id) { id name } }', { id: flatWhite?.id });
    expect(found.menuItem).toEqual({ id: flatWhite?.id, name: 'Flat white' });
    const missing = await dataAs<{ menuItem: unknown }>('customer', 'query { menuItem(id: "no-such-item") { id } }');
    expect(missing.menuItem).toBeNull();
  });

  it('carries the version of the menu table, which counts every edit of the seed', async () => {
    const seen = await menu();
    const categories = SEED_MENU.categories.length;
    const items = SEED_MENU.categories.reduce((sum, category) => sum + category.items.length, 0);
    expect(seen.version).toBe(await storedVersion());
    expect(seen.version).toBeGreaterThanOrEqual(categories + items);
    expect(seen.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('seeds again without adding anything or undoing a manager’s edit', async () => {
    const espresso = (await menu()).categories.flatMap((category) => category.items).find((drink) => drink.name === 'Espresso');
    await dataAs('manager', SET_AVAILABILITY, { id: espresso?.id, available: false });
    const before = await menuRows();
    const again = await seedMenuAs(api.runtime, managerAuth);
    expect(again.created).toBe(0);
    expect(await menuRows()).toEqual(before);
    await dataAs('manager', SET_AVAILABILITY, { id: espresso?.id, available: true });
  });
});

describe('a manager editing the menu', () => {
  it('creates a category with putCategory, moving the menu version by one', async () => {
    const before = await storedVersion();
    const put = await dataAs<{ putCategory: { id: string; name: string; sortOrder: number; items: unknown[] } }>('manager', PUT_CATEGORY, {
      input: { name: '  Seasonal  ', sortOrder: 50 },
    });
    expect(put.putCategory).toMatchObject({ name: 'Seasonal', sortOrder: 50, items: [] });
    expect(await storedVersion()).toBe(before + 1);
    const row = (await menuRows()).find((candidate) => candidate['sk'] === `CATEGORY#${put.putCategory.id}`);
    expect(row).toMatchObject({ kind: 'CATEGORY', name: 'Seasonal', sortOrder: 50, menuVersion: before + 1 });
    expect((await menu()).categories.map((category) => category.name)).toContain('Seasonal');
  });

  it('renames a category by id and answers it with its items', async () => {
    const categoryId = await newCategory('Specials');
    await dataAs('manager', PUT_MENU_ITEM, { input: newItem(categoryId, 'Special one') });
    const before = await storedVersion();
    const put = await dataAs<{ putCategory: { id: string; name: string; items: Array<{ name: string }> } }>('manager', PUT_CATEGORY, {
      input: { id: categoryId, name: 'House specials', sortOrder: 5 },
    });
    expect(put.putCategory).toEqual({ id: categoryId, name: 'House specials', sortOrder: 5, items: [{ name: 'Special one' }] });
    expect(await storedVersion()).toBe(before + 1);
    expect((await menu()).categories[0]?.name).toBe('House specials');
  });

  it('refuses putCategory with an id that does not exist: UNKNOWN_CATEGORY, nothing written', async () => {
    const before = await menuRows();
    const body = await as('manager', PUT_CATEGORY, { input: { id: 'no-such-category', name: 'Ghost', sortOrder: 1 } });
    expect(body.errors?.[0]?.errorType).toBe('UNKNOWN_CATEGORY');
    expect(await menuRows()).toEqual(before);
  });

  it('creates an item with putMenuItem: basePrice from the smallest size, the version it produced', async () => {
    const categoryId = await newCategory('New drinks');
    const before = await storedVersion();
    const put = await dataAs<{ putMenuItem: MenuView['categories'][number]['items'][number] }>('manager', PUT_MENU_ITEM, { input: newItem(categoryId, 'Cortado grande') });
    expect(put.putMenuItem).toMatchObject({ categoryId, name: 'Cortado grande', basePrice: 400, available: true, defaultMilk: 'WHOLE', menuVersion: before + 1 });
    expect(await storedVersion()).toBe(before + 1);
    const row = (await menuRows()).find((candidate) => candidate['sk'] === `ITEM#${put.putMenuItem.id}`);
    expect(row).toMatchObject({ kind: 'ITEM', name: 'Cortado grande', basePrice: 400, menuVersion: before + 1 });
    const shown = (await menu()).categories.find((category) => category.id === categoryId);
    expect(shown?.items.map((item) => item.name)).toEqual(['Cortado grande']);
  });

  it('replaces an item with putMenuItem and its id, moving the version again', async () => {
    const categoryId = await newCategory('Replacements');
    const created = await dataAs<{ putMenuItem: { id: string } }>('manager', PUT_MENU_ITEM, { input: newItem(categoryId, 'Old name') });
    const before = await storedVersion();
    const input = { ...newItem(categoryId, 'New name'), id: created.putMenuItem.id, sizes: [{ size: 'SMALL', price: 310 }], milkOptions: [], extras: [] };
    const put = await dataAs<{ putMenuItem: { id: string; name: string; basePrice: number; milkOptions: unknown[]; defaultMilk: string | null; menuVersion: number } }>(
      'manager',
      PUT_MENU_ITEM,
      { input },
    );
    expect(put.putMenuItem).toMatchObject({ id: created.putMenuItem.id, name: 'New name', basePrice: 310, milkOptions: [], defaultMilk: null, menuVersion: before + 1 });
    const rows = (await menuRows()).filter((row) => row['kind'] === 'ITEM' && row['categoryId'] === categoryId);
    expect(rows.map((row) => row['name'])).toEqual(['New name']);
  });

  it('refuses putMenuItem with an id that does not exist: UNKNOWN_MENU_ITEM, nothing written', async () => {
    const categoryId = await newCategory('Unknown ids');
    const before = await menuRows();
    const body = await as('manager', PUT_MENU_ITEM, { input: { ...newItem(categoryId, 'Ghost'), id: 'no-such-item' } });
    expect(body.errors?.[0]?.errorType).toBe('UNKNOWN_MENU_ITEM');
    expect(await menuRows()).toEqual(before);
  });

  it('refuses putMenuItem into a category that does not exist: UNKNOWN_CATEGORY, nothing written', async () => {
    const before = await menuRows();
    const body = await as('manager', PUT_MENU_ITEM, { input: newItem('no-such-category', 'Orphan') });
    expect(body.errors?.[0]).toMatchObject({ errorType: 'UNKNOWN_CATEGORY', message: 'Category no-such-category does not exist.' });
    expect(await menuRows()).toEqual(before);
  });

  const invalid: Array<[string, (item: Record<string, unknown>) => Record<string, unknown>, string]> = [
    ['no size', (item) => ({ ...item, sizes: [] }), 'sizes'],
    ['a size twice', (item) => ({ ...item, sizes: [{ size: 'SMALL', price: 1 }, { size: 'SMALL', price: 2 }] }), 'sizes'],
    ['a milk twice', (item) => ({ ...item, milkOptions: [{ milk: 'OAT', surcharge: 1 }, { milk: 'OAT', surcharge: 2 }] }), 'milkOptions'],
    ['an extra id twice', (item) => ({ ...item, extras: [{ id: 'x', name: 'X', price: 1, maxQuantity: 1 }, { id: 'x', name: 'Y', price: 1, maxQuantity: 1 }] }), 'extras'],
    ['a negative size price', (item) => ({ ...item, sizes: [{ size: 'SMALL', price: -1 }] }), 'sizes.price'],
    ['a negative milk surcharge', (item) => ({ ...item, milkOptions: [{ milk: 'SOY', surcharge: -5 }] }), 'milkOptions.surcharge'],
    ['a negative extra price', (item) => ({ ...item, extras: [{ id: 'x', name: 'X', price: -1, maxQuantity: 1 }] }), 'extras.price'],
    ['an extra allowed zero times', (item) => ({ ...item, extras: [{ id: 'x', name: 'X', price: 1, maxQuantity: 0 }] }), 'extras.maxQuantity'],
    ['an empty name', (item) => ({ ...item, name: '   ' }), 'name'],
    ['a default milk it does not offer', (item) => ({ ...item, defaultMilk: 'SOY' }), 'defaultMilk'],
    ['a negative sortOrder', (item) => ({ ...item, sortOrder: -1 }), 'sortOrder'],
  ];

  it.each(invalid)('refuses putMenuItem with %s: INVALID_INPUT naming the field, nothing written', async (_case, change, field) => {
    const categoryId = (await menu()).categories[0]?.id ?? '';
    const before = await menuRows();
    const body = await as('manager', PUT_MENU_ITEM, { input: change(newItem(categoryId, 'Invalid drink')) });
    expect(body.errors?.[0]).toMatchObject({ errorType: 'INVALID_INPUT', errorInfo: { field } });
    expect(body.data).toEqual({ putMenuItem: null });
    expect(await menuRows()).toEqual(before);
  });

  it('refuses putCategory with an empty name: INVALID_INPUT, nothing written', async () => {
    const before = await menuRows();
    const body = await as('manager', PUT_CATEGORY, { input: { name: '', sortOrder: 1 } });
    expect(body.errors?.[0]).toMatchObject({ errorType: 'INVALID_INPUT', errorInfo: { field: 'name' } });
    expect(await menuRows()).toEqual(before);
  });

  it('marks an item sold out and back with setMenuItemAvailability, each time moving the version', async () => {
    const mocha = (await menu()).categories.flatMap((category) => category.items).find((drink) => drink.name === 'Mocha');
    const before = await storedVersion();
    const soldOut = await dataAs<{ setMenuItemAvailability: { id: string; name: string; available: boolean; basePrice: number; menuVersion: number } }>(
      'manager',
      SET_AVAILABILITY,
      { id: mocha?.id, available: false },
    );
    expect(soldOut.setMenuItemAvailability).toMatchObject({ id: mocha?.id, name: 'Mocha', available: false, basePrice: 430, menuVersion: before + 1 });
    const shown = (await menu()).categories.flatMap((category) => category.items).find((drink) => drink.id === mocha?.id);
    expect(shown).toMatchObject({ available: false, menuVersion: before + 1 });
    const back = await dataAs<{ setMenuItemAvailability: { available: boolean; menuVersion: number } }>('manager', SET_AVAILABILITY, { id: mocha?.id, available: true });
    expect(back.setMenuItemAvailability).toEqual(expect.objectContaining({ available: true, menuVersion: before + 2 }));
    expect(await storedVersion()).toBe(before + 2);
  });

  it('refuses setMenuItemAvailability for an item that does not exist: UNKNOWN_MENU_ITEM, nothing written', async () => {
    const before = await menuRows();
    const body = await as('manager', SET_AVAILABILITY, { id: 'no-such-item', available: false });
    expect(body.errors?.[0]?.errorType).toBe('UNKNOWN_MENU_ITEM');
    expect(await menuRows()).toEqual(before);
  });

  it('never gives two concurrent edits the same version: the losers get MENU_VERSION_CONFLICT', async () => {
    const drinks = (await menu()).categories.flatMap((category) => category.items).slice(0, 6);
    const before = await storedVersion();
    const answers = await Promise.all(drinks.map((drink) => as('manager', SET_AVAILABILITY, { id: drink.id, available: drink.available })));
    const versions = answers.flatMap((body) => {
      const item = (body.data as { setMenuItemAvailability: { menuVersion: number } | null } | null)?.setMenuItemAvailability;
      return item ? [item.menuVersion] : [];
    });
    const conflicts = answers.filter((body) => body.errors?.[0]?.errorType === 'MENU_VERSION_CONFLICT');
    expect(versions.length).toBeGreaterThan(0);
    expect(versions.length + conflicts.length).toBe(drinks.length);
    expect(new Set(versions).size).toBe(versions.length);
    expect(await storedVersion()).toBe(before + versions.length);
  });
});

describe('onMenuChanged', () => {
  it('pushes every putMenuItem and setMenuItemAvailability to a subscriber with the API key', async () => {
    const subscriber = await Subscriber.connect(api.server.realtimeUrl, { ca: api.server.caPem, auth: apiKeyMode(api.server.httpUrl, api.apiKey) });
    try {
      await subscriber.subscribe('menu', 'subscription { onMenuChanged { id name available menuVersion } }');
      const categoryId = await newCategory('Pushed');
      const put = await dataAs<{ putMenuItem: { id: string; menuVersion: number } }>('manager', PUT_MENU_ITEM, { input: newItem(categoryId, 'Pushed drink') });
      const sold = await dataAs<{ setMenuItemAvailability: { menuVersion: number } }>('manager', SET_AVAILABILITY, { id: put.putMenuItem.id, available: false });
      await subscriber.client.next((frame) => frame.id === 'menu' && frame.type === 'data' && subscriber.data('menu').length >= 2);
      expect(subscriber.data('menu')).toEqual([
        { data: { onMenuChanged: { id: put.putMenuItem.id, name: 'Pushed drink', available: true, menuVersion: put.putMenuItem.menuVersion } } },
        { data: { onMenuChanged: { id: put.putMenuItem.id, name: 'Pushed drink', available: false, menuVersion: sold.setMenuItemAvailability.menuVersion } } },
      ]);
    } finally {
      await subscriber.close();
    }
  });

  it('lets a signed-in customer subscribe too', async () => {
    const subscriber = await Subscriber.connect(api.server.realtimeUrl, { ca: api.server.caPem, auth: userPoolMode(api.server.httpUrl, tokens.customer ?? '') });
    try {
      const answer = await subscriber.start('menu', 'subscription { onMenuChanged { id } }');
      expect(answer.type).toBe('start_ack');
    } finally {
      await subscriber.close();
    }
  });
});

describe('who may edit the menu', () => {
  it.each(['barista', 'customer', 'apiKey'] as const)('refuses every menu edit by the %s with Unauthorized and writes nothing', async (role) => {
    const drink = (await menu()).categories.flatMap((category) => category.items)[0];
    const categoryId = drink?.categoryId ?? '';
    const before = await menuRows();
    const attempts = [
      await as(role, PUT_CATEGORY, { input: { name: 'Hijacked', sortOrder: 1 } }),
      await as(role, PUT_CATEGORY, { input: { id: categoryId, name: 'Hijacked', sortOrder: 1 } }),
      await as(role, PUT_MENU_ITEM, { input: newItem(categoryId, 'Free coffee') }),
      await as(role, PUT_MENU_ITEM, { input: { ...newItem(categoryId, 'Free coffee'), id: drink?.id } }),
      await as(role, SET_AVAILABILITY, { id: drink?.id, available: !drink?.available }),
    ];
    for (const body of attempts) {
      expect(body.errors?.[0]?.errorType).toBe('Unauthorized');
      expect(Object.values(body.data ?? {})).toEqual([null]);
    }
    expect(await menuRows()).toEqual(before);
  });
});
