import { html, nothing, render, type TemplateResult } from 'lit-html';
import { MenuDocument, SalesReportDocument, StoreDocument } from '../../../generated/client-operations';
import { configureAmplify } from '../shared/amplify';
import { request } from '../shared/api';
import { AuthPanel } from '../shared/auth-panel';
import { messageFor } from '../shared/errors';
import { currentUser, leave, type SignedInUser } from '../shared/session';
import { AnalyticsSection } from './analytics-section';
import { MenuEditor } from './menu-editor';
import { SalesPanel } from './sales-panel';
import { StorePanel } from './store-panel';

/** The manager's page: today's sales, the analytics charts, the store and its settings, and the menu editor, each its own panel. */

const root = document.getElementById('app') as HTMLElement;
// lit-html renders after existing children; the static "Loading…" goes first.
root.replaceChildren();

const update = (): void => {
  render(view(), root);
};

const state = { user: null as SignedInUser | null, error: '', fatal: '' };
let auth: AuthPanel | null = null;
const sales = new SalesPanel(update);
const analytics = new AnalyticsSection(update);
const store = new StorePanel(update);
const menu = new MenuEditor(update);

async function signedIn(user: SignedInUser): Promise<void> {
  state.user = user;
  if (!user.groups.includes('Managers')) {
    state.error = 'This page is for managers. Please sign in with a manager account.';
    update();
    return;
  }
  analytics.start();
  try {
    const [loadedStore, loadedMenu, loadedSales] = await Promise.all([request(StoreDocument, {}), request(MenuDocument, {}), request(SalesReportDocument, {})]);
    store.store = loadedStore.store;
    menu.load(loadedMenu.menu);
    sales.sales = loadedSales.salesReport;
  } catch (error) {
    state.error = messageFor(error);
  }
  update();
  sales.watch();
}

function view(): TemplateResult {
  if (state.fatal) return html`<main class="page"><p class="error" role="alert">${state.fatal}</p></main>`;
  return html`<header class="bar">
      <h1>Brewline · Manager</h1>
      ${state.user ? html`<button type="button" @click=${() => void leave().then(() => location.reload())}>Sign out</button>` : nothing}
    </header>
    <main class="page">
      ${state.error ? html`<p class="error" role="alert">${state.error}</p>` : nothing}
      ${state.user ? html`${sales.view()} ${analytics.view()} ${store.view()} ${menu.view()}` : html`<div class="phone">${auth?.view()}</div>`}
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
