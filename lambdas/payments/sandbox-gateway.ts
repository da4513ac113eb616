import type { PaymentResult } from './contract';
import {
  ATTEMPT_METADATA,
  chargedResult,
  isAttempt,
  LOOKUP_SLACK_SECONDS,
  refundCovering,
  type CallOptions,
  type ChargeList,
  type ChargeRequest,
  type ChargeLike,
  type LookupRequest,
  type PaymentGateway,
  type RefundList,
  type RefundRequest,
} from './gateway';

interface SandboxError {
  type?: string;
  code?: string;
  decline_code?: string;
  message?: string;
}


interface SandboxRefund {
  id: string;
  amount: number;
}

type Reply = { ok: true; status: number; body: unknown } | { ok: false; message: string };

/**
 * The HTTP client of the local payment sandbox (payment-sandbox/), which speaks a JSON subset of
 * Stripe's API: the same outcomes StripeGateway maps, without the SDK.
 */
export class SandboxGateway implements PaymentGateway {
  /** `secretKey`: the sandbox's key (PAYMENT_SANDBOX_SECRET_KEY); every call but tokenization needs it, as at Stripe. */
  constructor(
    private readonly baseUrl: string,
    private readonly secretKey: string,
  ) {}

  async charge(request: ChargeRequest, options: CallOptions): Promise<PaymentResult> {
    const reply = await this.post(
      '/v1/charges',
      {
        amount: request.amount,
        currency: request.currency.toLowerCase(),
        source: request.cardToken,
        description: `Order ${request.orderId}`,
        metadata: { orderId: request.orderId, customerId: request.customerId, [ATTEMPT_METADATA]: request.idempotencyKey },
      },
      request.idempotencyKey,
      options,
    );
    if (!reply.ok) return { outcome: 'GATEWAY_ERROR', message: reply.message };
    if (reply.status === 200) {
      const charge = reply.body as ChargeLike;
      return chargedResult(charge, request.currency);
    }
    const error = errorOf(reply.body);
    const message = error.message ?? `The payment gateway answered ${reply.status}.`;
    if (reply.status >= 500) return { outcome: 'GATEWAY_ERROR', message };
    if (error.type === 'card_error') {
      return error.decline_code === 'insufficient_funds' ? { outcome: 'INSUFFICIENT_FUNDS', message } : { outcome: 'DECLINED', message };
    }
    if (error.code === 'resource_missing' || error.code === 'token_already_used') return { outcome: 'INVALID_CARD_TOKEN', message };
    throw new Error(`The payment sandbox refused the charge (${reply.status} ${error.type ?? ''}): ${message}`);
  }

  async refund(request: RefundRequest, options: CallOptions): Promise<PaymentResult> {
    const reply = await this.post(
      '/v1/refunds',
      { charge: request.chargeId, amount: request.amount, metadata: { orderId: request.orderId } },
      request.idempotencyKey,
      options,
    );
    if (!reply.ok) return { outcome: 'GATEWAY_ERROR', message: reply.message };
    if (reply.status === 200) {
      const refund = reply.body as SandboxRefund;
      return { outcome: 'REFUNDED', refundId: refund.id, amount: refund.amount };
    }
    const error = errorOf(reply.body);
    const message = error.message ?? `The payment gateway answered ${reply.status}.`;
    if (reply.status >= 500) return { outcome: 'GATEWAY_ERROR', message };
    // Refunded already (out of band, or by a request whose answer was lost): the refund exists.
    const existing = await this.existingRefund(request, options);
    if (existing) return existing;
    throw new Error(`The payment sandbox refused the refund (${reply.status} ${error.type ?? ''}): ${message}`);
  }

  async findCharge(request: LookupRequest, options: CallOptions): Promise<PaymentResult> {
    const deadline = Date.now() + options.timeoutMs;
    let startingAfter: string | null = null;
    for (;;) {
      const query = new URLSearchParams({ 'created[gte]': String(request.since - LOOKUP_SLACK_SECONDS), limit: '100' });
      if (startingAfter) query.set('starting_after', startingAfter);
      const reply = await this.get(`/v1/charges?${query.toString()}`, { timeoutMs: Math.max(1, deadline - Date.now()) });
      if (!reply.ok) return { outcome: 'GATEWAY_ERROR', message: reply.message };
      if (reply.status !== 200) return { outcome: 'GATEWAY_ERROR', message: `The payment gateway answered ${reply.status}.` };
      const page = reply.body as ChargeList;
      const found = page.data.find((charge) => isAttempt(charge, request.idempotencyKey));
      if (found) return chargedResult(found, found.currency.toUpperCase());
      if (!page.has_more || page.data.length === 0) return { outcome: 'NOT_CHARGED' };
      startingAfter = page.data[page.data.length - 1]?.id ?? null;
    }
  }

  /** The charge's refunds: when they cover the amount asked for, the refund is done. */
  private async existingRefund(request: RefundRequest, options: CallOptions): Promise<PaymentResult | null> {
    const reply = await this.get(`/v1/refunds?${new URLSearchParams({ charge: request.chargeId, limit: '100' }).toString()}`, options);
    if (!reply.ok || reply.status !== 200) return null;
    return refundCovering((reply.body as RefundList).data, request.amount);
  }

  private async get(path: string, options: CallOptions): Promise<Reply> {
    return this.send('GET', path, undefined, undefined, options);
  }

  private async post(path: string, body: unknown, idempotencyKey: string, options: CallOptions): Promise<Reply> {
    return this.send('POST', path, body, idempotencyKey, options);
  }

  /** A network failure or a timeout is a reply too: nothing is known, and retrying is safe. */
  private async send(method: 'GET' | 'POST', path: string, body: unknown, idempotencyKey: string | undefined, options: CallOptions): Promise<Reply> {
    try {
      const headers: Record<string, string> = { authorization: `Bearer ${this.secretKey}` };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
      const response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      const text = await response.text();
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(text);
      } catch {
        // A proxy's HTML error page, say: the status decides.
      }
      return { ok: true, status: response.status, body: parsed };
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${options.timeoutMs} ms` : describe(error);
      return { ok: false, message: `The payment gateway could not be reached: ${reason}.` };
    }
  }
}

function errorOf(body: unknown): SandboxError {
  const error = (body as { error?: unknown } | null)?.error;
  return error !== null && typeof error === 'object' ? (error as SandboxError) : {};
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
