import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { menuIds, orderOf, payOrder, placeOrder } from '../api/support/order-steps';
import { openApp, shot, SHOTS, signIn, TABLET, uniqueEmail, publishShot } from './browser-steps';
import { type ClientWorld, startClientWorld } from './client-world';

/** The manager's page off the happy path (issue 11): messages that stay true, refusals at their field, sales that refresh. */

let app: ClientWorld;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  app = await startClientWorld();
}, 120_000);

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await app?.close();
});

async function office(watch?: (page: Page) => Promise<void> | void): Promise<{ page: Page; problems: string[] }> {
  const email = uniqueEmail('manager');
  await app.world.api.createUser(email, ['Managers']);
  const opened = await openApp(app, '/manager', TABLET, watch);
  contexts.push(opened.context);
  await signIn(opened.page, email);
  // Signed in, and loaded: the sales appear.
  await opened.page.getByRole('heading', { name: /Today's sales/ }).waitFor();
  return opened;
}

async function paidLatte(): Promise<void> {
  const email = uniqueEmail('sales-customer');
  await app.world.api.createUser(email, []);
  const { accessToken } = await app.world.api.signIn(email);
  const ids = await menuIds(app.world.api, accessToken);
  const placed = await placeOrder(app.world.api, accessToken, orderOf([{ menuItemId: ids['Latte'] ?? '', size: 'REGULAR', milk: 'WHOLE', quantity: 1 }], { pickupName: 'Sales' }));
  await payOrder(app.world, accessToken, placed.id);
}

const ordersPaid = (page: Page): Promise<string | null> => page.locator('.stat').filter({ hasText: 'Orders paid' }).locator('strong').textContent();

describe("the manager's page", () => {
  it('drops "Settings saved" when a later save is refused, and shows the refusal next to the field it names', async () => {
    const { page, problems } = await office();
    const saved = page.getByRole('status').filter({ hasText: 'Settings saved.' });
    await page.getByLabel('Minutes per order').fill('4');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await saved.waitFor();

    // More open orders per customer than the queue holds: the server refuses and names customerOrderLimit.
    await page.getByLabel('Queue capacity').fill('5');
    expect(await saved.count()).toBe(0);
    await page.getByLabel('Open orders per customer').fill('9');
    await page.getByRole('button', { name: 'Save settings' }).click();
    const refusal = page.locator('#error-customerOrderLimit');
    await refusal.waitFor();
    expect(await refusal.getAttribute('role')).toBe('alert');
    expect(await refusal.textContent()).toBe('Open orders per customer must not exceed Queue capacity.');
    expect(await page.locator('#setting-customerOrderLimit').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#setting-customerOrderLimit').getAttribute('aria-describedby')).toBe('error-customerOrderLimit');
    expect(await page.locator('#setting-capacity').getAttribute('aria-invalid')).toBe('false');
    // The message sits inside the field's own label, not at the top of the page.
    const [field, message] = await Promise.all([page.locator('#setting-customerOrderLimit').boundingBox(), refusal.boundingBox()]);
    expect(Math.abs((message?.y ?? 0) - ((field?.y ?? 0) + (field?.height ?? 0)))).toBeLessThan(40);
    expect(await saved.count()).toBe(0);
    await shot(page, 'manager-field-refused');
    publishShot('manager-field-refused.png');

    await page.getByLabel('Queue capacity').fill('30');
    await page.getByLabel('Open orders per customer').fill('3');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await saved.waitFor();
    expect(await refusal.count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it("refreshes today's sales when the page is looked at again and every minute", async () => {
    const { page, problems } = await office((opening) => opening.clock.install());
    const before = Number(await ordersPaid(page));

    await paidLatte();
    expect(Number(await ordersPaid(page))).toBe(before);
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await expect.poll(async () => Number(await ordersPaid(page))).toBe(before + 1);

    await paidLatte();
    await page.clock.runFor(60_000);
    await expect.poll(async () => Number(await ordersPaid(page))).toBe(before + 2);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'manager');
    publishShot('manager.png');
    expect(problems).toEqual([]);
  });
});
