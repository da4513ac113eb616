import type { PutCategoryInput, PutMenuItemInput } from '../../generated/graphql';

/** A rejected input: the field at fault (errorInfo.field) and why. */
export type InputProblem = { field: string; message: string };

export const MAX_NAME_LENGTH = 100;
export const MAX_DESCRIPTION_LENGTH = 500;
export const MAX_SORT_ORDER = 999999;
export const MAX_PRICE = 100000;
export const MAX_EXTRA_QUANTITY = 10;

function blank(value: string | null | undefined): boolean {
  return (value ?? '').trim().length === 0;
}

function priceProblem(field: string, price: number): InputProblem | null {
  if (price < 0) return { field, message: `${field} must not be negative.` };
  if (price > MAX_PRICE) return { field, message: `${field} must be at most ${MAX_PRICE} cents.` };
  return null;
}

/** The first value that occurs twice, or null. */
function duplicate(values: string[]): string | null {
  const seen: Record<string, boolean> = {};
  let found: string | null = null;
  for (const value of values) {
    if (found === null && seen[value]) found = value;
    seen[value] = true;
  }
  return found;
}

function sortOrderProblem(sortOrder: number | null | undefined): InputProblem | null {
  if (sortOrder === null || sortOrder === undefined) return null;
  if (sortOrder < 0 || sortOrder > MAX_SORT_ORDER) return { field: 'sortOrder', message: `sortOrder must be between 0 and ${MAX_SORT_ORDER}.` };
  return null;
}

function nameProblem(name: string): InputProblem | null {
  if (blank(name)) return { field: 'name', message: 'name must not be empty.' };
  if (name.length > MAX_NAME_LENGTH) return { field: 'name', message: `name must be at most ${MAX_NAME_LENGTH} characters.` };
  return null;
}

export function categoryInputProblem(input: PutCategoryInput): InputProblem | null {
  if (input.id !== null && input.id !== undefined && blank(input.id)) return { field: 'id', message: 'id must not be empty when given.' };
  return nameProblem(input.name) ?? sortOrderProblem(input.sortOrder);
}

/**
 * What is wrong with a menu item, checked in order; null when it may be stored. Whether the
 * category (and, on replace, the item) exists is checked by the write's transaction instead.
 */
export function menuItemInputProblem(input: PutMenuItemInput): InputProblem | null {
  if (input.id !== null && input.id !== undefined && blank(input.id)) return { field: 'id', message: 'id must not be empty when given.' };
  if (blank(input.categoryId)) return { field: 'categoryId', message: 'categoryId must not be empty.' };
  const named = nameProblem(input.name);
  if (named) return named;
  if ((input.description ?? '').length > MAX_DESCRIPTION_LENGTH) {
    return { field: 'description', message: `description must be at most ${MAX_DESCRIPTION_LENGTH} characters.` };
  }
  if (input.sizes.length === 0) return { field: 'sizes', message: 'A menu item needs at least one size.' };
  const sizeTwice = duplicate(input.sizes.map((option) => option.size));
  if (sizeTwice) return { field: 'sizes', message: `Size ${sizeTwice} is listed twice.` };
  const milkTwice = duplicate(input.milkOptions.map((option) => option.milk));
  if (milkTwice) return { field: 'milkOptions', message: `Milk ${milkTwice} is listed twice.` };
  const extraTwice = duplicate(input.extras.map((extra) => extra.id));
  if (extraTwice) return { field: 'extras', message: `Extra ${extraTwice} is listed twice.` };
  const badPrice = [
    ...input.sizes.map((option) => priceProblem('sizes.price', option.price)),
    ...input.milkOptions.map((option) => priceProblem('milkOptions.surcharge', option.surcharge)),
    ...input.extras.map((extra) => priceProblem('extras.price', extra.price)),
  ].find((problem) => problem !== null);
  if (badPrice) return badPrice;
  const badExtra = input.extras.find((extra) => blank(extra.id) || blank(extra.name));
  if (badExtra) return { field: 'extras', message: 'Every extra needs an id and a name.' };
  const badQuantity = input.extras.find((extra) => extra.maxQuantity < 1 || extra.maxQuantity > MAX_EXTRA_QUANTITY);
  if (badQuantity) return { field: 'extras.maxQuantity', message: `maxQuantity of ${badQuantity.id} must be between 1 and ${MAX_EXTRA_QUANTITY}.` };
  const milk = input.defaultMilk;
  if (milk && !input.milkOptions.some((option) => option.milk === milk)) {
    return { field: 'defaultMilk', message: `defaultMilk ${milk} is not among the item's milk options.` };
  }
  return sortOrderProblem(input.sortOrder);
}
