import type { MenuItem } from '../../generated/graphql';

/** A menu item as stored: every item sits in one partition (see infra/api/tables.ts). */
export type MenuRecord = Omit<MenuItem, '__typename'> & { pk: typeof MENU_PARTITION; updatedBy: string };

export const MENU_PARTITION = 'MENU';

export function menuKey(id: string): Pick<MenuRecord, 'pk' | 'id'> {
  return { pk: MENU_PARTITION, id };
}

const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

/** The page size for a `limit` argument: a default when absent, clamped to 1..100. */
export function pageSize(limit: number | null | undefined): number {
  return Math.min(Math.max(limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
}
