import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pictureUrl } from '../../client/images/pictures';
import { dataAs } from '../api/support/payment-steps';
import { openApp, PHONE, shot, SHOTS, signIn, TABLET, uniqueEmail, type OpenedPage, publishShot } from './browser-steps';
import { type ClientWorld, startClientWorld } from './client-world';

/** The manager edits the menu (issue 11): items, sizes, prices, milks, extras, categories and pictures, through putMenuItem and putCategory. */

let app: ClientWorld;
const contexts: BrowserContext[] = [];
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  app = await startClientWorld();
}, 120_000);

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await app?.close();
});

async function opened(path: string, viewport: { width: number; height: number }, groups: string[]): Promise<OpenedPage> {
  const email = uniqueEmail(groups.length ? 'menu-manager' : 'menu-customer');
  await app.world.api.createUser(email, groups);
  const page = await openApp(app, path, viewport);
  contexts.push(page.context);
  // A step that cannot happen fails with its locator, well inside the test's own timeout.
  page.context.setDefaultTimeout(15_000);
  await signIn(page.page, email);
  return page;
}

async function office(viewport = TABLET): Promise<OpenedPage> {
  const page = await opened('/manager', viewport, ['Managers']);
  await page.page.getByRole('heading', { name: 'Menu', exact: true }).waitFor();
  return page;
}

type StoredItem = { id: string; name: string; imageUrl: string | null; menuVersion: number; sizes: Array<{ size: string; price: number }>; milkOptions: Array<{ milk: string; surcharge: number }>; defaultMilk: string | null };

/** The item as the API has it now, read as a manager would over GraphQL. */
async function stored(name: string): Promise<StoredItem | undefined> {
  const email = uniqueEmail('menu-reader');
  await app.world.api.createUser(email, []);
  const { accessToken } = await app.world.api.signIn(email);
  const { menu } = await dataAs<{ menu: { categories: Array<{ items: StoredItem[] }> } }>(
    app.world.api,
    accessToken,
    'query { menu { categories { items { id name imageUrl menuVersion defaultMilk sizes { size price } milkOptions { milk surcharge } } } } }',
  );
  return menu.categories.flatMap((category) => category.items).find((item) => item.name === name);
}

async function violationsOf(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    type Violation = { id: string; impact: string | null; nodes: Array<{ target: unknown[] }> };
    const axe = (window as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: Violation[] }> } }).axe;
    return (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations;
  });
  return violations.map((violation) => `${violation.id} (${violation.impact ?? 'n/a'}): ${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`);
}

const saved = (page: Page, name: string) => page.getByRole('status').filter({ hasText: `${name} saved.` });

/** The new item's form filled as a manager types it: prices in euros, two sizes, oat milk at 0.40. */
async function addOatCortado(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Add item to Milk coffee' }).click();
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('item-form-heading');
  await page.getByLabel('Item name').fill(name);
  await page.getByLabel('Description').fill('A cortado made with oat milk.');
  await page.getByLabel('Photo URL').fill(pictureUrl('cortado'));
  await page.getByLabel('Photo URL').press('Tab');
  await page.getByLabel('Regular price (EUR)').fill('3.60');
  await page.getByRole('checkbox', { name: 'Large' }).check();
  await page.getByLabel('Large price (EUR)').fill('4,10');
  await page.getByRole('checkbox', { name: 'Oat milk' }).check();
  await page.getByLabel('Oat milk surcharge (EUR)').fill('0.40');
  await page.getByLabel('Default milk').selectOption('OAT');
  await page.getByRole('button', { name: 'Add an extra' }).click();
  await page.getByLabel('Extra 1 name').fill('Extra shot');
  await page.getByLabel('Price (EUR)', { exact: true }).fill('0.60');
  await page.getByLabel('Most per drink').fill('2');
  await page.getByRole('button', { name: 'Save item' }).click();
  await saved(page, name).waitFor();
}

describe("the manager's menu editor", () => {
  it("adds an item with two sizes and oat milk, priced in euros and stored in cents, which a customer's page shows with its picture", async () => {
    const { page, problems } = await office();
    await addOatCortado(page, 'Oat cortado');

    const item = await stored('Oat cortado');
    expect(item?.sizes).toEqual([
      { size: 'REGULAR', price: 360 },
      { size: 'LARGE', price: 410 },
    ]);
    expect(item?.milkOptions).toEqual([{ milk: 'OAT', surcharge: 40 }]);
    expect(item?.defaultMilk).toBe('OAT');
    expect(item?.imageUrl).toBe(pictureUrl('cortado'));
    // The list shows the saved item in its category, with its picture from this origin.
    const row = page.locator('.editor-item[data-item="Oat cortado"]');
    expect(await row.locator('img').getAttribute('src')).toBe(`${app.origin}/images/menu/cortado.svg`);

    const customer = await opened('/', PHONE, []);
    const card = customer.page.locator('[data-item="Oat cortado"]');
    await card.waitFor();
    expect(await card.textContent()).toContain('from €3.60');
    const picture = card.locator('img');
    expect(await picture.getAttribute('srcset')).toContain(`${app.origin}/images/menu/cortado-128.webp 128w`);
    expect(await picture.getAttribute('sizes')).toBe('64px');
    expect(await picture.getAttribute('width')).toBe('64');
    expect(await picture.getAttribute('height')).toBe('64');
    expect(await picture.getAttribute('loading')).toBe('lazy');
    expect(await picture.getAttribute('alt')).toBe('A cortado, espresso and warm milk in a small glass');
    await picture.scrollIntoViewIfNeeded();
    // The phone (device scale 1 here) picks a WebP from the srcset, and it really loads.
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => (img.complete ? img.currentSrc : ''))).toMatch(/\/images\/menu\/cortado-\d+\.webp$/);
    expect(await picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

    await card.getByRole('button', { name: 'Choose Oat cortado' }).click();
    expect(await customer.page.locator('.picker').textContent()).toContain('€4.10');
    expect(await customer.page.locator('#pick-milk').inputValue()).toBe('OAT');
    await customer.page.locator('.picker').getByRole('button', { name: 'Cancel' }).click();

    // Editing a price (in the form, still open on the saved item) shows on the customer's open page (onMenuChanged), without a reload.
    await page.getByLabel('Regular price (EUR)').fill('3.75');
    await page.getByRole('button', { name: 'Save item' }).click();
    await saved(page, 'Oat cortado').waitFor();
    await expect.poll(() => card.textContent()).toContain('from €3.75');
    expect((await stored('Oat cortado'))?.sizes[0]).toEqual({ size: 'REGULAR', price: 375 });
    await shot(customer.page, 'manager-menu-customer');
    expect([...problems, ...customer.problems]).toEqual([]);
  }, 90_000);

  it('shows a refused save next to the field the server names, drops "saved", moves focus there, and changes nothing', async () => {
    const { page, problems } = await office();
    await addOatCortado(page, 'Refused latte');
    const before = await stored('Refused latte');

    // No size at all: the server refuses (INVALID_INPUT, field "sizes").
    await page.getByRole('checkbox', { name: 'Regular' }).uncheck();
    await page.getByRole('checkbox', { name: 'Large' }).uncheck();
    expect(await saved(page, 'Refused latte').count()).toBe(0);
    await page.getByRole('button', { name: 'Save item' }).click();
    // Taking sizes off an item is asked about first; the server then refuses.
    await page.getByRole('button', { name: 'Save and remove' }).click();
    const sizes = page.locator('#item-error-sizes');
    await sizes.waitFor();
    expect(await sizes.textContent()).toBe('A menu item needs at least one size.');
    expect(await sizes.getAttribute('role')).toBe('alert');
    expect(await page.locator('#item-sizes').getAttribute('aria-describedby')).toBe('item-error-sizes');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('item-sizes');
    expect(await page.locator('#item-sizes').evaluate((fieldset, error) => fieldset.contains(document.getElementById(error)), 'item-error-sizes')).toBe(true);

    // A negative price: the server's rule, in the form's words.
    await page.getByRole('checkbox', { name: 'Regular' }).check();
    await page.getByRole('checkbox', { name: 'Large' }).check();
    await page.getByLabel('Regular price (EUR)').fill('-1');
    await page.getByRole('button', { name: 'Save item' }).click();
    await expect.poll(() => sizes.textContent()).toBe('A size price must not be negative.');
    // A price past the limit, shown in euros rather than the API's cents.
    await page.getByLabel('Regular price (EUR)').fill('2000');
    await page.getByRole('button', { name: 'Save item' }).click();
    await expect.poll(() => sizes.textContent()).toBe('A size price must be at most €1,000.00.');
    // Not a number at all: the browser cannot send it, and says so at the same place.
    await page.getByLabel('Regular price (EUR)').fill('three');
    await page.getByRole('button', { name: 'Save item' }).click();
    await expect.poll(() => sizes.textContent()).toBe('Each size needs its price. Enter a price in euros, like 3.80.');
    // An empty name lands at its own field, and the sizes' message goes.
    await page.getByLabel('Regular price (EUR)').fill('3.90');
    await page.getByLabel('Item name').fill('  ');
    await page.getByRole('button', { name: 'Save item' }).click();
    const name = page.locator('#item-error-name');
    await expect.poll(() => name.textContent()).toBe('Name must not be empty.');
    expect(await sizes.count()).toBe(0);
    expect(await page.getByLabel('Item name').getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('item-name');
    await shot(page, 'manager-menu-refused');
    publishShot('manager-menu-refused.png');

    expect(await stored('Refused latte')).toEqual(before);
    // A category's refusal, too, sits by its field.
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await page.getByRole('button', { name: 'Discard changes' }).click();
    await page.getByRole('button', { name: 'Add a category' }).click();
    await page.getByRole('button', { name: 'Save category' }).click();
    await expect.poll(() => page.locator('#category-error-name').textContent()).toBe('Name must not be empty.');
    await page.getByLabel('Category name').fill('Seasonal');
    await page.getByRole('button', { name: 'Save category' }).click();
    await saved(page, 'Seasonal').waitFor();
    expect(await page.locator('#category-error-name').count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Seasonal', exact: true }).count()).toBe(1);
    expect(problems).toEqual([]);
  }, 90_000);

  it('asks before an edit takes options away and before unsaved changes are discarded', async () => {
    const { page, problems } = await office();
    await addOatCortado(page, 'Two-size mocha');
    await page.getByRole('checkbox', { name: 'Large' }).uncheck();
    await page.getByRole('button', { name: 'Remove extra Extra shot' }).click();
    await page.getByRole('button', { name: 'Save item' }).click();
    const question = page.getByRole('alertdialog');
    await expect.poll(() => question.textContent()).toContain('Saving takes large size, Extra shot off Two-size mocha');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Save and remove');
    await question.getByRole('button', { name: 'Keep editing' }).click();
    expect((await stored('Two-size mocha'))?.sizes).toHaveLength(2);

    await page.getByRole('button', { name: 'Save item' }).click();
    await page.getByRole('button', { name: 'Save and remove' }).click();
    await saved(page, 'Two-size mocha').waitFor();
    expect((await stored('Two-size mocha'))?.sizes).toEqual([{ size: 'REGULAR', price: 360 }]);

    await page.getByLabel('Description').fill('Changed my mind.');
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await question.getByRole('button', { name: 'Keep editing' }).click();
    expect(await page.getByLabel('Description').inputValue()).toBe('Changed my mind.');
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await page.getByRole('button', { name: 'Discard changes' }).click();
    expect(await page.locator('#item-form').count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Edit Two-size mocha');
    expect((await stored('Two-size mocha'))?.sizes).toEqual([{ size: 'REGULAR', price: 360 }]);

    // Another item's Edit while this form holds changes asks too, then opens that item.
    await page.getByRole('button', { name: 'Edit Two-size mocha' }).click();
    await page.getByLabel('Item name').fill('Renamed mocha');
    await page.getByRole('button', { name: 'Edit Cortado', exact: true }).click();
    await question.getByRole('button', { name: 'Discard changes' }).click();
    await expect.poll(() => page.locator('#item-form-heading').textContent()).toBe('Edit Cortado');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('item-form-heading');
    // Without changes, it simply switches.
    await page.getByRole('button', { name: 'Edit Latte', exact: true }).click();
    await expect.poll(() => page.locator('#item-form-heading').textContent()).toBe('Edit Latte');
    expect(await stored('Renamed mocha')).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it.each([
    ['phone', PHONE],
    ['tablet', TABLET],
  ] as const)('has no axe violation with the item form open and a refusal shown, on a %s (screenshot for the README)', async (name, viewport) => {
    const { page, problems } = await office(viewport);
    await page.getByRole('button', { name: 'Edit Flat white' }).click();
    await page.getByLabel('Regular price (EUR)').fill('-2');
    await page.getByRole('button', { name: 'Save item' }).click();
    await page.locator('#item-error-sizes').waitFor();
    expect(await violationsOf(page)).toEqual([]);
    // Nothing sticks out sideways at this width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    // The phone's picture shows the refusal where the thumb pressed; the tablet's the saved form beside the list.
    if (name === 'phone') {
      await page.locator('#item-sizes').evaluate((element) => element.scrollIntoView({ block: 'start' }));
      await shot(page, `manager-menu-${name}`);
    }
    await page.getByLabel('Regular price (EUR)').fill('3.80');
    await page.getByRole('button', { name: 'Save item' }).click();
    await saved(page, 'Flat white').waitFor();
    if (name === 'tablet') {
      await page.locator('#menu-heading').evaluate((element) => element.scrollIntoView({ block: 'start' }));
      await shot(page, `manager-menu-${name}`);
    }
    publishShot(`manager-menu-${name}.png`);
    expect(problems).toEqual([]);
  });
});
