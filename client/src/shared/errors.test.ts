import { describe, expect, it } from 'vitest';
import { ApiError, messageFor, toApiError } from './errors';

describe('error messages', () => {
  it('turns the GraphQL result Amplify rejects with into an ApiError of its first errorType', () => {
    const error = toApiError({ data: { payOrder: null }, errors: [{ errorType: 'PAYMENT_DECLINED', message: 'Your card was declined.' }] });
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).errorType).toBe('PAYMENT_DECLINED');
  });

  it("keeps the server's errorInfo, which says whether a retry with the same key is safe", () => {
    const error = toApiError({ errors: [{ errorType: 'PAYMENT_GATEWAY_ERROR', message: 'x', errorInfo: { orderId: 'o1', retryable: true } }] });
    expect((error as ApiError).errorInfo).toEqual({ orderId: 'o1', retryable: true });
  });

  it.each([
    ['STORE_CLOSED', 'The store is closed right now, so it cannot take orders.'],
    ['CAPACITY_FULL', 'The queue is full at the moment. Please try again in a few minutes.'],
    ['SOLD_OUT', 'Something in your order has just sold out. Please remove it and try again.'],
    ['INSUFFICIENT_FUNDS', 'Your card has insufficient funds. Please use another card.'],
    ['PAYMENT_GATEWAY_ERROR', 'We could not reach the payment service. You have not been charged twice. Try again.'],
    ['LIMIT_REACHED', 'You already have as many open orders as the store allows. Pay for, collect or cancel one first.'],
  ])('says what %s means to a customer', (errorType, message) => {
    expect(messageFor(new ApiError(errorType, 'server text'))).toBe(message);
  });

  it("keeps the server's own message for an errorType it does not know", () => {
    expect(messageFor(new ApiError('SOMETHING_NEW', 'Something new went wrong.'))).toBe('Something new went wrong.');
  });

  it("says the person is signed out instead of amplify's 'No federated jwt'", () => {
    expect(messageFor(new Error('No federated jwt'))).toBe('You are signed out. Please sign in again.');
  });
});
