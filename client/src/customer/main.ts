import { configureAmplify } from '../shared/amplify';
import { AuthPanel } from '../shared/auth-panel';
import { messageFor } from '../shared/errors';
import { currentUser, leave, type SignedInUser } from '../shared/session';
import { forgetCart, restoreCart } from './cart-actions';
import { loadMenu, refreshOrders, startFeeds, stopFeeds } from './live';
import { act, LIVE_STATUSES, mount, state, update } from './page-state';
import { pageView } from './page-view';

/**
 * The customer's page: browse, order, pay and follow the order live. page-state holds what is
 * shown, live the server's data and its pushed changes, cart-actions and checkout what the
 * customer does, and the *-view modules how it looks.
 */

const root = document.getElementById('app') as HTMLElement;
// lit-html renders after existing children; the static "Loading…" goes first.
root.replaceChildren();
mount(root, () => pageView(() => void signOutNow()));

async function signedIn(user: SignedInUser): Promise<void> {
  state.user = user;
  startFeeds();
  await act('page', async () => {
    await loadMenu();
    restoreCart();
    await refreshOrders();
    state.readyAlert = '';
    state.trackingId ??= state.orders.find((order) => LIVE_STATUSES.has(order.status))?.id ?? null;
  });
}

async function signOutNow(): Promise<void> {
  stopFeeds();
  // On a shared device the next person must not find this person's cart.
  if (state.user) forgetCart(state.user.username);
  await leave();
  Object.assign(state, { user: null, orders: [], cart: [], cartNotice: '', pickupSlot: '', trackingId: null, readyAlert: '', picking: null, payment: null, confirmingCancel: null, errors: {} });
  update();
}

async function main(): Promise<void> {
  const settings = await configureAmplify();
  state.settings = settings;
  state.auth = new AuthPanel(settings, { allowSignUp: true, heading: 'Sign in to order' }, (user) => void signedIn(user), update);
  update();
  const user = await currentUser();
  if (user) await signedIn(user);
  else if (settings.hasApiKey) await act('page', loadMenu);
}

main().catch((error: unknown) => {
  state.fatal = messageFor(error);
  update();
});
