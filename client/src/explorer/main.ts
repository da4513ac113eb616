import { html, nothing, render, type TemplateResult } from 'lit-html';
import type { AuthMode } from '../shared/api';
import { configureAmplify } from '../shared/amplify';
import { AuthPanel } from '../shared/auth-panel';
import { messageFor } from '../shared/errors';
import { currentUser, leave, type SignedInUser } from '../shared/session';
import { mountGraphiql, type MountedGraphiql } from './graphiql';
import { storedMode, storeMode } from './mode';

/**
 * The API explorer: GraphiQL on this page (./graphiql.ts), authenticated as the signed-in user or
 * with the API key. The chosen mode survives a reload (./mode.ts); the user's session is
 * Amplify's, so a reload finds it again and every request carries a token Amplify keeps fresh.
 */
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

const state = { user: null as SignedInUser | null, hasApiKey: false, local: false, mode: 'apiKey' as AuthMode, fatal: '', graphiqlError: '' };
let auth: AuthPanel | null = null;
let mounted: { mode: AuthMode; graphiql: Promise<MountedGraphiql> } | null = null;

/** GraphiQL lives in a React root of its own; lit-html only renders the element around it. */
const graphiqlElement = Object.assign(document.createElement('div'), { id: 'graphiql' });
// GraphiQL fills its parent's height.
Object.assign(graphiqlElement.style, { height: '75vh', minHeight: '30rem', border: '1px solid #d9d0c8', borderRadius: '12px', overflow: 'hidden' });

const update = (): void => {
  render(view(), root);
  syncGraphiql();
};

/** Whether GraphiQL can run in the chosen mode now: a user mode needs a signed-in user. */
const ready = (): boolean => (state.mode === 'userPool' ? state.user !== null : state.hasApiKey);

function syncGraphiql(): void {
  const wanted = ready() ? state.mode : null;
  if (mounted && mounted.mode !== wanted) {
    void mounted.graphiql.then((graphiql) => graphiql.unmount());
    mounted = null;
  }
  if (wanted && !mounted) {
    // Each mount renders into a host of its own: a mode left while its GraphiQL was still loading
    // (slow scripts, a quick sign-in) mounts and unmounts late, and must not empty the next one's.
    const host = Object.assign(document.createElement('div'), { className: 'graphiql-host' });
    host.style.height = '100%';
    graphiqlElement.replaceChildren(host);
    const graphiql = mountGraphiql(host, wanted, wanted === 'userPool' ? SAMPLE_USER_QUERY : SAMPLE_KEY_QUERY);
    graphiql.catch((error: unknown) => {
      state.graphiqlError = messageFor(error);
      render(view(), root);
    });
    mounted = { mode: wanted, graphiql };
  }
}

function choose(mode: AuthMode): void {
  state.mode = mode;
  storeMode(mode);
  update();
}

async function signOut(): Promise<void> {
  await leave();
  state.user = null;
  update();
}

function modePicker(): TemplateResult {
  const radio = (mode: AuthMode, label: TemplateResult | string, disabled = false): TemplateResult =>
    html`<label class="choice"
      ><input type="radio" name="auth-mode" value=${mode} .checked=${state.mode === mode} ?disabled=${disabled} @change=${() => choose(mode)} /> ${label}</label
    >`;
  return html`<fieldset class="modes">
    <legend>GraphiQL sends requests as</legend>
    ${radio('userPool', state.user ? html`the signed-in user, <strong>${state.user.email}</strong> (${state.user.groups.join(', ') || 'no group'})` : 'a signed-in user')}
    ${radio('apiKey', state.hasApiKey ? 'the API key' : 'the API key (this API has none)', !state.hasApiKey)}
    ${state.user ? html`<button type="button" class="small" @click=${() => void signOut()}>Sign out</button>` : nothing}
  </fieldset>`;
}

function view(): TemplateResult {
  if (state.fatal) return html`<main class="page"><p class="error" role="alert">${state.fatal}</p></main>`;
  const needsSignIn = state.mode === 'userPool' && !state.user;
  return html`<header class="bar"><h1>Brewline · API explorer</h1></header>
    <main class="page">
      <section class="card" aria-labelledby="modes-heading">
        <h2 id="modes-heading">GraphiQL</h2>
        <p>
          The schema's docs, queries, mutations and live subscriptions (over the AppSync real-time protocol), sent through aws-amplify like the apps
          send them.
        </p>
        ${modePicker()}
        ${state.graphiqlError ? html`<p class="error" role="alert">${state.graphiqlError}</p>` : nothing}
      </section>
      ${needsSignIn ? html`<div class="phone">${auth?.view()}</div>` : nothing} ${ready() ? graphiqlElement : nothing}
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
  state.hasApiKey = settings.hasApiKey;
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
  state.mode = storedMode() ?? (state.user || !state.hasApiKey ? 'userPool' : 'apiKey');
  update();
}

main().catch((error: unknown) => {
  state.fatal = messageFor(error);
  update();
});
