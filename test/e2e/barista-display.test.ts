import { mkdirSync } from 'node:fs';
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { OrderLineInput } from '../../generated/graphql';
import { backdateReady, backOffice, CANCEL_ORDER, EXPIRE_ORDER, MARK_READY, menuIds, orderAction, orderOf, payOrder, placeOrder, readStore, START_PREPARING, type FullOrder } from '../api/support/order-steps';
import { dataAs } from '../api/support/payment-steps';
import { openApp, shot, SHOTS, signIn, uniqueEmail, publishShot } from './browser-steps';
import { type ClientWorld, startClientWorld } from './client-world';

/**
 * The barista tablet as a kitchen display (issue 11), at a 1280x800 tablet's size, against the
 * real API: elapsed times and overdue colours, modifiers and batch totals, a "new" highlight that
 * waits for a tap, sound behind a tap, undo as a delay, live removal, manager-only controls, and a
 * page that never scrolls.
 */

const KDS = { width: 1280, height: 800 };
let app: ClientWorld;
let ids: Record<string, string> = {};
let baristaToken = '';
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  app = await startClientWorld();
  const email = uniqueEmail('menu-reader');
  await app.world.api.createUser(email, []);
  ids = await menuIds(app.world.api, (await app.world.api.signIn(email)).accessToken);
  const barista = uniqueEmail('barista-api');
  await app.world.api.createUser(barista, ['Baristas']);
  baristaToken = (await app.world.api.signIn(barista)).accessToken;
}, 120_000);

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await app?.close();
});

const line = (name: string, extra: Partial<OrderLineInput> = {}): OrderLineInput => ({ menuItemId: ids[name] ?? '', size: 'REGULAR', milk: 'WHOLE', quantity: 1, ...extra });

/** A paid order from a customer of its own (the store allows each customer only a few open orders). */
async function paidOrder(pickupName: string, lines: OrderLineInput[]): Promise<FullOrder> {
  const email = uniqueEmail('kds-customer');
  await app.world.api.createUser(email, []);
  const { accessToken } = await app.world.api.signIn(email);
  const placed = await placeOrder(app.world.api, accessToken, orderOf(lines, { pickupName }));
  return payOrder(app.world, accessToken, placed.id);
}

/** Tests only: moves paidAt back, as if the ticket had waited that long (stands in for the clock). */
async function backdatePaid(orderId: string, seconds: number): Promise<void> {
  const client = new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    await client.send(
      new UpdateItemCommand({
        TableName: app.world.api.booted.tableNames['orders'],
        Key: marshall({ pk: `ORDER#${orderId}`, sk: 'ORDER' }),
        UpdateExpression: 'SET paidAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: marshall({ ':at': new Date(Date.now() - seconds * 1000).toISOString() }),
      }),
    );
  } finally {
    client.destroy();
  }
}

async function tablet(groups: string[] = ['Baristas'], watch?: (page: Page) => Promise<void> | void): Promise<{ page: Page; problems: string[] }> {
  const email = uniqueEmail('kds');
  await app.world.api.createUser(email, groups);
  const opened = await openApp(app, '/barista', KDS, watch);
  contexts.push(opened.context);
  await signIn(opened.page, email);
  // Signed in, and live: the connection indicator says so.
  await expect.poll(() => opened.page.locator('#connection').textContent()).toContain('Live');
  return opened;
}

/** GraphQL operations the page sent (HTTP), by operation text. */
function graphqlRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith('/graphql')) seen.push(request.postData() ?? '');
  });
  return seen;
}

const ticket = (page: Page, order: { id: string }) => page.locator(`[data-order="${order.id}"]`);

describe('the barista tablet as a kitchen display', () => {
  it('marks oat milk and an extra shot but not the default milk, and totals the Paid column: "3 × Flat white"', async () => {
    const { page, problems } = await tablet();
    const oat = await paidOrder('Oat Olive', [line('Flat white', { milk: 'OAT', quantity: 2, extras: [{ id: 'extra-shot', quantity: 1 }] })]);
    const plain = await paidOrder('Plain Paul', [line('Flat white'), line('Latte')]);
    await ticket(page, oat).waitFor();
    await ticket(page, plain).waitFor();

    const marks = await ticket(page, oat).locator('mark.modifier').allTextContents();
    expect(marks).toEqual(['oat milk', 'extra shot']);
    expect(await ticket(page, plain).locator('mark.modifier').count()).toBe(0);
    expect(await ticket(page, plain).textContent()).toContain('whole milk');
    await expect.poll(() => page.locator('[data-column="PAID"] .batch-total').allTextContents()).toEqual(['3 × Flat white', '1 × Latte']);
    await shot(page, 'barista-modifiers');
    publishShot('barista-modifiers.png');

    // Clear the board for the next tests' totals.
    for (const order of [oat, plain]) await dataAs(app.world.api, baristaToken, CANCEL_ORDER, { input: { orderId: order.id, reason: 'Test over' } });
    await expect.poll(() => page.locator('[data-column="PAID"] .ticket').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('shows the minutes since payment, amber past the prep time and red past twice it, ticking every 30 s without asking the server', async () => {
    const { prepMinutesPerOrder } = await readStore(app.world.api, baristaToken);
    const fresh = await paidOrder('Fresh Fay', [line('Latte')]);
    const due = await paidOrder('Due Dan', [line('Latte')]);
    const late = await paidOrder('Late Lou', [line('Latte')]);
    // Due shows one minute short of the next whole minute; late is past two prep slots.
    await backdatePaid(due.id, (prepMinutesPerOrder + 1) * 60 - 20);
    await backdatePaid(late.id, (2 * prepMinutesPerOrder + 1) * 60);
    const { page, problems } = await tablet(['Baristas'], (opening) => opening.clock.install());
    await ticket(page, late).waitFor();

    // Tickets already there when the tablet opened are not news: no "new" highlight.
    expect(await page.locator('.ticket.fresh').count()).toBe(0);
    expect(await ticket(page, fresh).getAttribute('data-urgency')).toBe('ok');
    expect(await ticket(page, due).getAttribute('data-urgency')).toBe('due');
    expect(await ticket(page, late).getAttribute('data-urgency')).toBe('late');
    expect(await ticket(page, fresh).locator('.elapsed').textContent()).toBe('0 min');
    expect(await ticket(page, due).locator('.elapsed').textContent()).toBe(`${prepMinutesPerOrder} min`);
    expect(await ticket(page, late).locator('.elapsed').textContent()).toBe(`${2 * prepMinutesPerOrder + 1} min · late`);
    await shot(page, 'barista-overdue');
    publishShot('barista-overdue.png');

    const sent = graphqlRequests(page);
    await page.clock.runFor(30_000);
    await expect.poll(() => ticket(page, due).locator('.elapsed').textContent()).toBe(`${prepMinutesPerOrder + 1} min`);
    expect(sent).toEqual([]);

    for (const order of [fresh, due, late]) await dataAs(app.world.api, baristaToken, CANCEL_ORDER, { input: { orderId: order.id, reason: 'Test over' } });
    await expect.poll(() => page.locator('[data-column="PAID"] .ticket').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('keeps a new ticket highlighted until it is tapped, and beeps only after the sound control is tapped', async () => {
    const { page, problems } = await tablet(['Baristas'], async (opening) => {
      await opening.addInitScript(() => {
        const counted = window as unknown as { oscillators: number };
        counted.oscillators = 0;
        const original = AudioContext.prototype.createOscillator;
        AudioContext.prototype.createOscillator = function (this: AudioContext) {
          counted.oscillators += 1;
          return original.call(this);
        };
      });
    });
    const oscillators = (): Promise<number> => page.evaluate(() => (window as unknown as { oscillators: number }).oscillators);
    // A restored session had no gesture: the control offers sound, and a new order stays silent.
    await page.reload();
    await expect.poll(() => page.locator('#connection').textContent()).toContain('Live');
    const sound = page.locator('#sound');
    expect(await sound.textContent()).toBe('Tap to enable sound');
    expect(await sound.getAttribute('aria-pressed')).toBe('false');
    const silent = await paidOrder('Silent Sam', [line('Cortado', { size: 'SMALL' })]);
    await ticket(page, silent).waitFor();
    expect(await oscillators()).toBe(0);

    await sound.click();
    expect(await sound.getAttribute('aria-pressed')).toBe('true');
    const before = await oscillators();
    const loud = await paidOrder('Loud Liz', [line('Cortado', { size: 'SMALL' })]);
    await ticket(page, loud).waitFor();
    await expect.poll(oscillators).toBeGreaterThan(before);

    // The old highlight went after 8 s; now it waits for the barista.
    await page.waitForTimeout(9000);
    expect(await ticket(page, loud).getAttribute('class')).toContain('fresh');
    await shot(page, 'barista-new-order');
    publishShot('barista-new-order.png');
    await ticket(page, loud).locator('h3').click();
    expect(await ticket(page, loud).getAttribute('class')).not.toContain('fresh');
    // The badge is a button, so a keyboard reaches it too.
    await ticket(page, silent).getByRole('button', { name: /tap to acknowledge/ }).press('Enter');
    expect(await ticket(page, silent).getAttribute('class')).not.toContain('fresh');

    for (const order of [silent, loud]) await dataAs(app.world.api, baristaToken, CANCEL_ORDER, { input: { orderId: order.id, reason: 'Test over' } });
    expect(problems).toEqual([]);
  }, 60_000);

  it('holds a move for 5 s with Undo, sends nothing when undone, and sends it once when not', async () => {
    const { page, problems } = await tablet();
    const order = await paidOrder('Undo Una', [line('Latte')]);
    await ticket(page, order).waitFor();
    const sent = graphqlRequests(page);
    const starts = (): number => sent.filter((body) => body.includes('startPreparing')).length;

    await ticket(page, order).getByRole('button', { name: 'Start preparing' }).click();
    await ticket(page, order).getByRole('status').filter({ hasText: 'Moving to Preparing in 5 s' }).waitFor();
    await shot(page, 'barista-undo');
    publishShot('barista-undo.png');
    await ticket(page, order).getByRole('button', { name: 'Undo' }).click();
    await page.waitForTimeout(6000);
    expect(starts()).toBe(0);
    expect(await page.locator(`[data-column="PAID"] [data-order="${order.id}"]`).count()).toBe(1);

    await ticket(page, order).getByRole('button', { name: 'Start preparing' }).click();
    await page.locator(`[data-column="PREPARING"] [data-order="${order.id}"]`).waitFor({ timeout: 10_000 });
    expect(starts()).toBe(1);

    await dataAs(app.world.api, baristaToken, CANCEL_ORDER, { input: { orderId: order.id, reason: 'Test over' } });
    expect(problems).toEqual([]);
  }, 30_000);

  it('removes a ticket live when the order is cancelled, and when a ready order expires uncollected', async () => {
    const { page, problems } = await tablet();
    const cancelled = await paidOrder('Cancel Cal', [line('Latte')]);
    const expired = await paidOrder('Expire Eve', [line('Latte')]);
    await ticket(page, cancelled).waitFor();
    await orderAction(app.world.api, baristaToken, START_PREPARING, expired.id);
    await orderAction(app.world.api, baristaToken, MARK_READY, expired.id);
    await page.locator(`[data-column="READY"] [data-order="${expired.id}"]`).waitFor();

    await dataAs(app.world.api, baristaToken, CANCEL_ORDER, { input: { orderId: cancelled.id, reason: 'Customer left' } });
    await expect.poll(() => ticket(page, cancelled).count()).toBe(0);
    const { collectionWindowMinutes } = await readStore(app.world.api, baristaToken);
    await backdateReady(app.world.api, expired.id, collectionWindowMinutes + 1);
    const answer = await backOffice(app.world.api)(EXPIRE_ORDER, { orderId: expired.id });
    expect(answer.errors).toBeUndefined();
    await expect.poll(() => ticket(page, expired).count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('gives a manager Pause orders and Sold out on the tablet, and a barista neither', async () => {
    const { page: barista } = await tablet();
    expect(await barista.locator('#pause-orders').count()).toBe(0);
    expect(await barista.locator('#sold-out-toggle').count()).toBe(0);

    const { page, problems } = await tablet(['Managers']);
    await page.getByRole('button', { name: 'Pause orders' }).click();
    await page.getByRole('status').filter({ hasText: 'Orders paused' }).waitFor();
    expect((await readStore(app.world.api, baristaToken)).open).toBe(false);
    await shot(page, 'barista-paused');
    await page.getByRole('button', { name: 'Resume orders' }).click();
    await expect.poll(async () => (await readStore(app.world.api, baristaToken)).open).toBe(true);

    await page.getByRole('button', { name: 'Sold out…' }).click();
    await page.getByLabel('Mocha sold out').check();
    await expect.poll(async () => (await menuAvailability('Mocha'))).toBe(false);
    await page.getByLabel('Mocha sold out').uncheck();
    await expect.poll(async () => (await menuAvailability('Mocha'))).toBe(true);
    expect(problems).toEqual([]);
  });

  it('fits 1280x800 with a full Paid column: the page does not scroll, the column does', async () => {
    const orders = await Promise.all(Array.from({ length: 8 }, (_, index) => paidOrder(`Queue ${index + 1}`, [line('Latte', { milk: index % 2 ? 'OAT' : 'WHOLE' })])));
    const { page, problems } = await tablet();
    await ticket(page, orders[7] ?? { id: '' }).waitFor();
    const sizes = await page.evaluate(() => {
      const column = document.querySelector('[data-column="PAID"] .items') as HTMLElement;
      return { page: document.documentElement.scrollHeight, viewport: window.innerHeight, wide: document.documentElement.scrollWidth, width: window.innerWidth, column: column.scrollHeight, shown: column.clientHeight };
    });
    expect(sizes.page).toBeLessThanOrEqual(sizes.viewport);
    expect(sizes.wide).toBeLessThanOrEqual(sizes.width);
    expect(sizes.column).toBeGreaterThan(sizes.shown);
    await page.locator('[data-column="PAID"] .items').hover();
    await page.mouse.wheel(0, 2000);
    await expect.poll(() => page.locator('[data-column="PAID"] .items').evaluate((element) => element.scrollTop)).toBeGreaterThan(0);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    await shot(page, 'barista-full-queue');
    publishShot('barista-full-queue.png');
    expect(problems).toEqual([]);
  });
});

async function menuAvailability(name: string): Promise<boolean | undefined> {
  const { menu } = await dataAs<{ menu: { categories: Array<{ items: Array<{ name: string; available: boolean }> }> } }>(
    app.world.api,
    baristaToken,
    'query { menu { categories { items { name available } } } }',
  );
  return menu.categories.flatMap((category) => category.items).find((item) => item.name === name)?.available;
}
