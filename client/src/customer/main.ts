import type { ConnectionState } from 'aws-amplify/api';
import { html, nothing, render, type TemplateResult } from 'lit-html';
import {
  MenuDocument,
  MyOrdersDocument,
  OnMenuChangedDocument,
  OnMyOrderChangedDocument,
  type MenuItemFieldsFragment,
  type OrderFieldsFragment,
  PayOrderDocument,
  PlaceOrderDocument,
  CancelOrderDocument,
  StoreDocument,
  OnStoreChangedDocument,
  type StoreFieldsFragment,
} from '../../../generated/client-operations';
import { configureAmplify, type AppSettings } from '../shared/amplify';
import { request, subscribe, type Subscription } from '../shared/api';
import { AuthPanel } from '../shared/auth-panel';
import { watchConnection } from '../shared/connection';
import { messageFor } from '../shared/errors';
import { lineText, money, orderTitle, statusLabel } from '../shared/format';
import { currentUser, leave, type SignedInUser } from '../shared/session';
import { cartTotal, linePrice, soldOutLines, toOrderLines, type CartLine } from './cart';
import { menuView, newPicking, pickedLine, pickerView, type Category, type Picking } from './menu-view';
import { payWithRetries, type PayAttempt } from './pay-attempt';
import { cancelConfirmView, errorView, paymentStateView, paymentView, trackingDetails, type ErrorPlace, type PaymentState } from './order-view';
import { tokenizeCard } from './payment';

const root = document.getElementById('app') as HTMLElement;
// lit-html renders after existing children; the static "Loading…" goes first.
root.replaceChildren();
const LIVE_STATUSES = new Set(['PENDING_PAYMENT', 'PAYMENT_FAILED', 'PAID', 'PREPARING', 'READY']);
/** Amplify's states for "the socket may be up, but no event can reach us now". */
const OFFLINE_STATES = new Set<string>(['ConnectionDisrupted', 'ConnectionDisruptedPendingNetwork', 'ConnectedPendingNetwork']);

const state = {
  settings: null as AppSettings | null,
  user: null as SignedInUser | null,
  categories: [] as Category[],
  store: null as StoreFieldsFragment | null,
  picking: null as Picking | null,
  cart: [] as CartLine[],
  orders: [] as OrderFieldsFragment[],
  trackingId: null as string | null,
  busy: false,
  /** Each message is shown next to what caused it (issue 11: on a phone the top of the page is out of view). */
  errors: {} as Partial<Record<ErrorPlace, string>>,
  connection: 'Connecting' as ConnectionState | string,
  payment: null as PaymentState | null,
  confirmingCancel: null as string | null,
  readyAlert: '',
  fatal: '',
};
let auth: AuthPanel | null = null;
let feeds: Subscription[] = [];
let stopWatching: (() => void) | null = null;
let placeKey = crypto.randomUUID();

const PAGE_TITLE = document.title;

const update = (): void => {
  render(view(), root);
  // The tab says it too, for a customer who switched to another one while waiting.
  document.title = state.readyAlert ? `Ready to collect · ${PAGE_TITLE}` : PAGE_TITLE;
};

/** Runs an action with its message kept at `place`; resolves true when it succeeded. */
async function act(place: ErrorPlace, action: () => Promise<void>): Promise<boolean> {
  state.busy = true;
  state.errors = {};
  update();
  try {
    await action();
    return true;
  } catch (error) {
    state.errors = { [place]: messageFor(error) };
    return false;
  } finally {
    state.busy = false;
    update();
    if (state.errors[place]) revealError(place);
  }
}

/** Brings the message into view and puts focus where the person acts next. */
function revealError(place: ErrorPlace): void {
  const message = document.getElementById(`error-${place}`);
  if (place === 'payment') document.querySelector<HTMLInputElement>('#card-number')?.focus({ preventScroll: true });
  message?.scrollIntoView({ block: 'center' });
}

const tracked = (): OrderFieldsFragment | undefined => state.orders.find((order) => order.id === state.trackingId);

/** Keeps the newest version of each order, newest order first. */
function upsertOrder(order: OrderFieldsFragment): void {
  const known = state.orders.find((candidate) => candidate.id === order.id);
  if (known && known.version > order.version) return;
  state.orders = [order, ...state.orders.filter((candidate) => candidate.id !== order.id)].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  if (order.status === 'READY' && known?.status !== 'READY') announceReady(order);
  settlePaymentState(order, known);
}

/** The server settled a payment the page was waiting on (pushed, or read in a catch-up). */
function settlePaymentState(order: OrderFieldsFragment, known: OrderFieldsFragment | undefined): void {
  const payment = state.payment;
  if (!payment || payment.orderId !== order.id || (payment.phase !== 'checking' && payment.phase !== 'unreachable')) return;
  const settled = order.status === 'PAYMENT_FAILED' ? known?.status !== 'PAYMENT_FAILED' : order.status !== 'PENDING_PAYMENT';
  if (settled) state.payment = null;
}

function announceReady(order: OrderFieldsFragment): void {
  state.readyAlert = `${orderTitle(order)} for ${order.pickupName} is ready to collect!`;
  if ('Notification' in window && Notification.permission === 'granted') {
    new Notification('Your coffee is ready', { body: state.readyAlert, tag: order.id });
  }
}

async function loadMenu(): Promise<void> {
  const authMode = state.user ? 'userPool' : 'apiKey';
  const [{ menu }, { store }] = await Promise.all([request(MenuDocument, {}, authMode), request(StoreDocument, {}, authMode)]);
  state.categories = [...menu.categories].sort((a, b) => a.sortOrder - b.sortOrder);
  state.store = store;
}

/** Re-reads the customer's orders: AppSync does not replay events missed while disconnected. */
async function refreshOrders(): Promise<void> {
  const { myOrders } = await request(MyOrdersDocument, { limit: 20 });
  myOrders.items.forEach(upsertOrder);
}

async function catchUp(): Promise<void> {
  await Promise.all([refreshOrders(), loadMenu()]);
}

function applyMenuChange(item: MenuItemFieldsFragment): void {
  // The picker shows the drink as it is now: one that just sold out cannot be added.
  if (state.picking?.item.id === item.id) state.picking.item = item;
  state.categories = state.categories.map((category) =>
    category.id === item.categoryId ? { ...category, items: category.items.map((candidate) => (candidate.id === item.id ? item : candidate)) } : category,
  );
}

async function signedIn(user: SignedInUser): Promise<void> {
  state.user = user;
  feeds.forEach((feed) => feed.unsubscribe());
  stopWatching?.();
  stopWatching = watchConnection({
    onState: (connection) => {
      state.connection = connection;
      update();
    },
    onReconnected: () => void act('page', catchUp),
  });
  const onError = (error: Error): void => {
    state.errors = { ...state.errors, page: `Live updates stopped: ${messageFor(error)} Reload the page to resume.` };
    update();
  };
  feeds = [
    subscribe(OnMyOrderChangedDocument, {}, {
      next: ({ onMyOrderChanged }) => {
        if (onMyOrderChanged) upsertOrder(onMyOrderChanged);
        update();
      },
      error: onError,
    }),
    subscribe(OnMenuChangedDocument, {}, {
      next: ({ onMenuChanged }) => {
        if (onMenuChanged) applyMenuChange(onMenuChanged);
        update();
      },
      error: onError,
    }),
    // Opening and closing are pushed, so ordering stops and resumes without a reload.
    subscribe(OnStoreChangedDocument, {}, {
      next: ({ onStoreChanged }) => {
        if (onStoreChanged) state.store = onStoreChanged;
        update();
      },
      error: onError,
    }),
  ];
  await act('page', async () => {
    await loadMenu();
    await refreshOrders();
    state.readyAlert = '';
    state.trackingId ??= state.orders.find((order) => LIVE_STATUSES.has(order.status))?.id ?? null;
  });
}

function startPicking(item: MenuItemFieldsFragment): void {
  state.picking = newPicking(item);
  update();
  document.getElementById('picker-heading')?.focus();
}

function addPicked(): void {
  if (!state.picking?.item.available) return;
  state.cart = [...state.cart, pickedLine(state.picking)];
  state.picking = null;
  placeKey = crypto.randomUUID();
  update();
}

function removeLine(index: number): void {
  state.cart = state.cart.filter((_, position) => position !== index);
  placeKey = crypto.randomUUID();
  update();
}

function placeOrder(event: SubmitEvent): void {
  event.preventDefault();
  const form = new FormData(event.target as HTMLFormElement);
  // Asked here because browsers grant it only in answer to a click.
  if ('Notification' in window && Notification.permission === 'default') void Notification.requestPermission();
  void act('cart', async () => {
    const { placeOrder } = await request(PlaceOrderDocument, {
      input: {
        idempotencyKey: placeKey,
        pickupName: String(form.get('pickupName') ?? '').trim(),
        notes: String(form.get('notes') ?? '').trim() || null,
        lines: toOrderLines(state.cart),
      },
    });
    if (!placeOrder) throw new Error('The order was not placed.');
    upsertOrder(placeOrder);
    state.trackingId = placeOrder.id;
    state.readyAlert = '';
    state.cart = [];
    placeKey = crypto.randomUUID();
  }).then((placed) => {
    // The order appears at the top of the page, far above the cart on a phone: take the person to it.
    if (!placed) return;
    document.getElementById('tracking')?.scrollIntoView({ block: 'start' });
    document.querySelector<HTMLInputElement>('#card-number')?.focus();
  });
}

function payOrder(event: SubmitEvent, order: OrderFieldsFragment): void {
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
function retryPayment(): void {
  const attempt = state.payment?.attempt;
  if (attempt) void act('payment', () => runAttempt(attempt));
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

function cancelOrder(order: OrderFieldsFragment): void {
  void act('order', async () => {
    state.confirmingCancel = null;
    const { cancelOrder } = await request(CancelOrderDocument, { input: { orderId: order.id } });
    if (cancelOrder) upsertOrder(cancelOrder);
  });
}

function askToCancel(order: OrderFieldsFragment): void {
  state.confirmingCancel = order.id;
  update();
  document.getElementById('confirm-cancel')?.focus();
}

function fillCard(number: string): void {
  const input = document.querySelector<HTMLInputElement>('#card-number');
  if (input) {
    input.value = number;
    input.focus();
  }
}

// ---------------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------------

function view(): TemplateResult {
  if (state.fatal) return html`<main class="page"><p class="error" role="alert">${state.fatal}</p></main>`;
  const offline = state.user !== null && OFFLINE_STATES.has(state.connection);
  return html`<header class="bar">
      <h1>Brewline</h1>
      ${state.user
        ? html`<span class="who">${state.user.email}</span>
            <button type="button" @click=${() => void signOutNow()}>Sign out</button>`
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
      ${state.user ? trackingView() : auth?.view()}
      ${state.picking ? pickerView(state.picking, { changed: update, add: addPicked, cancel: () => ((state.picking = null), update()) }) : nothing}
      ${state.user ? cartView() : nothing} ${menuView(state.categories, state.user !== null, startPicking)} ${state.user ? historyView() : nothing}
    </main>`;
}

function cartView(): TemplateResult {
  if (state.cart.length === 0) return html`<section class="card" aria-labelledby="cart-heading"><h2 id="cart-heading">Your cart</h2><p class="muted">Empty. Choose a drink from the menu.</p></section>`;
  const soldOut = soldOutLines(
    state.cart,
    state.categories.flatMap((category) => category.items),
  );
  return html`<section class="card" aria-labelledby="cart-heading" id="cart">
    <h2 id="cart-heading">Your cart</h2>
    <ul class="lines">
      ${state.cart.map(
        (line, index) => html`<li class=${soldOut.has(index) ? 'sold-out' : ''}>
          <span>${lineText({ ...line, name: line.item.name })}${soldOut.has(index) ? html` <span class="badge">Sold out</span>` : nothing}</span>
          <span>${money(linePrice(line))}</span>
          <button type="button" class="small" aria-label=${`Remove ${line.item.name}`} @click=${() => removeLine(index)}>Remove</button>
        </li>`,
      )}
    </ul>
    <p class="total">Total <strong>${money(cartTotal(state.cart))}</strong></p>
    <form @submit=${placeOrder}>
      <label>Name for pickup <input name="pickupName" required maxlength="40" autocomplete="given-name" /></label>
      <label>Notes for the barista <input name="notes" maxlength="200" /></label>
      ${soldOut.size > 0 ? html`<p class="notice" id="cart-sold-out">Something in your cart has just sold out. Remove it to place the order.</p>` : nothing}
      ${errorView('cart', state.errors)}
      <button class="primary" type="submit" ?disabled=${state.busy || soldOut.size > 0 || state.store?.open === false}>Place order</button>
    </form>
  </section>`;
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
    ${payment && payment.phase !== 'paying' ? paymentStateView(payment, { retry: retryPayment, check: () => void act('payment', refreshOrders), busy: state.busy }) : nothing}
    ${needsPayment && !unsettled
      ? paymentView(order, { local: Boolean(state.settings?.local), busy: state.busy, errors: state.errors, pay: (event) => payOrder(event, order), fillCard })
      : nothing}
    ${unsettled ? errorView('payment', state.errors) : nothing}
    ${cancellable
      ? state.confirmingCancel === order.id
        ? cancelConfirmView(order, { confirm: () => cancelOrder(order), keep: () => ((state.confirmingCancel = null), update()), busy: state.busy })
        : html`<button type="button" @click=${() => askToCancel(order)} ?disabled=${state.busy}>Cancel order</button>`
      : nothing}
    ${errorView('order', state.errors)}
  </section>`;
}

function historyView(): TemplateResult {
  return html`<section aria-labelledby="history-heading" id="history">
    <h2 id="history-heading">Your orders</h2>
    ${state.orders.length === 0
      ? html`<p class="muted">No orders yet.</p>`
      : html`<ul class="history">
          ${state.orders.map(
            (order) => html`<li>
              <button type="button" class="link" @click=${() => ((state.trackingId = order.id), update())}>
                ${order.orderNumber ? `#${order.orderNumber}` : 'Unpaid'} · ${order.businessDate} · ${statusLabel(order.status)} · ${money(order.total, order.currency)}
              </button>
            </li>`,
          )}
        </ul>`}
  </section>`;
}

async function signOutNow(): Promise<void> {
  feeds.forEach((feed) => feed.unsubscribe());
  feeds = [];
  stopWatching?.();
  stopWatching = null;
  await leave();
  Object.assign(state, { user: null, orders: [], cart: [], trackingId: null, readyAlert: '', picking: null, payment: null, confirmingCancel: null, errors: {} });
  update();
}

async function main(): Promise<void> {
  const settings = await configureAmplify();
  state.settings = settings;
  auth = new AuthPanel(settings, { allowSignUp: true, heading: 'Sign in to order' }, (user) => void signedIn(user), update);
  update();
  const user = await currentUser();
  if (user) await signedIn(user);
  else if (settings.hasApiKey) await act('page', loadMenu);
}

main().catch((error: unknown) => {
  state.fatal = messageFor(error);
  update();
});
