import type { OrderLine, OrderStory } from './lake-events';

/**
 * How a day at the shop goes, shared by the lake generator (generate.ts, bench scenario 8) and
 * the history `npm start` seeds (scripts/seed/history.ts): a seeded random source, the hours the
 * shop is busy, and each order's fate (collected mostly; some fail a payment first, some are
 * cancelled, most of those with a refund, some expire unpaid or uncollected). Seeded: the same
 * seed gives the same orders.
 */

/** mulberry32: small, fast and seeded. */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T extends { weight: number }>(rand: () => number, options: readonly T[]): T {
  const total = options.reduce((sum, o) => sum + o.weight, 0);
  let r = rand() * total;
  for (const o of options) {
    r -= o.weight;
    if (r <= 0) return o;
  }
  return options[options.length - 1] as T;
}

export const seconds = (from: Date, s: number): Date => new Date(from.getTime() + Math.round(s * 1000));

/** Orders per hour of the day (UTC), relative: open 07:00-19:00, a morning peak and a lunch one. */
export const HOURS: Readonly<Record<number, number>> = { 7: 8, 8: 14, 9: 11, 10: 7, 11: 8, 12: 12, 13: 10, 14: 6, 15: 6, 16: 5, 17: 4, 18: 3 };
const PEAK = Math.max(...Object.values(HOURS));

const isWeekend = (date: Date): boolean => date.getUTCDay() === 0 || date.getUTCDay() === 6;

/** When the day's orders are placed: `orders` scaled down at weekends by `weekendShare`, spread over HOURS. */
export function placements(rand: () => number, date: Date, orders: number, weekendShare = 0.55): { placedAt: Date; busy: number }[] {
  const count = isWeekend(date) ? Math.round(orders * weekendShare) : orders;
  const total = Object.values(HOURS).reduce((a, b) => a + b, 0);
  const out: { placedAt: Date; busy: number }[] = [];
  for (const [hour, weight] of Object.entries(HOURS)) {
    const inHour = Math.round((count * weight) / total);
    for (let i = 0; i < inHour; i += 1) {
      out.push({ placedAt: new Date(date.getTime() + (Number(hour) * 3600 + rand() * 3600) * 1000), busy: weight / PEAK });
    }
  }
  return out.sort((a, b) => a.placedAt.getTime() - b.placedAt.getTime());
}

/**
 * What happens to one order placed at `placedAt`; `busy` (0..1) is how busy the hour is, which
 * lengthens the wait for a barista. Rates: 3% fail a payment and expire unpaid, 1% are cancelled
 * unpaid, 4% fail a payment once then pay, 2% are cancelled after paying (refunded), 2% expire
 * uncollected.
 */
export function orderFate(rand: () => number, base: { orderId: string; customerId: string; lines: OrderLine[]; placedAt: Date; busy: number }): OrderStory {
  const { placedAt, busy, ...rest } = base;
  const s: OrderStory = { ...rest, placedAt };
  const queueAhead = Math.round(busy * 6);
  const fate = rand();
  if (fate < 0.03) {
    s.paymentFailedAt = [seconds(placedAt, 40)];
    s.expiredAt = seconds(placedAt, 900);
    s.reason = 'Not paid within the payment window.';
    return s;
  }
  if (fate < 0.04) {
    s.cancelledAt = seconds(placedAt, 60);
    s.reason = 'Cancelled by the customer.';
    return s;
  }
  if (fate < 0.08) s.paymentFailedAt = [seconds(placedAt, 30)];
  s.paidAt = seconds(placedAt, fate < 0.08 ? 75 : 20 + rand() * 40);
  if (fate < 0.06 && fate >= 0.04) {
    s.cancelledAt = seconds(s.paidAt, 60 + rand() * 60);
    s.refunded = true;
    s.reason = 'Cancelled by the customer.';
    return s;
  }
  s.preparingAt = seconds(s.paidAt, 30 + queueAhead * 40 * rand());
  s.readyAt = seconds(s.preparingAt, 120 + rand() * 180 * s.lines.length);
  if (fate > 0.98) {
    s.expiredAt = seconds(s.readyAt, 1800);
    s.reason = 'Not collected within the collection window.';
  } else s.collectedAt = seconds(s.readyAt, 30 + rand() * rand() * 900);
  return s;
}

/** A customer id: a few regulars order most days, most customers come now and then. */
export function customerOf(rand: () => number, customers: number, prefix = 'customer-'): string {
  return `${prefix}${Math.floor(customers * rand() ** 2.5)}`;
}
