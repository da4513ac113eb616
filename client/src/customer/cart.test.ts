import { describe, expect, it } from 'vitest';
import type { MenuItemFieldsFragment } from '../../../generated/client-operations';
import { MAX_DRINKS_PER_ORDER as SERVER_MAX_DRINKS, MAX_LINE_QUANTITY as SERVER_MAX_LINE } from '../../../resolvers/lib/order-pricing';
import { cartTotal, linePrice, MAX_DRINKS_PER_ORDER, MAX_LINE_QUANTITY, quantityLimit, rebuildLines, toWantedLines, type CartLine } from './cart';
import { loadCart, saveCart, type CartStorage } from './cart-storage';

const flatWhite: MenuItemFieldsFragment = {
  id: 'flat-white',
  categoryId: 'milk',
  name: 'Flat white',
  description: null,
  imageUrl: null,
  basePrice: 380,
  sizes: [
    { size: 'REGULAR', price: 380 },
    { size: 'LARGE', price: 430 },
  ],
  milkOptions: [
    { milk: 'WHOLE', surcharge: 0 },
    { milk: 'OAT', surcharge: 50 },
  ],
  defaultMilk: 'WHOLE',
  extras: [{ id: 'extra-shot', name: 'Extra shot', price: 60, maxQuantity: 3 }],
  available: true,
  sortOrder: 10,
  updatedAt: '2026-12-02T08:00:00.000Z',
  menuVersion: 1,
};

const line = (overrides: Partial<CartLine> = {}): CartLine => ({ item: flatWhite, size: 'LARGE', milk: 'OAT', extras: [{ id: 'extra-shot', name: 'Extra shot', price: 60, quantity: 2 }], quantity: 2, ...overrides });

class MemoryStorage implements CartStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

describe('the cart', () => {
  it("keeps placeOrder's bounds: 1 to 10 of a drink, 20 drinks in an order", () => {
    expect(MAX_LINE_QUANTITY).toBe(SERVER_MAX_LINE);
    expect(MAX_DRINKS_PER_ORDER).toBe(SERVER_MAX_DRINKS);
  });

  it('prices a line as the server does: size + milk + extras, times the quantity', () => {
    expect(linePrice(line())).toBe((430 + 50 + 2 * 60) * 2);
    expect(cartTotal([line(), line({ quantity: 1, extras: [] })])).toBe(1200 + 480);
  });

  it('lets a line grow only as far as the rest of the cart leaves room', () => {
    const cart = [line({ quantity: 10 }), line({ quantity: 7 })];
    expect(quantityLimit(cart)).toBe(3);
    expect(quantityLimit(cart, 1)).toBe(10);
    expect(quantityLimit([line({ quantity: 10 }), line({ quantity: 10 })])).toBe(0);
  });

  it('puts a past order back as the menu offers it now, saying what changed', () => {
    const menu = [{ ...flatWhite, milkOptions: [{ milk: 'WHOLE' as const, surcharge: 0 }], extras: [{ id: 'extra-shot', name: 'Extra shot', price: 60, maxQuantity: 1 }], sizes: [{ size: 'REGULAR' as const, price: 400 }] }];
    const { lines, dropped } = rebuildLines(
      [
        { menuItemId: 'flat-white', name: 'Flat white', size: 'LARGE', milk: 'OAT', quantity: 2, extras: [{ id: 'extra-shot', name: 'Extra shot', quantity: 2 }], unitPrice: 600 },
        { menuItemId: 'gone', name: 'Pumpkin latte', size: 'REGULAR', milk: null, quantity: 1, extras: [] },
      ],
      menu,
    );
    expect(dropped).toEqual(['Pumpkin latte']);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ size: 'REGULAR', milk: 'WHOLE', quantity: 2, extras: [{ id: 'extra-shot', quantity: 1 }] });
    expect(lines[0]?.notices).toEqual([
      'Large is no longer offered: regular instead.',
      'Oat milk is no longer offered: whole milk instead.',
      'At most 1 × Extra shot now.',
      'The price is now €4.60 (was €6.00).',
    ]);
  });

  it('puts an unchanged line back without a notice, and never past 20 drinks', () => {
    const wanted = toWantedLines([line({ quantity: 10 })]);
    expect(rebuildLines(wanted, [flatWhite]).lines[0]?.notices).toBeUndefined();
    const { lines, dropped } = rebuildLines([...wanted, ...wanted, ...wanted], [flatWhite]);
    expect(lines.map((rebuilt) => rebuilt.quantity)).toEqual([10, 10]);
    expect(dropped).toEqual(['Flat white']);
  });

  it('survives a reload through storage, per user, and ignores what it did not write', () => {
    const storage = new MemoryStorage();
    saveCart(storage, 'john', toWantedLines([line()]));
    expect(loadCart(storage, 'john')).toEqual(toWantedLines([line()]));
    expect(loadCart(storage, 'jane')).toEqual([]);
    storage.setItem('brewline.cart.jane', '{"version":1,"lines":[{"menuItemId":1},{"oops":true}]}');
    expect(loadCart(storage, 'jane')).toEqual([]);
    storage.setItem('brewline.cart.jane', 'not json');
    expect(loadCart(storage, 'jane')).toEqual([]);
    saveCart(storage, 'john', []);
    expect(storage.items.has('brewline.cart.john')).toBe(false);
  });
});
