import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JOURNAL_FILE, startPaymentSandbox, STATE_FILE, type RunningPaymentSandbox } from './index';

const expiry = `12/${String(new Date().getUTCFullYear() + 1).slice(-2)}`;

let dataDir: string;
let sandbox: RunningPaymentSandbox;
let keys = 0;

/** The parts of Stripe-shaped answers these tests read. */
type Answer = Record<string, unknown> & {
  id?: string;
  error?: { type?: string; code?: string; message?: string };
  data?: Array<Record<string, unknown>>;
  payment_method_details?: { card?: unknown };
  card?: unknown;
};

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'payment-sandbox-test-'));
  sandbox = await startPaymentSandbox({ port: 0, dataDir });
});

afterEach(async () => {
  await sandbox.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${sandbox.secretKey}`, ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Answer };
}

async function tokenize(number: string, cvc = '123'): Promise<string> {
  const { status, body } = await call('POST', '/v1/tokens', { card: { number, expiry, cvc } });
  expect(status).toBe(200);
  return body.id ?? '';
}

function charge(source: string, amount = 900, key = `key-${(keys += 1)}`) {
  return call('POST', '/v1/charges', { amount, currency: 'eur', source, metadata: { orderId: 'order-1' } }, { 'idempotency-key': key });
}

async function charges(): Promise<Array<Record<string, unknown>>> {
  return (await call('GET', '/v1/charges')).body.data ?? [];
}

describe('payment sandbox: tokens', () => {
  it('turns a valid card into a tok_ token that shows only brand and last four digits', async () => {
    const { status, body } = await call('POST', '/v1/tokens', { card: { number: '4242424242424242', expiry, cvc: '123' } });
    expect(status).toBe(200);
    expect(body.id).toMatch(/^tok_/);
    expect(body.card).toMatchObject({ brand: 'visa', last4: '4242' });
    expect(JSON.stringify(body)).not.toContain('4242424242424242');
  });

  it('answers a bad card with a Stripe-shaped card_error and stores nothing of it', async () => {
    const { status, body } = await call('POST', '/v1/tokens', { card: { number: '4242424242424241', expiry, cvc: '123' } });
    expect(status).toBe(402);
    expect(body.error).toEqual({ type: 'card_error', code: 'incorrect_number', param: 'number', message: 'Your card number is incorrect.' });
  });

  it('never writes a card number to its state file', async () => {
    await tokenize('4242424242424242');
    await tokenize('4000000000000002');
    const state = readFileSync(join(dataDir, STATE_FILE), 'utf8') + readFileSync(join(dataDir, JOURNAL_FILE), 'utf8');
    expect(state).not.toContain('4242424242424242');
    expect(state).not.toContain('4000000000000002');
  });
});

describe('payment sandbox: charges', () => {
  it('charges a good card once and serves the charge by id', async () => {
    const { status, body } = await charge(await tokenize('4242424242424242'), 1250);
    expect(status).toBe(200);
    expect(body).toMatchObject({ object: 'charge', amount: 1250, currency: 'eur', status: 'succeeded', paid: true, metadata: { orderId: 'order-1' } });
    expect(body.payment_method_details?.card).toMatchObject({ brand: 'visa', last4: '4242' });
    expect((await call('GET', `/v1/charges/${body.id}`)).body).toEqual(body);
  });

  it('answers a retry with the same key with the first charge, marked as replayed, and charges once', async () => {
    const token = await tokenize('4242424242424242');
    const first = await charge(token, 900, 'same-key');
    const retry = await charge(token, 900, 'same-key');
    expect(retry.status).toBe(200);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await charges()).toHaveLength(1);
  });

  it('refuses a reused key with a different amount, as Stripe does', async () => {
    const token = await tokenize('4242424242424242');
    await charge(token, 900, 'reused-key');
    const { status, body } = await charge(token, 1900, 'reused-key');
    expect(status).toBe(400);
    expect(body.error?.type).toBe('idempotency_error');
    expect(body.error?.message).toContain("Try using a key other than 'reused-key'");
    expect(await charges()).toHaveLength(1);
  });

  it('requires an idempotency key to charge', async () => {
    const token = await tokenize('4242424242424242');
    const { status } = await call('POST', '/v1/charges', { amount: 900, currency: 'eur', source: token });
    expect(status).toBe(400);
    expect(await charges()).toHaveLength(0);
  });

  it('does not charge one token twice, even under two keys', async () => {
    const token = await tokenize('4242424242424242');
    await charge(token, 900, 'first');
    const { status, body } = await charge(token, 900, 'second');
    expect(status).toBe(400);
    expect(body.error?.code).toBe('token_already_used');
    expect((await charges()).filter((c) => c.status === 'succeeded')).toHaveLength(1);
  });

  it('declines 4000000000000002 with card_declined', async () => {
    const { status, body } = await charge(await tokenize('4000000000000002'));
    expect(status).toBe(402);
    expect(body.error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: 'generic_decline' });
    expect(await charges()).toMatchObject([{ status: 'failed', paid: false }]);
  });

  it('declines 4000000000009995 for insufficient funds', async () => {
    const { status, body } = await charge(await tokenize('4000000000009995'));
    expect(status).toBe(402);
    expect(body.error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds' });
  });

  it('answers 4000000000000119 with a 500 every time, charging nothing, so a retry with the same key runs again', async () => {
    const token = await tokenize('4000000000000119');
    const first = await charge(token, 900, 'flaky');
    const retry = await charge(token, 900, 'flaky');
    expect([first.status, retry.status]).toEqual([500, 500]);
    expect(first.body.error?.type).toBe('api_error');
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(await charges()).toHaveLength(0);
  });

  it('makes the first charge of 4000000000001000 but loses its answer; the retry with the same key gets that charge', async () => {
    const token = await tokenize('4000000000001000');
    await expect(charge(token, 900, 'lost')).rejects.toThrow();
    const [made] = await charges();
    expect(made).toMatchObject({ status: 'succeeded', amount: 900 });
    const retry = await charge(token, 900, 'lost');
    expect(retry.status).toBe(200);
    expect(retry.body.id).toBe(made?.id);
    expect(await charges()).toHaveLength(1);
  });

  it('answers an unknown token as a missing resource', async () => {
    const { status, body } = await charge('tok_nope');
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'resource_missing', message: "No such token: 'tok_nope'" });
  });

  it('answers an unknown charge id with 404', async () => {
    const { status, body } = await call('GET', '/v1/charges/ch_nope');
    expect(status).toBe(404);
    expect(body.error?.code).toBe('resource_missing');
  });
});

describe('payment sandbox: refunds', () => {
  it('refunds a charge in full, once for a key, and refuses a second full refund', async () => {
    const { body: paid } = await charge(await tokenize('4242424242424242'), 700);
    const refund = () => call('POST', '/v1/refunds', { charge: paid.id }, { 'idempotency-key': 'refund:order-1' });
    const first = await refund();
    const retry = await refund();
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ object: 'refund', amount: 700, charge: paid.id, status: 'succeeded' });
    expect(retry.body.id).toBe(first.body.id);
    const again = await call('POST', '/v1/refunds', { charge: paid.id }, { 'idempotency-key': 'another' });
    expect(again.status).toBe(400);
    expect(again.body.error?.code).toBe('charge_already_refunded');
    expect((await call('GET', `/v1/charges/${paid.id}`)).body).toMatchObject({ refunded: true, amount_refunded: 700, refunds: [first.body.id] });
  });
});

describe('payment sandbox: persistence', () => {
  it('keeps charges, tokens and idempotent answers across a restart on the same data dir', async () => {
    const token = await tokenize('4242424242424242');
    const { body: paid } = await charge(token, 900, 'survives');
    await sandbox.stop();
    sandbox = await startPaymentSandbox({ port: 0, dataDir });
    expect((await call('GET', `/v1/charges/${paid.id}`)).body.id).toBe(paid.id);
    const retry = await charge(token, 900, 'survives');
    expect(retry.body.id).toBe(paid.id);
    expect(await charges()).toHaveLength(1);
  });
});
