import { describe, expect, it } from 'vitest';
import { checkCard, TEST_CARDS } from './cards';

const year = new Date().getUTCFullYear();
const nextYear = `12/${String(year + 1).slice(-2)}`;
const lastYear = `01/${String(year - 1).slice(-2)}`;

describe('card checks at tokenization', () => {
  it('accepts a valid Visa and keeps only its brand, last four digits, expiry and test behaviour', () => {
    const result = checkCard({ number: '4242 4242 4242 4242', expiry: nextYear, cvc: '123' });
    expect(result).toEqual({ card: { brand: 'visa', last4: '4242', expMonth: 12, expYear: year + 1, behavior: 'succeed' } });
    expect(JSON.stringify(result)).not.toContain('424242424242');
  });

  it('refuses a number that fails the Luhn check', () => {
    expect(checkCard({ number: '4242424242424241', expiry: nextYear, cvc: '123' })).toEqual({
      problem: { code: 'incorrect_number', param: 'number', message: 'Your card number is incorrect.' },
    });
  });

  it('refuses a number with letters in it', () => {
    expect(checkCard({ number: '4242x24242424242', expiry: nextYear, cvc: '123' })).toMatchObject({ problem: { code: 'incorrect_number' } });
  });

  it('refuses an expiry in a past month as an expired card', () => {
    expect(checkCard({ number: '4242424242424242', expiry: lastYear, cvc: '123' })).toMatchObject({ problem: { code: 'expired_card' } });
  });

  it('refuses a malformed expiry and a month 13 as an invalid expiry', () => {
    expect(checkCard({ number: '4242424242424242', expiry: '1230', cvc: '123' })).toMatchObject({ problem: { code: 'invalid_expiry_year' } });
    expect(checkCard({ number: '4242424242424242', expiry: `13/${String(year + 1).slice(-2)}`, cvc: '123' })).toMatchObject({
      problem: { code: 'invalid_expiry_year' },
    });
  });

  it("accepts Stripe's exp_month and exp_year fields as well as MM/YY", () => {
    expect(checkCard({ number: '4242424242424242', exp_month: 12, exp_year: year + 1, cvc: '123' })).toMatchObject({ card: { expMonth: 12, expYear: year + 1 } });
  });

  it('wants three CVC digits for Visa and four for American Express', () => {
    expect(checkCard({ number: '4242424242424242', expiry: nextYear, cvc: '1234' })).toMatchObject({ problem: { code: 'invalid_cvc' } });
    expect(checkCard({ number: '378282246310005', expiry: nextYear, cvc: '123' })).toMatchObject({ problem: { code: 'invalid_cvc' } });
    expect(checkCard({ number: '378282246310005', expiry: nextYear, cvc: '1234' })).toMatchObject({ card: { brand: 'amex', last4: '0005' } });
  });

  it('gives each test card its documented behaviour and any other valid card success', () => {
    for (const [number, behavior] of Object.entries(TEST_CARDS)) {
      const cvc = number.startsWith('37') ? '1234' : '123';
      expect(checkCard({ number, expiry: nextYear, cvc })).toMatchObject({ card: { behavior } });
    }
    expect(checkCard({ number: '4012888888881881', expiry: nextYear, cvc: '123' })).toMatchObject({ card: { behavior: 'succeed' } });
  });
});
