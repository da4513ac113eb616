import { html, nothing, type TemplateResult } from 'lit-html';
import { lineText, money, timeOf } from '../shared/format';
import { cartTotal, linePrice, quantityLimit, soldOutLines, type CartLine } from './cart';
import { editLine, removeLine, setLineQuantity } from './cart-actions';
import { placeOrder } from './checkout';
import { errorView } from './order-view';
import { menuItems, state, update } from './page-state';
import { pickupSlots } from './pickup';
import { stepper } from './stepper';

/** The cart: each line with its quantity, price, Edit and Remove; the pickup time; Place order. */
export function cartView(): TemplateResult {
  const notice = state.cartNotice ? html`<p class="notice" role="status" id="cart-notice">${state.cartNotice}</p>` : nothing;
  if (state.cart.length === 0) {
    return html`<section class="card" aria-labelledby="cart-heading" id="cart">
      <h2 id="cart-heading" tabindex="-1">Your cart</h2>
      ${notice}
      <p class="muted">Empty. Choose a drink from the menu.</p>
    </section>`;
  }
  const soldOut = soldOutLines(state.cart, menuItems());
  return html`<section class="card" aria-labelledby="cart-heading" id="cart">
    <h2 id="cart-heading" tabindex="-1">Your cart</h2>
    ${notice}
    <ul class="lines cart-lines">
      ${state.cart.map((line, index) => lineView(line, index, soldOut.has(index)))}
    </ul>
    <p class="total">Total <strong id="cart-total">${money(cartTotal(state.cart))}</strong></p>
    <form @submit=${placeOrder}>
      <label>Name for pickup <input name="pickupName" required maxlength="40" autocomplete="given-name" /></label>
      ${pickupSlotField()}
      <label>Notes for the barista <input name="notes" maxlength="200" /></label>
      ${soldOut.size > 0 ? html`<p class="notice" id="cart-sold-out">Something in your cart has just sold out. Remove it to place the order.</p>` : nothing}
      ${errorView('cart', state.errors)}
      <button class="primary" type="submit" ?disabled=${state.busy || soldOut.size > 0 || state.store?.open === false}>Place order</button>
    </form>
  </section>`;
}

/** Two lines of one drink need telling apart by a screen reader: the second says which. */
function nameOf(line: CartLine, index: number): string {
  const same = state.cart.filter((other) => other.item.name === line.item.name);
  return same.length > 1 ? `${line.item.name} (line ${index + 1})` : line.item.name;
}

function lineView(line: CartLine, index: number, soldOut: boolean): TemplateResult {
  const name = nameOf(line, index);
  return html`<li class="cart-line ${soldOut ? 'sold-out' : ''}" data-line=${index}>
    <div class="line-head">
      <div class="line-text">
        <span>${lineText({ ...line, name: line.item.name })}</span>
        ${soldOut ? html` <span class="badge">Sold out</span>` : nothing}
        ${(line.notices ?? []).map((text) => html`<span class="line-notice">${text}</span>`)}
      </div>
      <span class="line-price">${money(linePrice(line))}</span>
    </div>
    <div class="line-controls">
      ${stepper({
        id: `cart-quantity-${index}`,
        label: `Quantity of ${name}`,
        showLabel: false,
        what: name,
        value: line.quantity,
        min: 1,
        max: Math.max(line.quantity, quantityLimit(state.cart, index)),
        set: (value) => setLineQuantity(index, value),
      })}
      <button type="button" class="small" aria-label=${`Edit ${name}`} @click=${() => editLine(index)}>Edit</button>
      <button type="button" class="small" aria-label=${`Remove ${name}`} @click=${() => removeLine(index)}>Remove</button>
    </div>
  </li>`;
}

function pickupSlotField(): TemplateResult {
  const slots = pickupSlots(new Date(), state.store);
  // A slot chosen a while ago may have passed: then it is as soon as possible again.
  if (state.pickupSlot && !slots.includes(state.pickupSlot)) state.pickupSlot = '';
  return html`<label
    >Pickup time
    <select
      name="pickupSlot"
      id="pickup-slot"
      @change=${(event: Event) => {
        state.pickupSlot = (event.target as HTMLSelectElement).value;
        update();
      }}
    >
      <option value="" ?selected=${state.pickupSlot === ''}>As soon as possible</option>
      ${slots.map((slot) => html`<option value=${slot} ?selected=${state.pickupSlot === slot}>Today at ${timeOf(slot)}</option>`)}
    </select></label
  >`;
}
