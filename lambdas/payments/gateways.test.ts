import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPaymentSandbox, type RunningPaymentSandbox } from '../../payment-sandbox';
import type { ChargeRequest, PaymentGateway } from './gateway';
import { SandboxGateway } from './sandbox-gateway';
import { StripeGateway } from './stripe-gateway';

/**
 * Both gateways against the real sandbox: SandboxGateway over its JSON API, StripeGateway through
 * the stripe SDK pointed at it (the sandbox also reads the SDK's form bodies), so one set of
 * cases shows the two map every outcome the same way.
 */

const expiry = `12/${String(new Date().getUTCFullYear() + 1).slice(-2)}`;
const options = { timeoutMs: 5_000 };

let dataDir: string;
let sandbox: RunningPaymentSandbox;
let orders = 0;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'payments-gateways-test-'));
  sandbox = await startPaymentSandbox({ port: 0, dataDir });
});

afterAll(async () => {
  await sandbox.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function tokenize(number: string): Promise<string> {
  const response = await fetch(`${sandbox.url}/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ card: { number, expiry, cvc: '123' } }),
  });
  return ((await response.json()) as { id: string }).id;
}

async function chargesOf(orderId: string): Promise<Array<{ id: string; status: string }>> {
  const response = await fetch(`${sandbox.url}/v1/charges?limit=100`, { headers: { authorization: `Bearer ${sandbox.secretKey}` } });
  const list = (await response.json()) as { data: Array<{ id: string; status: string; metadata: { orderId?: string } }> };
  return list.data.filter((charge) => charge.metadata.orderId === orderId);
}

async function chargeRequest(number: string): Promise<ChargeRequest> {
  orders += 1;
  const orderId = `order-${orders}`;
  return { action: 'charge', orderId, customerId: 'customer-1', amount: 850, currency: 'EUR', cardToken: await tokenize(number), idempotencyKey: `${orderId}:pay-1` };
}

/** [name, factory, whether a lost answer is already retried inside the call (the stripe SDK does once, with our key)]. */
const gateways: Array<[string, () => PaymentGateway, boolean]> = [
  ['SandboxGateway', () => new SandboxGateway(sandbox.url, sandbox.secretKey), false],
  [
    'StripeGateway',
    () => {
      const { hostname, port } = new URL(sandbox.url);
      // No SDK retries here, so the test sees each answer the gateway gives.
      return new StripeGateway(new Stripe(sandbox.secretKey, { host: hostname, port, protocol: 'http', maxNetworkRetries: 0, telemetry: false }));
    },
    true,
  ],
];

describe.each(gateways)('%s', (_name, make, retriesLostAnswers) => {
  it('charges a good card and reports the charge with brand and last four digits', async () => {
    const request = await chargeRequest('4242424242424242');
    const result = await make().charge(request, options);
    expect(result).toEqual({ outcome: 'CHARGED', chargeId: expect.stringMatching(/^ch_/), amount: 850, currency: 'EUR', cardBrand: 'visa', cardLast4: '4242' });
    expect(await chargesOf(request.orderId)).toHaveLength(1);
  });

  it('answers a retry with the same key with the same charge and charges once', async () => {
    const request = await chargeRequest('4242424242424242');
    const first = await make().charge(request, options);
    const retry = await make().charge(request, options);
    expect(retry).toEqual(first);
    expect(await chargesOf(request.orderId)).toHaveLength(1);
  });

  it('reports a declined card as DECLINED', async () => {
    expect(await make().charge(await chargeRequest('4000000000000002'), options)).toEqual({ outcome: 'DECLINED', message: 'Your card was declined.' });
  });

  it('reports a card without funds as INSUFFICIENT_FUNDS', async () => {
    expect(await make().charge(await chargeRequest('4000000000009995'), options)).toEqual({
      outcome: 'INSUFFICIENT_FUNDS',
      message: 'Your card has insufficient funds.',
    });
  });

  it('reports an unknown token as INVALID_CARD_TOKEN', async () => {
    const request = { ...(await chargeRequest('4242424242424242')), cardToken: 'tok_unknown' };
    expect(await make().charge(request, options)).toMatchObject({ outcome: 'INVALID_CARD_TOKEN' });
  });

  it("reports the gateway's 500 as GATEWAY_ERROR and charges nothing", async () => {
    const request = await chargeRequest('4000000000000119');
    expect(await make().charge(request, options)).toMatchObject({ outcome: 'GATEWAY_ERROR' });
    expect(await chargesOf(request.orderId)).toHaveLength(0);
  });

  it('charges once when the answer to the first charge is lost, the retry carrying the same key', async () => {
    const request = await chargeRequest('4000000000001000');
    const first = await make().charge(request, options);
    const [made] = await chargesOf(request.orderId);
    expect(made).toMatchObject({ status: 'succeeded' });
    if (retriesLostAnswers) {
      expect(first).toMatchObject({ outcome: 'CHARGED', chargeId: made?.id });
    } else {
      expect(first).toMatchObject({ outcome: 'GATEWAY_ERROR' });
      expect(await make().charge(request, options)).toMatchObject({ outcome: 'CHARGED', chargeId: made?.id });
    }
    expect(await chargesOf(request.orderId)).toHaveLength(1);
  });

  it('refunds a charge once for a key', async () => {
    const request = await chargeRequest('4242424242424242');
    const charged = await make().charge(request, options);
    if (charged.outcome !== 'CHARGED') throw new Error(`expected a charge, got ${charged.outcome}`);
    const refund = { action: 'refund', orderId: request.orderId, chargeId: charged.chargeId, amount: 850, idempotencyKey: `refund:${request.orderId}` } as const;
    const first = await make().refund(refund, options);
    expect(first).toEqual({ outcome: 'REFUNDED', refundId: expect.stringMatching(/^re_/), amount: 850 });
    expect(await make().refund(refund, options)).toEqual(first);
  });
});

describe('an unreachable gateway', () => {
  it('is a GATEWAY_ERROR, not an exception', async () => {
    const closed = await startPaymentSandbox({ port: 0, dataDir: join(dataDir, 'closed') });
    await closed.stop();
    const request = await chargeRequest('4242424242424242');
    expect(await new SandboxGateway(closed.url, closed.secretKey).charge(request, options)).toMatchObject({ outcome: 'GATEWAY_ERROR' });
  });
});
