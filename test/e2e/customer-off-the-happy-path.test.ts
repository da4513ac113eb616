import { mkdirSync } from 'node:fs';
import type { BrowserContext, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARK_READY, START_PREPARING, menuIds, orderAction, orderOf, payOrder, placeOrder } from '../api/support/order-steps';
import { dataAs } from '../api/support/payment-steps';
import { inViewport, openApp, PHONE, placeFlatWhite, shot, SHOTS, signIn, uniqueEmail, within } from './browser-steps';
import { type ClientWorld, startClientWorld } from './client-world';

/**
 * The customer's phone off the happy path (issue 11): a connection lost while the coffee is made,
 * a declined card, a payment service that does not answer. Real browser, real API, real sandbox.
 */

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

async function customerPhone(name: string, watch?: Parameters<typeof openApp>[3]): Promise<Awaited<ReturnType<typeof openApp>> & { email: string }> {
  const email = uniqueEmail(name);
  await app.world.api.createUser(email, []);
  const opened = await openApp(app, '/', PHONE, watch);
  contexts.push(opened.context);
  await signIn(opened.page, email);
  return { ...opened, email };
}

/** The variables of every payOrder the page sends, observed on the wire (nothing is changed). */
function payRequests(page: Awaited<ReturnType<typeof openApp>>['page']): Array<{ idempotencyKey: string; cardToken: string }> {
  const seen: Array<{ idempotencyKey: string; cardToken: string }> = [];
  page.on('request', (request) => {
    const body = request.postData();
    if (!body?.includes('payOrder(')) return;
    const { variables } = JSON.parse(body) as { variables: { input: { idempotencyKey: string; cardToken: string } } };
    seen.push({ idempotencyKey: variables.input.idempotencyKey, cardToken: variables.input.cardToken });
  });
  return seen;
}

describe("the customer's phone off the happy path", () => {
  it('catches up after the connection drops: an order made ready while offline shows Ready and the alert on reconnect', async () => {
    // The page's real-time sockets pass through Playwright to the real server, so the test can drop
    // the server side as a lost connection does, and see every frame the page receives.
    const frames: string[] = [];
    const servers: WebSocketRoute[] = [];
    const { page, email, problems } = await customerPhone('offline-john', (opening) =>
      opening.routeWebSocket(/\/realtime/, (socket) => {
        const server = socket.connectToServer();
        servers.push(server);
        socket.onMessage((message) => server.send(message));
        server.onMessage((message) => {
          frames.push(String(message));
          socket.send(message);
        });
      }),
    );
    const baristaEmail = uniqueEmail('barista');
    await app.world.api.createUser(baristaEmail, ['Baristas']);
    const [{ accessToken }, barista] = await Promise.all([app.world.api.signIn(email), app.world.api.signIn(baristaEmail)]);
    const ids = await menuIds(app.world.api, accessToken);
    const placed = await placeOrder(app.world.api, accessToken, orderOf([{ menuItemId: ids['Latte'] ?? '', size: 'REGULAR', milk: 'OAT', quantity: 1 }], { pickupName: 'Offline John' }));
    await payOrder(app.world, accessToken, placed.id);
    await orderAction(app.world.api, barista.accessToken, START_PREPARING, placed.id);
    await page.locator('#history').getByRole('button', { name: /Being prepared/ }).click();
    await expect.poll(() => page.locator('#order-status').textContent()).toBe('Being prepared');
    await expect.poll(async () => (await page.locator('#connection-banner').textContent())?.trim()).toBe('');

    const reads: string[] = [];
    page.on('request', (request) => {
      if (request.postData()?.includes('myOrders(')) reads.push(request.url());
    });
    await page.context().setOffline(true);
    const banner = page.getByRole('status').filter({ hasText: 'You are offline' });
    await banner.waitFor();
    await shot(page, 'customer-offline');
    // The connection is lost, not only paused: whatever is published now never reaches the socket.
    const open = app.server.hub.stats().connections;
    await Promise.all(servers.map((server) => server.close()));
    await expect.poll(() => app.server.hub.stats().connections).toBe(open - servers.length);
    await orderAction(app.world.api, barista.accessToken, MARK_READY, placed.id);
    expect(await page.locator('#order-status').textContent()).toBe('Being prepared');

    await page.context().setOffline(false);
    // Amplify waits its reconnect delay (5 s) before it opens a new socket.
    await expect.poll(() => page.locator('#order-status').textContent(), { timeout: 20_000 }).toBe('Ready to collect');
    expect(await page.getByRole('alert').filter({ hasText: 'is ready to collect' }).count()).toBe(1);
    await expect.poll(() => banner.count()).toBe(0);
    // Back online, the page read its orders again: AppSync does not replay what it missed.
    expect(reads.length).toBeGreaterThan(0);
    const pushed = frames.filter((frame) => frame.includes(placed.id)).map((frame) => /"status":"(\w+)"/.exec(frame)?.[1]);
    expect(pushed).not.toContain('READY');
    await shot(page, 'customer-ready-after-reconnect');

    // The next order starts clean: the alert about the last one goes.
    await placeFlatWhite(page, 'John again');
    expect(await page.locator('#ready-alert').count()).toBe(0);
    expect(problems).toEqual([]);
  }, 60_000);

  it('puts focus on the card number after Place order, and shows a declined card inside the payment form, in view and announced', async () => {
    const { page, problems } = await customerPhone('declined-jane');
    await placeFlatWhite(page, 'Jane');
    // The tracker appears at the top, far above the cart: the page takes the person to the card field.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('card-number');
    expect(await inViewport(page, '#card-number')).toBe(true);

    await page.getByLabel('Card number').fill('4000 0000 0000 0002');
    await page.getByRole('button', { name: 'Pay', exact: true }).click();
    const message = page.locator('#payment-form').getByRole('alert');
    await expect.poll(() => message.textContent()).toBe('Your card was declined. Please use another card.');
    expect(await within(page, '#error-payment', '#payment-form')).toBe(true);
    expect(await inViewport(page, '#error-payment')).toBe(true);
    // Focus goes back to the card, ready for another one; the order says what happened without a reload.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('card-number');
    await expect.poll(() => page.locator('#order-status').textContent()).toBe('Payment failed');
    await shot(page, 'customer-card-declined');
    expect(problems.filter((problem) => !problem.includes('402'))).toEqual([]);
  });

  it('retries a gateway error with the same idempotency key, then offers Try again with that key instead of a dead Pay and Cancel', async () => {
    const { page } = await customerPhone('gateway-gina');
    const sent = payRequests(page);
    await placeFlatWhite(page, 'Gina');
    await page.getByLabel('Card number').fill('4000 0000 0000 0119');
    await page.getByRole('button', { name: 'Pay', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'trying again' }).waitFor();

    const unreachable = page.getByRole('alert').filter({ hasText: 'We could not reach the payment service. You have not been charged twice. Try again.' });
    await unreachable.waitFor({ timeout: 20_000 });
    // One first request and two automatic retries, all with one key and one card token.
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((request) => request.idempotencyKey)).size).toBe(1);
    expect(new Set(sent.map((request) => request.cardToken)).size).toBe(1);
    expect(await page.getByRole('button', { name: 'Pay', exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Cancel order' }).count()).toBe(0);
    expect(await inViewport(page, '#payment-state')).toBe(true);
    await shot(page, 'customer-payment-unreachable');

    await page.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => sent.length, { timeout: 20_000 }).toBe(6);
    await unreachable.waitFor({ timeout: 20_000 });
    expect(new Set(sent.map((request) => request.idempotencyKey)).size).toBe(1);

    // After a reload the key is gone; a new attempt meets the held lock and the page waits, without retrying.
    await page.reload();
    await expect.poll(() => page.locator('#order-status').textContent()).toBe('Waiting for payment');
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByRole('button', { name: 'Pay', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Checking your payment…' }).waitFor();
    expect(sent).toHaveLength(7);
    expect(sent[6]?.idempotencyKey).not.toBe(sent[0]?.idempotencyKey);
    expect(await page.getByRole('button', { name: 'Pay', exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Cancel order' }).count()).toBe(0);
    await shot(page, 'customer-payment-checking');
  }, 90_000);

  it('asks before cancelling, and says a cancelled paid order was refunded', async () => {
    const email = uniqueEmail('cancelling-carl');
    await app.world.api.createUser(email, []);
    const { accessToken } = await app.world.api.signIn(email);
    const ids = await menuIds(app.world.api, accessToken);
    const placed = await placeOrder(app.world.api, accessToken, orderOf([{ menuItemId: ids['Latte'] ?? '', size: 'REGULAR', milk: 'OAT', quantity: 1 }], { pickupName: 'Carl' }));
    await payOrder(app.world, accessToken, placed.id);
    const { page, context, problems } = await openApp(app, '/', PHONE);
    contexts.push(context);
    await signIn(page, email);
    await expect.poll(() => page.locator('#order-status').textContent()).toBe('Paid, in the queue');

    await page.getByRole('button', { name: 'Cancel order' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('confirm-cancel');
    expect(await page.locator('#confirm-cancel-text').textContent()).toContain('goes back to your card');
    await page.getByRole('button', { name: 'Keep my order' }).click();
    expect(await page.locator('#order-status').textContent()).toBe('Paid, in the queue');

    await page.getByRole('button', { name: 'Cancel order' }).click();
    await page.getByRole('button', { name: 'Yes, cancel it' }).click();
    await expect.poll(() => page.locator('#order-status').textContent()).toBe('Cancelled');
    await expect.poll(() => page.locator('#refund-note').textContent()).toMatch(/^Refunded €[\d.]+ to the card ending 4242\.$/);
    await shot(page, 'customer-cancelled-refunded');
    expect(problems).toEqual([]);
  });
});

// Subscribers get the mutation's selection set, so it selects everything the customer's menu renders.
const SET_AVAILABILITY = `mutation Availability($id: ID!, $available: Boolean!) { setMenuItemAvailability(id: $id, available: $available) {
  id categoryId name description imageUrl basePrice sizes { size price } milkOptions { milk surcharge } defaultMilk
  extras { id name price maxQuantity } available sortOrder updatedAt menuVersion } }`;

describe('the store closing and reopening', () => {
  it('stops and resumes ordering as the manager closes and reopens the store, without a reload', async () => {
    const { page, problems } = await customerPhone('closing-john');
    await page.getByRole('button', { name: 'Choose Flat white' }).click();
    await page.getByRole('button', { name: /Add to cart/ }).click();
    const placeButton = page.getByRole('button', { name: 'Place order' });
    await expect.poll(() => placeButton.isEnabled()).toBe(true);
    const managerEmail = uniqueEmail('closing-manager');
    await app.world.api.createUser(managerEmail, ['Managers']);
    const { accessToken } = await app.world.api.signIn(managerEmail);
    try {
      await dataAs(app.world.api, accessToken, 'mutation { closeStore { open capacity customerOrderLimit queueLength collectionWindowMinutes prepMinutesPerOrder updatedAt } }');
      await expect.poll(() => page.getByText('The store is closed right now').count(), { timeout: 10_000 }).toBe(1);
      expect(await placeButton.isDisabled()).toBe(true);
    } finally {
      await dataAs(app.world.api, accessToken, 'mutation { openStore { open capacity customerOrderLimit queueLength collectionWindowMinutes prepMinutesPerOrder updatedAt } }');
    }
    await expect.poll(() => page.getByText('The store is closed right now').count(), { timeout: 10_000 }).toBe(0);
    expect(await placeButton.isEnabled()).toBe(true);
    expect(problems).toEqual([]);
  });
});

describe('the cart and the picker when a drink sells out', () => {
  it('marks a sold-out drink in the cart, blocks Place order until it is removed, and the open picker cannot add it', async () => {
    const managerEmail = uniqueEmail('manager');
    await app.world.api.createUser(managerEmail, ['Managers']);
    const [{ page, problems }, manager] = await Promise.all([customerPhone('sold-out-sam'), app.world.api.signIn(managerEmail)]);
    const ids = await menuIds(app.world.api, manager.accessToken);
    const setAvailable = (name: string, available: boolean): Promise<unknown> =>
      dataAs(app.world.api, manager.accessToken, SET_AVAILABILITY, { id: ids[name], available });
    try {
      await page.getByRole('button', { name: 'Choose Cortado' }).click();
      await page.getByRole('button', { name: /Add to cart/ }).click();
      await page.getByRole('button', { name: 'Choose Mocha' }).click();
      // One menu edit at a time: each bumps the menu version the next is checked against.
      await setAvailable('Cortado', false);
      await setAvailable('Mocha', false);

      await expect.poll(() => page.locator('#cart .lines li.sold-out').count()).toBe(1);
      expect(await page.locator('#cart .lines li.sold-out').textContent()).toContain('Cortado');
      expect(await page.getByRole('button', { name: 'Place order' }).isDisabled()).toBe(true);
      await expect.poll(() => page.locator('#picker-sold-out').textContent()).toBe('Mocha has just sold out.');
      expect(await page.getByRole('button', { name: /Add to cart/ }).isDisabled()).toBe(true);

      await page.getByRole('button', { name: 'Remove Cortado' }).click();
      expect(await page.locator('#cart-sold-out').count()).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await setAvailable('Cortado', true);
      await setAvailable('Mocha', true);
    }
  });
});
