import type { DrinkSize, MenuItemFieldsFragment, MilkType, OrderLineInput } from '../../../generated/client-operations';
import { milkLabel, money, sizeLabel } from '../shared/format';

/**
 * placeOrder's bounds (resolvers/lib/order-pricing.ts: MAX_LINE_QUANTITY, MAX_DRINKS_PER_ORDER),
 * repeated here because the browser bundle imports nothing from the resolvers; cart.test.ts fails
 * when the two drift. An extra's bound is its own maxQuantity, read from the menu.
 */
export const MAX_LINE_QUANTITY = 10;
export const MAX_DRINKS_PER_ORDER = 20;

export interface CartExtra {
  id: string;
  name: string;
  price: number;
  quantity: number;
}

export interface CartLine {
  item: MenuItemFieldsFragment;
  size: DrinkSize;
  milk: MilkType | null;
  extras: CartExtra[];
  quantity: number;
  /** What changed since the line was chosen (a reorder, a restored cart): shown until the line is edited. */
  notices?: readonly string[];
}

/** A line as ids and options only: what is kept across a reload and what a past order asks for again. */
export interface WantedLine {
  menuItemId: string;
  name: string;
  size: DrinkSize;
  milk: MilkType | null;
  quantity: number;
  extras: ReadonlyArray<{ id: string; name: string; quantity: number }>;
  /** The unit price paid last time, when it is known: a reorder says when the price changed. */
  unitPrice?: number;
}

export function unitPrice(line: Pick<CartLine, 'item' | 'size' | 'milk' | 'extras'>): number {
  const size = line.item.sizes.find((option) => option.size === line.size)?.price ?? line.item.basePrice;
  const milk = line.item.milkOptions.find((option) => option.milk === line.milk)?.surcharge ?? 0;
  return line.extras.reduce((sum, extra) => sum + extra.price * extra.quantity, size + milk);
}

/** What the line will cost; only for display, the server prices every order itself. */
export const linePrice = (line: CartLine): number => unitPrice(line) * line.quantity;

export const cartTotal = (lines: readonly CartLine[]): number => lines.reduce((sum, line) => sum + linePrice(line), 0);

export const drinkCount = (lines: readonly CartLine[]): number => lines.reduce((sum, line) => sum + line.quantity, 0);

/** The most drinks the line at `index` (or a new line, without an index) may hold, given the rest of the cart. */
export function quantityLimit(lines: readonly CartLine[], index?: number): number {
  const others = lines.reduce((sum, line, position) => (position === index ? sum : sum + line.quantity), 0);
  return Math.max(0, Math.min(MAX_LINE_QUANTITY, MAX_DRINKS_PER_ORDER - others));
}

export const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, Math.round(value)));

/** The API takes only ids and options. */
export function toOrderLines(lines: readonly CartLine[]): OrderLineInput[] {
  return lines.map((line) => ({
    menuItemId: line.item.id,
    size: line.size,
    milk: line.milk,
    quantity: line.quantity,
    extras: line.extras.filter((extra) => extra.quantity > 0).map((extra) => ({ id: extra.id, quantity: extra.quantity })),
  }));
}

export function toWantedLines(lines: readonly CartLine[]): WantedLine[] {
  return lines.map((line) => ({
    menuItemId: line.item.id,
    name: line.item.name,
    size: line.size,
    milk: line.milk,
    quantity: line.quantity,
    extras: line.extras.map((extra) => ({ id: extra.id, name: extra.name, quantity: extra.quantity })),
    unitPrice: unitPrice(line),
  }));
}

/** The cart lines whose drink the menu now says is sold out (the menu is pushed over onMenuChanged). */
export function soldOutLines(lines: readonly CartLine[], menuItems: ReadonlyArray<{ id: string; available: boolean }>): Set<number> {
  const unavailable = new Set(menuItems.filter((item) => !item.available).map((item) => item.id));
  return new Set(lines.flatMap((line, index) => (unavailable.has(line.item.id) ? [index] : [])));
}

export interface Rebuilt {
  lines: CartLine[];
  /** Names of the drinks no longer on the menu, which could not be put back. */
  dropped: string[];
}

/**
 * Lines asked for again (a past order, a cart kept over a reload) as the menu offers them now.
 * An option the drink no longer has is replaced by its default and an extra over its new maximum
 * is lowered, each with a notice; a sold-out drink stays in, marked by soldOutLines like any other;
 * a drink gone from the menu cannot be priced and is dropped. The cart's drink limit still holds.
 */
export function rebuildLines(wanted: readonly WantedLine[], menuItems: readonly MenuItemFieldsFragment[], room = MAX_DRINKS_PER_ORDER): Rebuilt {
  const byId = new Map(menuItems.map((item) => [item.id, item]));
  const lines: CartLine[] = [];
  const dropped: string[] = [];
  let left = room;
  for (const want of wanted) {
    const item = byId.get(want.menuItemId);
    if (!item) {
      dropped.push(want.name);
      continue;
    }
    const notices: string[] = [];
    let size = want.size;
    if (!item.sizes.some((option) => option.size === size)) {
      size = (item.sizes.find((option) => option.size === 'REGULAR') ?? item.sizes[0])?.size ?? size;
      notices.push(`${sizeLabel(want.size)} is no longer offered: ${sizeLabel(size).toLowerCase()} instead.`);
    }
    let milk = item.milkOptions.length > 0 ? want.milk : null;
    if (item.milkOptions.length > 0 && !item.milkOptions.some((option) => option.milk === milk)) {
      milk = item.defaultMilk ?? item.milkOptions[0]?.milk ?? null;
      notices.push(`${milkLabel(want.milk)} is no longer offered: ${milkLabel(milk).toLowerCase()} instead.`);
    }
    const extras: CartExtra[] = [];
    for (const extra of want.extras) {
      const offered = item.extras.find((candidate) => candidate.id === extra.id);
      if (!offered) {
        notices.push(`${extra.name} is no longer offered.`);
        continue;
      }
      const quantity = Math.min(extra.quantity, offered.maxQuantity);
      if (quantity < extra.quantity) notices.push(`At most ${offered.maxQuantity} × ${offered.name} now.`);
      if (quantity > 0) extras.push({ id: offered.id, name: offered.name, price: offered.price, quantity });
    }
    const quantity = Math.min(want.quantity, MAX_LINE_QUANTITY, left);
    if (quantity <= 0) {
      dropped.push(want.name);
      continue;
    }
    if (quantity < want.quantity) notices.push(`Only ${quantity} fit in one order (at most ${MAX_DRINKS_PER_ORDER} drinks).`);
    left -= quantity;
    const line: CartLine = { item, size, milk, extras, quantity };
    const now = unitPrice(line);
    if (want.unitPrice !== undefined && want.unitPrice !== now) notices.push(`The price is now ${money(now)} (was ${money(want.unitPrice)}).`);
    lines.push(notices.length > 0 ? { ...line, notices } : line);
  }
  return { lines, dropped };
}
