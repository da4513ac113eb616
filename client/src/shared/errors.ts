/** An API refusal as the apps show it: AppSync's errorType and what the person should read. */
export class ApiError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
    /** AppSync's errorInfo: what the server tells the client to do next (e.g. `retryable`). */
    readonly errorInfo: Readonly<Record<string, unknown>> | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * What the customer or staff member reads for each typed error the API documents (schema comments
 * and test/api). The server's own message is kept for anything not listed, so nothing is hidden.
 */
const MESSAGES: Record<string, string> = {
  STORE_CLOSED: 'The store is closed right now, so it cannot take orders.',
  CAPACITY_FULL: 'The queue is full at the moment. Please try again in a few minutes.',
  LIMIT_REACHED: 'You already have as many open orders as the store allows. Pay for, collect or cancel one first.',
  SOLD_OUT: 'Something in your order has just sold out. Please remove it and try again.',
  UNKNOWN_MENU_ITEM: 'An item in your cart is no longer on the menu.',
  UNKNOWN_OPTION: 'One of the options you picked is not available for that drink.',
  INVALID_QUANTITY: 'Each line needs a quantity from 1 to 10.',
  TOO_MANY_ITEMS: 'That is more drinks than one order may hold.',
  IDEMPOTENCY_KEY_REUSED: 'This request was already used for something else. Please start again.',
  INVALID_TRANSITION: 'The order has moved on in the meantime; the screen now shows where it is.',
  ORDER_ALREADY_CLAIMED: 'Another barista has already started this order.',
  PAYMENT_DECLINED: 'Your card was declined. Please use another card.',
  INSUFFICIENT_FUNDS: 'Your card has insufficient funds. Please use another card.',
  PAYMENT_GATEWAY_ERROR: 'We could not reach the payment service. You have not been charged twice. Try again.',
  PAYMENT_IN_PROGRESS: 'A payment for this order is being checked with the payment service. This page updates by itself within a few minutes.',
  ORDER_ALREADY_PAID: 'This order is already paid.',
  INVALID_CARD_TOKEN: 'The card could not be checked. Please enter it again.',
  EMPTY_ORDER: 'Your cart is empty.',
  DUPLICATE_OPTION: 'The same option was picked twice for one drink.',
  REASON_REQUIRED: 'Please give a reason for cancelling.',
  UNKNOWN_CATEGORY: 'That menu category does not exist.',
  MENU_VERSION_CONFLICT: 'The menu was changed by someone else in the meantime; nothing was saved. Please try again.',
  ORDER_NOT_FOUND: 'That order could not be found.',
  NOT_FOUND: 'That could not be found.',
  INVALID_INPUT: 'Some of the details are not valid.',
  Unauthorized: 'You are not allowed to do that. Are you signed in with the right account?',
  UnauthorizedException: 'Your session has expired. Please sign in again.',
};

/**
 * aws-amplify v6's text when a userPool request finds no tokens (GraphQLAuthError.NO_FEDERATED_JWT
 * in @aws-amplify/api-graphql): the session ended, here or in another tab.
 */
const NO_TOKENS = 'No federated jwt';

const SIGNED_OUT = 'You are signed out. Please sign in again.';

export function messageFor(error: unknown): string {
  if (error instanceof ApiError) return MESSAGES[error.errorType] ?? (error.message === NO_TOKENS ? SIGNED_OUT : error.message);
  if (error instanceof Error) return error.message === NO_TOKENS ? SIGNED_OUT : error.message;
  return String(error);
}

interface GraphqlErrorShape {
  message?: string;
  errorType?: string | null;
  errorInfo?: Record<string, unknown> | null;
}

/** Amplify rejects with the whole GraphQL result when it has errors; this takes the first one. */
export function toApiError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  const errors = (thrown as { errors?: GraphqlErrorShape[] } | null)?.errors;
  const first = errors?.[0];
  if (first) return new ApiError(first.errorType ?? 'Error', first.message ?? 'The request failed.', first.errorInfo ?? null);
  return new Error(typeof thrown === 'string' ? thrown : 'The request failed.');
}
