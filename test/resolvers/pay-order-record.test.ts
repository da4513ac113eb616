import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateCode } from '../../local/src/cli/evaluate-code';

/**
 * payOrder's last step when its transaction loses to a concurrent copy of the same request (same
 * idempotency key, so the gateway gave both the same answer). 20 copies at once hit this about
 * once in a few hundred runs (test/hardening/races.test.ts); here each case is set up exactly,
 * through the same evaluation AppSync's EvaluateCode API does.
 */
const STEP = fileURLToPath(new URL('../../resolvers/Mutation.payOrder/5.recordPayment.[ordersTable].ts', import.meta.url));
const KEY = 'key-1';
const CHARGE = { outcome: 'CHARGED', chargeId: 'ch_1', amount: 700, currency: 'GBP', last4: '4242', brand: 'visa' };
const LOCKED = { id: 'o1', status: 'PLACED', version: 2, customerId: 'u1', paymentLock: { key: KEY, held: true } };

function cancelled(item: Record<string, unknown>) {
  return {
    error: { message: 'Transaction cancelled', type: 'DynamoDB:TransactionCanceledException' },
    result: { cancellationReasons: [{ type: 'ConditionalCheckFailed', message: 'The conditional request failed', item }, { type: 'None' }] },
  };
}

async function respond(outcome: Record<string, unknown>, charge: Record<string, unknown> = CHARGE) {
  const context = {
    arguments: { input: { orderId: 'o1', idempotencyKey: KEY, cardToken: 'tok_1' } },
    identity: { sub: 'u1', username: 'u1', claims: { sub: 'u1' } },
    stash: { locked: LOCKED, charge, orderNumber: 12, updated: { ...LOCKED, status: 'PAID' } },
    ...outcome,
  };
  const answer = await evaluateCode(['--code', `file://${STEP}`, '--function', 'response', '--context', JSON.stringify(context), '--runtime', 'name=APPSYNC_JS,runtimeVersion=1.0.0'], process.cwd());
  return { value: answer.evaluationResult ? (JSON.parse(answer.evaluationResult) as Record<string, unknown>) : undefined, error: answer.error?.message };
}

describe('payOrder step 5 after a concurrent copy with the same key', () => {
  it('answers the paid order the copy recorded, as a retry would be answered', async () => {
    const paid = { ...LOCKED, status: 'PAID', version: 4, payment: { chargeId: 'ch_1' }, paymentLock: { key: KEY, held: false } };
    const answer = await respond(cancelled(paid));
    expect(answer.error).toBeUndefined();
    expect(answer.value).toMatchObject({ status: 'PAID', payment: { chargeId: 'ch_1' } });
  });

  it('says "in progress" while the copy is still between its steps (locked again, not yet recorded)', async () => {
    const answer = await respond(cancelled({ ...LOCKED, version: 3 }));
    expect(answer.error).toMatch(/in progress/);
  });

  it('gives the same refusal the copy recorded when the card was declined', async () => {
    const declined = { outcome: 'DECLINED', message: 'Your card was declined.' };
    const answer = await respond(cancelled({ ...LOCKED, status: 'PAYMENT_FAILED', version: 4, paymentLock: { key: KEY, held: false } }), declined);
    expect(answer.error).toBe('Your card was declined.');
  });

  it('still refuses the move when another key changed the order', async () => {
    const answer = await respond(cancelled({ ...LOCKED, status: 'CANCELLED', version: 4, paymentLock: { key: 'other', held: false } }));
    expect(answer.error).toMatch(/CANCELLED/);
  });

  it('returns the recorded order when the write went through', async () => {
    const answer = await respond({ result: {} });
    expect(answer.value).toMatchObject({ status: 'PAID' });
  });
});
