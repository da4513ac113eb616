import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInUser } from '../api/support/payment-steps';
import { PHONE, TABLET, openApp, signIn, type OpenedPage } from './browser-steps';
import { startClientWorld, type ClientWorld } from './client-world';

/**
 * axe-core (Deque's engine, the rules behind Lighthouse's accessibility audit) on every page of
 * ours, signed out and signed in, in the real browser: WCAG 2.x A and AA rules. A violation fails
 * with its rule id, impact and the elements it found.
 */

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type Violation = { id: string; impact: string | null; nodes: Array<{ target: unknown[] }> };

async function violationsOf(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations;
  });
  return violations.map((violation) => `${violation.id} (${violation.impact ?? 'n/a'}): ${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`);
}

let app: ClientWorld;
const opened: OpenedPage[] = [];

beforeAll(async () => {
  app = await startClientWorld();
}, 120_000);

afterAll(async () => {
  await Promise.all(opened.map((page) => page.context.close()));
  await app?.close();
});

async function open(path: string, viewport: { width: number; height: number }): Promise<Page> {
  const page = await openApp(app, path, viewport);
  opened.push(page);
  return page.page;
}

describe('accessibility (axe-core, WCAG 2.1 A and AA)', () => {
  it('reports a violation when there is one (an image without a text alternative)', async () => {
    const page = await open('/', PHONE);
    await page.evaluate(() => document.body.append(Object.assign(document.createElement('img'), { src: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=' })));
    expect((await violationsOf(page)).map((violation) => violation.split(' ')[0])).toContain('image-alt');
  });

  it.each([
    ['the customer page', '/', PHONE],
    ['the barista tablet', '/barista', TABLET],
    ['the manager page', '/manager', TABLET],
    ['the explorer', '/explorer', TABLET],
  ])('finds no violation on %s, signed out', async (_name, path, viewport) => {
    const page = await open(path, viewport);
    await page.waitForLoadState('networkidle');
    expect(await violationsOf(page)).toEqual([]);
  });

  it.each([
    ['the customer page with the menu', '/', PHONE, []],
    ['the barista tablet with its columns', '/barista', TABLET, ['Baristas']],
    ['the manager page with the store and the sales', '/manager', TABLET, ['Managers']],
  ] as const)('finds no violation on %s, signed in', async (_name, path, viewport, groups) => {
    const user = await signedInUser(app.world.api, 'axe', [...groups]);
    const page = await open(path, viewport);
    await signIn(page, user.email);
    // Signed in: the form is gone and the page has loaded what it shows.
    await expect.poll(() => page.getByLabel('Password').count(), { timeout: 15_000 }).toBe(0);
    await page.waitForLoadState('networkidle');
    expect(await violationsOf(page)).toEqual([]);
  });
});
