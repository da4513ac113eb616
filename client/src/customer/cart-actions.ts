import type { MenuItemFieldsFragment } from '../../../generated/client-operations';
import { orderTitle } from '../shared/format';
import { clamp, drinkCount, MAX_DRINKS_PER_ORDER, quantityLimit, rebuildLines, toWantedLines, type CartLine, type WantedLine } from './cart';
import { clearCart, loadCart, saveCart } from './cart-storage';
import { newPicking, pickedLine, pickingOf } from './menu-view';
import { menuItems, state, update, type CustomerOrder } from './page-state';

/** What the customer does to the cart and the picker; every change is kept for a reload. */

let placeKey = crypto.randomUUID();

/** The idempotency key of the order the cart would place: a new one whenever the cart changes. */
export const currentPlaceKey = (): string => placeKey;

export function setCart(lines: CartLine[]): void {
  state.cart = lines;
  placeKey = crypto.randomUUID();
  if (state.user) saveCart(sessionStorage, state.user.username, toWantedLines(lines));
}

/** The cart kept over a reload, rebuilt from the menu as it is now. */
export function restoreCart(): void {
  if (!state.user || state.cart.length > 0) return;
  const { lines, dropped } = rebuildLines(loadCart(sessionStorage, state.user.username), menuItems());
  state.cart = lines;
  state.cartNotice = droppedNotice(dropped);
}

export function forgetCart(username: string): void {
  clearCart(sessionStorage, username);
}

const droppedNotice = (dropped: readonly string[]): string =>
  dropped.length === 0 ? '' : `${[...new Set(dropped)].join(', ')} could not be added: no longer on the menu, or over the ${MAX_DRINKS_PER_ORDER}-drink limit of an order.`;

export function startPicking(item: MenuItemFieldsFragment): void {
  state.picking = newPicking(item);
  update();
  document.getElementById('picker-heading')?.focus();
}

export function editLine(index: number): void {
  const line = state.cart[index];
  if (!line) return;
  state.picking = pickingOf(line, index);
  update();
  document.getElementById('picker-heading')?.focus();
}

export function cancelPicking(): void {
  state.picking = null;
  update();
}

/** Adds the picked drink, or puts the edited line back in its place. */
export function savePicked(): void {
  const picking = state.picking;
  if (!picking?.item.available) return;
  const line = pickedLine(picking);
  const max = quantityLimit(state.cart, picking.editing ?? undefined);
  if (line.quantity > max) return;
  const editing = picking.editing;
  setCart(editing === null ? [...state.cart, line] : state.cart.map((candidate, position) => (position === editing ? line : candidate)));
  state.picking = null;
  update();
  if (editing !== null) document.getElementById('cart-heading')?.focus();
}

export function setLineQuantity(index: number, quantity: number): void {
  const line = state.cart[index];
  if (!line) return;
  const next = clamp(quantity, 1, Math.max(1, quantityLimit(state.cart, index)));
  if (next === line.quantity) return;
  setCart(state.cart.map((candidate, position) => (position === index ? { ...candidate, quantity: next } : candidate)));
  update();
}

export function removeLine(index: number): void {
  // The picker may be editing this line or one after it, whose index would shift.
  if (typeof state.picking?.editing === 'number') state.picking = null;
  setCart(state.cart.filter((_, position) => position !== index));
  state.cartNotice = '';
  update();
  document.getElementById('cart-heading')?.focus();
}

const wantedOf = (order: CustomerOrder): WantedLine[] =>
  order.lines.map((line) => ({ menuItemId: line.menuItemId, name: line.name, size: line.size, milk: line.milk, quantity: line.quantity, extras: line.extras, unitPrice: line.unitPrice }));

/** The lines of a past order, as the menu offers them now, added to the cart. */
export function reorder(order: CustomerOrder): void {
  const { lines, dropped } = rebuildLines(wantedOf(order), menuItems(), MAX_DRINKS_PER_ORDER - drinkCount(state.cart));
  setCart([...state.cart, ...lines]);
  state.cartNotice = [lines.length > 0 ? `Added from ${orderTitle(order).toLowerCase()}.` : '', droppedNotice(dropped)].filter(Boolean).join(' ');
  update();
  const heading = document.getElementById('cart-heading');
  heading?.scrollIntoView({ block: 'start' });
  heading?.focus({ preventScroll: true });
}
