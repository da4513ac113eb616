import { html, nothing, type TemplateResult } from 'lit-html';
import type { OrderFieldsFragment } from '../../../generated/client-operations';
import { lineText, money, orderTitle, statusLabel, timeOf } from '../shared/format';
import { RETRY_DELAYS_MS, type PayAttempt } from './pay-attempt';
import type { CustomerOrder } from './page-state';
import { TEST_CARDS } from './payment';
import { pickupText } from './pickup';

/** Where a message is shown: next to the control that caused it. */
export type ErrorPlace = 'page' | 'cart' | 'payment' | 'order';

export interface PaymentState {
  orderId: string;
  /** paying: first request; retrying: automatic retries; unreachable: retries spent; checking: the server settles it. */
  phase: 'paying' | 'retrying' | 'unreachable' | 'checking';
  /** Kept until a definitive answer, so every retry sends the same key and token. */
  attempt: PayAttempt | null;
  retry: number;
}

/** A message announced at once (role=alert), rendered at its place with a stable id to scroll to. */
export function errorView(place: ErrorPlace, errors: Partial<Record<ErrorPlace, string>>): TemplateResult | typeof nothing {
  const message = errors[place];
  return message ? html`<p class="error" role="alert" id=${`error-${place}`}>${message}</p>` : nothing;
}

/** Statuses in which the counter may be asked for the order: it is paid, so it has its number. */
const COLLECTABLE = new Set(['PAID', 'PREPARING', 'READY']);

export function trackingDetails(order: CustomerOrder): TemplateResult {
  const refunded = order.status === 'CANCELLED' && order.payment?.refunded;
  return html`<h2 id="tracking-heading">${orderTitle(order)}</h2>
    ${order.orderNumber && COLLECTABLE.has(order.status) ? pickupCodeView(order.orderNumber, order.pickupName) : nothing}
    <p class="status" aria-live="polite">Status: <strong id="order-status">${statusLabel(order.status)}</strong></p>
    <p id="pickup-time">Pickup <strong>${pickupText(order.pickupSlot)}</strong></p>
    ${order.queuePosition ? html`<p>Place in the queue: <strong>${order.queuePosition}</strong></p>` : nothing}
    ${order.estimatedReadyAt && (order.status === 'PAID' || order.status === 'PREPARING') ? html`<p>Ready at about <strong>${timeOf(order.estimatedReadyAt)}</strong></p>` : nothing}
    ${order.statusReason ? html`<p class="muted">${order.statusReason}</p>` : nothing}
    <ul class="lines">
      ${order.lines.map((line) => html`<li>${lineText(line)}</li>`)}
    </ul>
    <p class="total">
      Total <strong>${money(order.total, order.currency)}</strong>${order.payment?.cardLast4 && !refunded ? html` · paid with card ending ${order.payment.cardLast4}` : nothing}
    </p>
    ${refunded && order.payment
      ? html`<p class="info" id="refund-note">Refunded ${money(order.payment.amount, order.payment.currency)}${order.payment.cardLast4 ? ` to the card ending ${order.payment.cardLast4}` : ''}.</p>`
      : nothing}`;
}

/**
 * What the customer shows at the counter: the order number, large. The number is enough (no
 * separate code): it is unique within the business day, it exists exactly when the order can be
 * collected (it is given at payment, and only a paid order is made), and it is what the barista's
 * tablet and the call at the counter use, so there is one thing to match, with the name beside it.
 */
function pickupCodeView(orderNumber: number, pickupName: string): TemplateResult {
  return html`<div class="pickup-code" role="group" aria-labelledby="pickup-code-label">
    <p id="pickup-code-label">Show this at the counter</p>
    <p class="pickup-number" id="pickup-number">${orderNumber}</p>
    <p class="pickup-name">for <strong>${pickupName}</strong></p>
  </div>`;
}

export function paymentView(
  order: OrderFieldsFragment,
  props: { local: boolean; busy: boolean; errors: Partial<Record<ErrorPlace, string>>; pay(event: SubmitEvent): void; fillCard(number: string): void },
): TemplateResult {
  const expiry = `12/${String(new Date().getFullYear() + 2).slice(-2)}`;
  return html`<form class="payment" id="payment-form" aria-labelledby="payment-heading" @submit=${props.pay}>
    <h3 id="payment-heading">Pay ${money(order.total, order.currency)}</h3>
    <label>Card number <input id="card-number" name="number" inputmode="numeric" autocomplete="cc-number" required /></label>
    <div class="row">
      <label>Expiry (MM/YY) <input name="expiry" autocomplete="cc-exp" required .value=${expiry} /></label>
      <label>CVC <input name="cvc" inputmode="numeric" autocomplete="cc-csc" required maxlength="4" value="123" /></label>
    </div>
    ${errorView('payment', props.errors)}
    <button class="primary" type="submit" ?disabled=${props.busy}>Pay</button>
    ${props.local
      ? html`<details class="test-cards" open>
          <summary>Test cards (local sandbox)</summary>
          <ul>
            ${TEST_CARDS.map((card) => html`<li><button type="button" class="link" @click=${() => props.fillCard(card.number)}>${card.number}</button> ${card.outcome}</li>`)}
          </ul>
        </details>`
      : nothing}
  </form>`;
}

/** What the page is doing about a payment whose answer is not in yet. */
export function paymentStateView(payment: PaymentState, props: { retry(): void; check(): void; busy: boolean }): TemplateResult | typeof nothing {
  if (payment.phase === 'retrying') {
    return html`<p class="notice" role="status" id="payment-state">
      The payment service did not answer; trying again (${payment.retry} of ${RETRY_DELAYS_MS.length})…
    </p>`;
  }
  if (payment.phase === 'unreachable') {
    return html`<div class="error" role="alert" id="payment-state">
      <p><strong>We could not reach the payment service. You have not been charged twice. Try again.</strong></p>
      <p>If it still fails, this payment is settled with the payment service within a few minutes and this page updates by itself.</p>
      <button class="primary" type="button" ?disabled=${props.busy} @click=${props.retry}>Try again</button>
    </div>`;
  }
  if (payment.phase === 'checking') {
    return html`<div class="notice" role="status" id="payment-state">
      <p><strong>Checking your payment…</strong></p>
      <p>A payment for this order is being checked with the payment service. This page updates by itself within about 3 minutes.</p>
      <button type="button" ?disabled=${props.busy} @click=${props.check}>Check now</button>
    </div>`;
  }
  return nothing;
}

export function cancelConfirmView(order: OrderFieldsFragment, props: { confirm(): void; keep(): void; busy: boolean }): TemplateResult {
  const paid = order.status === 'PAID';
  return html`<div class="confirm" role="group" aria-labelledby="confirm-cancel-text">
    <p id="confirm-cancel-text">
      <strong>Cancel ${orderTitle(order).toLowerCase()}?</strong>
      ${paid ? ` ${money(order.total, order.currency)} goes back to your card.` : ' Nothing has been charged.'}
    </p>
    <div class="row">
      <button class="danger" type="button" id="confirm-cancel" ?disabled=${props.busy} @click=${props.confirm}>Yes, cancel it</button>
      <button type="button" ?disabled=${props.busy} @click=${props.keep}>Keep my order</button>
    </div>
  </div>`;
}
