import { describe, expect, it } from 'vitest';
import { money, orderTitle, timeOf } from './format';

describe('formats', () => {
  it('writes times in en-IE, like the prices, whatever the browser locale', () => {
    expect(timeOf('2026-03-02T08:05:00Z', 'Europe/Dublin')).toBe('08:05');
    expect(timeOf('2026-07-02T13:45:00Z', 'Europe/Dublin')).toBe('14:45');
    expect(money(260)).toBe('€2.60');
  });

  it('names an unpaid order without a number, since the number is given at payment', () => {
    expect(orderTitle({ orderNumber: 7 })).toBe('Order 7');
    expect(orderTitle({ orderNumber: null })).toBe('Your order');
  });
});
