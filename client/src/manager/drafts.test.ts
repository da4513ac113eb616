import { describe, expect, it } from 'vitest';
import type { MenuItemFieldsFragment } from '../../../generated/client-operations';
import { ApiError, messageFor } from '../shared/errors';
import { categoryRefusal, centsOf, eurosOf, itemDraftOf, itemInputOf, itemRefusal, newItemDraft, removedOptions } from './drafts';

const LATTE: MenuItemFieldsFragment = {
  id: 'latte',
  categoryId: 'milk',
  name: 'Latte',
  description: null,
  imageUrl: null,
  basePrice: 350,
  sizes: [
    { size: 'SMALL', price: 350 },
    { size: 'LARGE', price: 440 },
  ],
  milkOptions: [{ milk: 'OAT', surcharge: 50 }],
  defaultMilk: 'OAT',
  extras: [{ id: 'vanilla', name: 'Vanilla syrup', price: 50, maxQuantity: 3 }],
  available: true,
  sortOrder: 20,
  updatedAt: '2026-12-02T08:00:00.000Z',
  menuVersion: 4,
};

const invalidInput = (field: string, message: string): ApiError => new ApiError('INVALID_INPUT', message, { field });

describe('the menu editor drafts', () => {
  it('reads euros as typed (dot or comma, optional euro sign) as cents, and refuses anything else', () => {
    expect(centsOf('3.80')).toBe(380);
    expect(centsOf('3,8')).toBe(380);
    expect(centsOf('€ 4')).toBe(400);
    expect(centsOf('0.07')).toBe(7);
    expect(centsOf('-1')).toBe(-100);
    expect(centsOf('three')).toBeNull();
    expect(centsOf('3.805')).toBeNull();
    expect(centsOf('')).toBeNull();
    expect(eurosOf(385)).toBe('3.85');
  });

  it('turns an item into a draft and back into the same putMenuItem input', () => {
    const built = itemInputOf(itemDraftOf(LATTE));
    expect(built).toEqual({
      input: {
        id: 'latte',
        categoryId: 'milk',
        name: 'Latte',
        description: null,
        imageUrl: null,
        sizes: LATTE.sizes,
        milkOptions: LATTE.milkOptions,
        defaultMilk: 'OAT',
        extras: LATTE.extras,
        available: true,
        sortOrder: 20,
      },
    });
  });

  it('gives a new extra an id from its name and leaves the rules the server owns to the server', () => {
    const draft = newItemDraft('milk');
    draft.sizes.REGULAR = { offered: false, price: '' };
    draft.extras.push({ id: '', name: 'Vanilla syrup', price: '0.50', maxQuantity: '3' });
    const built = itemInputOf(draft);
    if (!('input' in built)) throw new Error('expected an input');
    expect(built.input.sizes).toEqual([]);
    expect(built.input.name).toBe('');
    expect(built.input.extras).toEqual([{ id: 'vanilla-syrup', name: 'Vanilla syrup', price: 50, maxQuantity: 3 }]);
  });

  it('refuses in the browser only what cannot be sent: a price that is no number, a URL without a scheme', () => {
    const draft = itemDraftOf(LATTE);
    draft.sizes.SMALL.price = 'cheap';
    draft.imageUrl = 'www.example.com/latte.jpg';
    draft.sortOrder = 'first';
    expect(itemInputOf(draft)).toEqual({
      problems: {
        sizes: 'Each size needs its price. Enter a price in euros, like 3.80.',
        imageUrl: 'A photo is a full URL, starting with https://.',
        sortOrder: 'Sort order is a whole number, like 10.',
      },
    });
  });

  it("puts each server refusal at the field errorInfo names, in the form's words and in euros", () => {
    expect(itemRefusal(invalidInput('sizes', 'A menu item needs at least one size.'), messageFor)).toEqual({ sizes: 'A menu item needs at least one size.' });
    expect(itemRefusal(invalidInput('sizes.price', 'sizes.price must be at most 100000 cents.'), messageFor)).toEqual({ sizes: 'A size price must be at most €1,000.00.' });
    expect(itemRefusal(invalidInput('milkOptions.surcharge', 'milkOptions.surcharge must not be negative.'), messageFor)).toEqual({ milkOptions: 'A milk surcharge must not be negative.' });
    expect(itemRefusal(invalidInput('extras.maxQuantity', 'maxQuantity of shot must be between 1 and 10.'), messageFor)).toEqual({ extras: 'The most per drink of shot must be between 1 and 10.' });
    expect(itemRefusal(invalidInput('defaultMilk', "defaultMilk SOY is not among the item's milk options."), messageFor)).toEqual({ defaultMilk: "Default milk SOY is not among the item's milk options." });
    expect(itemRefusal(invalidInput('name', 'name must not be empty.'), messageFor)).toEqual({ name: 'Name must not be empty.' });
    expect(itemRefusal(new ApiError('UNKNOWN_CATEGORY', 'Category x does not exist.'), messageFor)).toEqual({ categoryId: 'That category no longer exists. Pick another one.' });
    expect(itemRefusal(new ApiError('MENU_VERSION_CONFLICT', 'The menu was changed by another edit; nothing was saved. Try again.'), messageFor).form).toContain('nothing was saved');
    expect(categoryRefusal(invalidInput('sortOrder', 'sortOrder must be between 0 and 999999.'), messageFor)).toEqual({ sortOrder: 'Sort order must be between 0 and 999999.' });
  });

  it('names what an edit takes away from an existing item, and nothing when it only adds', () => {
    const draft = itemDraftOf(LATTE);
    draft.sizes.LARGE.offered = false;
    draft.milks.OAT.offered = false;
    draft.extras = [];
    const built = itemInputOf(draft);
    if (!('input' in built)) throw new Error('expected an input');
    expect(removedOptions(LATTE, built.input)).toEqual(['large size', 'oat milk', 'Vanilla syrup']);
    const grown = itemDraftOf(LATTE);
    grown.sizes.REGULAR = { offered: true, price: '3.90' };
    const more = itemInputOf(grown);
    if (!('input' in more)) throw new Error('expected an input');
    expect(removedOptions(LATTE, more.input)).toEqual([]);
  });
});
