import { html, nothing, type TemplateResult } from 'lit-html';
import { type MenuItemFieldsFragment, type MenuQuery, SetMenuItemAvailabilityDocument } from '../../../generated/client-operations';
import { pictureView } from '../../images/picture-view';
import { request } from '../shared/api';
import { BusyPanel } from '../shared/busy-panel';
import { money } from '../shared/format';
import { type Category, CategoryForm } from './category-form';
import { focusSoon } from './form-parts';
import { ItemForm } from './item-form';

const bySortOrder = <T extends { sortOrder: number; name: string }>(list: readonly T[]): T[] =>
  [...list].sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name));

/**
 * The menu as the manager edits it: items listed by category with a sold-out switch, and one form
 * open at a time (an item's or a category's). Saved edits replace what the list shows, so the list
 * is the server's answer, never a guess.
 */
export class MenuEditor extends BusyPanel {
  private categories: Category[] = [];
  private form: ItemForm | CategoryForm | null = null;
  /** The item whose sold-out switch failed: its message goes beside it. */
  private failedItem = '';

  constructor(changed: () => void) {
    super(changed);
  }

  load(menu: MenuQuery['menu']): void {
    this.categories = bySortOrder(menu.categories).map((category) => ({ ...category, items: bySortOrder(category.items) }));
  }

  private setAvailable(item: MenuItemFieldsFragment, available: boolean): void {
    this.failedItem = item.id;
    void this.run(async () => {
      const { setMenuItemAvailability } = await request(SetMenuItemAvailabilityDocument, { id: item.id, available });
      if (setMenuItemAvailability) this.replaceItem(setMenuItemAvailability);
      this.failedItem = '';
    });
  }

  /** The saved item in its (possibly new) category, and nowhere else. */
  private replaceItem(saved: MenuItemFieldsFragment): void {
    this.categories = this.categories.map((category) => {
      const items = category.items.filter((item) => item.id !== saved.id);
      return { ...category, items: bySortOrder(category.id === saved.categoryId ? [...items, saved] : items) };
    });
  }

  private replaceCategory(saved: Category): void {
    const known = this.categories.some((category) => category.id === saved.id);
    const categories = known ? this.categories.map((category) => (category.id === saved.id ? { ...saved, items: bySortOrder(saved.items) } : category)) : [...this.categories, saved];
    this.categories = bySortOrder(categories);
  }

  private readonly closeForm = (): void => {
    const opener = this.form instanceof ItemForm ? this.form.itemId : null;
    this.form = null;
    this.changed();
    // Back to where the person was: the item's Edit button, or the section's heading.
    focusSoon(opener ? `[data-edit="${opener}"]` : '#menu-heading');
  };

  /** Opens a form; one already open is left first, asking when it holds unsaved changes. */
  private open(make: () => ItemForm | CategoryForm, heading: string): void {
    const show = (): void => {
      this.form = make();
      this.changed();
      focusSoon(heading);
    };
    if (this.form) this.form.close(show);
    else show();
  }

  private openItem(item: MenuItemFieldsFragment | null, categoryId: string): void {
    const make = (): ItemForm => new ItemForm(item, categoryId, () => this.categories, (saved) => this.replaceItem(saved), this.closeForm, this.changed);
    this.open(make, '#item-form-heading');
  }

  private openCategory(category: Category | null): void {
    const next = Math.max(0, ...this.categories.map((candidate) => candidate.sortOrder)) + 10;
    this.open(() => new CategoryForm(category, next, (saved) => this.replaceCategory(saved), this.closeForm, this.changed), '#category-form-heading');
  }

  view(): TemplateResult {
    const editing = this.form !== null;
    return html`<section class="card" aria-labelledby="menu-heading">
      <div class="section-head">
        <h2 id="menu-heading" tabindex="-1">Menu</h2>
        <button type="button" @click=${() => this.openCategory(null)}>Add a category</button>
      </div>
      <div class="menu-editor ${editing ? 'editing' : ''}">
        ${this.form ? html`<div class="form-pane">${this.form.view()}</div>` : nothing}
        <div class="list-pane">${this.categories.map((category) => this.categoryView(category))}</div>
      </div>
    </section>`;
  }

  private categoryView(category: Category): TemplateResult {
    return html`<section class="menu-category" aria-labelledby=${`category-${category.id}`}>
      <div class="section-head">
        <h3 id=${`category-${category.id}`}>${category.name}</h3>
        <button type="button" class="small" @click=${() => this.openCategory(category)}>
          Rename<span class="visually-hidden"> category ${category.name}</span>
        </button>
        <button type="button" class="small" @click=${() => this.openItem(null, category.id)}>
          Add item<span class="visually-hidden"> to ${category.name}</span>
        </button>
      </div>
      <ul class="editor-items">
        ${category.items.map((item) => this.itemView(item))}
      </ul>
    </section>`;
  }

  private itemView(item: MenuItemFieldsFragment): TemplateResult {
    const failed = this.error && this.failedItem === item.id;
    return html`<li class="editor-item ${item.available ? '' : 'sold-out'}" data-item=${item.name}>
      ${item.imageUrl ? pictureView(item.imageUrl, 48) : html`<span class="thumb small" aria-hidden="true">☕</span>`}
      <span class="editor-item-text"
        ><strong>${item.name}</strong> <span class="muted">${item.sizes.map((option) => money(option.price)).join(' / ')}</span></span
      >
      <label class="choice"
        ><input type="checkbox" .checked=${!item.available} ?disabled=${this.busy} @change=${() => this.setAvailable(item, !item.available)} /> ${item.name} sold out</label
      >
      <button type="button" class="small" data-edit=${item.id} aria-label=${`Edit ${item.name}`} @click=${() => this.openItem(item, item.categoryId)}>Edit</button>
      ${failed ? html`<p class="error field-error" role="alert">${this.error}</p>` : nothing}
    </li>`;
  }
}
