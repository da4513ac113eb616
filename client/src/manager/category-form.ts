import { html, nothing, type TemplateResult } from 'lit-html';
import { type MenuQuery, PutCategoryDocument } from '../../../generated/client-operations';
import { request } from '../shared/api';
import { BusyPanel } from '../shared/busy-panel';
import { messageFor } from '../shared/errors';
import { type CategoryDraft, type CategoryField, type FieldMessages, categoryInputOf, categoryRefusal } from './drafts';
import { type Confirmation, confirmView, fieldError, focusSoon, invalid } from './form-parts';

export type Category = MenuQuery['menu']['categories'][number];

/** A category's name and place on the menu; putCategory keeps its items where they are. */
export class CategoryForm extends BusyPanel {
  private draft: CategoryDraft;
  private messages: FieldMessages<CategoryField> = {};
  private saved = '';
  private confirming: Confirmation | null = null;
  private clean: string;

  constructor(
    private category: Category | null,
    nextSortOrder: number,
    private readonly onSaved: (category: Category) => void,
    private readonly onClose: () => void,
    changed: () => void,
  ) {
    super(changed);
    this.draft = category ? { id: category.id, name: category.name, sortOrder: String(category.sortOrder) } : { id: null, name: '', sortOrder: String(nextSortOrder) };
    this.clean = JSON.stringify(this.draft);
  }

  /** As ItemForm.close: unsaved changes are asked about before they are dropped. */
  readonly close = (next: () => void = this.onClose): void => {
    if (JSON.stringify(this.draft) === this.clean) {
      next();
      return;
    }
    this.confirming = { text: 'Discard your unsaved changes to this category?', yes: 'Discard changes', proceed: next };
    this.changed();
    focusSoon('#category-confirm button');
  };

  private readonly submit = (event: SubmitEvent): void => {
    event.preventDefault();
    this.saved = '';
    this.confirming = null;
    const built = categoryInputOf(this.draft);
    if ('problems' in built) {
      this.messages = built.problems;
      this.changed();
      focusSoon('#category-form [aria-invalid="true"]');
      return;
    }
    this.messages = {};
    void this.run(async () => {
      try {
        const { putCategory } = await request(PutCategoryDocument, { input: built.input });
        if (!putCategory) throw new Error('The API saved nothing.');
        this.category = putCategory;
        this.draft = { id: putCategory.id, name: putCategory.name, sortOrder: String(putCategory.sortOrder) };
        this.clean = JSON.stringify(this.draft);
        this.saved = `${putCategory.name} saved.`;
        this.onSaved(putCategory);
      } catch (error) {
        this.messages = categoryRefusal(error, messageFor);
      }
    }).then(() => focusSoon(this.messages.form ? '#category-error-form' : '#category-form [aria-invalid="true"]'));
  };

  private input(apply: (draft: CategoryDraft, value: string) => void): (event: Event) => void {
    return (event) => {
      apply(this.draft, (event.target as HTMLInputElement).value);
      if (!this.saved && !this.confirming) return;
      this.saved = '';
      this.confirming = null;
      this.changed();
    };
  }

  view(): TemplateResult {
    const m = this.messages;
    return html`<section class="card editor-form" aria-labelledby="category-form-heading">
      <h3 id="category-form-heading" tabindex="-1">${this.category ? `Edit category ${this.category.name}` : 'New category'}</h3>
      <form id="category-form" novalidate @submit=${this.submit}>
        <div class="field">
          <label for="category-name">Category name</label>
          <input id="category-name" .value=${this.draft.name} aria-invalid=${invalid(m.name)} aria-describedby=${m.name ? 'category-error-name' : nothing} @input=${this.input((x, v) => (x.name = v))} />
          ${fieldError('category-error-name', m.name)}
        </div>
        <div class="field narrow">
          <label for="category-sort">Category sort order</label>
          <input
            id="category-sort"
            inputmode="numeric"
            .value=${this.draft.sortOrder}
            aria-invalid=${invalid(m.sortOrder)}
            aria-describedby=${m.sortOrder ? 'category-error-sortOrder' : nothing}
            @input=${this.input((x, v) => (x.sortOrder = v))}
          />
          ${fieldError('category-error-sortOrder', m.sortOrder)}
        </div>
        ${this.confirming
          ? confirmView('category-confirm', this.confirming, () => {
              this.confirming = null;
              this.changed();
            })
          : nothing}
        ${fieldError('category-error-form', m.form ?? (this.error || undefined))} ${this.saved ? html`<p class="info" role="status">${this.saved}</p>` : nothing}
        <div class="row actions">
          <button class="primary" type="submit" ?disabled=${this.busy}>${this.busy ? 'Saving…' : 'Save category'}</button>
          <button type="button" ?disabled=${this.busy} @click=${() => this.close()}>Close</button>
        </div>
      </form>
    </section>`;
  }
}
