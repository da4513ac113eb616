import type { Category, Menu, MenuItem, MilkType } from '../../generated/graphql';
import { ascending, inKeyOrder } from './sort-keys';

/**
 * The menu table: ONE partition, pk = "MENU", so the whole menu is one Query (never a Scan):
 *   META                 the menu's version, bumped by every edit in the edit's own transaction
 *   CATEGORY#<id>        a category
 *   ITEM#<id>            a menu item, with its sizes, milks and extras (what placeOrder prices from)
 */
export const MENU_PARTITION = 'MENU';

export type MenuMetaRecord = {
  pk: typeof MENU_PARTITION;
  sk: 'META';
  kind: 'META';
  version: number;
  updatedAt: string;
  updatedBy: string;
};

export type CategoryRecord = Omit<Category, '__typename' | 'items'> & {
  pk: typeof MENU_PARTITION;
  sk: `CATEGORY#${string}`;
  kind: 'CATEGORY';
  updatedAt: string;
  updatedBy: string;
  /** The menu version this edit produced. */
  menuVersion: number;
};

/** A menu item as stored: exactly the MenuItem fields, plus keys and who edited it last. */
export type MenuItemRecord = Omit<MenuItem, '__typename'> & {
  pk: typeof MENU_PARTITION;
  sk: `ITEM#${string}`;
  kind: 'ITEM';
  updatedBy: string;
};

export type MenuRecord = MenuMetaRecord | CategoryRecord | MenuItemRecord;

export function menuMetaKey(): Pick<MenuMetaRecord, 'pk' | 'sk'> {
  return { pk: MENU_PARTITION, sk: 'META' };
}

export function categoryKey(id: string): Pick<CategoryRecord, 'pk' | 'sk'> {
  return { pk: MENU_PARTITION, sk: `CATEGORY#${id}` };
}

export function menuItemKey(id: string): Pick<MenuItemRecord, 'pk' | 'sk'> {
  return { pk: MENU_PARTITION, sk: `ITEM#${id}` };
}

/** The GraphQL MenuItem of a stored item (keys and bookkeeping left out). */
export function toMenuItem(record: MenuItemRecord): MenuItem {
  return {
    id: record.id,
    categoryId: record.categoryId,
    name: record.name,
    description: record.description ?? null,
    imageUrl: record.imageUrl ?? null,
    basePrice: record.basePrice,
    sizes: record.sizes,
    milkOptions: record.milkOptions,
    defaultMilk: record.defaultMilk ?? null,
    extras: record.extras,
    available: record.available,
    sortOrder: record.sortOrder,
    updatedAt: record.updatedAt,
    menuVersion: record.menuVersion,
  };
}

function orderKey(sortOrder: number, name: string, id: string): string {
  return [ascending(sortOrder), name.toLowerCase(), id].join('|');
}

/**
 * The Menu from the records of the menu partition: categories by sortOrder (then name), each
 * with its items by sortOrder (then name). Items of a category that does not exist are left
 * out; putMenuItem's ConditionCheck keeps that from happening.
 */
export function toMenu(records: MenuRecord[]): Menu {
  let version = 0;
  let updatedAt: string | null = null;
  const categories: Record<string, CategoryRecord> = {};
  const itemsByCategory: Record<string, Record<string, MenuItem>> = {};
  for (const record of records) {
    if (record.kind === 'META') {
      version = record.version;
      updatedAt = record.updatedAt;
    } else if (record.kind === 'CATEGORY') {
      categories[record.id] = record;
    } else if (record.kind === 'ITEM') {
      const items = itemsByCategory[record.categoryId] ?? {};
      items[orderKey(record.sortOrder, record.name, record.id)] = toMenuItem(record);
      itemsByCategory[record.categoryId] = items;
    }
  }
  const ordered: Record<string, Category> = {};
  for (const category of Object.values(categories)) {
    ordered[orderKey(category.sortOrder, category.name, category.id)] = {
      id: category.id,
      name: category.name,
      sortOrder: category.sortOrder,
      items: inKeyOrder(itemsByCategory[category.id] ?? {}),
    };
  }
  return { version, updatedAt, categories: inKeyOrder(ordered) };
}

/** The milk a drink gets when the order names none: whole milk if offered, else the first milk. */
export function defaultMilkFor(milks: MilkType[]): MilkType | null {
  if (milks.length === 0) return null;
  return milks.includes('WHOLE') ? 'WHOLE' : (milks[0] ?? null);
}
