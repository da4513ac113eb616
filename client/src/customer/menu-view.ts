import { html, nothing, type TemplateResult } from 'lit-html';
import type { DrinkSize, MenuItemFieldsFragment, MenuQuery, MilkType } from '../../../generated/client-operations';
import { pictureView } from '../../images/picture-view';
import { milkLabel, money, sizeLabel } from '../shared/format';
import { linePrice, type CartLine } from './cart';
import { stepper } from './stepper';

export type Category = MenuQuery['menu']['categories'][number];

export interface Picking {
  item: MenuItemFieldsFragment;
  size: DrinkSize;
  milk: MilkType | null;
  extras: Record<string, number>;
  quantity: number;
  /** The cart line being edited, or null for a new one. */
  editing: number | null;
}

export function newPicking(item: MenuItemFieldsFragment): Picking {
  return {
    item,
    size: (item.sizes.find((option) => option.size === 'REGULAR') ?? item.sizes[0])?.size ?? 'REGULAR',
    milk: item.milkOptions.length > 0 ? (item.defaultMilk ?? item.milkOptions[0]?.milk ?? null) : null,
    extras: {},
    quantity: 1,
    editing: null,
  };
}

/** The picker opened on a cart line, to change its size, milk, extras or quantity. */
export function pickingOf(line: CartLine, index: number): Picking {
  return {
    item: line.item,
    size: line.size,
    milk: line.milk,
    extras: Object.fromEntries(line.extras.map((extra) => [extra.id, extra.quantity])),
    quantity: line.quantity,
    editing: index,
  };
}

export function pickedLine(picking: Picking): CartLine {
  return {
    item: picking.item,
    size: picking.size,
    milk: picking.milk,
    quantity: picking.quantity,
    extras: picking.item.extras.map((extra) => ({ id: extra.id, name: extra.name, price: extra.price, quantity: picking.extras[extra.id] ?? 0 })).filter((extra) => extra.quantity > 0),
  };
}

export function menuView(categories: readonly Category[], signedIn: boolean, onChoose: (item: MenuItemFieldsFragment) => void): TemplateResult {
  return html`<section aria-labelledby="menu-heading" id="menu">
    <h2 id="menu-heading">Menu</h2>
    ${signedIn ? nothing : html`<p class="muted">Sign in above to order.</p>`}
    ${categories.map(
      (category) => html`<section class="category" aria-label=${category.name}>
        <h3>${category.name}</h3>
        <ul class="items">
          ${[...category.items].sort((a, b) => a.sortOrder - b.sortOrder).map((item) => itemView(item, signedIn, onChoose))}
        </ul>
      </section>`,
    )}
  </section>`;
}

function itemView(item: MenuItemFieldsFragment, signedIn: boolean, onChoose: (item: MenuItemFieldsFragment) => void): TemplateResult {
  return html`<li class="item ${item.available ? '' : 'sold-out'}" data-item=${item.name}>
    ${item.imageUrl ? pictureView(item.imageUrl, 64) : html`<span class="thumb" aria-hidden="true">☕</span>`}
    <div class="item-text">
      <strong>${item.name}</strong>
      ${item.description ? html`<span class="muted">${item.description}</span>` : nothing}
      <span>${item.sizes.length > 1 ? 'from ' : ''}${money(item.basePrice)}</span>
    </div>
    ${item.available
      ? html`<button type="button" ?disabled=${!signedIn} @click=${() => onChoose(item)} aria-label=${`Choose ${item.name}`}>Choose</button>`
      : html`<span class="badge">Sold out</span>`}
  </li>`;
}

/** The picker edits `picking` in place and calls `changed` to re-render; `maxQuantity` is what the rest of the cart leaves room for. */
export function pickerView(picking: Picking, handlers: { changed(): void; add(): void; cancel(): void; maxQuantity: number }): TemplateResult {
  const { item } = picking;
  const set = (apply: () => void) => () => {
    apply();
    handlers.changed();
  };
  const full = handlers.maxQuantity < 1;
  const quantity = Math.min(picking.quantity, Math.max(1, handlers.maxQuantity));
  picking.quantity = quantity;
  const verb = picking.editing === null ? 'Add to cart' : 'Save changes';
  return html`<section class="card picker" aria-labelledby="picker-heading">
    <h2 id="picker-heading" tabindex="-1">${picking.editing === null ? item.name : `Change ${item.name}`}</h2>
    <fieldset>
      <legend>Size</legend>
      ${item.sizes.map(
        (option) => html`<label class="choice"
          ><input type="radio" name="size" .checked=${picking.size === option.size} @change=${set(() => (picking.size = option.size))} />
          ${sizeLabel(option.size)} ${money(option.price)}</label
        >`,
      )}
    </fieldset>
    ${item.milkOptions.length > 0
      ? html`<label for="pick-milk">Milk</label>
          <select id="pick-milk" name="milk" @change=${(event: Event) => set(() => (picking.milk = (event.target as HTMLSelectElement).value as MilkType))()}>
            ${item.milkOptions.map(
              (option) =>
                html`<option value=${option.milk} ?selected=${picking.milk === option.milk}>
                  ${milkLabel(option.milk)}${option.surcharge ? ` +${money(option.surcharge)}` : ''}
                </option>`,
            )}
          </select>`
      : nothing}
    ${item.extras.map((extra) =>
      stepper({
        id: `pick-extra-${extra.id}`,
        label: `${extra.name} (+${money(extra.price)}, up to ${extra.maxQuantity})`,
        showLabel: true,
        what: extra.name,
        value: picking.extras[extra.id] ?? 0,
        min: 0,
        max: extra.maxQuantity,
        set: (value) => set(() => (picking.extras[extra.id] = value))(),
      }),
    )}
    ${stepper({
      id: 'pick-quantity',
      label: 'Quantity',
      showLabel: true,
      what: 'drink',
      value: quantity,
      min: 1,
      max: Math.max(1, handlers.maxQuantity),
      set: (value) => set(() => (picking.quantity = value))(),
    })}
    ${item.available ? nothing : html`<p class="notice" id="picker-sold-out">${item.name} has just sold out.</p>`}
    ${full ? html`<p class="notice" id="picker-full">Your cart holds the most drinks one order may have.</p>` : nothing}
    <div class="row">
      <button class="primary" type="button" ?disabled=${!item.available || full} @click=${handlers.add}>${verb} · ${money(linePrice(pickedLine(picking)))}</button>
      <button type="button" @click=${handlers.cancel}>Cancel</button>
    </div>
  </section>`;
}
