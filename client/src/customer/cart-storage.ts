import type { DrinkSize, MilkType } from '../../../generated/client-operations';
import type { WantedLine } from './cart';

/**
 * The cart survives a reload in sessionStorage, not localStorage: a coffee cart lives for minutes,
 * and sessionStorage ends with the tab, so a cart is never brought back days later with stale
 * prices, nor shown to the next person who opens the site on a shared device. Only ids, options
 * and the price seen are kept; the lines are rebuilt from the menu as it is when the page loads
 * (rebuildLines), so a drink sold out or changed meanwhile is marked like in a reorder. The key
 * names the user: one tab signed in as two people in turn keeps their carts apart.
 */
export type CartStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const keyOf = (username: string): string => `brewline.cart.${username}`;
const VERSION = 1;

export function saveCart(storage: CartStorage, username: string, lines: readonly WantedLine[]): void {
  try {
    if (lines.length === 0) storage.removeItem(keyOf(username));
    else storage.setItem(keyOf(username), JSON.stringify({ version: VERSION, lines }));
  } catch {
    // Storage full or disabled (a private window): the cart still works, it only does not survive a reload.
  }
}

export function clearCart(storage: CartStorage, username: string): void {
  saveCart(storage, username, []);
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value > 0;

/** A stored line in the shape this version writes, or null: anything else (edited by hand, an older shape) is ignored. */
function wantedLineOf(value: unknown): WantedLine | null {
  if (!isRecord(value) || typeof value.menuItemId !== 'string' || typeof value.name !== 'string' || typeof value.size !== 'string') return null;
  if (!isCount(value.quantity) || !Array.isArray(value.extras)) return null;
  if (value.milk !== null && typeof value.milk !== 'string') return null;
  const extras = value.extras.filter(
    (extra): extra is { id: string; name: string; quantity: number } => isRecord(extra) && typeof extra.id === 'string' && typeof extra.name === 'string' && isCount(extra.quantity),
  );
  return {
    menuItemId: value.menuItemId,
    name: value.name,
    // Checked against the item's own options when the line is rebuilt.
    size: value.size as DrinkSize,
    milk: value.milk as MilkType | null,
    quantity: value.quantity,
    extras: extras.map((extra) => ({ id: extra.id, name: extra.name, quantity: extra.quantity })),
    unitPrice: typeof value.unitPrice === 'number' ? value.unitPrice : undefined,
  };
}

export function loadCart(storage: CartStorage, username: string): WantedLine[] {
  try {
    const stored: unknown = JSON.parse(storage.getItem(keyOf(username)) ?? 'null');
    if (!isRecord(stored) || stored.version !== VERSION || !Array.isArray(stored.lines)) return [];
    return stored.lines.map(wantedLineOf).filter((line): line is WantedLine => line !== null);
  } catch {
    return [];
  }
}
