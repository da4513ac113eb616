import type { DrinkSize, MenuItemFieldsFragment, MilkType, OrderLineInput } from '../../../generated/client-operations';

export interface CartLine {
  item: MenuItemFieldsFragment;
  size: DrinkSize;
  milk: MilkType | null;
  extras: Array<{ id: string; name: string; price: number; quantity: number }>;
  quantity: number;
}

/** What the line will cost; only for display, the server prices every order itself. */
export function linePrice(line: CartLine): number {
  const size = line.item.sizes.find((option) => option.size === line.size)?.price ?? line.item.basePrice;
  const milk = line.item.milkOptions.find((option) => option.milk === line.milk)?.surcharge ?? 0;
  const extras = line.extras.reduce((sum, extra) => sum + extra.price * extra.quantity, 0);
  return (size + milk + extras) * line.quantity;
}

export const cartTotal = (lines: readonly CartLine[]): number => lines.reduce((sum, line) => sum + linePrice(line), 0);

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

/** The cart lines whose drink the menu now says is sold out (the menu is pushed over onMenuChanged). */
export function soldOutLines(lines: readonly CartLine[], menuItems: ReadonlyArray<{ id: string; available: boolean }>): Set<number> {
  const unavailable = new Set(menuItems.filter((item) => !item.available).map((item) => item.id));
  return new Set(lines.flatMap((line, index) => (unavailable.has(line.item.id) ? [index] : [])));
}
