import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { PHONE, publishShot, shot, signIn, uniqueEmail } from './browser-steps';
import type { ClientWorld } from './client-world';

/** Steps of customer-ordering.test.ts: the customer's phone, what the page shows, and the menu edits a manager makes. */

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface Phone {
  page: Page;
  context: BrowserContext;
  email: string;
  /** Page errors, console errors and HTTP answers >= 400: a clean run has none. */
  problems: string[];
}

/**
 * A signed-in customer's phone in a browser whose own locale is en-US, so times written in en-IE
 * (24-hour) prove the page does not use the browser's. The user is created unless `existing`.
 */
export async function openCustomerPhone(app: ClientWorld, email: string, options: BrowserContextOptions = {}, existing = false): Promise<Phone> {
  if (!existing) await app.world.api.createUser(email, []);
  const context = await app.browser.newContext({ viewport: PHONE, locale: 'en-US', ...options });
  await context.grantPermissions(['notifications'], { origin: app.origin });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  await page.goto(app.origin);
  await signIn(page, email);
  return { page, context, email, problems };
}

export async function staffToken(app: ClientWorld, group: 'Baristas' | 'Managers'): Promise<string> {
  const email = uniqueEmail(`ordering-${group.toLowerCase()}`);
  await app.world.api.createUser(email, [group]);
  return (await app.world.api.signIn(email)).accessToken;
}

/** A shot of the customer pages (customer-*), the README's copy refreshed by publishShot. */
export async function screenshot(page: Page, name: string): Promise<Buffer> {
  const taken = await shot(page, name);
  publishShot(`${name}.png`);
  return taken;
}

/** An element's text as it reads, white space collapsed. */
export const text = async (page: Page, selector: string): Promise<string> => ((await page.locator(selector).textContent()) ?? '').replace(/\s+/g, ' ').trim();

export const euros = (cents: number): string => `€${(cents / 100).toFixed(2)}`;

type Violation = { id: string; impact: string | null; nodes: Array<{ target: unknown[] }> };

/** axe-core's WCAG 2.1 A and AA violations on the page as it is now (as in accessibility.test.ts). */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: Violation[] }> } }).axe;
    return (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations;
  });
  return violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`);
}

/** Whether the page scrolls sideways. */
export const scrollsSideways = (page: Page): Promise<boolean> =>
  page.evaluate(() => {
    const scroller = document.scrollingElement as HTMLElement;
    return scroller.scrollWidth > scroller.clientWidth;
  });

/** Whether the element's box lies across inside the container's. */
export async function insideAcross(element: Locator, container: Locator): Promise<boolean> {
  const [a, b] = await Promise.all([element.boundingBox(), container.boundingBox()]);
  if (!a || !b) return false;
  return a.x >= b.x && a.x + a.width <= b.x + b.width;
}

export interface MenuItemView {
  id: string;
  categoryId: string;
  name: string;
  description: string | null;
  imageUrl: string | null;
  sizes: Array<{ size: string; price: number }>;
  milkOptions: Array<{ milk: string; surcharge: number }>;
  defaultMilk: string | null;
  extras: Array<{ id: string; name: string; price: number; maxQuantity: number }>;
  available: boolean;
  sortOrder: number;
}

const ITEM_FIELDS = `id categoryId name description imageUrl basePrice sizes { size price } milkOptions { milk surcharge } defaultMilk
  extras { id name price maxQuantity } available sortOrder updatedAt menuVersion`;
export const MENU_ITEM = `query Item($id: ID!) { menuItem(id: $id) { ${ITEM_FIELDS} } }`;
// Subscribers get the mutation's selection set, so both select everything the customer's menu renders.
export const PUT_MENU_ITEM = `mutation Put($input: PutMenuItemInput!) { putMenuItem(input: $input) { ${ITEM_FIELDS} } }`;
export const SET_AVAILABILITY = `mutation Availability($id: ID!, $available: Boolean!) { setMenuItemAvailability(id: $id, available: $available) { ${ITEM_FIELDS} } }`;

/** putMenuItem's input that writes the item back as it was read. */
export const inputOf = (item: MenuItemView): Record<string, unknown> => ({
  id: item.id,
  categoryId: item.categoryId,
  name: item.name,
  description: item.description,
  imageUrl: item.imageUrl,
  sizes: item.sizes,
  milkOptions: item.milkOptions,
  defaultMilk: item.defaultMilk,
  extras: item.extras,
  available: item.available,
  sortOrder: item.sortOrder,
});
