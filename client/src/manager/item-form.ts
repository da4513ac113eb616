import { html, nothing, type TemplateResult } from 'lit-html';
import { type DrinkSize, type MenuItemFieldsFragment, type MilkType, PutMenuItemDocument } from '../../../generated/client-operations';
import { pictureChoices } from '../../images/pictures';
import { pictureView } from '../../images/picture-view';
import { request } from '../shared/api';
import { BusyPanel } from '../shared/busy-panel';
import { messageFor } from '../shared/errors';
import { milkLabel, sizeLabel } from '../shared/format';
import { type FieldMessages, type ItemDraft, type ItemField, itemDraftOf, itemInputOf, itemRefusal, MILKS, newItemDraft, removedOptions, SIZES } from './drafts';
import { type Confirmation, confirmView, fieldError, focusSoon, invalid } from './form-parts';

export interface CategoryChoice {
  id: string;
  name: string;
}

const describedBy = (field: ItemField, messages: FieldMessages<ItemField>, hint?: string): string | typeof nothing =>
  [messages[field] ? `item-error-${field}` : '', hint ?? ''].filter(Boolean).join(' ') || nothing;

/**
 * One menu item's form, new or existing. Save sends putMenuItem; a refusal lands next to the field
 * the server names, the form keeps what was typed, and "Saved" goes as soon as anything changes or
 * a later save fails. Saving an edit that takes options away, and closing with unsaved changes,
 * ask first.
 */
export class ItemForm extends BusyPanel {
  draft: ItemDraft;
  private messages: FieldMessages<ItemField> = {};
  private saved = '';
  private confirming: Confirmation | null = null;
  /** What the draft was when last loaded or saved: a different draft has unsaved changes. */
  private clean: string;

  constructor(
    private item: MenuItemFieldsFragment | null,
    categoryId: string,
    private readonly categories: () => readonly CategoryChoice[],
    private readonly onSaved: (item: MenuItemFieldsFragment) => void,
    private readonly onClose: () => void,
    changed: () => void,
  ) {
    super(changed);
    this.draft = item ? itemDraftOf(item) : newItemDraft(categoryId);
    this.clean = JSON.stringify(this.draft);
  }

  get itemId(): string | null {
    return this.item?.id ?? null;
  }

  /** Any edit: the last "Saved" no longer describes what the form holds. */
  private edit(apply: (draft: ItemDraft) => void, rerender = false): void {
    apply(this.draft);
    if (this.saved || this.confirming || rerender) {
      this.saved = '';
      this.confirming = null;
      this.changed();
    }
  }

  private readonly submit = (event: SubmitEvent): void => {
    event.preventDefault();
    this.saved = '';
    this.confirming = null;
    const built = itemInputOf(this.draft);
    if ('problems' in built) {
      this.messages = built.problems;
      this.error = '';
      this.changed();
      focusSoon('#item-form [aria-invalid="true"]');
      return;
    }
    const removed = this.item ? removedOptions(this.item, built.input) : [];
    if (removed.length > 0) {
      this.confirming = {
        text: `Saving takes ${removed.join(', ')} off ${this.item?.name ?? 'this item'}: customers can no longer choose them, and carts that hold them are refused.`,
        yes: 'Save and remove',
        proceed: () => void this.save(),
      };
      this.changed();
      focusSoon('#item-confirm button');
      return;
    }
    void this.save();
  };

  private async save(): Promise<void> {
    this.confirming = null;
    const built = itemInputOf(this.draft);
    if ('problems' in built) return;
    this.messages = {};
    await this.run(async () => {
      try {
        const { putMenuItem } = await request(PutMenuItemDocument, { input: built.input });
        if (!putMenuItem) throw new Error('The API saved nothing.');
        this.item = putMenuItem;
        this.draft = itemDraftOf(putMenuItem);
        this.clean = JSON.stringify(this.draft);
        this.saved = `${putMenuItem.name} saved.`;
        this.onSaved(putMenuItem);
      } catch (error) {
        this.saved = '';
        this.messages = itemRefusal(error, messageFor);
      }
    });
    focusSoon(this.messages.form ? '#item-error-form' : '#item-form [aria-invalid="true"]');
  }

  /**
   * Leaves the form, for `next` (another form) or for the list; unsaved changes are asked about
   * first, since nothing brings them back.
   */
  readonly close = (next: () => void = this.onClose): void => {
    if (JSON.stringify(this.draft) === this.clean) {
      next();
      return;
    }
    this.confirming = { text: `Discard your unsaved changes${this.item ? ` to ${this.item.name}` : ''}?`, yes: 'Discard changes', proceed: next };
    this.changed();
    focusSoon('#item-confirm button');
  };

  view(): TemplateResult {
    const m = this.messages;
    const d = this.draft;
    const title = this.item ? `Edit ${this.item.name}` : 'New item';
    return html`<section class="card editor-form" aria-labelledby="item-form-heading">
      <h3 id="item-form-heading" tabindex="-1">${title}</h3>
      <form id="item-form" novalidate @submit=${this.submit}>
        <div class="field">
          <label for="item-name">Item name</label>
          <input id="item-name" .value=${d.name} aria-invalid=${invalid(m.name)} aria-describedby=${describedBy('name', m)} @input=${this.text((x, v) => (x.name = v))} />
          ${fieldError('item-error-name', m.name)}
        </div>
        <div class="field">
          <label for="item-category">Category</label>
          <select id="item-category" aria-invalid=${invalid(m.categoryId)} aria-describedby=${describedBy('categoryId', m)} @change=${this.text((x, v) => (x.categoryId = v))}>
            ${this.categories().map((category) => html`<option value=${category.id} ?selected=${category.id === d.categoryId}>${category.name}</option>`)}
          </select>
          ${fieldError('item-error-categoryId', m.categoryId)}
        </div>
        <div class="field">
          <label for="item-description">Description</label>
          <textarea id="item-description" rows="2" .value=${d.description} aria-invalid=${invalid(m.description)} aria-describedby=${describedBy('description', m)} @input=${this.text((x, v) => (x.description = v))}></textarea>
          ${fieldError('item-error-description', m.description)}
        </div>
        ${this.photoView()} ${this.sizesView()} ${this.milksView()} ${this.extrasView()}
        <div class="row">
          <label class="choice"><input type="checkbox" id="item-available" .checked=${d.available} @change=${this.check((x, v) => (x.available = v))} /> Available to order</label>
          <div class="field narrow">
            <label for="item-sort">Sort order</label>
            <input id="item-sort" inputmode="numeric" .value=${d.sortOrder} aria-invalid=${invalid(m.sortOrder)} aria-describedby=${describedBy('sortOrder', m, 'item-sort-hint')} @input=${this.text((x, v) => (x.sortOrder = v))} />
            <span class="muted hint" id="item-sort-hint">Lower comes first.</span>
            ${fieldError('item-error-sortOrder', m.sortOrder)}
          </div>
        </div>
        ${this.confirming ? confirmView('item-confirm', this.confirming, () => this.dismiss()) : nothing} ${fieldError('item-error-form', m.form ?? (this.error || undefined))}
        ${this.saved ? html`<p class="info" role="status">${this.saved}</p>` : nothing}
        <div class="row actions">
          <button class="primary" type="submit" ?disabled=${this.busy}>${this.busy ? 'Saving…' : 'Save item'}</button>
          <button type="button" ?disabled=${this.busy} @click=${() => this.close()}>Close</button>
        </div>
      </form>
    </section>`;
  }

  private dismiss(): void {
    this.confirming = null;
    this.changed();
    focusSoon('#item-form button[type="submit"]');
  }

  private text(apply: (draft: ItemDraft, value: string) => void): (event: Event) => void {
    return (event) => this.edit((draft) => apply(draft, (event.target as HTMLInputElement).value));
  }

  private check(apply: (draft: ItemDraft, value: boolean) => void): (event: Event) => void {
    return (event) => this.edit((draft) => apply(draft, (event.target as HTMLInputElement).checked), true);
  }

  private photoView(): TemplateResult {
    const m = this.messages;
    const url = this.draft.imageUrl.trim();
    return html`<div class="field photo">
      <label for="item-photo">Photo URL</label>
      <div class="row">
        <input
          id="item-photo"
          type="url"
          list="item-photo-choices"
          .value=${this.draft.imageUrl}
          aria-invalid=${invalid(m.imageUrl)}
          aria-describedby=${describedBy('imageUrl', m, 'item-photo-hint')}
          @input=${this.text((x, v) => (x.imageUrl = v))}
          @change=${(event: Event) => this.edit((x) => (x.imageUrl = (event.target as HTMLInputElement).value), true)}
        />
        ${url && /^https?:\/\//.test(url) ? pictureView(url, 64, 'preview') : html`<span class="thumb preview" aria-hidden="true">☕</span>`}
      </div>
      <datalist id="item-photo-choices">${pictureChoices().map((choice) => html`<option value=${choice.url}>${choice.alt}</option>`)}</datalist>
      <span class="muted hint" id="item-photo-hint">Pick one of the menu's pictures from the list (they are named under https://brewline.invalid/, which stands for this site), or paste the https:// address of a photo that is already online. Uploading files is not supported.</span>
      ${fieldError('item-error-imageUrl', m.imageUrl)}
    </div>`;
  }

  private sizesView(): TemplateResult {
    const m = this.messages;
    return html`<fieldset class="options" aria-invalid=${invalid(m.sizes)} aria-describedby=${describedBy('sizes', m)} id="item-sizes" tabindex="-1">
      <legend>Sizes and prices (EUR)</legend>
      ${SIZES.map((size: DrinkSize) => {
        const row = this.draft.sizes[size];
        return html`<div class="option-row">
          <label class="choice"><input type="checkbox" .checked=${row.offered} @change=${this.check((x, v) => (x.sizes[size].offered = v))} /> ${sizeLabel(size)}</label>
          <label class="price"
            ><span class="visually-hidden">${sizeLabel(size)} price (EUR)</span
            ><input inputmode="decimal" placeholder="0.00" .value=${row.price} ?disabled=${!row.offered} @input=${this.text((x, v) => (x.sizes[size].price = v))}
          /></label>
        </div>`;
      })}
      ${fieldError('item-error-sizes', m.sizes)}
    </fieldset>`;
  }

  private milksView(): TemplateResult {
    const m = this.messages;
    const offered = MILKS.filter((milk) => this.draft.milks[milk].offered);
    return html`<fieldset class="options" aria-invalid=${invalid(m.milkOptions)} aria-describedby=${describedBy('milkOptions', m, 'item-milk-hint')} id="item-milks" tabindex="-1">
        <legend>Milks and surcharges (EUR)</legend>
        <span class="muted hint" id="item-milk-hint">Tick none for drinks made without milk.</span>
        ${MILKS.map((milk: MilkType) => {
          const row = this.draft.milks[milk];
          return html`<div class="option-row">
            <label class="choice"><input type="checkbox" .checked=${row.offered} @change=${this.check((x, v) => (x.milks[milk].offered = v))} /> ${milkLabel(milk)}</label>
            <label class="price"
              ><span class="visually-hidden">${milkLabel(milk)} surcharge (EUR)</span
              ><input inputmode="decimal" .value=${row.surcharge} ?disabled=${!row.offered} @input=${this.text((x, v) => (x.milks[milk].surcharge = v))}
            /></label>
          </div>`;
        })}
        ${fieldError('item-error-milkOptions', m.milkOptions)}
      </fieldset>
      ${offered.length > 0
        ? html`<div class="field">
            <label for="item-default-milk">Default milk</label>
            <select id="item-default-milk" aria-invalid=${invalid(m.defaultMilk)} aria-describedby=${describedBy('defaultMilk', m)} @change=${this.text((x, v) => (x.defaultMilk = v as MilkType | ''))}>
              <option value="" ?selected=${this.draft.defaultMilk === ''}>Whole milk if offered, else the first</option>
              ${offered.map((milk) => html`<option value=${milk} ?selected=${this.draft.defaultMilk === milk}>${milkLabel(milk)}</option>`)}
            </select>
            ${fieldError('item-error-defaultMilk', m.defaultMilk)}
          </div>`
        : nothing}`;
  }

  private extrasView(): TemplateResult {
    const m = this.messages;
    const extras = this.draft.extras;
    return html`<fieldset class="options" aria-invalid=${invalid(m.extras)} aria-describedby=${describedBy('extras', m)} id="item-extras" tabindex="-1">
      <legend>Extras</legend>
      ${extras.length === 0 ? html`<p class="muted">No extras.</p>` : nothing}
      ${extras.map(
        (extra, index) => html`<div class="extra-row">
          <label
            >Extra ${index + 1} name <input .value=${extra.name} @input=${this.text((x, v) => ((x.extras[index] ?? extra).name = v))}
          /></label>
          <label class="price"
            >Price (EUR) <input inputmode="decimal" .value=${extra.price} @input=${this.text((x, v) => ((x.extras[index] ?? extra).price = v))}
          /></label>
          <label class="price"
            >Most per drink <input inputmode="numeric" .value=${extra.maxQuantity} @input=${this.text((x, v) => ((x.extras[index] ?? extra).maxQuantity = v))}
          /></label>
          <button type="button" class="small" aria-label=${`Remove extra ${extra.name || index + 1}`} @click=${() => this.edit((x) => x.extras.splice(index, 1), true)}>Remove</button>
        </div>`,
      )}
      <button
        type="button"
        class="small"
        @click=${() => {
          this.edit((x) => x.extras.push({ id: '', name: '', price: '0.50', maxQuantity: '1' }), true);
          focusSoon('#item-extras .extra-row:last-of-type input');
        }}
      >
        Add an extra
      </button>
      ${fieldError('item-error-extras', m.extras)}
    </fieldset>`;
  }
}
