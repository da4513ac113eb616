import { html, nothing, render, type TemplateResult } from 'lit-html';
import {
  CancelOrderDocument,
  LiveQueueDocument,
  MarkCollectedDocument,
  MenuDocument,
  MarkReadyDocument,
  OnOrderQueueChangedDocument,
  OrderChangesSinceDocument,
  type OrderFieldsFragment,
  StartPreparingDocument,
  StoreDocument,
} from '../../../generated/client-operations';
import { configureAmplify } from '../shared/amplify';
import { request, subscribe, type Subscription } from '../shared/api';
import { AuthPanel } from '../shared/auth-panel';
import { beep, unlockAudio } from '../shared/beep';
import { watchConnection } from '../shared/connection';
import { messageFor } from '../shared/errors';
import { milkLabel, money, sizeLabel, statusLabel, timeOf } from '../shared/format';
import { currentUser, leave, type SignedInUser } from '../shared/session';
import { Board, COLUMNS, type Column } from './board';
import { ManagerControls } from './manager-controls';
import { PendingMoves, UNDO_MS } from './pending';
import { batchTotals, elapsedLabel, elapsedMinutes, milkIsModifier, urgency } from './tickets';

const root = document.getElementById('app') as HTMLElement;
// lit-html renders after existing children; the static "Loading…" goes first.
root.replaceChildren();
const STAFF = ['Baristas', 'Managers'];
const PAGE_SIZE = 100;
const RETRY_MS = 5000;
/** Elapsed times are minutes; a 30 s tick keeps them at most half a minute behind, from the tablet's clock alone. */
const TICK_MS = 30_000;
/** The seed store's value until the store is read. */
let prepMinutes = 3;
const defaultMilk = new Map<string, string | null | undefined>();
let now = Date.now();

const state = {
  user: null as SignedInUser | null,
  connection: 'Disconnected' as string,
  error: '',
  fatal: '',
  cancelling: null as string | null,
  busyId: null as string | null,
  /** Read out by screen readers through a polite live region. */
  announcement: '',
};
const board = new Board();
/** New tickets stay highlighted until a barista taps them (or moves them): a timer would let one go unseen. */
const fresh = new Set<string>();
let soundOn = false;
/** Until the first read is done, a catch-up brings what was already there, not news. */
let loaded = false;
let cursor: string | null = null;
let feed: Subscription | null = null;
let auth: AuthPanel | null = null;

const update = (): void => {
  render(view(), root);
};
const pending = new PendingMoves<Column | 'COLLECTED'>(update);
const controls = new ManagerControls(update);

function received(order: OrderFieldsFragment, announce: boolean): void {
  const applied = board.apply(order);
  // Once an order has moved on, someone has seen it.
  if (applied === 'moved' || applied === 'removed') fresh.delete(order.id);
  if (applied === 'new' && announce && loaded && order.status === 'PAID') {
    fresh.add(order.id);
    state.announcement = `New order ${order.orderNumber} for ${order.pickupName}.`;
    if (soundOn) beep();
  }
  if (applied === 'removed') pending.undo(order.id);
}

/** Reads every change after the cursor, page by page: the catch-up after a reconnect. */
async function catchUp(announce: boolean): Promise<void> {
  for (;;) {
    const { orderChangesSince } = await request(OrderChangesSinceDocument, { cursor, limit: PAGE_SIZE });
    orderChangesSince.items.forEach((order) => received(order, announce));
    cursor = orderChangesSince.cursor ?? cursor;
    if (orderChangesSince.items.length < PAGE_SIZE) break;
  }
  update();
}

async function loadColumns(): Promise<void> {
  for (const status of COLUMNS) {
    let nextToken: string | null = null;
    do {
      const { liveQueue }: { liveQueue: { items: OrderFieldsFragment[]; nextToken?: string | null } } = await request(LiveQueueDocument, { status, limit: PAGE_SIZE, nextToken });
      liveQueue.items.forEach((order) => received(order, false));
      nextToken = liveQueue.nextToken ?? null;
    } while (nextToken);
  }
}

function startFeed(): void {
  feed?.unsubscribe();
  feed = subscribe(OnOrderQueueChangedDocument, {}, {
    next: ({ onOrderQueueChanged }) => {
      if (onOrderQueueChanged) received(onOrderQueueChanged, true);
      update();
    },
    error: (error) => {
      state.error = `Live queue interrupted: ${messageFor(error)} Retrying…`;
      state.connection = 'Disconnected';
      update();
      // Amplify resubscribes by itself after a dropped socket; an error here ended the subscription, so start over and catch up.
      setTimeout(() => {
        startFeed();
        catchUp(true)
          .then(() => {
            state.error = '';
            update();
          })
          .catch((retryError: unknown) => {
            state.error = messageFor(retryError);
            update();
          });
      }, RETRY_MS);
    },
  });
}

function enableSound(): void {
  unlockAudio();
  soundOn = true;
  beep();
  update();
}

/** Prep time for the overdue colours, default milks for the modifiers; the menu also feeds the sold-out control. */
async function loadStoreAndMenu(manager: boolean): Promise<void> {
  const [{ store }, { menu }] = await Promise.all([request(StoreDocument, {}), request(MenuDocument, {})]);
  prepMinutes = store.prepMinutesPerOrder;
  for (const category of menu.categories) for (const item of category.items) defaultMilk.set(item.id, item.defaultMilk);
  if (manager) {
    controls.store = store;
    controls.categories = [...menu.categories].sort((a, b) => a.sortOrder - b.sortOrder);
  }
}

async function signedIn(user: SignedInUser, byClick: boolean): Promise<void> {
  // A sign-in click is a gesture, so audio can start; a restored session needs the Sound control.
  if (byClick) enableSound();
  state.user = user;
  if (!user.groups.some((group) => STAFF.includes(group))) {
    state.error = 'This tablet is for baristas. Please sign in with a barista account.';
    update();
    return;
  }
  watchConnection({
    onState: (connection) => {
      state.connection = connection;
      update();
    },
    onReconnected: () => void catchUp(true).catch((error: unknown) => ((state.error = messageFor(error)), update())),
  });
  startFeed();
  setInterval(() => {
    now = Date.now();
    update();
  }, TICK_MS);
  try {
    await loadStoreAndMenu(user.groups.includes('Managers'));
    // Subscribed first, then read: an order paid in between arrives by one path or the other.
    await loadColumns();
    await catchUp(false);
    loaded = true;
  } catch (error) {
    state.error = messageFor(error);
  }
  update();
}

async function act(order: OrderFieldsFragment, run: () => Promise<OrderFieldsFragment | null | undefined>): Promise<void> {
  state.busyId = order.id;
  state.error = '';
  update();
  try {
    const changed = await run();
    if (changed) received(changed, false);
    state.cancelling = null;
  } catch (error) {
    state.error = `Order ${order.orderNumber}: ${messageFor(error)}`;
  } finally {
    state.busyId = null;
    update();
  }
}

const NEXT: Record<Column, Column | 'COLLECTED'> = { PAID: 'PREPARING', PREPARING: 'READY', READY: 'COLLECTED' };
const TARGET_LABEL: Record<Column | 'COLLECTED', string> = { PAID: 'Paid', PREPARING: 'Preparing', READY: 'Ready', COLLECTED: 'Collected' };

function advance(order: OrderFieldsFragment, column: Column): void {
  fresh.delete(order.id);
  pending.schedule(order.id, NEXT[column], () => {
    // The order as it is now: a catch-up may have brought a newer version meanwhile.
    void send(board.get(order.id) ?? order);
  });
}

const send = (order: OrderFieldsFragment): Promise<void> =>
  act(order, async () => {
    if (order.status === 'PAID') return (await request(StartPreparingDocument, { orderId: order.id })).startPreparing;
    if (order.status === 'PREPARING') return (await request(MarkReadyDocument, { orderId: order.id })).markReady;
    return (await request(MarkCollectedDocument, { orderId: order.id })).markCollected;
  });

function cancel(event: SubmitEvent, order: OrderFieldsFragment): void {
  event.preventDefault();
  const reason = String(new FormData(event.target as HTMLFormElement).get('reason') ?? '').trim();
  void act(order, async () => (await request(CancelOrderDocument, { input: { orderId: order.id, reason } })).cancelOrder);
}

const ADVANCE_LABEL: Record<Column, string> = { PAID: 'Start preparing', PREPARING: 'Mark ready', READY: 'Collected' };
const COLUMN_TITLE: Record<Column, string> = { PAID: 'Paid', PREPARING: 'Preparing', READY: 'Ready' };

type Line = OrderFieldsFragment['lines'][number];

/** Milk other than the drink's default and every extra are marked: they are what gets made wrong. */
function lineView(line: Line): TemplateResult {
  const milk = line.milk ? milkLabel(line.milk).toLowerCase() : '';
  const milkPart = milk ? (milkIsModifier(line, defaultMilk) ? html`, <mark class="modifier">${milk}</mark>` : html`, ${milk}`) : nothing;
  const extras = line.extras.map((extra) => html`, <mark class="modifier">${extra.name.toLowerCase()}${extra.quantity > 1 ? ` ×${extra.quantity}` : ''}</mark>`);
  // One run of text without template whitespace, so it reads "2 × Flat white, regular, oat milk" to a screen reader and to tests.
  return html`<li class="line"><strong>${line.quantity} × ${line.name}</strong>, ${sizeLabel(line.size).toLowerCase()}${milkPart}${extras}</li>`;
}

function acknowledge(order: OrderFieldsFragment): void {
  if (!fresh.delete(order.id)) return;
  update();
}

function ticket(order: OrderFieldsFragment, column: Column): TemplateResult {
  const busy = state.busyId === order.id;
  const isNew = fresh.has(order.id);
  const minutes = elapsedMinutes(order, now);
  const level = urgency(order, prepMinutes, now);
  const moving = pending.target(order.id);
  return html`<li
    class="ticket ${isNew ? 'fresh' : ''} urgency-${level} ${moving ? 'moving' : ''}"
    data-order=${order.id}
    data-urgency=${level}
    aria-label=${`Order ${order.orderNumber ?? ''} for ${order.pickupName}`}
    @click=${() => acknowledge(order)}
  >
    <h3>
      <span>#${order.orderNumber} ${order.pickupName}</span>
      <span class="elapsed" title=${`Paid at ${timeOf(order.paidAt ?? order.createdAt)}`}>${elapsedLabel(minutes)}${level === 'late' ? ' · late' : ''}</span>
    </h3>
    ${isNew ? html`<button type="button" class="badge new" aria-label=${`New order ${order.orderNumber ?? ''}: tap to acknowledge`}>New</button>` : nothing}
    <ul class="lines">
      ${order.lines.map(lineView)}
    </ul>
    ${order.pickupSlot ? html`<p class="notes pickup-slot"><strong>Pickup at ${timeOf(order.pickupSlot)}</strong></p>` : nothing}
    ${order.notes ? html`<p class="notes"><strong>Note:</strong> ${order.notes}</p>` : nothing}
    <p class="muted">${statusLabel(order.status)} · ${money(order.total, order.currency)}</p>
    ${moving
      ? html`<div class="actions undo" role="status">
          <span>Moving to ${TARGET_LABEL[moving]} in ${UNDO_MS / 1000} s</span>
          <button type="button" class="primary" @click=${() => pending.undo(order.id)}>Undo</button>
        </div>`
      : nothing}
    <div class="actions" ?hidden=${Boolean(moving)}>
      <button class="primary" type="button" ?disabled=${busy} @click=${() => advance(order, column)}>${ADVANCE_LABEL[column]}</button>
      ${column !== 'READY' && state.cancelling !== order.id
        ? html`<button class="danger" type="button" ?disabled=${busy} @click=${() => ((state.cancelling = order.id), update())}>Cancel…</button>`
        : nothing}
    </div>
    ${state.cancelling === order.id
      ? html`<form @submit=${(event: SubmitEvent) => cancel(event, order)}>
          <label>Reason for cancelling <input name="reason" required maxlength="200" /></label>
          <div class="actions">
            <button class="danger" type="submit" ?disabled=${busy}>Cancel and refund</button>
            <button type="button" @click=${() => ((state.cancelling = null), update())}>Keep order</button>
          </div>
        </form>`
      : nothing}
  </li>`;
}

function view(): TemplateResult {
  if (state.fatal) return html`<main class="page"><p class="error" role="alert">${state.fatal}</p></main>`;
  const connected = state.connection === 'Connected';
  return html`<header class="bar">
      <h1>Brewline · Barista</h1>
      ${state.user
        ? html`<span class="conn ${connected ? 'connected' : state.connection === 'Connecting' ? 'connecting' : 'disconnected'}" role="status" id="connection"
              >${connected ? '● Live' : `○ ${state.connection === 'Connecting' ? 'Connecting…' : 'Offline'}`}</span
            >
            <button type="button" id="sound" aria-pressed=${soundOn ? 'true' : 'false'} @click=${enableSound}>${soundOn ? '♪ Sound on' : 'Tap to enable sound'}</button>
            ${controls.store ? controls.header() : nothing}
            <button type="button" @click=${() => void leave().then(() => location.reload())}>Sign out</button>`
        : nothing}
    </header>
    <main class="page kds">
      <p class="visually-hidden" aria-live="polite">${state.announcement}</p>
      ${state.error ? html`<p class="error" role="alert">${state.error}</p>` : nothing}
      ${controls.store ? controls.panel() : nothing}
      ${state.user
        ? html`<div class="board">
            ${COLUMNS.map((column) => {
              const orders = board.column(column);
              return html`<section class="column" aria-labelledby=${`col-${column}`} data-column=${column}>
                <h2 id=${`col-${column}`}>${COLUMN_TITLE[column]} (${orders.length})</h2>
                ${column === 'PAID' && orders.length > 0
                  ? html`<p class="batch" aria-label="To make">${batchTotals(orders).map((total) => html`<span class="batch-total">${total.quantity} × ${total.name}</span>`)}</p>`
                  : nothing}
                <ul class="items">
                  ${orders.map((order) => ticket(order, column))}
                </ul>
              </section>`;
            })}
          </div>`
        : html`<div class="phone">${auth?.view()}</div>`}
    </main>`;
}

async function main(): Promise<void> {
  const settings = await configureAmplify();
  auth = new AuthPanel(settings, { allowSignUp: false, heading: 'Barista sign-in' }, (user) => void signedIn(user, true), update);
  update();
  const user = await currentUser();
  if (user) await signedIn(user, false);
}

main().catch((error: unknown) => {
  state.fatal = messageFor(error);
  update();
});
