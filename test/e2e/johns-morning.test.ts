import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { menuIds, orderOf, payOrder, placeOrder } from '../api/support/order-steps';
import { openApp, PHONE, shot, SHOTS, signIn, TABLET, uniqueEmail } from './browser-steps';
import { type ClientWorld, confirmationCode, startClientWorld } from './client-world';

/**
 * John's morning in real browsers: the built apps served by the local runtime, unmodified
 * aws-amplify v6 in Chromium. John signs up with the emailed code, orders two oat flat whites,
 * a declined card shows its message, the good card pays; the barista's tablet, in a second
 * browser context, gets the order live, prepares it and marks it ready; John's page shows it
 * ready without a reload. Every screen is saved under test-results/e2e/.
 */

let app: ClientWorld;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  app = await startClientWorld();
}, 120_000);

afterAll(async () => {
  // Closing the browser closes every context the tests opened.
  await app?.close();
});

const open = (path: string, viewport: { width: number; height: number }) => openApp(app, path, viewport);

describe("John's morning in the browser", () => {
  it('goes from sign-up to a ready order seen live by the barista and by John', async () => {
    const { userPoolId } = app.world.api.booted.state.pool;
    const baristaEmail = uniqueEmail('barista');
    await app.world.api.createUser(baristaEmail, ['Baristas']);

    // The barista signs in on the tablet first and watches the live queue.
    const { page: tablet, problems: tabletProblems } = await open('/barista', TABLET);
    await signIn(tablet, baristaEmail);
    await expect.poll(() => tablet.locator('#connection').textContent()).toContain('Live');
    await shot(tablet, 'barista-empty');

    // John creates an account with the code sent to his email.
    const { page: phone, problems: phoneProblems } = await open('/', PHONE);
    await phone.getByRole('heading', { name: 'Flat white' }).or(phone.locator('[data-item="Flat white"]')).first().waitFor();
    await shot(phone, 'customer-menu-signed-out');
    const email = uniqueEmail('john');
    await phone.getByRole('button', { name: 'Create an account' }).click();
    await phone.getByLabel('Email').fill(email);
    await phone.getByLabel('Password').fill('Flatwhite1');
    await phone.getByRole('button', { name: 'Create account' }).click();
    const codeField = phone.getByLabel('Confirmation code');
    await codeField.waitFor();
    await codeField.fill(confirmationCode(userPoolId, email));
    await phone.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => phone.locator('header .who').textContent()).toBe(email);

    // Two flat whites with oat milk.
    await phone.getByRole('button', { name: 'Choose Flat white' }).click();
    const picker = phone.locator('.picker');
    await picker.getByLabel('Milk', { exact: true }).selectOption('OAT');
    await picker.getByLabel('Quantity').fill('2');
    await picker.getByLabel('Quantity').dispatchEvent('change');
    await shot(phone, 'customer-choose');
    await phone.getByRole('button', { name: /Add to cart/ }).click();
    await phone.getByLabel('Name for pickup').fill('John');
    await phone.getByLabel('Notes for the barista').fill('Extra hot, please');
    await shot(phone, 'customer-cart');
    await phone.getByRole('button', { name: 'Place order' }).click();
    await expect.poll(() => phone.locator('#order-status').textContent()).toBe('Waiting for payment');
    expect(await phone.locator('#tracking .lines').textContent()).toContain('2 × Flat white, regular, oat milk');

    // A declined card: the message says so, and nothing is paid.
    await phone.getByLabel('Card number').fill('4000 0000 0000 0002');
    await phone.getByRole('button', { name: 'Pay', exact: true }).click();
    await expect.poll(() => phone.locator('#payment-form #error-payment').textContent()).toBe('Your card was declined. Please use another card.');
    await shot(phone, 'customer-card-declined');
    expect(await tablet.locator('[data-column="PAID"] .ticket').count()).toBe(0);

    // The test card that succeeds.
    await phone.getByLabel('Card number').fill('4242 4242 4242 4242');
    await phone.getByRole('button', { name: 'Pay', exact: true }).click();
    await expect.poll(() => phone.locator('#order-status').textContent()).toBe('Paid, in the queue');
    await shot(phone, 'customer-paid');
    // The page marker survives only if the page is never reloaded.
    await phone.evaluate(() => document.body.setAttribute('data-never-reloaded', 'yes'));

    // The tablet shows the order at once, highlighted, with John's name, the drinks, the milk and the note.
    const ticket = tablet.locator('[data-column="PAID"] .ticket');
    await ticket.first().waitFor();
    expect(await ticket.count()).toBe(1);
    expect(await ticket.getAttribute('class')).toContain('fresh');
    const ticketText = await ticket.textContent();
    expect(ticketText).toContain('John');
    expect(ticketText).toContain('2 × Flat white, regular, oat milk');
    expect(ticketText).toContain('Extra hot, please');
    await shot(tablet, 'barista-new-order');

    await ticket.getByRole('button', { name: 'Start preparing' }).click();
    const preparing = tablet.locator('[data-column="PREPARING"] .ticket');
    await preparing.first().waitFor();
    await expect.poll(() => phone.locator('#order-status').textContent()).toBe('Being prepared');
    await preparing.getByRole('button', { name: 'Mark ready' }).click();
    const ready = tablet.locator('[data-column="READY"] .ticket');
    await ready.first().waitFor();
    expect(await ready.getAttribute('class')).not.toContain('fresh');
    await shot(tablet, 'barista-ready');

    // John's page says so, without a reload: the status, and an alert.
    await expect.poll(() => phone.locator('#order-status').textContent()).toBe('Ready to collect');
    expect(await phone.locator('#ready-alert').textContent()).toContain('is ready to collect');
    // The tab's title says it too, for a customer looking at another tab.
    expect(await phone.title()).toMatch(/^Ready to collect · /);
    // A drink that comes in one size shows its price, not "from" a price.
    expect(await phone.locator('[data-item="Espresso"] .item-text').textContent()).not.toContain('from');
    expect(await phone.locator('[data-item="Latte"] .item-text').textContent()).toContain('from');
    expect(await phone.locator('body').getAttribute('data-never-reloaded')).toBe('yes');
    await shot(phone, 'customer-ready');

    expect(phoneProblems).toEqual([]);
    expect(tabletProblems).toEqual([]);
  });

  it("lets the manager mark a drink sold out, which a customer's open menu shows at once, and see today's sales", async () => {
    const managerEmail = uniqueEmail('manager');
    const customerEmail = uniqueEmail('regular');
    await app.world.api.createUser(managerEmail, ['Managers']);
    await app.world.api.createUser(customerEmail, []);

    const { page: phone, problems: phoneProblems } = await open('/', PHONE);
    await signIn(phone, customerEmail);
    await expect.poll(() => phone.locator('header .who').textContent()).toBe(customerEmail);
    const cortado = phone.locator('[data-item="Cortado"]');
    expect(await cortado.getByRole('button', { name: 'Choose Cortado' }).count()).toBe(1);

    const { page: office, problems: officeProblems } = await open('/manager', TABLET);
    await signIn(office, managerEmail);
    await office.getByRole('heading', { name: /Today's sales/ }).waitFor();
    expect(await office.locator('#store-state').textContent()).toBe('open');
    await office.getByLabel('Cortado sold out').check();
    await expect.poll(() => office.getByLabel('Cortado sold out').isChecked()).toBe(true);
    await expect.poll(() => office.getByRole('button', { name: 'Close the store' }).isEnabled()).toBe(true);
    await office.evaluate(() => window.scrollTo(0, 0));
    await shot(office, 'manager');

    await expect.poll(() => cortado.locator('.badge').textContent()).toBe('Sold out');
    expect(await cortado.getByRole('button').count()).toBe(0);
    await shot(phone, 'customer-sold-out');

    await office.getByLabel('Cortado sold out').uncheck();
    await expect.poll(() => cortado.getByRole('button', { name: 'Choose Cortado' }).count()).toBe(1);
    expect([...phoneProblems, ...officeProblems]).toEqual([]);
  });

  it("opens GraphiQL from the explorer with the signed-in user's token attached", async () => {
    const email = uniqueEmail('developer');
    await app.world.api.createUser(email, []);
    const { page, problems } = await open('/explorer', TABLET);
    // GraphiQL runs on the explorer page itself; the user's mode needs a sign-in first.
    await page.getByRole('radio', { name: /signed-in user/ }).check();
    await signIn(page, email);
    await page.locator('.graphiql-execute-button').click();
    // myOrders is closed to the API key, so an answer proves the user's token went along.
    await expect.poll(() => page.locator('.graphiql-response').innerText()).toContain('"myOrders"');
    expect(await page.locator('.graphiql-response').innerText()).not.toContain('errorType');
    await shot(page, 'explorer-graphiql');
    expect(problems).toEqual([]);
  });

  it('shows the tablet offline while the network is down, and catches up on an order paid meanwhile', async () => {
    const baristaEmail = uniqueEmail('barista');
    const customerEmail = uniqueEmail('offline-customer');
    await app.world.api.createUser(baristaEmail, ['Baristas']);
    await app.world.api.createUser(customerEmail, []);
    const { accessToken } = await app.world.api.signIn(customerEmail);

    const { page: tablet } = await open('/barista', TABLET);
    await signIn(tablet, baristaEmail);
    await expect.poll(() => tablet.locator('#connection').textContent()).toContain('Live');

    const catchUps: string[] = [];
    tablet.on('request', (request) => {
      if (request.postData()?.includes('orderChangesSince')) catchUps.push(request.url());
    });
    await tablet.context().setOffline(true);
    await expect.poll(() => tablet.locator('#connection').textContent()).toContain('Offline');
    const ids = await menuIds(app.world.api, accessToken);
    const placed = await placeOrder(app.world.api, accessToken, orderOf([{ menuItemId: ids['Latte'] ?? '', size: 'REGULAR', milk: 'SOY', quantity: 1 }], { pickupName: 'Offline Olga' }));
    await payOrder(app.world, accessToken, placed.id);

    await tablet.context().setOffline(false);
    await expect.poll(() => tablet.locator('#connection').textContent()).toContain('Live');
    const ticket = tablet.locator(`[data-order="${placed.id}"]`);
    await ticket.waitFor();
    expect(await ticket.textContent()).toContain('Offline Olga');
    // Back online, the tablet asked for what changed while it was away.
    expect(catchUps.length).toBeGreaterThan(0);
    await shot(tablet, 'barista-after-reconnect');
  });
});
