import { randomBytes } from 'node:crypto';
import { error, type SandboxAnswer } from './answers';
import { authenticate } from './api-keys';
import { checkCard, type CardInput } from './cards';
import { listCharges, listRefunds } from './lists';
import type { ChargeRecord, RefundRecord, StateFile } from './state';

export type { SandboxAnswer } from './answers';

/**
 * The sandbox gateway's protocol core: a Stripe-shaped subset (tokens, charges, refunds) with
 * Stripe's idempotency rules, knowing nothing of HTTP. Every operation is synchronous from the
 * idempotency check to the state write, so two requests with one key can never both execute.
 */

export interface SandboxRequest {
  method: string;
  /** Path without the query string, e.g. /v1/charges/ch_123. */
  path: string;
  /** The query string, parsed as Stripe reads it (`created[gte]=1` is `{created: {gte: '1'}}`). */
  query?: Record<string, unknown>;
  /** The Authorization header as sent, or null. */
  authorization?: string | null;
  /** The parsed JSON or form body (Stripe's SDK sends `a[b]=c` forms). */
  body: Record<string, unknown>;
  idempotencyKey: string | null;
}

const notFound = (what: string, id: string): SandboxAnswer =>
  error(404, 'invalid_request_error', `No such ${what}: '${id}'`, { code: 'resource_missing', param: 'id' });

const newId = (prefix: string): string => `${prefix}_${randomBytes(12).toString('hex')}`;
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** Canonical JSON (sorted keys), so a retry equals the first request however its keys are ordered. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function metadataOf(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object') return {};
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}

/** Stripe sends numbers as form strings; JSON clients send numbers. */
function integerOf(value: unknown): number | null {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isSafeInteger(number) ? number : null;
}

export class SandboxCore {
  /** `secretKey` is the only key that may move or read money; tokenization needs none. */
  constructor(
    private readonly file: StateFile,
    private readonly secretKey: string,
  ) {}

  handle(request: SandboxRequest): SandboxAnswer {
    const { method, path } = request;
    // At Stripe only tokenization is done with the publishable key, from the browser; the sandbox
    // has no publishable key, so tokenization is open and everything else wants the secret key.
    if (method === 'POST' && path === '/v1/tokens') return this.tokenize(request.body);
    const refused = authenticate(request.authorization ?? null, this.secretKey);
    if (refused) return refused;
    const query = request.query ?? {};
    if (method === 'POST' && path === '/v1/charges') return this.idempotent(request, () => this.charge(request.body));
    if (method === 'POST' && path === '/v1/refunds') return this.idempotent(request, () => this.refund(request.body));
    if (method === 'GET' && path === '/v1/charges') return listCharges(Object.values(this.file.state.charges), query);
    if (method === 'GET' && path === '/v1/refunds') return listRefunds(this.file.state, query);
    const charge = /^\/v1\/charges\/([^/]+)$/.exec(path);
    if (method === 'GET' && charge?.[1]) return this.getCharge(decodeURIComponent(charge[1]));
    return error(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${path}).`);
  }

  /**
   * Stripe's rules: the first answer for a key is saved and replayed; the same key with other
   * parameters is refused. Only answers of requests that executed (200, or a 402 decline) are
   * saved: a request refused by validation, or the simulated 500 that failed before executing,
   * runs again when retried with the same key.
   */
  private idempotent(request: SandboxRequest, execute: () => SandboxAnswer): SandboxAnswer {
    const key = request.idempotencyKey;
    if (!key) return error(400, 'invalid_request_error', 'The sandbox requires an Idempotency-Key header on every POST that moves money.');
    const fingerprint = canonical({ path: request.path, body: request.body });
    const earlier = this.file.state.idempotency[key];
    if (earlier) {
      if (earlier.fingerprint !== fingerprint) {
        return error(
          400,
          'idempotency_error',
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        );
      }
      return { status: earlier.status, body: earlier.body, replayed: true };
    }
    const answer = execute();
    if (answer.status === 200 || answer.status === 402) {
      const saved = { fingerprint, status: answer.status, body: answer.body };
      this.file.state.idempotency[key] = saved;
      this.file.put('idempotency', key, saved);
    }
    return { status: answer.status, body: answer.body, ...(answer.dropConnection ? { dropConnection: true } : {}) };
  }

  private tokenize(body: Record<string, unknown>): SandboxAnswer {
    const card = (body.card ?? {}) as CardInput;
    const checked = checkCard(card);
    if ('problem' in checked) return error(402, 'card_error', checked.problem.message, { code: checked.problem.code, param: checked.problem.param });
    const { brand, last4, expMonth, expYear, behavior } = checked.card;
    const token = { id: newId('tok'), created: nowSeconds(), brand, last4, expMonth, expYear, behavior, used: false };
    this.file.state.tokens[token.id] = token;
    this.file.put('tokens', token.id, token);
    return {
      status: 200,
      body: {
        id: token.id,
        object: 'token',
        type: 'card',
        created: token.created,
        livemode: false,
        used: false,
        card: { object: 'card', brand, last4, exp_month: expMonth, exp_year: expYear },
      },
    };
  }

  private charge(body: Record<string, unknown>): SandboxAnswer {
    const amount = integerOf(body.amount);
    if (amount === null || amount < 1) return error(400, 'invalid_request_error', 'Invalid positive integer', { param: 'amount' });
    const currency = typeof body.currency === 'string' ? body.currency.toLowerCase() : '';
    if (!/^[a-z]{3}$/.test(currency)) return error(400, 'invalid_request_error', 'Invalid currency', { param: 'currency' });
    const source = typeof body.source === 'string' ? body.source : '';
    const token = this.file.state.tokens[source];
    if (!token) return error(400, 'invalid_request_error', `No such token: '${source}'`, { code: 'resource_missing', param: 'source' });
    if (token.behavior === 'processing_error') {
      return error(500, 'api_error', 'An error occurred while processing your card. Try again in a little bit.');
    }
    if (token.used) {
      return error(400, 'invalid_request_error', `You cannot use a Stripe token more than once: ${token.id}.`, { code: 'token_already_used', param: 'source' });
    }
    token.used = true;
    this.file.put('tokens', token.id, token);
    const failure =
      token.behavior === 'decline'
        ? { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' }
        : token.behavior === 'insufficient_funds'
          ? { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' }
          : null;
    const charge: ChargeRecord = {
      id: newId('ch'),
      object: 'charge',
      amount,
      amount_refunded: 0,
      currency,
      status: failure ? 'failed' : 'succeeded',
      paid: !failure,
      refunded: false,
      captured: !failure,
      created: nowSeconds(),
      description: typeof body.description === 'string' ? body.description : null,
      metadata: metadataOf(body.metadata),
      source: token.id,
      failure_code: failure?.decline_code ?? null,
      failure_message: failure?.message ?? null,
      payment_method_details: { type: 'card', card: { brand: token.brand, last4: token.last4, exp_month: token.expMonth, exp_year: token.expYear } },
      refunds: [],
    };
    this.file.state.charges[charge.id] = charge;
    this.file.put('charges', charge.id, charge);
    if (failure) return error(402, 'card_error', failure.message, { code: failure.code, decline_code: failure.decline_code, charge: charge.id });
    if (token.behavior === 'lose_first_response') {
      // Only the first answer is lost: the behaviour is spent once a charge exists.
      token.behavior = 'succeed';
      this.file.put('tokens', token.id, token);
      return { status: 200, body: charge, dropConnection: true };
    }
    return { status: 200, body: charge };
  }

  private refund(body: Record<string, unknown>): SandboxAnswer {
    const chargeId = typeof body.charge === 'string' ? body.charge : '';
    const charge = this.file.state.charges[chargeId];
    if (!charge) return error(400, 'invalid_request_error', `No such charge: '${chargeId}'`, { code: 'resource_missing', param: 'charge' });
    if (charge.status !== 'succeeded') return error(400, 'invalid_request_error', `Charge ${charge.id} has no successful payment to refund.`, { param: 'charge' });
    const remaining = charge.amount - charge.amount_refunded;
    if (remaining === 0) return error(400, 'invalid_request_error', `Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded' });
    const amount = body.amount === undefined ? remaining : integerOf(body.amount);
    if (amount === null || amount < 1) return error(400, 'invalid_request_error', 'Invalid positive integer', { param: 'amount' });
    if (amount > remaining) {
      return error(400, 'invalid_request_error', `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`, { param: 'amount' });
    }
    const refund: RefundRecord = {
      id: newId('re'),
      object: 'refund',
      amount,
      charge: charge.id,
      currency: charge.currency,
      status: 'succeeded',
      created: nowSeconds(),
      metadata: metadataOf(body.metadata),
    };
    this.file.state.refunds[refund.id] = refund;
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded === charge.amount;
    charge.refunds.push(refund.id);
    this.file.put('refunds', refund.id, refund);
    this.file.put('charges', charge.id, charge);
    return { status: 200, body: refund };
  }

  private getCharge(id: string): SandboxAnswer {
    const charge = this.file.state.charges[id];
    return charge ? { status: 200, body: charge } : notFound('charge', id);
  }
}
