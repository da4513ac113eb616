import { html, nothing, render, type TemplateResult } from 'lit-html';
import { configureAmplify } from '../shared/amplify';
import { AuthPanel } from '../shared/auth-panel';
import { messageFor } from '../shared/errors';
import { currentUser, leave, type SignedInUser } from '../shared/session';

/**
 * The explorer builds on the runtime's GraphiQL (/graphiql: the schema's docs, queries, and live
 * subscriptions over the AppSync real-time protocol). GraphiQL keeps its header editor in
 * localStorage under `graphiql:headers` (it is started with shouldPersistHeaders), and it shares
 * this origin, so choosing a mode here writes the headers there and opens it.
 */
const GRAPHIQL_HEADERS_KEY = 'graphiql:headers';
// GraphiQL restores saved tabs with their own headers in preference to the stored ones.
const GRAPHIQL_TABS_KEY = 'graphiql:tabState';
const SAMPLE_USER_QUERY = 'query Mine {\n  myOrders(limit: 5) {\n    items { orderNumber status total }\n  }\n}\n';
const SAMPLE_KEY_QUERY = 'query Menu {\n  store { open queueLength }\n  menu { version categories { name items { name available } } }\n}\n';
const root = document.getElementById('app') as HTMLElement;
// lit-html renders after existing children; the static "Loading…" goes first.
root.replaceChildren();

const DEMO_LOGINS = [
  { email: 'john@brewline.test', password: 'Flatwhite1', group: 'Customers' },
  { email: 'barista@brewline.test', password: 'Espresso1', group: 'Baristas' },
  { email: 'manager@brewline.test', password: 'Manager1', group: 'Managers' },
];

const state = { user: null as SignedInUser | null, apiKey: null as string | null, local: false, fatal: '' };
let auth: AuthPanel | null = null;

const update = (): void => {
  render(view(), root);
};

function openGraphiql(headers: Record<string, string>, query: string): void {
  localStorage.setItem(GRAPHIQL_HEADERS_KEY, JSON.stringify(headers, null, 2));
  localStorage.removeItem(GRAPHIQL_TABS_KEY);
  location.assign(`/graphiql?query=${encodeURIComponent(query)}`);
}

function view(): TemplateResult {
  if (state.fatal) return html`<main class="page"><p class="error" role="alert">${state.fatal}</p></main>`;
  return html`<header class="bar"><h1>Brewline · API explorer</h1></header>
    <main class="page phone">
      <section class="card" aria-labelledby="modes-heading">
        <h2 id="modes-heading">Open GraphiQL</h2>
        <p>
          GraphiQL shows the schema's docs, runs queries and mutations, and keeps subscriptions live over the AppSync real-time protocol. Pick how it
          authenticates:
        </p>
        ${state.user
          ? html`<p>Signed in as <strong>${state.user.email}</strong> (${state.user.groups.join(', ') || 'no group'}).</p>
              <div class="row">
                <button class="primary" type="button" @click=${() => openGraphiql({ Authorization: state.user?.accessToken ?? '' }, SAMPLE_USER_QUERY)}>
                  GraphiQL with this user's token
                </button>
                <button type="button" @click=${() => void leave().then(() => ((state.user = null), update()))}>Sign out</button>
              </div>`
          : nothing}
        ${state.apiKey
          ? html`<p><button type="button" @click=${() => openGraphiql({ 'x-api-key': state.apiKey ?? '' }, SAMPLE_KEY_QUERY)}>GraphiQL in API key mode</button></p>`
          : nothing}
      </section>
      ${state.user ? nothing : auth?.view()}
    </main>`;
}

function demoHint(): TemplateResult {
  return html`<details open>
    <summary>Demo users (local)</summary>
    <ul>
      ${DEMO_LOGINS.map((login) => html`<li><strong>${login.email}</strong> / ${login.password} (${login.group})</li>`)}
    </ul>
  </details>`;
}

async function main(): Promise<void> {
  const settings = await configureAmplify();
  const outputs = (await (await fetch('/amplify_outputs.json', { cache: 'no-store' })).json()) as { data?: { api_key?: string } };
  state.apiKey = outputs.data?.api_key ?? null;
  state.local = settings.local !== null;
  auth = new AuthPanel(
    settings,
    { allowSignUp: true, heading: 'Sign in as a user', ...(state.local ? { hint: demoHint() } : {}) },
    (user) => {
      state.user = user;
      update();
    },
    update,
  );
  state.user = await currentUser();
  update();
}

main().catch((error: unknown) => {
  state.fatal = messageFor(error);
  update();
});
