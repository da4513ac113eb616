import { describe, expect, it } from 'vitest';
import { ApiError } from '../shared/errors';
import { payWithRetries, verdictFor, type PayAttempt } from './pay-attempt';

const attempt: PayAttempt = { orderId: 'o1', idempotencyKey: 'key-1', cardToken: 'tok_1' };
const gatewayError = (): ApiError => new ApiError('PAYMENT_GATEWAY_ERROR', 'x', { orderId: 'o1', retryable: true });

/** Answers each call with the next scripted result and records what it was sent. */
function scripted(results: Array<Error | string>): { send(sent: PayAttempt): Promise<string | null>; sent: PayAttempt[] } {
  const sent: PayAttempt[] = [];
  return {
    sent,
    send: async (value) => {
      sent.push(value);
      const next = results.shift();
      if (next instanceof Error) throw next;
      return next ?? null;
    },
  };
}

describe('a payment attempt', () => {
  it.each([
    [gatewayError(), 'retry'],
    [new Error('Network error'), 'retry'],
    [new ApiError('PAYMENT_GATEWAY_ERROR', 'x', { retryable: false }), 'other'],
    [new ApiError('PAYMENT_IN_PROGRESS', 'x'), 'checking'],
    [new ApiError('PAYMENT_DECLINED', 'x'), 'definitive'],
    [new ApiError('INSUFFICIENT_FUNDS', 'x'), 'definitive'],
    [new ApiError('INVALID_CARD_TOKEN', 'x'), 'definitive'],
    [new ApiError('ORDER_ALREADY_PAID', 'x'), 'other'],
  ])('reads %s as %s', (error, verdict) => {
    expect(verdictFor(error)).toBe(verdict);
  });

  it('retries a gateway error twice with the same key and token, after 1 s then 3 s, then reports it unreachable', async () => {
    const gateway = scripted([gatewayError(), gatewayError(), gatewayError(), 'never sent']);
    const waited: number[] = [];
    const outcome = await payWithRetries(attempt, gateway.send, { wait: async (ms) => void waited.push(ms) });
    expect(outcome.kind).toBe('unreachable');
    expect(gateway.sent).toEqual([attempt, attempt, attempt]);
    expect(waited).toEqual([1000, 3000]);
  });

  it('settles on the first answer that is not retryable', async () => {
    const gateway = scripted([gatewayError(), 'paid order']);
    expect(await payWithRetries(attempt, gateway.send, { wait: async () => undefined })).toEqual({ kind: 'paid', order: 'paid order' });
    const declined = scripted([gatewayError(), new ApiError('PAYMENT_DECLINED', 'x')]);
    expect((await payWithRetries(attempt, declined.send, { wait: async () => undefined })).kind).toBe('definitive');
    expect(declined.sent).toHaveLength(2);
  });

  it('stops at PAYMENT_IN_PROGRESS without another request, since the server settles that attempt itself', async () => {
    const gateway = scripted([new ApiError('PAYMENT_IN_PROGRESS', 'x'), 'never sent']);
    expect((await payWithRetries(attempt, gateway.send, { wait: async () => undefined })).kind).toBe('checking');
    expect(gateway.sent).toHaveLength(1);
  });
});
