import type { ConnectionState } from 'aws-amplify/api';
import { render, type TemplateResult } from 'lit-html';
import type { OrderFieldsFragment, StoreFieldsFragment } from '../../../generated/client-operations';
import type { AppSettings } from '../shared/amplify';
import type { AuthPanel } from '../shared/auth-panel';
import { messageFor } from '../shared/errors';
import type { SignedInUser } from '../shared/session';
import type { CartLine } from './cart';
import type { Category, Picking } from './menu-view';
import type { ErrorPlace, PaymentState } from './order-view';

/** An order as the customer's page knows it: with its pickup slot, which pushed frames do not carry (operations.graphql, "# customer"). */
export type CustomerOrder = OrderFieldsFragment & { pickupSlot?: string | null };

export const LIVE_STATUSES = new Set(['PENDING_PAYMENT', 'PAYMENT_FAILED', 'PAID', 'PREPARING', 'READY']);
/** Amplify's states for "the socket may be up, but no event can reach us now". */
export const OFFLINE_STATES = new Set<string>(['ConnectionDisrupted', 'ConnectionDisruptedPendingNetwork', 'ConnectedPendingNetwork']);

/** Everything the customer's page shows; the modules change it, then call update(). */
export const state = {
  settings: null as AppSettings | null,
  auth: null as AuthPanel | null,
  user: null as SignedInUser | null,
  categories: [] as Category[],
  store: null as StoreFieldsFragment | null,
  picking: null as Picking | null,
  cart: [] as CartLine[],
  /** What the last reorder or restored cart could not put back, said at the cart. */
  cartNotice: '',
  /** The chosen pickup slot (ISO), or '' for as soon as possible. */
  pickupSlot: '',
  orders: [] as CustomerOrder[],
  trackingId: null as string | null,
  busy: false,
  /** Each message is shown next to what caused it (issue 11: on a phone the top of the page is out of view). */
  errors: {} as Partial<Record<ErrorPlace, string>>,
  connection: 'Connecting' as ConnectionState | string,
  payment: null as PaymentState | null,
  confirmingCancel: null as string | null,
  readyAlert: '',
  fatal: '',
};

export const menuItems = (): Category['items'] => state.categories.flatMap((category) => category.items);

export const tracked = (): CustomerOrder | undefined => state.orders.find((order) => order.id === state.trackingId);

let root: HTMLElement | null = null;
let view: (() => TemplateResult) | null = null;
let pageTitle = '';

export function mount(into: HTMLElement, page: () => TemplateResult): void {
  root = into;
  view = page;
  pageTitle = document.title;
}

export function update(): void {
  if (root && view) render(view(), root);
  // The tab says it too, for a customer who switched to another one while waiting.
  document.title = state.readyAlert ? `Ready to collect · ${pageTitle}` : pageTitle;
}

/** Runs an action with its message kept at `place`; resolves true when it succeeded. */
export async function act(place: ErrorPlace, action: () => Promise<void>): Promise<boolean> {
  state.busy = true;
  state.errors = {};
  update();
  try {
    await action();
    return true;
  } catch (error) {
    state.errors = { [place]: messageFor(error) };
    return false;
  } finally {
    state.busy = false;
    update();
    if (state.errors[place]) revealError(place);
  }
}

/** Brings the message into view and puts focus where the person acts next. */
function revealError(place: ErrorPlace): void {
  const message = document.getElementById(`error-${place}`);
  if (place === 'payment') document.querySelector<HTMLInputElement>('#card-number')?.focus({ preventScroll: true });
  message?.scrollIntoView({ block: 'center' });
}
