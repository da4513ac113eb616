import { html, nothing, render, type TemplateResult } from 'lit-html';
import {
  CancelOrderDocument,
  LiveQueueDocument,
  MarkCollectedDocument,
  MarkReadyDocument,
  OnOrderQueueChangedDocument,
  OrderChangesSinceDocument,
  type OrderFieldsFragment,
  StartPreparingDocument,
} from '../../../generated/client-operations';
import { configureAmplify } from '../shared/amplify';
import { request, subscribe, type Subscription } from '../shared/api';
import { AuthPanel } from '../shared/auth-panel';
import { beep, unlockAudio } from '../shared/beep';
import { watchConnection } from '../shared/connection';
import { messageFor } from '../shared/errors';
import { lineText, money, statusLabel, timeOf } from '../shared/format';
import { currentUser, leave, type SignedInUser } from '../shared/session';
import { Board, COLUMNS, type Column } from './board';

const root = document.getElementById('app') as HTMLElement;
// lit-html renders after existing children; the static "Loading…" goes first.
root.replaceChildren();
const STAFF = ['Baristas', 'Managers'];
const PAGE_SIZE = 100;
const RETRY_MS = 5000;

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
const fresh = new Set<string>();
let cursor: string | null = null;
let feed: Subscription | null = null;
let auth: AuthPanel | null = null;

const update = (): void => {
  render(view(), root);
};

function received(order: OrderFieldsFragment, announce: boolean): void {
  const applied = board.apply(order);
  // Once an order has moved on, someone has seen it.
  if (applied === 'moved' || applied === 'removed') fresh.delete(order.id);
  if (applied === 'new' && announce && order.status === 'PAID') {
    fresh.add(order.id);
    state.announcement = `New order ${order.orderNumber} for ${order.pickupName}.`;
    beep();
    // The highlight marks the order as new until the barista has had time to see it.
    setTimeout(() => {
      fresh.delete(order.id);
      update();
    }, 8000);
  }
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

async function signedIn(user: SignedInUser): Promise<void> {
  unlockAudio();
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
  try {
    // Subscribed first, then read: an order paid in between arrives by one path or the other.
    await loadColumns();
    await catchUp(false);
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

const advance = (order: OrderFieldsFragment): Promise<void> =>
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

function ticket(order: OrderFieldsFragment, column: Column): TemplateResult {
  const busy = state.busyId === order.id;
  return html`<li class="ticket ${fresh.has(order.id) ? 'fresh' : ''}" data-order=${order.id} aria-label=${`Order ${order.orderNumber} for ${order.pickupName}`}>
    <h3><span>#${order.orderNumber} ${order.pickupName}</span><span class="muted">${timeOf(order.paidAt ?? order.createdAt)}</span></h3>
    ${fresh.has(order.id) ? html`<strong class="badge">New</strong>` : nothing}
    <ul class="lines">
      ${order.lines.map((line) => html`<li>${lineText(line)}</li>`)}
    </ul>
    ${order.notes ? html`<p class="notes"><strong>Note:</strong> ${order.notes}</p>` : nothing}
    <p class="muted">${statusLabel(order.status)} · ${money(order.total, order.currency)}</p>
    <div class="actions">
      <button class="primary" type="button" ?disabled=${busy} @click=${() => void advance(order)}>${ADVANCE_LABEL[column]}</button>
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
            <button type="button" @click=${() => void leave().then(() => location.reload())}>Sign out</button>`
        : nothing}
    </header>
    <main class="page">
      <p class="visually-hidden" aria-live="polite">${state.announcement}</p>
      ${state.error ? html`<p class="error" role="alert">${state.error}</p>` : nothing}
      ${state.user
        ? html`<div class="board">
            ${COLUMNS.map((column) => {
              const orders = board.column(column);
              return html`<section class="column" aria-labelledby=${`col-${column}`} data-column=${column}>
                <h2 id=${`col-${column}`}>${COLUMN_TITLE[column]} (${orders.length})</h2>
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
  auth = new AuthPanel(settings, { allowSignUp: false, heading: 'Barista sign-in' }, (user) => void signedIn(user), update);
  update();
  const user = await currentUser();
  if (user) await signedIn(user);
}

main().catch((error: unknown) => {
  state.fatal = messageFor(error);
  update();
});
