import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { TEST_PASSWORD } from '../../local/test/support/local-api';
import type { ClientWorld } from './client-world';

export const SHOTS = join(process.cwd(), 'test-results', 'e2e');
/** The README's screenshots. */
export const DOCS = join(process.cwd(), 'docs', 'screenshots');

/**
 * Copies a shot a test took (in SHOTS) over the README's copy, only when asked with
 * UPDATE_SCREENSHOTS=1: pixels differ from run to run (times, generated names), and a test run
 * should leave the tree as it found it.
 */
export function publishShot(name: string): void {
  if (process.env['UPDATE_SCREENSHOTS'] !== '1') return;
  mkdirSync(DOCS, { recursive: true });
  copyFileSync(join(SHOTS, name), join(DOCS, name));
}
export const PHONE = { width: 390, height: 844 };
export const TABLET = { width: 1180, height: 820 };

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  /** Page errors, console errors and HTTP answers >= 400: a clean run has none. */
  problems: string[];
}

/** `watch` runs before the page loads, so it sees the page's first requests and sockets too. */
export async function openApp(app: ClientWorld, path: string, viewport: { width: number; height: number }, watch?: (page: Page) => Promise<void> | void): Promise<OpenedPage> {
  const context = await app.browser.newContext({ viewport });
  await context.grantPermissions(['notifications'], { origin: app.origin });
  const page = await context.newPage();
  await watch?.(page);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  await page.goto(`${app.origin}${path}`);
  return { page, context, problems };
}

export const shot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: join(SHOTS, `${name}.png`) });

export async function signIn(page: Page, email: string, password = TEST_PASSWORD): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The customer page names who is signed in; the staff pages drop the form.
  await expect.poll(async () => (await page.locator('header .who').count()) > 0 ? page.locator('header .who').textContent() : (await page.getByLabel('Password').count()) === 0 ? email : null, { timeout: 15_000 }).toBe(email);
}

export const uniqueEmail = (name: string): string => `${name}-e2e-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@brewline.test`;

/** One flat white in the cart and Place order pressed: the order waits for payment. */
export async function placeFlatWhite(page: Page, pickupName: string): Promise<void> {
  await page.getByRole('button', { name: 'Choose Flat white' }).click();
  await page.getByRole('button', { name: /Add to cart/ }).click();
  await page.getByLabel('Name for pickup').fill(pickupName);
  await page.getByRole('button', { name: 'Place order' }).click();
  await expect.poll(() => page.locator('#order-status').textContent()).toBe('Waiting for payment');
}

/** Whether the whole of the element's box lies inside the viewport. */
export async function inViewport(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth;
  });
}

/** Whether the inner element's box lies within the outer one's. */
export async function within(page: Page, inner: string, outer: string): Promise<boolean> {
  const [a, b] = await Promise.all([page.locator(inner).boundingBox(), page.locator(outer).boundingBox()]);
  if (!a || !b) return false;
  return a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;
}
