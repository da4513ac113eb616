import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../local/src/server/http';
import { userPoolMode } from '../../local/test/realtime/appsync-auth';
import { Subscriber } from '../../local/test/realtime/subscriber';
import { menuIds, newKey, orderOf, PLACE_ORDER, updateStore } from '../api/support/order-steps';
import { asUser, seedMenuAndStore, signedInUser, startPaymentsWorld, type PaymentsWorld } from '../api/support/payment-steps';
import { allTables } from './support/tables';

/**
 * Requests that are wrong as a whole rather than in one argument: bodies that are not JSON or
 * over 1 MB, queries nested past any parser's patience, aliased mutation batches, and WebSocket frames that are not the protocol. Each gets a
 * clear error, nothing is written, and the server keeps serving. (AppSync's 10,000-resolver
 * limit, against the real tables, is in limits.slow.ts: ten thousand reads take a while.)
 */

let world: PaymentsWorld;
let customer: { email: string; sub: string; token: string };
let flatWhite: string;

beforeAll(async () => {
  world = await startPaymentsWorld();
  await seedMenuAndStore(world.api);
  const manager = await signedInUser(world.api, 'manager', ['Managers']);
  await updateStore(world.api, manager.token, { capacity: 100, customerOrderLimit: 5 });
  customer = await signedInUser(world.api, 'customer', ['Customers']);
  flatWhite = (await menuIds(world.api, customer.token))['Flat white'] ?? '';
});

afterAll(async () => {
  await world?.close();
});

async function post(body: string): Promise<{ status: number; body: { data?: unknown; errors?: Array<{ message: string; errorType?: string }> } }> {
  const response = await fetch(world.api.server.httpUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: customer.token }, body });
  return { status: response.status, body: (await response.json()) as { errors?: Array<{ message: string; errorType?: string }> } };
}

async function stillServes(): Promise<void> {
  const body = await asUser(world.api, customer.token, 'query { store { open } }');
  expect(body).toEqual({ data: { store: { open: true } } });
}

describe('malformed and oversized HTTP bodies', () => {
  it('answers every body that is not a GraphQL request with 400 MalformedHttpRequestException and writes nothing', async () => {
    const before = await allTables(world.api);
    const input = orderOf([{ menuItemId: flatWhite, size: 'REGULAR', quantity: 1 }]);
    const whole = JSON.stringify({ query: PLACE_ORDER, variables: { input } });
    const bodies = ['', 'null', '"placeOrder"', '[]', '{}', whole.slice(0, whole.length / 2), `${whole}}`, whole.replace('{', '{,'), '\u0000\u0001\u0002', '{"query": {"placeOrder": 1}}'];
    for (const body of bodies) {
      const out = await post(body);
      expect(out.status, body.slice(0, 40)).toBe(400);
      expect(out.body.errors?.[0]?.errorType, body.slice(0, 40)).toBe('MalformedHttpRequestException');
    }
    expect(await allTables(world.api)).toEqual(before);
    await stillServes();
  });

  it('refuses a 1 MB placeOrder with 413 before parsing it, and places nothing', async () => {
    const before = await allTables(world.api);
    const input = orderOf([{ menuItemId: flatWhite, size: 'REGULAR', quantity: 1 }], { notes: 'n'.repeat(MAX_BODY_BYTES) });
    const out = await post(JSON.stringify({ query: PLACE_ORDER, variables: { input } }));
    expect(out.status).toBe(413);
    expect(out.body.errors?.[0]?.errorType).toBe('PayloadTooLargeException');
    expect(await allTables(world.api)).toEqual(before);
  });

  it('parses a body just under 1 MB and refuses its notes with INVALID_INPUT, placing nothing', async () => {
    const before = await allTables(world.api);
    const input = orderOf([{ menuItemId: flatWhite, size: 'REGULAR', quantity: 1 }], { notes: '' });
    const envelope = JSON.stringify({ query: PLACE_ORDER, variables: { input } });
    input.notes = 'n'.repeat(MAX_BODY_BYTES - envelope.length);
    const body = JSON.stringify({ query: PLACE_ORDER, variables: { input } });
    expect(Buffer.byteLength(body)).toBe(MAX_BODY_BYTES);
    const out = await post(body);
    expect(out.status).toBe(200);
    expect(out.body.errors?.[0]?.errorType).toBe('INVALID_INPUT');
    expect(await allTables(world.api)).toEqual(before);
  });
});

describe('query shapes meant to exhaust the server', () => {
  it('answers a selection nested 20,000 deep with an error, not a crash', async () => {
    const depth = 20_000;
    const out = await post(JSON.stringify({ query: `{ ${'menu { categories { '.repeat(1)}${'a { '.repeat(depth)}b${' }'.repeat(depth)} } } }` }));
    expect(out.body.errors?.length ?? 0).toBeGreaterThan(0);
    expect(out.body.data ?? null).toBeNull();
    await stillServes();
  });

  it('answers a fragment that spreads itself with a validation error', async () => {
    const out = await post(JSON.stringify({ query: '{ menu { ...M } } fragment M on Menu { categories { name } ...M }' }));
    expect(out.status).toBe(200);
    expect(out.body.data ?? null).toBeNull();
    expect(out.body.errors?.[0]?.message).toMatch(/Fragment|fragment/);
  });

  it('runs aliased placeOrder mutations one after another, so the customer’s limit still holds', async () => {
    const mutations = Array.from({ length: 12 }, (_, index) => `o${index}: placeOrder(input: $i${index}) { id }`).join(' ');
    const params = Array.from({ length: 12 }, (_, index) => `$i${index}: PlaceOrderInput!`).join(', ');
    const variables = Object.fromEntries(
      Array.from({ length: 12 }, (_, index) => [`i${index}`, { idempotencyKey: newKey(), pickupName: 'Batch', lines: [{ menuItemId: flatWhite, size: 'REGULAR', quantity: 1 }] }]),
    );
    const body = await asUser(world.api, customer.token, `mutation(${params}) { ${mutations} }`, variables);
    const placed = Object.values(body.data ?? {}).filter((value) => value !== null);
    expect(placed).toHaveLength(5);
    expect(new Set(body.errors?.map((error) => error.errorType))).toEqual(new Set(['LIMIT_REACHED']));
    const rows = Object.entries(await allTables(world.api)).filter(([key, row]) => key.startsWith('orders|ORDER#') && row['sk'] === 'ORDER' && row['customerId'] === customer.sub);
    expect(rows).toHaveLength(5);
  });
});

describe('malformed WebSocket frames', () => {
  it('answer each bad frame with an error, keep the connection, and serve a real subscription after', async () => {
    const subscriber = await Subscriber.connect(world.api.server.realtimeUrl, { ca: world.api.server.caPem, auth: userPoolMode(world.api.server.httpUrl, customer.token) });
    const authorization = await userPoolMode(world.api.server.httpUrl, customer.token).start('');
    try {
      const frames = [
        'not json',
        '{"type":',
        '[]',
        '42',
        '{"type":"no-such-type"}',
        '{"type":"start"}',
        JSON.stringify({ id: 'm1', type: 'start', payload: {} }),
        JSON.stringify({ id: 'm2', type: 'start', payload: { data: '{not json', extensions: { authorization } } }),
        JSON.stringify({ id: 'm3', type: 'start', payload: { data: JSON.stringify({ query: 'subscription { onMyOrderChanged { ' }), extensions: { authorization } } }),
        JSON.stringify({ id: 'm4', type: 'start', payload: { data: JSON.stringify({ query: 'subscription { nope }' }), extensions: { authorization } } }),
        JSON.stringify({ id: 'm5', type: 'start', payload: { data: JSON.stringify({ query: 'mutation { openStore { open } }' }), extensions: { authorization } } }),
        JSON.stringify({ id: 'm6', type: 'start', payload: { data: JSON.stringify({ query: 'subscription { onMyOrderChanged { id } }' }) } }),
      ];
      for (const frame of frames) {
        const seen = subscriber.client.frames.length;
        subscriber.client.socket.send(frame);
        const answer = await subscriber.client.next((candidate) => subscriber.client.frames.indexOf(candidate) >= seen && candidate['type'] !== 'ka');
        expect(answer['type'], frame).toBe('error');
        expect(JSON.stringify(answer['payload'] ?? {}), frame).toMatch(/message/);
      }
      subscriber.client.socket.send(Buffer.from([0xff, 0x00, 0xfe]), { binary: true });
      expect(world.api.server.hub.stats().subscriptions).toBe(0);
      expect(subscriber.isOpen).toBe(true);
      await subscriber.subscribe('mine', 'subscription { onMyOrderChanged { id } }');
      expect(world.api.server.hub.stats().subscriptions).toBe(1);
    } finally {
      await subscriber.close();
    }
  });

  it('close a connection that sends a frame over 1 MB (1009), and keep serving other connections', async () => {
    const auth = userPoolMode(world.api.server.httpUrl, customer.token);
    const flooder = await Subscriber.connect(world.api.server.realtimeUrl, { ca: world.api.server.caPem, auth });
    const bystander = await Subscriber.connect(world.api.server.realtimeUrl, { ca: world.api.server.caPem, auth });
    try {
      flooder.client.socket.send(JSON.stringify({ id: 'big', type: 'start', payload: { data: 'x'.repeat(2 * 1024 * 1024) } }));
      expect((await flooder.client.closed).code).toBe(1009);
      await bystander.subscribe('mine', 'subscription { onMyOrderChanged { id } }');
      expect(bystander.isOpen).toBe(true);
      await stillServes();
    } finally {
      await bystander.close();
      await flooder.close();
    }
  });
});
