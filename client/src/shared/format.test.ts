import { describe, expect, it } from 'vitest';
import { dateTimeOf, dayOf, money, orderTitle, timeOf } from './format';

describe('formats', () => {
  it('writes times in en-IE, like the prices, whatever the browser locale', () => {
    expect(timeOf('2026-03-02T08:05:00Z', 'Europe/Dublin')).toBe('08:05');
    expect(timeOf('2026-07-02T13:45:00Z', 'Europe/Dublin')).toBe('14:45');
    expect(money(260)).toBe('€2.60');
  });

  it('writes dates and receipt times in en-IE too: day before month, a 24-hour clock', () => {
    expect(dateTimeOf('2026-12-02T08:05:00Z', 'Europe/Dublin')).toBe('2 Dec 2026, 08:05');
    expect(dateTimeOf('2026-07-02T17:45:00Z', 'Europe/Dublin')).toBe('2 Jul 2026, 18:45');
    expect(dayOf('2026-12-02')).toBe('2 Dec 2026');
    expect(dateTimeOf(null)).toBe('');
  });

  it('names an unpaid order without a number, since the number is given at payment', () => {
    expect(orderTitle({ orderNumber: 7 })).toBe('Order 7');
    expect(orderTitle({ orderNumber: null })).toBe('Your order');
  });
});
