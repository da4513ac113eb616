import { util } from '@aws-appsync/utils';
import type { MilkType, OrderExtra, OrderLineInput, PlaceOrderInput } from '../../generated/graphql';
import { defaultMilkFor, type MenuItemRecord } from './menu';
import { epochMillisOf, MINUTE_MILLIS } from './order-time';
import type { OrderLineRecord } from './order-record';

/**
 * placeOrder's rules. The client sends menu item ids and options, never a price: every line is
 * priced here from the menu item as stored.
 *
 *   unitPrice = the size's price + the milk's surcharge + each extra's price x its quantity
 *   lineTotal = unitPrice x quantity;  total = the sum of the line totals
 *
 * Errors (errorType; errorInfo.line is the 0-based line index where a line is at fault):
 *   EMPTY_ORDER        no lines
 *   INVALID_INPUT      pickup name empty or over 50 characters, notes over 500, a pickup slot in
 *                      the past or more than a day ahead, an idempotency key over 128 characters
 *   INVALID_QUANTITY   a line quantity outside 1..10, an extra quantity outside 1..maxQuantity
 *   TOO_MANY_ITEMS     more than 20 drinks (the sum of the line quantities)
 *   DUPLICATE_OPTION   one extra twice on a line
 *   UNKNOWN_MENU_ITEM  no such item
 *   SOLD_OUT           the item is not available
 *   UNKNOWN_OPTION     a size, milk or extra the item does not offer (any milk for a drink made
 *                      without milk)
 */
export const ORDER_CURRENCY = 'EUR';
export const MAX_LINE_QUANTITY = 10;
export const MAX_DRINKS_PER_ORDER = 20;
export const MAX_PICKUP_NAME_LENGTH = 50;
export const MAX_NOTES_LENGTH = 500;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 128;
const SLOT_GRACE_MILLIS = MINUTE_MILLIS;
const SLOT_HORIZON_MILLIS = 24 * 60 * MINUTE_MILLIS;

export type PricedOrder = { lines: OrderLineRecord[]; itemCount: number; total: number; currency: string };

function invalidInput(message: string, field: string): never {
  return util.error(message, 'INVALID_INPUT', null, { field });
}

function lineError(message: string, errorType: string, line: number, details: Record<string, unknown> = {}): never {
  return util.error(message, errorType, null, { line, ...details });
}

/** The checks that need no menu, made before anything is read. */
export function checkOrderInput(input: PlaceOrderInput, nowMillis: number): void {
  if (input.lines.length === 0) util.error('An order needs at least one line.', 'EMPTY_ORDER');
  const pickupName = input.pickupName.trim();
  if (pickupName.length === 0) invalidInput('The pickup name is empty.', 'pickupName');
  if (pickupName.length > MAX_PICKUP_NAME_LENGTH) invalidInput(`The pickup name is longer than ${MAX_PICKUP_NAME_LENGTH} characters.`, 'pickupName');
  if ((input.notes ?? '').length > MAX_NOTES_LENGTH) invalidInput(`The notes are longer than ${MAX_NOTES_LENGTH} characters.`, 'notes');
  if (input.idempotencyKey.length === 0 || input.idempotencyKey.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    invalidInput(`The idempotency key must have 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters.`, 'idempotencyKey');
  }
  if (input.pickupSlot) {
    const slot = epochMillisOf(input.pickupSlot);
    if (slot < nowMillis - SLOT_GRACE_MILLIS) invalidInput('The pickup slot is in the past.', 'pickupSlot');
    if (slot > nowMillis + SLOT_HORIZON_MILLIS) invalidInput('The pickup slot is more than a day ahead.', 'pickupSlot');
  }
  let drinks = 0;
  input.lines.forEach((line, index) => {
    if (line.quantity < 1 || line.quantity > MAX_LINE_QUANTITY) {
      lineError(`Line ${index + 1}: the quantity must be 1 to ${MAX_LINE_QUANTITY}.`, 'INVALID_QUANTITY', index, { quantity: line.quantity });
    }
    drinks += line.quantity;
    const extraIds: string[] = [];
    for (const extra of line.extras ?? []) {
      if (extraIds.includes(extra.id)) lineError(`Line ${index + 1}: extra ${extra.id} is listed twice.`, 'DUPLICATE_OPTION', index, { option: 'extra', value: extra.id });
      extraIds.push(extra.id);
      if (extra.quantity < 1) lineError(`Line ${index + 1}: extra ${extra.id} needs a quantity of at least 1.`, 'INVALID_QUANTITY', index, { extra: extra.id, quantity: extra.quantity });
    }
  });
  if (drinks > MAX_DRINKS_PER_ORDER) util.error(`An order holds at most ${MAX_DRINKS_PER_ORDER} drinks; this one has ${drinks}.`, 'TOO_MANY_ITEMS', null, { itemCount: drinks });
}

/** The distinct menu item ids of the lines, in first-seen order. */
export function menuItemIdsOf(input: PlaceOrderInput): string[] {
  const ids: string[] = [];
  for (const line of input.lines) if (!ids.includes(line.menuItemId)) ids.push(line.menuItemId);
  return ids;
}

function priceLine(line: OrderLineInput, index: number, item: MenuItemRecord | undefined): OrderLineRecord {
  if (!item) lineError(`Line ${index + 1}: there is no menu item ${line.menuItemId}.`, 'UNKNOWN_MENU_ITEM', index, { menuItemId: line.menuItemId });
  if (!item.available) lineError(`Line ${index + 1}: ${item.name} is sold out.`, 'SOLD_OUT', index, { menuItemId: item.id });

  const size = item.sizes.find((option) => option.size === line.size);
  if (!size) lineError(`Line ${index + 1}: ${item.name} does not come in size ${line.size}.`, 'UNKNOWN_OPTION', index, { option: 'size', value: line.size });

  let milk: MilkType | null = null;
  let surcharge = 0;
  if (item.milkOptions.length === 0) {
    if (line.milk) lineError(`Line ${index + 1}: ${item.name} is made without milk.`, 'UNKNOWN_OPTION', index, { option: 'milk', value: line.milk });
  } else {
    const wanted = line.milk ?? item.defaultMilk ?? defaultMilkFor(item.milkOptions.map((option) => option.milk));
    const option = item.milkOptions.find((candidate) => candidate.milk === wanted);
    if (!option) lineError(`Line ${index + 1}: ${item.name} is not made with ${wanted} milk.`, 'UNKNOWN_OPTION', index, { option: 'milk', value: wanted });
    milk = option.milk;
    surcharge = option.surcharge;
  }

  const extras: OrderExtra[] = (line.extras ?? []).map((wanted) => {
    const offered = item.extras.find((candidate) => candidate.id === wanted.id);
    if (!offered) lineError(`Line ${index + 1}: ${item.name} has no extra ${wanted.id}.`, 'UNKNOWN_OPTION', index, { option: 'extra', value: wanted.id });
    if (wanted.quantity > offered.maxQuantity) {
      lineError(`Line ${index + 1}: at most ${offered.maxQuantity} x ${offered.name}.`, 'INVALID_QUANTITY', index, { extra: wanted.id, quantity: wanted.quantity });
    }
    return { id: offered.id, name: offered.name, quantity: wanted.quantity, unitPrice: offered.price };
  });

  const unitPrice = extras.reduce((sum, extra) => sum + extra.unitPrice * extra.quantity, size.price + surcharge);
  return {
    menuItemId: item.id,
    name: item.name,
    // The category's name is read by the next step (withCategoryNames).
    categoryId: item.categoryId,
    categoryName: null,
    size: line.size,
    milk,
    extras,
    quantity: line.quantity,
    unitPrice,
    lineTotal: unitPrice * line.quantity,
  };
}

/** Prices every line from the menu items read for them (absent ids are unknown items). */
export function priceOrder(input: PlaceOrderInput, items: MenuItemRecord[]): PricedOrder {
  const byId: Record<string, MenuItemRecord> = {};
  for (const item of items) byId[item.id] = item;
  const lines = input.lines.map((line, index) => priceLine(line, index, byId[line.menuItemId]));
  return {
    lines,
    itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
    total: lines.reduce((sum, line) => sum + line.lineTotal, 0),
    currency: ORDER_CURRENCY,
  };
}

/** The distinct category ids of the priced lines, in first-seen order. */
export function categoryIdsOf(priced: PricedOrder): string[] {
  const ids: string[] = [];
  for (const line of priced.lines) if (line.categoryId && !ids.includes(line.categoryId)) ids.push(line.categoryId);
  return ids;
}

/**
 * The lines with their category's name as it is now, kept on the order so that renaming the
 * category later does not rename past sales. A category that is not found (putMenuItem's
 * ConditionCheck keeps an item's category in place, so only a race with its removal) leaves the
 * name null; the line keeps its categoryId.
 */
export function withCategoryNames(priced: PricedOrder, categories: { id: string; name: string }[]): PricedOrder {
  const names: Record<string, string> = {};
  for (const category of categories) names[category.id] = category.name;
  return { ...priced, lines: priced.lines.map((line) => ({ ...line, categoryName: (line.categoryId && names[line.categoryId]) || null })) };
}

/**
 * What an idempotent retry must repeat: the lines and the pickup fields, as canonical JSON (keys
 * in a fixed order, absent values as null), so a retry of the same request matches whatever key
 * order its JSON arrived in.
 */
export function orderFingerprint(input: PlaceOrderInput): string {
  return JSON.stringify({
    pickupName: input.pickupName.trim(),
    pickupSlot: input.pickupSlot ?? null,
    notes: input.notes ?? null,
    lines: input.lines.map((line) => ({
      menuItemId: line.menuItemId,
      size: line.size,
      milk: line.milk ?? null,
      quantity: line.quantity,
      extras: (line.extras ?? []).map((extra) => ({ id: extra.id, quantity: extra.quantity })),
    })),
  });
}
