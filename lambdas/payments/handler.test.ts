import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startPaymentSandbox, type RunningPaymentSandbox } from '../../payment-sandbox';

/** The handler as Lambda runs it: configured by its environment, one module per environment. */
async function freshHandler(env: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return (await import('./handler')).handler;
}

let dataDir: string;
let sandbox: RunningPaymentSandbox;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'payments-handler-test-'));
  sandbox = await startPaymentSandbox({ port: 0, dataDir });
});

afterAll(async () => {
  await sandbox.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

afterEach(() => {
  vi.unstubAllEnvs();
});

async function token(): Promise<string> {
  const expiry = `12/${String(new Date().getUTCFullYear() + 1).slice(-2)}`;
  const response = await fetch(`${sandbox.url}/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ card: { number: '4242424242424242', expiry, cvc: '123' } }),
  });
  return ((await response.json()) as { id: string }).id;
}

describe('the payments handler', () => {
  it('charges through the sandbox its environment names, within the time Lambda has left', async () => {
    const handler = await freshHandler({ PAYMENT_GATEWAY: 'sandbox', PAYMENT_SANDBOX_URL: `${sandbox.url}/`, PAYMENT_SANDBOX_SECRET_KEY: sandbox.secretKey });
    const event = { action: 'charge', orderId: 'o-1', customerId: 'c-1', amount: 760, currency: 'EUR', cardToken: await token(), idempotencyKey: 'o-1:k' };
    expect(await handler(event, { getRemainingTimeInMillis: () => 9_000 })).toMatchObject({ outcome: 'CHARGED', amount: 760, cardLast4: '4242' });
  });

  it('throws for a request that breaks the contract, naming every bad field', async () => {
    const handler = await freshHandler({ PAYMENT_GATEWAY: 'sandbox', PAYMENT_SANDBOX_URL: sandbox.url, PAYMENT_SANDBOX_SECRET_KEY: sandbox.secretKey });
    await expect(handler({ action: 'charge', orderId: 'o-1', amount: -5 })).rejects.toThrow(
      'Invalid payment request: bad or missing amount, idempotencyKey, customerId, currency, cardToken.',
    );
    await expect(handler({ action: 'capture', orderId: 'o-1', amount: 5, idempotencyKey: 'k' })).rejects.toThrow('bad or missing action');
  });

  it('throws when no gateway is configured, and tries again on the next invocation', async () => {
    const handler = await freshHandler({ PAYMENT_GATEWAY: undefined });
    const refund = { action: 'refund', orderId: 'o-1', chargeId: 'ch_x', amount: 5, idempotencyKey: 'refund:o-1' };
    await expect(handler(refund)).rejects.toThrow('PAYMENT_GATEWAY must be "sandbox" or "stripe", not null.');
    vi.stubEnv('PAYMENT_GATEWAY', 'sandbox');
    await expect(handler(refund)).rejects.toThrow('PAYMENT_GATEWAY is sandbox but PAYMENT_SANDBOX_URL is not set.');
  });

  it('wants the secret ARN when the gateway is stripe', async () => {
    const handler = await freshHandler({ PAYMENT_GATEWAY: 'stripe', STRIPE_SECRET_ARN: undefined });
    await expect(handler({ action: 'refund', orderId: 'o-1', chargeId: 'ch_x', amount: 5, idempotencyKey: 'refund:o-1' })).rejects.toThrow(
      'PAYMENT_GATEWAY is stripe but STRIPE_SECRET_ARN is not set.',
    );
  });
});
