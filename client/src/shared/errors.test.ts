import { describe, expect, it } from 'vitest';
import { ApiError, messageFor, toApiError } from './errors';

describe('error messages', () => {
  it('turns the GraphQL result Amplify rejects with into an ApiError of its first errorType', () => {
    const error = toApiError({ data: { payOrder: null }, errors: [{ errorType: 'PAYMENT_DECLINED', message: 'Your card was declined.' }] });
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).errorType).toBe('PAYMENT_DECLINED');
  });

  it.each([
    ['STORE_CLOSED', 'The store is closed right now, so it cannot take orders.'],
    ['CAPACITY_FULL', 'The queue is full at the moment. Please try again in a few minutes.'],
    ['SOLD_OUT', 'Something in your order has just sold out. Please remove it and try again.'],
    ['INSUFFICIENT_FUNDS', 'Your card has insufficient funds. Please use another card.'],
    ['PAYMENT_GATEWAY_ERROR', 'The payment service did not answer. You have not been charged; please try again.'],
  ])('says what %s means to a customer', (errorType, message) => {
    expect(messageFor(new ApiError(errorType, 'server text'))).toBe(message);
  });

  it("keeps the server's own message for an errorType it does not know", () => {
    expect(messageFor(new ApiError('SOMETHING_NEW', 'Something new went wrong.'))).toBe('Something new went wrong.');
  });
});
