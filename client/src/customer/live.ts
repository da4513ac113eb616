import {
  MenuDocument,
  MyOrdersWithSlotsDocument,
  OnMenuChangedDocument,
  OnMyOrderChangedDocument,
  OnStoreChangedDocument,
  StoreDocument,
  type MenuItemFieldsFragment,
} from '../../../generated/client-operations';
import { request, subscribe, type Subscription } from '../shared/api';
import { watchConnection } from '../shared/connection';
import { messageFor } from '../shared/errors';
import { orderTitle } from '../shared/format';
import { act, state, update, type CustomerOrder } from './page-state';

/** The customer's data as the server has it: reads, catch-up after a reconnect, and the pushed changes. */

let feeds: Subscription[] = [];
let stopWatching: (() => void) | null = null;

/** Keeps the newest version of each order, newest order first. */
export function upsertOrder(order: CustomerOrder): void {
  const known = state.orders.find((candidate) => candidate.id === order.id);
  if (known && known.version > order.version) return;
  // Pushed frames carry OrderFields only; the slot was fixed at placement and is kept.
  const merged = order.pickupSlot === undefined && known ? { ...order, pickupSlot: known.pickupSlot } : order;
  state.orders = [merged, ...state.orders.filter((candidate) => candidate.id !== order.id)].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  if (order.status === 'READY' && known?.status !== 'READY') announceReady(order);
  settlePaymentState(order, known);
}

/** The server settled a payment the page was waiting on (pushed, or read in a catch-up). */
function settlePaymentState(order: CustomerOrder, known: CustomerOrder | undefined): void {
  const payment = state.payment;
  if (!payment || payment.orderId !== order.id || (payment.phase !== 'checking' && payment.phase !== 'unreachable')) return;
  const settled = order.status === 'PAYMENT_FAILED' ? known?.status !== 'PAYMENT_FAILED' : order.status !== 'PENDING_PAYMENT';
  if (settled) state.payment = null;
}

function announceReady(order: CustomerOrder): void {
  state.readyAlert = `${orderTitle(order)} for ${order.pickupName} is ready to collect!`;
  if ('Notification' in window && Notification.permission === 'granted') {
    new Notification('Your coffee is ready', { body: state.readyAlert, tag: order.id });
  }
}

export async function loadMenu(): Promise<void> {
  const authMode = state.user ? 'userPool' : 'apiKey';
  const [{ menu }, { store }] = await Promise.all([request(MenuDocument, {}, authMode), request(StoreDocument, {}, authMode)]);
  state.categories = [...menu.categories].sort((a, b) => a.sortOrder - b.sortOrder);
  state.store = store;
}

/** Re-reads the customer's orders: AppSync does not replay events missed while disconnected. */
export async function refreshOrders(): Promise<void> {
  const { myOrders } = await request(MyOrdersWithSlotsDocument, { limit: 20 });
  myOrders.items.forEach(upsertOrder);
}

async function catchUp(): Promise<void> {
  await Promise.all([refreshOrders(), loadMenu()]);
}

function applyMenuChange(item: MenuItemFieldsFragment): void {
  // The picker shows the drink as it is now: one that just sold out cannot be added.
  if (state.picking?.item.id === item.id) state.picking.item = item;
  // Cart lines hold the item too: their prices and options follow the menu.
  state.cart = state.cart.map((line) => (line.item.id === item.id ? { ...line, item } : line));
  // A new item appears in its category, and an item moved to another category moves with it, in
  // the menu's order (sortOrder, then name, as the server sorts).
  state.categories = state.categories.map((category) => {
    const others = category.items.filter((candidate) => candidate.id !== item.id);
    if (category.id !== item.categoryId) return others.length === category.items.length ? category : { ...category, items: others };
    const items = [...others, item].sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name));
    return { ...category, items };
  });
}

export function startFeeds(): void {
  stopFeeds();
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
}

export function stopFeeds(): void {
  feeds.forEach((feed) => feed.unsubscribe());
  feeds = [];
  stopWatching?.();
  stopWatching = null;
}
