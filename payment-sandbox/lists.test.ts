import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPaymentSandbox, type RunningPaymentSandbox } from './index';

/**
 * The list endpoints reconciliation reads (Stripe's shapes: https://docs.stripe.com/api/charges/list,
 * https://docs.stripe.com/api/refunds/list), and refunds made out of band.
 */

const expiry = `12/${String(new Date().getUTCFullYear() + 1).slice(-2)}`;

interface Charge {
  id: string;
  created: number;
  metadata: Record<string, string>;
  refunded: boolean;
}
interface List<T> {
  object: string;
  url: string;
  has_more: boolean;
  data: T[];
}

let dataDir: string;
let sandbox: RunningPaymentSandbox;
/** Oldest first. */
const made: Charge[] = [];

async function call<T>(method: string, path: string, body?: unknown, idempotencyKey?: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${sandbox.secretKey}`,
      ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
}

async function charge(orderId: string): Promise<Charge> {
  const token = await call<{ id: string }>('POST', '/v1/tokens', { card: { number: '4242424242424242', expiry, cvc: '123' } });
  const charged = await call<Charge>('POST', '/v1/charges', { amount: 400, currency: 'eur', source: token.body.id, metadata: { orderId } }, `pay:${orderId}`);
  return charged.body;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'payment-sandbox-lists-'));
  sandbox = await startPaymentSandbox({ port: 0, dataDir });
  for (let i = 0; i < 5; i += 1) made.push(await charge(`order-${i}`));
});

afterAll(async () => {
  await sandbox.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('GET /v1/charges', () => {
  it('answers a Stripe list object, newest first, each charge with its metadata', async () => {
    const { status, body } = await call<List<Charge>>('GET', '/v1/charges');
    expect(status).toBe(200);
    expect(body).toMatchObject({ object: 'list', url: '/v1/charges', has_more: false });
    expect(body.data.map((c) => c.id)).toEqual([...made].reverse().map((c) => c.id));
    expect(body.data[0]?.metadata).toEqual({ orderId: 'order-4' });
  });

  it('pages with limit and starting_after, saying has_more until the last page', async () => {
    const first = await call<List<Charge>>('GET', '/v1/charges?limit=2');
    expect(first.body.data.map((c) => c.metadata.orderId)).toEqual(['order-4', 'order-3']);
    expect(first.body.has_more).toBe(true);
    const second = await call<List<Charge>>('GET', `/v1/charges?limit=2&starting_after=${first.body.data[1]?.id}`);
    expect(second.body.data.map((c) => c.metadata.orderId)).toEqual(['order-2', 'order-1']);
    const last = await call<List<Charge>>('GET', `/v1/charges?limit=2&starting_after=${second.body.data[1]?.id}`);
    expect(last.body).toMatchObject({ has_more: false, data: [{ metadata: { orderId: 'order-0' } }] });
  });

  it('filters by created[gte] and created[lt] in epoch seconds', async () => {
    const oldest = made[0]?.created ?? 0;
    expect((await call<List<Charge>>('GET', `/v1/charges?created[gte]=${oldest}&limit=100`)).body.data).toHaveLength(5);
    expect((await call<List<Charge>>('GET', `/v1/charges?created[gte]=${oldest + 3600}`)).body.data).toEqual([]);
    expect((await call<List<Charge>>('GET', `/v1/charges?created[lt]=${oldest}`)).body.data).toEqual([]);
  });

  it('refuses a bad limit, a bad created and an unknown cursor with typed 400s', async () => {
    const tried = ['limit=0', 'limit=101', 'limit=ten', 'created[gte]=yesterday', 'created[after]=1', 'starting_after=ch_nope'];
    const answers = await Promise.all(tried.map((q) => call<{ error: { type: string; param: string } }>('GET', `/v1/charges?${q}`)));
    expect(answers.map((a) => a.status)).toEqual(tried.map(() => 400));
    expect(answers.map((a) => a.body.error.param)).toEqual(['limit', 'limit', 'limit', 'created[gte]', 'created[after]', 'starting_after']);
  });
});

describe('refunds out of band and GET /v1/refunds', () => {
  it("refunds with the secret key and another idempotency key, lists that charge's refunds, refuses a second full refund", async () => {
    const target = made[2];
    if (!target) throw new Error('no charge to refund');
    const refund = await call<{ id: string; charge: string; amount: number }>('POST', '/v1/refunds', { charge: target.id }, 'out-of-band-1');
    expect(refund).toMatchObject({ status: 200, body: { charge: target.id, amount: 400 } });

    const listed = await call<List<{ id: string }>>('GET', `/v1/refunds?charge=${target.id}`);
    expect(listed.body).toMatchObject({ object: 'list', url: '/v1/refunds', has_more: false });
    expect(listed.body.data.map((r) => r.id)).toEqual([refund.body.id]);
    expect((await call<List<{ id: string }>>('GET', `/v1/refunds?charge=${made[1]?.id}`)).body.data).toEqual([]);

    const again = await call('POST', '/v1/refunds', { charge: target.id }, 'the-shop-s-own-key');
    expect(again).toEqual({
      status: 400,
      body: { error: { type: 'invalid_request_error', code: 'charge_already_refunded', message: `Charge ${target.id} has already been refunded.` } },
    });
    expect((await call<Charge>('GET', `/v1/charges/${target.id}`)).body.refunded).toBe(true);
  });

  it('answers resource_missing for the refunds of an unknown charge', async () => {
    const { status, body } = await call<{ error: { code: string; param: string } }>('GET', '/v1/refunds?charge=ch_nope');
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'resource_missing', param: 'charge' });
  });
});
