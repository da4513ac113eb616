import { html, nothing, type TemplateResult } from 'lit-html';
import { dayOf, money, statusLabel } from '../shared/format';
import { drinkCount, MAX_DRINKS_PER_ORDER, quantityLimit } from './cart';
import { cancelPicking, reorder, savePicked, startPicking } from './cart-actions';
import { cartView } from './cart-view';
import { askToCancel, cancelOrder, checkPayment, fillCard, keepOrder, payOrder, retryPayment } from './checkout';
import { menuView, pickerView } from './menu-view';
import { cancelConfirmView, errorView, paymentStateView, paymentView, trackingDetails } from './order-view';
import { OFFLINE_STATES, state, tracked, update, type CustomerOrder } from './page-state';
import { receiptView } from './receipt-view';

/** The whole page, rendered again after every change of `state`. */
export function pageView(signOut: () => void): TemplateResult {
  if (state.fatal) return html`<main class="page"><p class="error" role="alert">${state.fatal}</p></main>`;
  const offline = state.user !== null && OFFLINE_STATES.has(state.connection);
  return html`<header class="bar customer-bar">
      <h1>Brewline</h1>
      ${state.user
        ? // A long address is cut with an ellipsis; the whole of it is in the tooltip and read out.
          html`<span class="who" title=${state.user.email}>${state.user.email}</span>
            <button type="button" @click=${signOut}>Sign out</button>`
        : nothing}
    </header>
    <div role="status" id="connection-banner" class=${offline ? 'banner offline' : 'visually-hidden'}>
      ${offline ? 'You are offline. Your order will update as soon as the connection is back.' : ''}
    </div>
    <main class="page phone">
      ${state.readyAlert
        ? html`<div class="alert ready" role="alert" id="ready-alert">
            <strong>${state.readyAlert}</strong>
            <button type="button" @click=${() => ((state.readyAlert = ''), update())}>Dismiss</button>
          </div>`
        : nothing}
      ${errorView('page', state.errors)}
      ${state.store && !state.store.open ? html`<p class="notice">The store is closed right now; you can still browse the menu.</p>` : nothing}
      ${state.user ? trackingView() : state.auth?.view()}
      ${state.picking
        ? pickerView(state.picking, { changed: update, add: savePicked, cancel: cancelPicking, maxQuantity: quantityLimit(state.cart, state.picking.editing ?? undefined) })
        : nothing}
      ${state.user ? cartView() : nothing} ${menuView(state.categories, state.user !== null, startPicking)} ${state.user ? historyView() : nothing}
    </main>`;
}

function trackingView(): TemplateResult | typeof nothing {
  const order = tracked();
  if (!order) return nothing;
  const payment = state.payment?.orderId === order.id ? state.payment : null;
  // While an attempt is unsettled the server refuses a new one and a cancel alike: offer neither.
  const unsettled = payment?.phase === 'unreachable' || payment?.phase === 'checking';
  const needsPayment = order.status === 'PENDING_PAYMENT' || order.status === 'PAYMENT_FAILED';
  const cancellable = !unsettled && (order.status === 'PENDING_PAYMENT' || order.status === 'PAYMENT_FAILED' || order.status === 'PAID');
  return html`<section class="card tracking status-${order.status.toLowerCase()}" aria-labelledby="tracking-heading" id="tracking">
    ${trackingDetails(order)}
    ${payment && payment.phase !== 'paying' ? paymentStateView(payment, { retry: retryPayment, check: checkPayment, busy: state.busy }) : nothing}
    ${needsPayment && !unsettled
      ? paymentView(order, { local: Boolean(state.settings?.local), busy: state.busy, errors: state.errors, pay: (event) => payOrder(event, order), fillCard })
      : nothing}
    ${unsettled ? errorView('payment', state.errors) : nothing}
    ${cancellable
      ? state.confirmingCancel === order.id
        ? cancelConfirmView(order, { confirm: () => cancelOrder(order), keep: keepOrder, busy: state.busy })
        : html`<button type="button" @click=${() => askToCancel(order)} ?disabled=${state.busy}>Cancel order</button>`
      : nothing}
    ${errorView('order', state.errors)} ${receiptView(order)}
  </section>`;
}

const orderSummary = (order: CustomerOrder): string =>
  `${order.orderNumber ? `#${order.orderNumber}` : 'Unpaid'} · ${dayOf(order.businessDate)} · ${statusLabel(order.status)} · ${money(order.total, order.currency)}`;

function historyView(): TemplateResult {
  const full = drinkCount(state.cart) >= MAX_DRINKS_PER_ORDER;
  return html`<section aria-labelledby="history-heading" id="history">
    <h2 id="history-heading">Your orders</h2>
    ${state.orders.length === 0
      ? html`<p class="muted">No orders yet.</p>`
      : html`<ul class="history">
          ${state.orders.map(
            (order) => html`<li data-order=${order.id}>
              <button type="button" class="link" id=${`history-${order.id}`} @click=${() => ((state.trackingId = order.id), update())}>${orderSummary(order)}</button>
              <!-- Described by the order it repeats, so its name stays "Order again" and a search for the order finds one button. -->
              <button type="button" class="small" aria-describedby=${`history-${order.id}`} ?disabled=${full} @click=${() => reorder(order)}>Order again</button>
            </li>`,
          )}
        </ul>`}
  </section>`;
}
