import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderEvents, writeLake, type OrderStory } from '../../analytics/lake-events';
import { openApp, PHONE, SHOTS, signIn, uniqueEmail, publishShot } from './browser-steps';
import { type ClientWorld, startClientWorld } from './client-world';

/**
 * The manager's analytics charts (issue 13) over a lake of known orders, written in the delivery
 * stream's layout into the folder the world's analytics Lambda reads (ANALYTICS_LAKE_DIR): the
 * figures each chart tells, a range change, the empty state, and a page no one else sees.
 */
const DESKTOP = { width: 1280, height: 900 };
/** An analytics field asked for (the store's own `queueLength` counter has no arguments). */
const ANALYTICS_FIELDS = /\b(salesSeries|itemSales|prepTimesByHour|prepTimesByItem|orderFunnel|busiestHours|queueLength)\(/;

// The charts count UTC days from the browser's clock: each page's clock is pinned to NOW, so a
// run that crosses midnight still agrees with the lake below on which day is today.
const NOW = new Date();
const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const TODAY = NOW.toISOString().slice(0, 10);
const WEEK_AGO = addDays(TODAY, -7);
const at = (day: string, time: string) => new Date(`${day}T${time}:00Z`);
const LATTE = { menuItemId: 'latte', name: 'Latte', unitPrice: 350 };
const SCONE = { menuItemId: 'scone', name: 'Scone', unitPrice: 275 };

// Today: three collected, one refunded, one that failed to pay and expired. A week ago: one.
const stories: OrderStory[] = [
  { orderId: 'a1', customerId: 'john', lines: [{ ...LATTE, quantity: 1 }], placedAt: at(TODAY, '08:00'), paidAt: at(TODAY, '08:01'), readyAt: at(TODAY, '08:04'), collectedAt: at(TODAY, '08:05') },
  { orderId: 'a2', customerId: 'john', lines: [{ ...LATTE, quantity: 2 }, { ...SCONE, quantity: 1 }], placedAt: at(TODAY, '12:00'), paidAt: at(TODAY, '12:01'), readyAt: at(TODAY, '12:06'), collectedAt: at(TODAY, '12:08') },
  { orderId: 'a3', customerId: 'mary', lines: [{ ...SCONE, quantity: 2 }], placedAt: at(TODAY, '12:30'), paidAt: at(TODAY, '12:31'), readyAt: at(TODAY, '12:35'), collectedAt: at(TODAY, '12:50') },
  { orderId: 'a4', customerId: 'mary', lines: [{ ...LATTE, quantity: 1 }], placedAt: at(TODAY, '13:00'), paidAt: at(TODAY, '13:01'), cancelledAt: at(TODAY, '13:02'), refunded: true },
  { orderId: 'a5', customerId: 'ann', lines: [{ ...LATTE, quantity: 1 }], placedAt: at(TODAY, '14:00'), paymentFailedAt: [at(TODAY, '14:01')], expiredAt: at(TODAY, '14:16') },
  { orderId: 'b1', customerId: 'john', lines: [{ ...LATTE, quantity: 3 }], placedAt: at(WEEK_AGO, '09:00'), paidAt: at(WEEK_AGO, '09:01'), readyAt: at(WEEK_AGO, '09:05'), collectedAt: at(WEEK_AGO, '09:06') },
];

let app: ClientWorld;
let lakeDir: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  lakeDir = mkdtempSync(join(tmpdir(), 'manager-analytics-lake-'));
  writeLake(lakeDir, stories.flatMap(orderEvents));
  app = await startClientWorld({ lambdaEnvironment: { ANALYTICS_LAKE_DIR: lakeDir } });
}, 120_000);

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await app?.close();
  rmSync(lakeDir, { recursive: true, force: true });
});

/**
 * Signed in to /manager in `groups`, motion reduced so the charts are drawn at once, the page's
 * clock at `clock`; `requests` collects what the page asks for (URL and body).
 */
async function signedIn(groups: string[], clock = NOW): Promise<{ page: Page; problems: string[]; requests: string[] }> {
  const email = uniqueEmail('analytics');
  await app.world.api.createUser(email, groups);
  const requests: string[] = [];
  const opened = await openApp(app, '/manager', DESKTOP, async (page) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    page.on('request', (request) => {
      requests.push(`${request.url()} ${request.postData() ?? ''}`);
    });
    await page.clock.setFixedTime(clock);
  });
  contexts.push(opened.context);
  await signIn(opened.page, email);
  return { ...opened, requests };
}

/**
 * Every chart card done loading (drawn, empty or failed). The first load starts one analytics
 * Lambda worker per concurrent query (eight, each loading DuckDB), slow on a busy 2-core machine.
 */
async function chartsSettled(page: Page): Promise<void> {
  await page.locator('.chart-card').first().waitFor();
  await expect.poll(() => page.locator('.chart-card[aria-busy="true"]').count(), { timeout: 40_000 }).toBe(0);
}

const summary = (page: Page, chart: string): Promise<string | null> => page.locator(`#${chart} .chart-summary`).textContent();
/** The words ECharts drew into the chart's SVG: axis labels, legends, data labels. */
const drawn = (page: Page, chart: string): Promise<string[]> => page.locator(`#${chart} .chart svg text`).allTextContents();

describe("the manager's analytics", () => {
  it('tells the known orders in charts and words: today against a week ago, top items, the funnel, wait times, busiest hours and the queue; a wider range adds the older order', async () => {
    const { page, problems, requests } = await signedIn(['Managers']);
    // Closed until asked for: neither ECharts nor a query has been fetched.
    const show = page.getByRole('button', { name: 'Show charts' });
    await show.waitFor();
    expect(await show.getAttribute('aria-expanded')).toBe('false');
    expect(requests.filter((request) => ANALYTICS_FIELDS.test(request) || request.includes('/assets/analytics-panel'))).toEqual([]);
    await show.click();
    await chartsSettled(page);
    expect(await page.getByRole('button', { name: 'Hide charts' }).getAttribute('aria-expanded')).toBe('true');
    expect(await page.locator('.chart-card .error').count()).toBe(0);
    expect(requests.some((request) => request.includes('/assets/analytics-panel'))).toBe(true);

    expect(await summary(page, 'chart-sales-today')).toBe(
      `Today (${TODAY}): €22.25 from 4 orders, busiest hour 12:00 with €15.25. A week ago (${WEEK_AGO}): €10.50 from 1 order, busiest hour 09:00 with €10.50.`,
    );
    const salesAxis = await drawn(page, 'chart-sales-today');
    expect(salesAxis).toEqual(expect.arrayContaining(['08:00', '09:00', '12:00', '13:00', `Today (${TODAY})`, `A week ago (${WEEK_AGO})`]));
    expect(await page.locator('#chart-sales-today .chart').getAttribute('role')).toBe('img');

    expect(await summary(page, 'chart-top-items')).toBe('Most sold first: Latte 3 sold (€10.50); Scone 3 sold (€8.25).');
    expect(await drawn(page, 'chart-top-items')).toEqual(expect.arrayContaining(['Latte', 'Scone']));

    expect(await summary(page, 'chart-funnel')).toBe('Placed 5, Paid 4, Collected 3 (80% of placed orders paid, 60% collected). Payment failures 1, Cancelled 1, Expired 1, Refunded 1.');
    expect(await drawn(page, 'chart-funnel')).toEqual(expect.arrayContaining(['Placed: 5', 'Paid: 4', 'Collected: 3', 'Payment failures', 'Expired']));

    expect(await summary(page, 'chart-wait-by-hour')).toBe(
      '08:00 (1 order): paid to ready p50 3 min, p90 3 min; ready to collected p50 1 min, p90 1 min. ' +
        '12:00 (2 orders): paid to ready p50 4 min, p90 5 min; ready to collected p50 2 min, p90 15 min.',
    );
    expect(await summary(page, 'chart-wait-by-item')).toContain('Latte (2 orders): paid to ready p50 3 min');

    const weekday = new Date(`${TODAY}T00:00:00Z`).toLocaleDateString('en-GB', { weekday: 'long', timeZone: 'UTC' });
    expect(await summary(page, 'chart-busiest-hours')).toBe(
      `Busiest first: ${weekday} 12:00, 2 orders a day (2 orders in all); ${weekday} 08:00, 1 order a day (1 order in all); ${weekday} 13:00, 1 order a day (1 order in all).`,
    );
    expect(await summary(page, 'chart-queue-length')).toBe('Longest queue 1 order, at 08:00; 0 waiting at the end of the quarter from 13:00.');

    await page.locator('.analytics').screenshot({ path: join(SHOTS, 'manager-analytics.png') });
    publishShot('manager-analytics.png');

    // Thirty days reach the order a week ago; today's own charts stay as they were.
    await page.getByLabel('Last 30 days').check();
    await chartsSettled(page);
    await expect.poll(() => summary(page, 'chart-funnel')).toBe('Placed 6, Paid 5, Collected 4 (83% of placed orders paid, 67% collected). Payment failures 1, Cancelled 1, Expired 1, Refunded 1.');
    expect(await summary(page, 'chart-top-items')).toBe('Most sold first: Latte 6 sold (€21.00); Scone 3 sold (€8.25).');
    expect(await page.locator('#chart-funnel .chart-caption').textContent()).toContain(`${addDays(TODAY, -29)} to ${TODAY}`);
    expect(await summary(page, 'chart-sales-today')).toContain(`Today (${TODAY}): €22.25 from 4 orders`);

    // On a phone the charts stack and redraw at the phone's width.
    await page.setViewportSize(PHONE);
    await expect.poll(() => page.locator('#chart-funnel .chart svg').evaluate((svg) => Math.round(svg.getBoundingClientRect().width))).toBeLessThan(PHONE.width);
    // One phone screen from the section's top: the whole section is several screens tall.
    await page.locator('.analytics').evaluate((section) => section.scrollIntoView());
    await page.screenshot({ path: join(SHOTS, 'manager-analytics-phone.png') });
    publishShot('manager-analytics-phone.png');
    expect(problems).toEqual([]);
  }, 90_000);

  it('says so, chart by chart, when the lake holds no orders for the days asked', async () => {
    // The page's clock a year back, before every order in the lake.
    const { page, problems } = await signedIn(['Managers'], at(addDays(TODAY, -400), '12:00'));
    await page.getByRole('button', { name: 'Show charts' }).click();
    await chartsSettled(page);
    expect(await page.locator('.chart-card .chart-empty').allTextContents()).toEqual([
      'No sales today or on the same day last week yet.',
      'No paid orders have waited today yet.',
      'Nothing sold in this range.',
      'No orders were placed in this range.',
      'No orders were made ready in this range.',
      'No orders were made ready in this range.',
      'No orders were paid in this range.',
    ]);
    expect(await page.locator('.chart-card .chart').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('is never shown to anyone but a manager, nor asked for', async () => {
    const { page, problems, requests } = await signedIn(['Baristas']);
    await page.getByRole('alert').filter({ hasText: 'This page is for managers.' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Analytics' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Show charts' }).count()).toBe(0);
    expect(await page.locator('.chart-card').count()).toBe(0);
    expect(requests.filter((request) => ANALYTICS_FIELDS.test(request))).toEqual([]);
    // Nor is the charts' code (ECharts) fetched: it is a chunk of its own, imported for managers.
    expect(requests.filter((request) => request.includes('/assets/analytics-panel'))).toEqual([]);
    expect(problems).toEqual([]);
  });
});
