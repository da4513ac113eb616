import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_KEY_FILE, startPaymentSandbox, type RunningPaymentSandbox } from './index';

/**
 * Who may use the sandbox (issue 10, point 15): as at Stripe, only tokenization is public; reading
 * charges and moving money want the secret key, and only the web apps' origins get CORS, only for
 * tokenization.
 */

const expiry = `12/${String(new Date().getUTCFullYear() + 1).slice(-2)}`;
const APP_ORIGIN = 'https://127.0.0.1:4000';
const NO_KEY_MESSAGE =
  "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.";

let dataDir: string;
let sandbox: RunningPaymentSandbox;
let chargeId: string;

async function call(method: string, path: string, headers: Record<string, string> = {}, body?: unknown) {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { id?: string; error?: Record<string, unknown> } };
}

const withKey = (key: string) => ({ authorization: `Bearer ${key}` });

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'payment-sandbox-access-'));
  sandbox = await startPaymentSandbox({ port: 0, dataDir, browserOrigins: [APP_ORIGIN] });
  const token = await call('POST', '/v1/tokens', {}, { card: { number: '4242424242424242', expiry, cvc: '123' } });
  const charged = await call('POST', '/v1/charges', { ...withKey(sandbox.secretKey), 'idempotency-key': 'k1' }, { amount: 500, currency: 'eur', source: token.body.id });
  chargeId = charged.body.id ?? '';
});

afterAll(async () => {
  await sandbox.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the sandbox secret key', () => {
  it('is made on first start, kept mode 0600, and is the same after a restart', async () => {
    const file = join(dataDir, SECRET_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(sandbox.secretKey).toMatch(/^sk_test_[A-Za-z0-9]{32}$/);
    const again = await startPaymentSandbox({ port: 0, dataDir: join(dataDir) });
    try {
      expect(again.secretKey).toBe(sandbox.secretKey);
    } finally {
      await again.stop();
    }
  });

  it("refuses to list charges, read one, charge or refund without it, with Stripe's 401", async () => {
    const attempts = [
      call('GET', '/v1/charges'),
      call('GET', `/v1/charges/${chargeId}`),
      call('GET', `/v1/refunds?charge=${chargeId}`),
      call('POST', '/v1/refunds', { 'idempotency-key': 'steal-1' }, { charge: chargeId }),
      call('POST', '/v1/charges', { 'idempotency-key': 'steal-2' }, { amount: 1, currency: 'eur', source: 'tok_x' }),
    ];
    const answers = await Promise.all(attempts);
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ error: { type: 'invalid_request_error', message: NO_KEY_MESSAGE } });
    }
    const charge = await call('GET', `/v1/charges/${chargeId}`, withKey(sandbox.secretKey));
    expect(charge.body).toMatchObject({ refunded: false, amount_refunded: 0 });
  });

  it('refuses a wrong key and echoes it masked, as Stripe does', async () => {
    const wrong = 'sk_test_0123456789abcdefghijWXYZ';
    const { status, body } = await call('GET', '/v1/charges', withKey(wrong));
    expect(status).toBe(401);
    expect(body.error).toEqual({ type: 'invalid_request_error', message: `Invalid API Key provided: sk_test_${'*'.repeat(20)}WXYZ` });
    expect(JSON.stringify(body)).not.toContain('0123456789');
  });

  it('accepts the key as Bearer and as HTTP Basic user (curl -u sk_...:)', async () => {
    expect((await call('GET', '/v1/charges', withKey(sandbox.secretKey))).status).toBe(200);
    const basic = `Basic ${Buffer.from(`${sandbox.secretKey}:`).toString('base64')}`;
    expect((await call('GET', '/v1/charges', { authorization: basic })).status).toBe(200);
  });

  it('leaves tokenization open: the browser holds no secret', async () => {
    const { status, body } = await call('POST', '/v1/tokens', {}, { card: { number: '5555555555554444', expiry, cvc: '123' } });
    expect(status).toBe(200);
    expect(body.id).toMatch(/^tok_/);
  });
});

describe('the sandbox and browsers', () => {
  const preflight = (path: string, origin: string) =>
    fetch(`${sandbox.url}${path}`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });

  it("lets the web app's origin tokenize: preflight and answer name exactly that origin", async () => {
    const answer = await preflight('/v1/tokens', APP_ORIGIN);
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(answer.headers.get('vary')).toBe('Origin');
    const { headers } = await call('POST', '/v1/tokens', { origin: APP_ORIGIN }, { card: { number: '4242424242424242', expiry, cvc: '123' } });
    expect(headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
  });

  it('gives any other origin no CORS at all, on tokens or anywhere else', async () => {
    const tried = [
      preflight('/v1/tokens', 'https://evil.example'),
      preflight('/v1/tokens', 'http://127.0.0.1:4001'),
      preflight('/v1/charges', APP_ORIGIN),
      preflight('/v1/refunds', 'https://evil.example'),
    ];
    const answers = await Promise.all(tried);
    for (const answer of answers) {
      expect(answer.status).toBe(403);
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    }
    const listed = await call('GET', '/v1/charges', { origin: APP_ORIGIN, ...withKey(sandbox.secretKey) });
    expect(listed.headers.get('access-control-allow-origin')).toBeNull();
  });
});
