import { mkdirSync } from 'node:fs';
import type { BrowserContext, BrowserContextOptions } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARK_READY, menuIds, ORDER, orderAction, orderOf, payOrder, placeOrder, START_PREPARING, type FullOrder } from '../api/support/order-steps';
import { dataAs } from '../api/support/payment-steps';
import { PHONE, SHOTS, uniqueEmail } from './browser-steps';
import { type ClientWorld, startClientWorld } from './client-world';
import {
  axeViolations,
  euros,
  inputOf,
  insideAcross,
  MENU_ITEM,
  openCustomerPhone,
  PUT_MENU_ITEM,
  screenshot,
  scrollsSideways,
  SET_AVAILABILITY,
  staffToken,
  text,
  type MenuItemView,
  type Phone,
} from './customer-ordering-steps';

/**
 * What customers of a click-and-collect app expect (issue 11): a pickup time, quantity steppers
 * and editing in the cart, a cart that survives a reload, reordering a past order, a pickup code
 * for the counter, a receipt with its refund, the tab title when the coffee is ready, and a phone
 * layout that holds with a long email and at 200% zoom. Real browser, real API, real sandbox.
 * The browser runs in en-US, so times in en-IE (24-hour) prove the page does not use its locale.
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

async function customerPhone(email: string, options: BrowserContextOptions = {}, existing = false): Promise<Phone> {
  const phone = await openCustomerPhone(app, email, options, existing);
  contexts.push(phone.context);
  return phone;
}

describe('pickup time, pickup code and receipt', () => {
  it('places an order for a slot today, shows the slot, a large pickup code once paid, a receipt, and the ready title', async () => {
    const { page, email, problems } = await customerPhone(uniqueEmail('slot-sarah'));
    await page.getByRole('button', { name: 'Choose Flat white' }).click();
    const picker = page.locator('.picker');
    await picker.getByLabel('Milk', { exact: true }).selectOption('OAT');
    await picker.getByRole('button', { name: 'One more Extra shot' }).click();
    await page.getByRole('button', { name: /Add to cart/ }).click();

    // As soon as possible, or a quarter hour today, written 24-hour (en-IE) in an en-US browser.
    const slot = page.getByLabel('Pickup time');
    const options = await slot.locator('option').allTextContents();
    expect(options[0]).toBe('As soon as possible');
    expect(options.length).toBeGreaterThan(1);
    for (const option of options.slice(1)) expect(option).toMatch(/^Today at ([01]\d|2[0-3]):(00|15|30|45)$/);
    const chosen = await slot.locator('option').nth(1).getAttribute('value');
    const chosenTime = (options[1] ?? '').replace('Today at ', '');
    await slot.selectOption({ index: 1 });
    await page.getByLabel('Name for pickup').fill('Sarah');
    await page.getByRole('button', { name: 'Place order' }).click();
    await expect.poll(() => page.locator('#order-status').textContent()).toBe('Waiting for payment');
    expect(await text(page, '#pickup-time')).toBe(`Pickup at ${chosenTime}`);

    // The slot went to the server as chosen.
    const { accessToken } = await app.world.api.signIn(email);
    const orderId = (await page.locator('#history li').first().getAttribute('data-order')) ?? '';
    const placed = (await dataAs<{ order: FullOrder }>(app.world.api, accessToken, ORDER, { id: orderId })).order;
    expect(placed.pickupSlot).toBe(chosen);
    // Unpaid, there is no number to show at the counter yet.
    expect(await page.locator('#pickup-number').count()).toBe(0);

    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByRole('button', { name: 'Pay', exact: true }).click();
    // Tokenizing and charging go through the sandbox: on a loaded machine that takes a few seconds.
    await expect.poll(() => page.locator('#order-status').textContent(), { timeout: 20_000 }).toBe('Paid, in the queue');
    const paid = (await dataAs<{ order: FullOrder }>(app.world.api, accessToken, ORDER, { id: orderId })).order;
    expect(paid.orderNumber).not.toBeNull();
    // The pickup code is the order number, large enough to read across a counter.
    expect(await text(page, '#pickup-number')).toBe(String(paid.orderNumber));
    const size = await page.locator('#pickup-number').evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
    expect(size).toBeGreaterThanOrEqual(48);
    expect(await text(page, '.pickup-code')).toContain('for Sarah');
    await page.locator('#tracking').scrollIntoViewIfNeeded();
    await screenshot(page, 'customer-pickup-code');

    // The receipt: the drink with its milk and extra at the charged prices, the total, when it was paid.
    await page.locator('#receipt summary').click();
    const receipt = await text(page, '#receipt');
    const line = paid.lines[0];
    expect(receipt).toContain('1 × Flat white, regular');
    expect(receipt).toContain('Oat milk');
    expect(receipt).toContain('1 × Extra shot at €0.60');
    expect(receipt).toContain(`Total ${euros(paid.total)}`);
    expect(line?.lineTotal).toBe(paid.total);
    expect(await text(page, '#receipt-paid')).toMatch(new RegExp(`^Paid ${euros(paid.total).replace('.', '\\.')} on \\d{1,2} [A-Z][a-z]{2} \\d{4}, \\d\\d:\\d\\d with .*card ending 4242\\.$`));
    expect(receipt).toContain(`Pickup at ${chosenTime}, for Sarah`);
    expect(await page.locator('#receipt-refund').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.locator('#receipt').scrollIntoViewIfNeeded();
    await screenshot(page, 'customer-receipt');

    // Ready: pushed frames carry no slot (they select OrderFields), yet the page keeps it; the tab title says so.
    const barista = await staffToken(app, 'Baristas');
    await orderAction(app.world.api, barista, START_PREPARING, orderId);
    await orderAction(app.world.api, barista, MARK_READY, orderId);
    await expect.poll(() => page.locator('#order-status').textContent()).toBe('Ready to collect');
    expect(await page.title()).toBe('Ready to collect · Brewline — order coffee');
    expect(await text(page, '#pickup-time')).toBe(`Pickup at ${chosenTime}`);
    expect(await text(page, '#pickup-number')).toBe(String(paid.orderNumber));
    await page.getByRole('button', { name: 'Dismiss' }).click();
    expect(await page.title()).toBe('Brewline — order coffee');
    expect(problems).toEqual([]);
  }, 90_000);

  it('says a cancelled paid order was refunded, on its receipt too', async () => {
    const email = uniqueEmail('refund-rita');
    const { page, problems } = await customerPhone(email);
    const { accessToken } = await app.world.api.signIn(email);
    const ids = await menuIds(app.world.api, accessToken);
    const placed = await placeOrder(app.world.api, accessToken, orderOf([{ menuItemId: ids['Latte'] ?? '', size: 'LARGE', milk: 'SOY', quantity: 2 }], { pickupName: 'Rita' }));
    await payOrder(app.world, accessToken, placed.id);
    await page.reload();
    await expect.poll(() => page.locator('#order-status').textContent()).toBe('Paid, in the queue');
    expect(await text(page, '#pickup-time')).toBe('Pickup as soon as possible');

    await page.getByRole('button', { name: 'Cancel order' }).click();
    await page.getByRole('button', { name: 'Yes, cancel it' }).click();
    // The refund goes through the sandbox first.
    await expect.poll(() => page.locator('#order-status').textContent(), { timeout: 20_000 }).toBe('Cancelled');
    // A cancelled order is not collected: no code to show.
    expect(await page.locator('#pickup-number').count()).toBe(0);
    await page.locator('#receipt summary').click();
    await expect.poll(() => text(page, '#receipt-refund')).toBe(`Refunded ${euros(placed.total)}.`);
    expect(await text(page, '#receipt')).toContain('2 × Latte, large');
    expect(await text(page, '#receipt')).toContain('Soy milk');
    await page.locator('#receipt').scrollIntoViewIfNeeded();
    await screenshot(page, 'customer-receipt-refunded');
    expect(problems).toEqual([]);
  }, 60_000);
});

describe('the picker and the cart', () => {
  it('bounds quantities and extras with steppers, prices each change at once, edits and removes lines, and keeps the cart over a reload', async () => {
    const { page, problems } = await customerPhone(uniqueEmail('stepper-steve'));
    await page.getByRole('button', { name: 'Choose Latte' }).click();
    const picker = page.locator('.picker');
    const add = picker.getByRole('button', { name: /Add to cart/ });
    // Latte regular €3.90.
    expect(await add.textContent()).toContain('€3.90');
    expect(await picker.getByRole('button', { name: 'One fewer drink' }).isDisabled()).toBe(true);
    await picker.getByRole('button', { name: 'One more drink' }).click();
    expect(await picker.getByLabel('Quantity').inputValue()).toBe('2');
    expect(await add.textContent()).toContain('€7.80');

    // An extra stops at its maximum (3 extra shots).
    const moreShots = picker.getByRole('button', { name: 'One more Extra shot' });
    for (let click = 0; click < 3; click += 1) await moreShots.click();
    expect(await moreShots.isDisabled()).toBe(true);
    expect(await picker.getByLabel(/^Extra shot/).inputValue()).toBe('3');
    expect(await add.textContent()).toContain(euros((390 + 3 * 60) * 2));

    // Typing prices as each digit lands; a number past the bound goes back to 10 when the field is left.
    await picker.getByLabel('Quantity').fill('3');
    expect(await add.textContent()).toContain(euros((390 + 180) * 3));
    await picker.getByLabel('Quantity').fill('50');
    await picker.getByLabel('Quantity').blur();
    expect(await picker.getByLabel('Quantity').inputValue()).toBe('10');
    expect(await picker.getByRole('button', { name: 'One more drink' }).isDisabled()).toBe(true);
    await picker.getByLabel('Quantity').fill('1');
    expect(await axeViolations(page)).toEqual([]);
    await page.locator('.picker').scrollIntoViewIfNeeded();
    await screenshot(page, 'customer-stepper');
    await add.click();

    // In the cart: the quantity changes in place, the total with it.
    const cart = page.locator('#cart');
    expect(await text(page, '#cart-total')).toBe(euros(390 + 180));
    await cart.getByRole('button', { name: 'One more Latte' }).click();
    expect(await text(page, '#cart-total')).toBe(euros((390 + 180) * 2));

    // Edit: the picker opens on the line; size and milk change, the line is replaced, not added.
    await cart.getByRole('button', { name: 'Edit Latte' }).click();
    expect(await page.locator('#picker-heading').textContent()).toBe('Change Latte');
    expect(await picker.getByLabel('Quantity').inputValue()).toBe('2');
    await picker.getByLabel(/Large/).check();
    await picker.getByLabel('Milk', { exact: true }).selectOption('OAT');
    await picker.getByRole('button', { name: 'One fewer Extra shot' }).click();
    await picker.getByRole('button', { name: /Save changes/ }).click();
    expect(await cart.locator('.cart-line').count()).toBe(1);
    expect(await text(page, '#cart .line-text')).toBe('2 × Latte, large, oat milk, extra shot ×2');
    expect(await text(page, '#cart-total')).toBe(euros((440 + 50 + 120) * 2));

    // A second drink, then Remove sits inside the cart, with a label naming the drink.
    await page.getByRole('button', { name: 'Choose Flat white' }).click();
    await picker.getByLabel('Milk', { exact: true }).selectOption('ALMOND');
    await picker.getByRole('button', { name: 'One more Hazelnut syrup' }).click();
    await picker.getByRole('button', { name: 'One more Caramel syrup' }).click();
    await picker.getByRole('button', { name: 'One more Vanilla syrup' }).click();
    await add.click();
    for (const button of await cart.getByRole('button', { name: /^(Remove|Edit|One more|One fewer) / }).all()) {
      expect(await insideAcross(button, cart)).toBe(true);
    }
    expect(await axeViolations(page)).toEqual([]);
    await cart.scrollIntoViewIfNeeded();
    await screenshot(page, 'customer-cart-steppers');

    // A reload keeps the cart as it was.
    const before = await cart.locator('.line-head').allTextContents();
    const total = await text(page, '#cart-total');
    await page.reload();
    await expect.poll(() => cart.locator('.cart-line').count(), { timeout: 15_000 }).toBe(2);
    expect(await cart.locator('.line-head').allTextContents()).toEqual(before);
    expect(await text(page, '#cart-total')).toBe(total);

    await cart.getByRole('button', { name: 'Remove Latte' }).click();
    expect(await cart.locator('.cart-line').count()).toBe(1);
    await page.reload();
    await expect.poll(() => cart.locator('.cart-line').count(), { timeout: 15_000 }).toBe(1);
    expect(problems).toEqual([]);
  }, 90_000);

  it('holds at most 20 drinks in an order, as placeOrder does', async () => {
    const { page, problems } = await customerPhone(uniqueEmail('twenty-tom'));
    const picker = page.locator('.picker');
    for (let line = 0; line < 2; line += 1) {
      await page.getByRole('button', { name: 'Choose Americano' }).click();
      await picker.getByLabel('Quantity').fill('10');
      await picker.getByRole('button', { name: /Add to cart/ }).click();
    }
    // Full: no line can grow, and the picker says why it cannot add.
    expect(await page.locator('#cart').getByRole('button', { name: /^One more Americano/ }).first().isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Choose Espresso' }).click();
    expect(await page.locator('#picker-full').count()).toBe(1);
    expect(await picker.getByRole('button', { name: /Add to cart/ }).isDisabled()).toBe(true);
    // Making room lets it add again.
    await page.locator('#cart').getByRole('button', { name: /^One fewer Americano/ }).first().click();
    expect(await picker.getByRole('button', { name: /Add to cart/ }).isEnabled()).toBe(true);
    expect(problems).toEqual([]);
  }, 60_000);
});

describe('reordering a past order', () => {
  it('puts the same lines in the cart, marking one now sold out and one whose price changed', async () => {
    const email = uniqueEmail('again-anna');
    await app.world.api.createUser(email, []);
    const { accessToken } = await app.world.api.signIn(email);
    const ids = await menuIds(app.world.api, accessToken);
    const past = await placeOrder(
      app.world.api,
      accessToken,
      orderOf(
        [
          { menuItemId: ids['Cappuccino'] ?? '', size: 'REGULAR', milk: 'OAT', quantity: 2, extras: [{ id: 'extra-shot', quantity: 1 }] },
          { menuItemId: ids['Cortado'] ?? '', size: 'SMALL', milk: 'WHOLE', quantity: 1 },
        ],
        { pickupName: 'Anna' },
      ),
    );
    await payOrder(app.world, accessToken, past.id);
    const paidPast = (await dataAs<{ order: FullOrder }>(app.world.api, accessToken, ORDER, { id: past.id })).order;

    const manager = await staffToken(app, 'Managers');
    const cappuccinoId = ids['Cappuccino'] ?? '';
    const { menuItem } = await dataAs<{ menuItem: MenuItemView }>(app.world.api, manager, MENU_ITEM, { id: cappuccinoId });
    const dearer = { ...inputOf(menuItem), sizes: menuItem.sizes.map((option) => ({ ...option, price: option.price + 20 })) };
    try {
      await dataAs(app.world.api, manager, PUT_MENU_ITEM, { input: dearer });
      await dataAs(app.world.api, manager, SET_AVAILABILITY, { id: ids['Cortado'], available: false });

      const { page, problems } = await customerPhone(email, {}, true);
      await page.locator(`#history li[data-order="${past.id}"]`).getByRole('button', { name: /^Order again/ }).click();
      const cart = page.locator('#cart');
      await expect.poll(() => cart.locator('.cart-line').count()).toBe(2);
      expect(await text(page, '#cart-notice')).toBe(`Added from order ${paidPast.orderNumber}.`);
      const [cappuccino, cortado] = await cart.locator('.cart-line').all();
      if (!cappuccino || !cortado) throw new Error('two lines expected');
      expect(await text(page, '#cart .cart-line:nth-child(1) .line-text > span:first-child')).toBe('2 × Cappuccino, regular, oat milk, extra shot');
      const regular = menuItem.sizes.find((option) => option.size === 'REGULAR')?.price ?? 0;
      const oat = menuItem.milkOptions.find((option) => option.milk === 'OAT')?.surcharge ?? 0;
      expect(await cappuccino.locator('.line-notice').textContent()).toBe(`The price is now ${euros(regular + 20 + oat + 60)} (was ${euros(regular + oat + 60)}).`);
      expect(await cortado.getAttribute('class')).toContain('sold-out');
      expect(await cortado.locator('.badge').textContent()).toBe('Sold out');
      expect(await page.getByRole('button', { name: 'Place order' }).isDisabled()).toBe(true);
      // Focus goes to the cart, where the lines landed.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('cart-heading');
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'customer-reorder');

      await cart.getByRole('button', { name: 'Remove Cortado' }).click();
      expect(await page.getByRole('button', { name: 'Place order' }).isEnabled()).toBe(true);
      expect(problems).toEqual([]);
    } finally {
      await dataAs(app.world.api, manager, PUT_MENU_ITEM, { input: inputOf(menuItem) });
      await dataAs(app.world.api, manager, SET_AVAILABILITY, { id: ids['Cortado'], available: true });
    }
  }, 90_000);
});

describe('the phone layout', () => {
  it('keeps the header on one line with a long email, cut with an ellipsis and whole in the title', async () => {
    const email = uniqueEmail('a-customer-with-a-really-remarkably-long-email-address');
    const { page } = await customerPhone(email);
    const who = page.locator('header .who');
    expect(await who.getAttribute('title')).toBe(email);
    expect(await who.evaluate((element) => getComputedStyle(element).textOverflow)).toBe('ellipsis');
    expect(await who.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
    // One row: the title, the email and Sign out share a line.
    const [title, signOut] = await Promise.all([page.locator('header h1').boundingBox(), page.getByRole('button', { name: 'Sign out' }).boundingBox()]);
    const whoBox = await who.boundingBox();
    if (!title || !signOut || !whoBox) throw new Error('header boxes expected');
    expect(Math.abs(title.y + title.height / 2 - (signOut.y + signOut.height / 2))).toBeLessThan(4);
    expect(Math.abs(whoBox.y + whoBox.height / 2 - (signOut.y + signOut.height / 2))).toBeLessThan(4);
    expect(signOut.x + signOut.width).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'customer-long-email');
  }, 60_000);

  it.each([
    ['CSS zoom 2 on a 390-wide phone', { viewport: PHONE, deviceScaleFactor: 2 }, true],
    ['a 195-wide layout viewport (what 200% browser zoom gives a 390-wide phone)', { viewport: { width: 195, height: 422 }, deviceScaleFactor: 4 }, false],
  ] as const)('never scrolls sideways at double zoom: %s', async (_name, options, cssZoom) => {
    const { page, problems } = await customerPhone(uniqueEmail('zoomed-zoe'), { ...options, viewport: { ...options.viewport } });
    if (cssZoom) await page.evaluate(() => (document.documentElement.style.zoom = '2'));
    expect(await scrollsSideways(page)).toBe(false);
    // Every screen: the picker with its steppers, the cart with a long line, the payment form with the test cards, the receipt.
    await page.getByRole('button', { name: 'Choose Flat white' }).click();
    const picker = page.locator('.picker');
    await picker.getByRole('button', { name: 'One more Hazelnut syrup' }).click();
    await picker.getByRole('button', { name: 'One more Caramel syrup' }).click();
    expect(await scrollsSideways(page)).toBe(false);
    await picker.getByRole('button', { name: /Add to cart/ }).click();
    expect(await scrollsSideways(page)).toBe(false);
    await page.getByLabel('Name for pickup').fill('Zoe');
    await page.getByRole('button', { name: 'Place order' }).click();
    await expect.poll(() => page.locator('#order-status').textContent()).toBe('Waiting for payment');
    expect(await scrollsSideways(page)).toBe(false);
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByRole('button', { name: 'Pay', exact: true }).click();
    await expect.poll(() => page.locator('#order-status').textContent(), { timeout: 20_000 }).toBe('Paid, in the queue');
    await page.locator('#receipt summary').click();
    expect(await scrollsSideways(page)).toBe(false);
    if (!cssZoom) {
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, 'customer-zoom-200');
    }
    expect(problems).toEqual([]);
  }, 90_000);
});
