import { CancelOrderDocument, PayOrderDocument, PlaceCustomerOrderDocument } from '../../../generated/client-operations';
import { request } from '../shared/api';
import { toOrderLines } from './cart';
import { currentPlaceKey, setCart } from './cart-actions';
import { refreshOrders, upsertOrder } from './live';
import { act, state, update, type CustomerOrder } from './page-state';
import { payWithRetries, type PayAttempt } from './pay-attempt';
import { tokenizeCard } from './payment';

/** Placing, paying and cancelling an order. */

export function placeOrder(event: SubmitEvent): void {
  event.preventDefault();
  const form = new FormData(event.target as HTMLFormElement);
  // Asked here because browsers grant it only in answer to a click.
  if ('Notification' in window && Notification.permission === 'default') void Notification.requestPermission();
  void act('cart', async () => {
    const { placeOrder } = await request(PlaceCustomerOrderDocument, {
      input: {
        idempotencyKey: currentPlaceKey(),
        pickupName: String(form.get('pickupName') ?? '').trim(),
        pickupSlot: state.pickupSlot || null,
        notes: String(form.get('notes') ?? '').trim() || null,
        lines: toOrderLines(state.cart),
      },
    });
    if (!placeOrder) throw new Error('The order was not placed.');
    upsertOrder(placeOrder);
    state.trackingId = placeOrder.id;
    state.readyAlert = '';
    state.cartNotice = '';
    state.pickupSlot = '';
    setCart([]);
  }).then((placed) => {
    // The order appears at the top of the page, far above the cart on a phone: take the person to it.
    if (!placed) return;
    document.getElementById('tracking')?.scrollIntoView({ block: 'start' });
    document.querySelector<HTMLInputElement>('#card-number')?.focus();
  });
}

export function payOrder(event: SubmitEvent, order: CustomerOrder): void {
  event.preventDefault();
  const form = new FormData(event.target as HTMLFormElement);
  const tokenizeUrl = state.settings?.tokenizeUrl;
  void act('payment', async () => {
    if (!tokenizeUrl) throw new Error('No payment gateway is configured.');
    const cardToken = await tokenizeCard(tokenizeUrl, {
      number: String(form.get('number') ?? ''),
      expiry: String(form.get('expiry') ?? ''),
      cvc: String(form.get('cvc') ?? ''),
    });
    await runAttempt({ orderId: order.id, idempotencyKey: crypto.randomUUID(), cardToken });
  });
}

/** "Try again" after the automatic retries: the same attempt, so the same key and token. */
export function retryPayment(): void {
  const attempt = state.payment?.attempt;
  if (attempt) void act('payment', () => runAttempt(attempt));
}

export function checkPayment(): void {
  void act('payment', refreshOrders);
}

async function runAttempt(attempt: PayAttempt): Promise<void> {
  state.payment = { orderId: attempt.orderId, phase: 'paying', attempt, retry: 0 };
  update();
  const outcome = await payWithRetries(
    attempt,
    async (sent) => (await request(PayOrderDocument, { input: { orderId: sent.orderId, cardToken: sent.cardToken, idempotencyKey: sent.idempotencyKey } })).payOrder ?? null,
    {
      onRetry: (retry) => {
        state.payment = { orderId: attempt.orderId, phase: 'retrying', attempt, retry };
        update();
      },
    },
  );
  if (outcome.kind === 'paid') {
    state.payment = null;
    if (outcome.order) upsertOrder(outcome.order);
    return;
  }
  if (outcome.kind === 'unreachable') {
    state.payment = { orderId: attempt.orderId, phase: 'unreachable', attempt, retry: 0 };
    return;
  }
  if (outcome.kind === 'checking') {
    state.payment = { orderId: attempt.orderId, phase: 'checking', attempt: null, retry: 0 };
    return;
  }
  state.payment = null;
  // A refused card moves the order to PAYMENT_FAILED without an event (the mutation failed): read it.
  await refreshOrders().catch(() => undefined);
  throw outcome.error;
}

export function cancelOrder(order: CustomerOrder): void {
  void act('order', async () => {
    state.confirmingCancel = null;
    const { cancelOrder } = await request(CancelOrderDocument, { input: { orderId: order.id } });
    if (cancelOrder) upsertOrder(cancelOrder);
  });
}

export function askToCancel(order: CustomerOrder): void {
  state.confirmingCancel = order.id;
  update();
  document.getElementById('confirm-cancel')?.focus();
}

export function keepOrder(): void {
  state.confirmingCancel = null;
  update();
}

export function fillCard(number: string): void {
  const input = document.querySelector<HTMLInputElement>('#card-number');
  if (input) {
    input.value = number;
    input.focus();
  }
}
