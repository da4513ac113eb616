import { readFileSync } from 'node:fs';
import type { ExtraOptionInput, MilkOptionInput, PutMenuItemInput, SizeOptionInput } from '../../generated/graphql';
import type { AuthContext } from '../../local/src/identity';
import type { Runtime } from '../../local/src/runtime';
import { PICTURES, pictureUrl, SITE_ORIGIN } from '../../client/images/pictures';
import { runAs } from './manager';

/** menu.json: shared milk sets and extras, then the categories with their drinks. */
export interface SeedMenu {
  milkSets: Record<string, MilkOptionInput[]>;
  extras: Record<string, Omit<ExtraOptionInput, 'id'>>;
  categories: Array<{
    name: string;
    sortOrder: number;
    items: Array<{
      name: string;
      description: string;
      /** A key of client/images/pictures.ts PICTURES: the drink's picture, drawn at build time. */
      image: string;
      sizes: SizeOptionInput[];
      /** A key of milkSets ("none" for drinks made without milk). */
      milks: string;
      /** Keys of extras. */
      extras: string[];
      available: boolean;
      sortOrder: number;
    }>;
  }>;
}

export const SEED_MENU: SeedMenu = JSON.parse(readFileSync(new URL('./menu.json', import.meta.url), 'utf8')) as SeedMenu;

/**
 * The putMenuItem inputs of a seed category's drinks, in that category. `imageOrigin` is where the
 * pictures are served; by default SITE_ORIGIN, the apps' own origin (pictures.ts says why).
 */
export function menuItemInputs(menu: SeedMenu, categoryName: string, categoryId: string, imageOrigin = SITE_ORIGIN): PutMenuItemInput[] {
  const category = menu.categories.find((candidate) => candidate.name === categoryName);
  if (!category) throw new Error(`The seed menu has no category ${categoryName}.`);
  return category.items.map((item) => {
    const milkOptions = menu.milkSets[item.milks];
    if (!milkOptions) throw new Error(`${item.name}: milk set ${item.milks} is not in the seed menu.`);
    if (!(item.image in PICTURES)) throw new Error(`${item.name}: picture ${item.image} is not in client/images/pictures.ts.`);
    return {
      categoryId,
      name: item.name,
      description: item.description,
      imageUrl: pictureUrl(item.image, imageOrigin),
      sizes: item.sizes,
      milkOptions,
      extras: item.extras.map((id) => {
        const extra = menu.extras[id];
        if (!extra) throw new Error(`${item.name}: extra ${id} is not in the seed menu.`);
        return { id, ...extra };
      }),
      available: item.available,
      sortOrder: item.sortOrder,
    };
  });
}

const READ_MENU = 'query { menu { categories { id name items { name } } } }';
const PUT_CATEGORY = 'mutation($input: PutCategoryInput!) { putCategory(input: $input) { id } }';
const PUT_MENU_ITEM = 'mutation($input: PutMenuItemInput!) { putMenuItem(input: $input) { id } }';

/**
 * Puts the seed menu through the API as a manager. Categories and drinks are matched by name, so
 * a restart adds only what is missing and never overwrites a manager's edits (a drink a manager
 * moved, renamed or marked sold out stays so).
 */
export async function seedMenuAs(runtime: Runtime, manager: AuthContext, menu: SeedMenu = SEED_MENU): Promise<{ total: number; created: number }> {
  const current = await runAs<{ menu: { categories: Array<{ id: string; name: string; items: Array<{ name: string }> }> } }>(
    runtime,
    manager,
    'reading the menu',
    READ_MENU,
  );
  const existingItems = new Set(current.menu.categories.flatMap((category) => category.items.map((item) => item.name)));
  let created = 0;
  for (const category of menu.categories) {
    let categoryId = current.menu.categories.find((existing) => existing.name === category.name)?.id;
    if (!categoryId) {
      const put = await runAs<{ putCategory: { id: string } }>(runtime, manager, `writing category ${category.name}`, PUT_CATEGORY, {
        input: { name: category.name, sortOrder: category.sortOrder },
      });
      categoryId = put.putCategory.id;
    }
    for (const input of menuItemInputs(menu, category.name, categoryId)) {
      if (existingItems.has(input.name)) continue;
      await runAs(runtime, manager, `writing ${input.name}`, PUT_MENU_ITEM, { input });
      created += 1;
    }
  }
  return { total: menu.categories.reduce((sum, category) => sum + category.items.length, 0), created };
}
