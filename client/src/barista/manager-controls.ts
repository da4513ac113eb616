import { html, nothing, type TemplateResult } from 'lit-html';
import {
  CloseStoreDocument,
  type MenuQuery,
  OpenStoreDocument,
  SetMenuItemAvailabilityDocument,
  type StoreFieldsFragment,
} from '../../../generated/client-operations';
import { request } from '../shared/api';
import { BusyPanel } from '../shared/busy-panel';

type Category = MenuQuery['menu']['categories'][number];

/**
 * Pause orders and sold out, on the tablet. closeStore/openStore and setMenuItemAvailability are
 * Managers-only in the schema (a barista's call would be refused as Unauthorized), so the
 * controls are rendered only for a signed-in manager; a barista asks the manager on shift.
 */
export class ManagerControls extends BusyPanel {
  store: StoreFieldsFragment | null = null;
  categories: Category[] = [];
  open = false;

  constructor(changed: () => void) {
    super(changed);
  }

  private togglePause = (): Promise<void> =>
    this.run(async () => {
      const next = this.store?.open ? (await request(CloseStoreDocument, {})).closeStore : (await request(OpenStoreDocument, {})).openStore;
      if (next) this.store = next;
    });

  private setAvailable = (id: string, available: boolean): Promise<void> =>
    this.run(async () => {
      const { setMenuItemAvailability: item } = await request(SetMenuItemAvailabilityDocument, { id, available });
      if (item) this.categories = this.categories.map((category) => ({ ...category, items: category.items.map((old) => (old.id === id ? item : old)) }));
    });

  header(): TemplateResult {
    const paused = this.store ? !this.store.open : false;
    return html`<button type="button" id="pause-orders" aria-pressed=${paused ? 'true' : 'false'} ?disabled=${this.busy || !this.store} @click=${() => void this.togglePause()}>
        ${paused ? 'Resume orders' : 'Pause orders'}
      </button>
      <button type="button" id="sold-out-toggle" aria-expanded=${this.open ? 'true' : 'false'} aria-controls="sold-out" @click=${() => ((this.open = !this.open), this.changed())}>Sold out…</button>`;
  }

  panel(): TemplateResult | typeof nothing {
    const paused = this.store ? !this.store.open : false;
    return html`${paused ? html`<p class="paused-banner" role="status">Orders paused: customers cannot place new orders.</p>` : nothing}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.open
        ? html`<section id="sold-out" class="sold-out-panel" aria-label="Sold out">
            ${this.categories.flatMap((category) =>
              category.items.map(
                (item) => html`<label class="choice"
                  ><input type="checkbox" .checked=${!item.available} ?disabled=${this.busy} @change=${() => void this.setAvailable(item.id, !item.available)} /> ${item.name} sold out</label
                >`,
              ),
            )}
          </section>`
        : nothing}`;
  }
}
