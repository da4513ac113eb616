import { html, nothing, type TemplateResult } from 'lit-html';
import { CloseStoreDocument, OpenStoreDocument, type StoreFieldsFragment, UpdateStoreSettingsDocument } from '../../../generated/client-operations';
import { request } from '../shared/api';
import { BusyPanel } from '../shared/busy-panel';
import { ApiError } from '../shared/errors';

/** The settings form's labels, which refusals also use in place of the API's field names. */
const SETTING_LABELS = {
  capacity: 'Queue capacity',
  customerOrderLimit: 'Open orders per customer',
  collectionWindowMinutes: 'Collection window (minutes)',
  prepMinutesPerOrder: 'Minutes per order',
} as const;
type SettingName = keyof typeof SETTING_LABELS;

const withLabels = (message: string): string =>
  Object.entries(SETTING_LABELS).reduce((text, [field, label]) => text.replace(new RegExp(`\\b${field}\\b`, 'g'), label), message);

/** Opening and closing the store, and its settings; a refusal names its field beside the input. */
export class StorePanel extends BusyPanel {
  store: StoreFieldsFragment | null = null;
  /** The settings field a refusal named (errorInfo.field): its message goes next to that input. */
  private errorField = '';
  private saved = '';

  constructor(changed: () => void) {
    super(changed);
  }

  private act(action: () => Promise<void>, saved = ''): Promise<void> {
    this.errorField = '';
    this.saved = '';
    return this.run(async () => {
      try {
        await action();
        this.saved = saved;
      } catch (error) {
        const field = error instanceof ApiError ? error.errorInfo?.['field'] : undefined;
        if (typeof field !== 'string' || !(error instanceof Error)) throw error;
        this.errorField = field;
        // The server's text names the rule broken ("must not exceed capacity"), in the API's field names; it is shown with the labels the form uses.
        this.error = withLabels(error.message);
      }
    });
  }

  private readonly toggle = (): void =>
    void this.act(async () => {
      const result = this.store?.open ? (await request(CloseStoreDocument, {})).closeStore : (await request(OpenStoreDocument, {})).openStore;
      if (result) this.store = result;
    });

  private readonly saveSettings = (event: SubmitEvent): void => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const number = (name: string): number => Number(form.get(name));
    void this.act(async () => {
      const { updateStoreSettings } = await request(UpdateStoreSettingsDocument, {
        input: {
          capacity: number('capacity'),
          customerOrderLimit: number('customerOrderLimit'),
          collectionWindowMinutes: number('collectionWindowMinutes'),
          prepMinutesPerOrder: number('prepMinutesPerOrder'),
        },
      });
      if (updateStoreSettings) this.store = updateStoreSettings;
    }, 'Settings saved.');
  };

  private field(store: StoreFieldsFragment, name: SettingName): TemplateResult {
    const label = SETTING_LABELS[name];
    const refused = this.errorField === name && !!this.error;
    // The message is outside the label, so the input's name stays its label; aria-describedby ties the two.
    return html`<div class="field">
      <label
        >${label}
        <input
          name=${name}
          id=${`setting-${name}`}
          type="number"
          min="0"
          required
          aria-invalid=${refused ? 'true' : 'false'}
          aria-describedby=${refused ? `error-${name}` : nothing}
          .value=${String(store[name] ?? '')}
      /></label>
      ${refused ? html`<p class="error field-error" id=${`error-${name}`} role="alert">${this.error}</p>` : nothing}
    </div>`;
  }

  view(): TemplateResult | typeof nothing {
    const store = this.store;
    if (!store) return nothing;
    return html`<section class="card" aria-labelledby="store-heading">
      <h2 id="store-heading">Store</h2>
      <p>The store is <strong id="store-state">${store.open ? 'open' : 'closed'}</strong>; ${store.queueLength} ${store.queueLength === 1 ? 'order' : 'orders'} in the queue.</p>
      <button class="primary" type="button" ?disabled=${this.busy} @click=${this.toggle}>${store.open ? 'Close the store' : 'Open the store'}</button>
      ${this.error && !this.errorField ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <form
        @submit=${this.saveSettings}
        @input=${() => {
          // A message about the last save no longer describes what the form now holds.
          if (!this.saved) return;
          this.saved = '';
          this.changed();
        }}
      >
        <div class="row">${this.field(store, 'capacity')} ${this.field(store, 'customerOrderLimit')}</div>
        <div class="row">${this.field(store, 'collectionWindowMinutes')} ${this.field(store, 'prepMinutesPerOrder')}</div>
        ${this.saved ? html`<p class="info" role="status">${this.saved}</p>` : nothing}
        <button type="submit" ?disabled=${this.busy}>Save settings</button>
      </form>
    </section>`;
  }
}
