import { html, nothing, render, type TemplateResult } from 'lit-html';
import {
  CloseStoreDocument,
  type MenuQuery,
  MenuDocument,
  OpenStoreDocument,
  type SalesReportQuery,
  SalesReportDocument,
  SetMenuItemAvailabilityDocument,
  StoreDocument,
  type StoreFieldsFragment,
  UpdateStoreSettingsDocument,
} from '../../../generated/client-operations';
import { configureAmplify } from '../shared/amplify';
import { request } from '../shared/api';
import { AuthPanel } from '../shared/auth-panel';
import { ApiError, messageFor } from '../shared/errors';
import { money } from '../shared/format';
import { currentUser, leave, type SignedInUser } from '../shared/session';

const root = document.getElementById('app') as HTMLElement;
// lit-html renders after existing children; the static "Loading…" goes first.
root.replaceChildren();

const state = {
  user: null as SignedInUser | null,
  store: null as StoreFieldsFragment | null,
  categories: [] as MenuQuery['menu']['categories'],
  sales: null as SalesReportQuery['salesReport'] | null,
  error: '',
  /** The settings field a refusal named (errorInfo.field): its message goes next to that input. */
  errorField: '',
  saved: '',
  busy: false,
  fatal: '',
};
let auth: AuthPanel | null = null;

const update = (): void => {
  render(view(), root);
};

async function act(action: () => Promise<void>, saved = ''): Promise<void> {
  state.busy = true;
  state.error = '';
  state.errorField = '';
  state.saved = '';
  update();
  try {
    await action();
    state.saved = saved;
  } catch (error) {
    state.saved = '';
    const field = error instanceof ApiError ? error.errorInfo?.['field'] : undefined;
    state.errorField = typeof field === 'string' ? field : '';
    // The server's text names the rule broken ("must not exceed capacity"), in the API's field names; it is shown with the labels the form uses.
    state.error = state.errorField && error instanceof Error ? withLabels(error.message) : messageFor(error);
  } finally {
    state.busy = false;
    update();
  }
}

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

async function load(): Promise<void> {
  const [{ store }, { menu }, { salesReport }] = await Promise.all([request(StoreDocument, {}), request(MenuDocument, {}), request(SalesReportDocument, {})]);
  state.store = store;
  state.categories = [...menu.categories].sort((a, b) => a.sortOrder - b.sortOrder);
  state.sales = salesReport;
}

/** Sales change with every order paid, so they are read again on a timer and whenever the page is looked at again. */
const SALES_REFRESH_MS = 60_000;

async function refreshSales(): Promise<void> {
  try {
    state.sales = (await request(SalesReportDocument, {})).salesReport;
    update();
  } catch {
    // A missed refresh leaves the last figures; the next tick or visit tries again.
  }
}

function watchSales(): void {
  // A hidden tab is refreshed when it is looked at again (below), not on the timer.
  setInterval(() => {
    if (!document.hidden) void refreshSales();
  }, SALES_REFRESH_MS);
  window.addEventListener('focus', () => void refreshSales());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void refreshSales();
  });
}

async function signedIn(user: SignedInUser): Promise<void> {
  state.user = user;
  if (!user.groups.includes('Managers')) {
    state.error = 'This page is for managers. Please sign in with a manager account.';
    update();
    return;
  }
  await act(load);
  watchSales();
}

const toggleStore = (): Promise<void> =>
  act(async () => {
    const result = state.store?.open ? (await request(CloseStoreDocument, {})).closeStore : (await request(OpenStoreDocument, {})).openStore;
    if (result) state.store = result;
  });

function saveSettings(event: SubmitEvent): void {
  event.preventDefault();
  const form = new FormData(event.target as HTMLFormElement);
  const number = (name: string): number => Number(form.get(name));
  void act(async () => {
    const { updateStoreSettings } = await request(UpdateStoreSettingsDocument, {
      input: {
        capacity: number('capacity'),
        customerOrderLimit: number('customerOrderLimit'),
        collectionWindowMinutes: number('collectionWindowMinutes'),
        prepMinutesPerOrder: number('prepMinutesPerOrder'),
      },
    });
    if (updateStoreSettings) state.store = updateStoreSettings;
  }, 'Settings saved.');
}

const setAvailable = (id: string, available: boolean): Promise<void> =>
  act(async () => {
    const { setMenuItemAvailability } = await request(SetMenuItemAvailabilityDocument, { id, available });
    if (!setMenuItemAvailability) return;
    state.categories = state.categories.map((category) => ({
      ...category,
      items: category.items.map((item) => (item.id === id ? setMenuItemAvailability : item)),
    }));
  });

function storeView(store: StoreFieldsFragment): TemplateResult {
  const field = (name: SettingName): TemplateResult => {
    const label = SETTING_LABELS[name];
    const refused = state.errorField === name;
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
      ${refused ? html`<p class="error field-error" id=${`error-${name}`} role="alert">${state.error}</p>` : nothing}
    </div>`;
  };
  return html`<section class="card" aria-labelledby="store-heading">
    <h2 id="store-heading">Store</h2>
    <p>The store is <strong id="store-state">${store.open ? 'open' : 'closed'}</strong>; ${store.queueLength} ${store.queueLength === 1 ? 'order' : 'orders'} in the queue.</p>
    <button class="primary" type="button" ?disabled=${state.busy} @click=${() => void toggleStore()}>${store.open ? 'Close the store' : 'Open the store'}</button>
    <form
      @submit=${saveSettings}
      @input=${() => {
        // A message about the last save no longer describes what the form now holds.
        if (!state.saved) return;
        state.saved = '';
        update();
      }}
    >
      <div class="row">
        ${field('capacity')} ${field('customerOrderLimit')}
      </div>
      <div class="row">
        ${field('collectionWindowMinutes')} ${field('prepMinutesPerOrder')}
      </div>
      <button type="submit" ?disabled=${state.busy}>Save settings</button>
    </form>
  </section>`;
}

function salesView(sales: SalesReportQuery['salesReport']): TemplateResult {
  return html`<section class="card" aria-labelledby="sales-heading">
    <h2 id="sales-heading">Today's sales (${sales.businessDate})</h2>
    <div class="stats">
      <div class="stat">Revenue <strong>${money(sales.revenue, sales.currency)}</strong></div>
      <div class="stat">Orders paid <strong>${sales.ordersPaid}</strong></div>
      <div class="stat">Cancelled <strong>${sales.ordersCancelled}</strong></div>
      <div class="stat">Refunded <strong>${money(sales.refunded, sales.currency)}</strong></div>
    </div>
    ${sales.topItems.length > 0
      ? html`<table>
          <caption class="muted">Best sellers</caption>
          <thead><tr><th scope="col">Item</th><th scope="col">Sold</th><th scope="col">Revenue</th></tr></thead>
          <tbody>
            ${sales.topItems.map((line) => html`<tr><td>${line.name}</td><td>${line.quantity}</td><td>${money(line.revenue, sales.currency)}</td></tr>`)}
          </tbody>
        </table>`
      : nothing}
  </section>`;
}

function menuView(): TemplateResult {
  return html`<section class="card" aria-labelledby="menu-heading">
    <h2 id="menu-heading">Menu availability</h2>
    ${state.categories.map(
      (category) => html`<h3>${category.name}</h3>
        <ul class="availability">
          ${category.items.map(
            (item) => html`<li>
              <label class="choice"
                ><input type="checkbox" .checked=${!item.available} ?disabled=${state.busy} @change=${() => void setAvailable(item.id, !item.available)} /> ${item.name} sold
                out</label
              >
            </li>`,
          )}
        </ul>`,
    )}
  </section>`;
}

function view(): TemplateResult {
  if (state.fatal) return html`<main class="page"><p class="error" role="alert">${state.fatal}</p></main>`;
  return html`<header class="bar">
      <h1>Brewline · Manager</h1>
      ${state.user ? html`<button type="button" @click=${() => void leave().then(() => location.reload())}>Sign out</button>` : nothing}
    </header>
    <main class="page">
      ${state.error && !state.errorField ? html`<p class="error" role="alert">${state.error}</p>` : nothing}
      ${state.saved ? html`<p class="info" role="status">${state.saved}</p>` : nothing}
      ${state.user
        ? html`${state.sales ? salesView(state.sales) : nothing} ${state.store ? storeView(state.store) : nothing} ${menuView()}`
        : html`<div class="phone">${auth?.view()}</div>`}
    </main>`;
}

async function main(): Promise<void> {
  const settings = await configureAmplify();
  auth = new AuthPanel(settings, { allowSignUp: false, heading: 'Manager sign-in' }, (user) => void signedIn(user), update);
  update();
  const user = await currentUser();
  if (user) await signedIn(user);
}

main().catch((error: unknown) => {
  state.fatal = messageFor(error);
  update();
});
