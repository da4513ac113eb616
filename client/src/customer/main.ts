import { html, nothing, render, type TemplateResult } from 'lit-html';
import {
  type DrinkSize,
  type MenuItemFieldsFragment,
  type MenuQuery,
  type MilkType,
  MenuDocument,
  MyOrdersDocument,
  OnMenuChangedDocument,
  OnMyOrderChangedDocument,
  type OrderFieldsFragment,
  PayOrderDocument,
  PlaceOrderDocument,
  CancelOrderDocument,
  StoreDocument,
  type StoreFieldsFragment,
} from '../../../generated/client-operations';
import { configureAmplify, type AppSettings } from '../shared/amplify';
import { request, subscribe, type Subscription } from '../shared/api';
import { AuthPanel } from '../shared/auth-panel';
import { messageFor } from '../shared/errors';
import { lineText, milkLabel, money, sizeLabel, statusLabel, timeOf } from '../shared/format';
import { currentUser, leave, type SignedInUser } from '../shared/session';
import { cartTotal, linePrice, toOrderLines, type CartLine } from './cart';
import { TEST_CARDS, tokenizeCard } from './payment';

type Category = MenuQuery['menu']['categories'][number];

interface Picking {
  item: MenuItemFieldsFragment;
  size: DrinkSize;
  milk: MilkType | null;
  extras: Record<string, number>;
  quantity: number;
}

const root = document.getElementById('app') as HTMLElement;
// lit-html renders after existing children; the static "Loading…" goes first.
root.replaceChildren();
const LIVE_STATUSES = new Set(['PENDING_PAYMENT', 'PAYMENT_FAILED', 'PAID', 'PREPARING', 'READY']);

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
  error: '',
  readyAlert: '',
  fatal: '',
};
let auth: AuthPanel | null = null;
let feeds: Subscription[] = [];
let placeKey = crypto.randomUUID();

const update = (): void => {
  render(view(), root);
};

async function act(action: () => Promise<void>): Promise<void> {
  state.busy = true;
  state.error = '';
  update();
  try {
    await action();
  } catch (error) {
    state.error = messageFor(error);
  } finally {
    state.busy = false;
    update();
  }
}

const tracked = (): OrderFieldsFragment | undefined => state.orders.find((order) => order.id === state.trackingId);

/** Keeps the newest version of each order, newest order first. */
function upsertOrder(order: OrderFieldsFragment): void {
  const known = state.orders.find((candidate) => candidate.id === order.id);
  if (known && known.version > order.version) return;
  state.orders = [order, ...state.orders.filter((candidate) => candidate.id !== order.id)].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  if (order.status === 'READY' && known?.status !== 'READY') announceReady(order);
}

function announceReady(order: OrderFieldsFragment): void {
  state.readyAlert = `Order ${order.orderNumber} for ${order.pickupName} is ready to collect!`;
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

function applyMenuChange(item: MenuItemFieldsFragment): void {
  state.categories = state.categories.map((category) =>
    category.id === item.categoryId ? { ...category, items: category.items.map((candidate) => (candidate.id === item.id ? item : candidate)) } : category,
  );
}

async function signedIn(user: SignedInUser): Promise<void> {
  state.user = user;
  feeds.forEach((feed) => feed.unsubscribe());
  const onError = (error: Error): void => {
    state.error = `Live updates stopped: ${messageFor(error)} Reload the page to resume.`;
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
  ];
  await act(async () => {
    await loadMenu();
    const { myOrders } = await request(MyOrdersDocument, { limit: 20 });
    myOrders.items.forEach(upsertOrder);
    state.readyAlert = '';
    state.trackingId ??= state.orders.find((order) => LIVE_STATUSES.has(order.status))?.id ?? null;
  });
}

function startPicking(item: MenuItemFieldsFragment): void {
  state.picking = {
    item,
    size: (item.sizes.find((option) => option.size === 'REGULAR') ?? item.sizes[0])?.size ?? 'REGULAR',
    milk: item.milkOptions.length > 0 ? (item.defaultMilk ?? item.milkOptions[0]?.milk ?? null) : null,
    extras: {},
    quantity: 1,
  };
  update();
  document.getElementById('picker-heading')?.focus();
}

function addPicked(): void {
  const picking = state.picking;
  if (!picking) return;
  state.cart = [
    ...state.cart,
    {
      item: picking.item,
      size: picking.size,
      milk: picking.milk,
      quantity: picking.quantity,
      extras: picking.item.extras.map((extra) => ({ id: extra.id, name: extra.name, price: extra.price, quantity: picking.extras[extra.id] ?? 0 })).filter((extra) => extra.quantity > 0),
    },
  ];
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
  void act(async () => {
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
    state.cart = [];
    placeKey = crypto.randomUUID();
  });
}

function payOrder(event: SubmitEvent, order: OrderFieldsFragment): void {
  event.preventDefault();
  const form = new FormData(event.target as HTMLFormElement);
  const tokenizeUrl = state.settings?.tokenizeUrl;
  void act(async () => {
    if (!tokenizeUrl) throw new Error('No payment gateway is configured.');
    const cardToken = await tokenizeCard(tokenizeUrl, {
      number: String(form.get('number') ?? ''),
      expiry: String(form.get('expiry') ?? ''),
      cvc: String(form.get('cvc') ?? ''),
    });
    const { payOrder } = await request(PayOrderDocument, { input: { orderId: order.id, cardToken, idempotencyKey: crypto.randomUUID() } });
    if (payOrder) upsertOrder(payOrder);
  });
}

function cancelOrder(order: OrderFieldsFragment): void {
  void act(async () => {
    const { cancelOrder } = await request(CancelOrderDocument, { input: { orderId: order.id } });
    if (cancelOrder) upsertOrder(cancelOrder);
  });
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
  return html`<header class="bar">
      <h1>Brewline</h1>
      ${state.user
        ? html`<span class="who">${state.user.email}</span>
            <button type="button" @click=${() => void signOutNow()}>Sign out</button>`
        : nothing}
    </header>
    <main class="page phone">
      ${state.readyAlert
        ? html`<div class="alert ready" role="alert" id="ready-alert">
            <strong>${state.readyAlert}</strong>
            <button type="button" @click=${() => ((state.readyAlert = ''), update())}>Dismiss</button>
          </div>`
        : nothing}
      ${state.error ? html`<p class="error" role="alert" id="error">${state.error}</p>` : nothing}
      ${state.store && !state.store.open ? html`<p class="notice">The store is closed right now; you can still browse the menu.</p>` : nothing}
      ${state.user ? trackingView() : auth?.view()} ${state.picking ? pickerView(state.picking) : nothing} ${state.user ? cartView() : nothing}
      ${menuView()} ${state.user ? historyView() : nothing}
    </main>`;
}

function menuView(): TemplateResult {
  return html`<section aria-labelledby="menu-heading" id="menu">
    <h2 id="menu-heading">Menu</h2>
    ${state.user ? nothing : html`<p class="muted">Sign in above to order.</p>`}
    ${state.categories.map(
      (category) => html`<section class="category" aria-label=${category.name}>
        <h3>${category.name}</h3>
        <ul class="items">
          ${[...category.items].sort((a, b) => a.sortOrder - b.sortOrder).map((item) => itemView(item))}
        </ul>
      </section>`,
    )}
  </section>`;
}

function itemView(item: MenuItemFieldsFragment): TemplateResult {
  return html`<li class="item ${item.available ? '' : 'sold-out'}" data-item=${item.name}>
    ${item.imageUrl ? html`<img src=${item.imageUrl} alt="" width="64" height="64" loading="lazy" />` : html`<span class="thumb" aria-hidden="true">☕</span>`}
    <div class="item-text">
      <strong>${item.name}</strong>
      ${item.description ? html`<span class="muted">${item.description}</span>` : nothing}
      <span>from ${money(item.basePrice)}</span>
    </div>
    ${item.available
      ? html`<button type="button" ?disabled=${!state.user} @click=${() => startPicking(item)} aria-label=${`Choose ${item.name}`}>Choose</button>`
      : html`<span class="badge">Sold out</span>`}
  </li>`;
}

function pickerView(picking: Picking): TemplateResult {
  const { item } = picking;
  const line: CartLine = {
    item,
    size: picking.size,
    milk: picking.milk,
    quantity: picking.quantity,
    extras: item.extras.map((extra) => ({ id: extra.id, name: extra.name, price: extra.price, quantity: picking.extras[extra.id] ?? 0 })),
  };
  return html`<section class="card picker" aria-labelledby="picker-heading">
    <h2 id="picker-heading" tabindex="-1">${item.name}</h2>
    <fieldset>
      <legend>Size</legend>
      ${item.sizes.map(
        (option) => html`<label class="choice"
          ><input type="radio" name="size" .checked=${picking.size === option.size} @change=${() => ((picking.size = option.size), update())} />
          ${sizeLabel(option.size)} ${money(option.price)}</label
        >`,
      )}
    </fieldset>
    ${item.milkOptions.length > 0
      ? html`<label for="pick-milk">Milk</label>
          <select id="pick-milk" name="milk" @change=${(event: Event) => ((picking.milk = (event.target as HTMLSelectElement).value as MilkType), update())}>
            ${item.milkOptions.map(
              (option) =>
                html`<option value=${option.milk} ?selected=${picking.milk === option.milk}>
                  ${milkLabel(option.milk)}${option.surcharge ? ` +${money(option.surcharge)}` : ''}
                </option>`,
            )}
          </select>`
      : nothing}
    ${item.extras.map(
      (extra) => html`<label
        >${extra.name} (+${money(extra.price)})
        <input
          type="number"
          min="0"
          max=${extra.maxQuantity}
          .value=${String(picking.extras[extra.id] ?? 0)}
          @change=${(event: Event) => ((picking.extras[extra.id] = Number((event.target as HTMLInputElement).value)), update())}
      /></label>`,
    )}
    <label
      >Quantity
      <input
        name="quantity"
        type="number"
        min="1"
        max="10"
        .value=${String(picking.quantity)}
        @change=${(event: Event) => ((picking.quantity = Number((event.target as HTMLInputElement).value)), update())}
    /></label>
    <div class="row">
      <button class="primary" type="button" @click=${addPicked}>Add to cart · ${money(linePrice(line))}</button>
      <button type="button" @click=${() => ((state.picking = null), update())}>Cancel</button>
    </div>
  </section>`;
}

function cartView(): TemplateResult {
  if (state.cart.length === 0) return html`<section class="card" aria-labelledby="cart-heading"><h2 id="cart-heading">Your cart</h2><p class="muted">Empty. Choose a drink from the menu.</p></section>`;
  return html`<section class="card" aria-labelledby="cart-heading" id="cart">
    <h2 id="cart-heading">Your cart</h2>
    <ul class="lines">
      ${state.cart.map(
        (line, index) => html`<li>
          <span>${lineText({ ...line, name: line.item.name })}</span> <span>${money(linePrice(line))}</span>
          <button type="button" class="small" aria-label=${`Remove ${line.item.name}`} @click=${() => removeLine(index)}>Remove</button>
        </li>`,
      )}
    </ul>
    <p class="total">Total <strong>${money(cartTotal(state.cart))}</strong></p>
    <form @submit=${placeOrder}>
      <label>Name for pickup <input name="pickupName" required maxlength="40" autocomplete="given-name" /></label>
      <label>Notes for the barista <input name="notes" maxlength="200" /></label>
      <button class="primary" type="submit" ?disabled=${state.busy}>Place order</button>
    </form>
  </section>`;
}

function trackingView(): TemplateResult | typeof nothing {
  const order = tracked();
  if (!order) return nothing;
  const needsPayment = order.status === 'PENDING_PAYMENT' || order.status === 'PAYMENT_FAILED';
  return html`<section class="card tracking status-${order.status.toLowerCase()}" aria-labelledby="tracking-heading" id="tracking">
    <h2 id="tracking-heading">Order ${order.orderNumber}</h2>
    <p class="status" aria-live="polite">Status: <strong id="order-status">${statusLabel(order.status)}</strong></p>
    ${order.queuePosition ? html`<p>Place in the queue: <strong>${order.queuePosition}</strong></p>` : nothing}
    ${order.estimatedReadyAt && (order.status === 'PAID' || order.status === 'PREPARING') ? html`<p>Ready at about <strong>${timeOf(order.estimatedReadyAt)}</strong></p>` : nothing}
    ${order.statusReason ? html`<p class="muted">${order.statusReason}</p>` : nothing}
    <ul class="lines">
      ${order.lines.map((line) => html`<li>${lineText(line)}</li>`)}
    </ul>
    <p class="total">Total <strong>${money(order.total, order.currency)}</strong>${order.payment?.cardLast4 ? html` · paid with card ending ${order.payment.cardLast4}` : nothing}</p>
    ${needsPayment ? paymentView(order) : nothing}
    ${order.status === 'PENDING_PAYMENT' || order.status === 'PAYMENT_FAILED' || order.status === 'PAID'
      ? html`<button type="button" @click=${() => cancelOrder(order)} ?disabled=${state.busy}>Cancel order</button>`
      : nothing}
  </section>`;
}

function paymentView(order: OrderFieldsFragment): TemplateResult {
  const expiry = `12/${String(new Date().getFullYear() + 2).slice(-2)}`;
  return html`<form class="payment" @submit=${(event: SubmitEvent) => payOrder(event, order)}>
    <h3>Pay ${money(order.total, order.currency)}</h3>
    <label>Card number <input id="card-number" name="number" inputmode="numeric" autocomplete="cc-number" required /></label>
    <div class="row">
      <label>Expiry (MM/YY) <input name="expiry" autocomplete="cc-exp" required .value=${expiry} /></label>
      <label>CVC <input name="cvc" inputmode="numeric" autocomplete="cc-csc" required maxlength="4" value="123" /></label>
    </div>
    <button class="primary" type="submit" ?disabled=${state.busy}>Pay</button>
    ${state.settings?.local
      ? html`<details class="test-cards" open>
          <summary>Test cards (local sandbox)</summary>
          <ul>
            ${TEST_CARDS.map(
              (card) => html`<li><button type="button" class="link" @click=${() => fillCard(card.number)}>${card.number}</button> ${card.outcome}</li>`,
            )}
          </ul>
        </details>`
      : nothing}
  </form>`;
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
                #${order.orderNumber} · ${order.businessDate} · ${statusLabel(order.status)} · ${money(order.total, order.currency)}
              </button>
            </li>`,
          )}
        </ul>`}
  </section>`;
}

async function signOutNow(): Promise<void> {
  feeds.forEach((feed) => feed.unsubscribe());
  feeds = [];
  await leave();
  Object.assign(state, { user: null, orders: [], cart: [], trackingId: null, readyAlert: '', picking: null });
  update();
}

async function main(): Promise<void> {
  const settings = await configureAmplify();
  state.settings = settings;
  auth = new AuthPanel(settings, { allowSignUp: true, heading: 'Sign in to order' }, (user) => void signedIn(user), update);
  update();
  const user = await currentUser();
  if (user) await signedIn(user);
  else if (settings.hasApiKey) await act(loadMenu);
}

main().catch((error: unknown) => {
  state.fatal = messageFor(error);
  update();
});
