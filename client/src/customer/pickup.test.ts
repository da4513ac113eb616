import { describe, expect, it } from 'vitest';
import { pickupSlots, pickupText } from './pickup';

// Local-time constructors, so the test holds in any time zone the machine runs in.
const at = (hours: number, minutes: number): Date => new Date(2026, 11, 2, hours, minutes);

describe('pickup slots', () => {
  it('starts at the first quarter hour after the queue ahead is made, and ends before midnight', () => {
    const slots = pickupSlots(at(10, 2), { prepMinutesPerOrder: 3, queueLength: 2 });
    // 10:02 + 3 x 3 minutes = 10:11, rounded up to 10:15.
    expect(new Date(slots[0] ?? '').getTime()).toBe(at(10, 15).getTime());
    expect(new Date(slots[1] ?? '').getTime()).toBe(at(10, 30).getTime());
    expect(new Date(slots.at(-1) ?? '').getTime()).toBe(at(23, 45).getTime());
    expect(slots).toHaveLength(55);
  });

  it('offers none late in the evening, when no quarter hour is left today', () => {
    expect(pickupSlots(at(23, 50), { prepMinutesPerOrder: 3, queueLength: 0 })).toEqual([]);
  });

  it('never offers a slot in the past or more than a day ahead (placeOrder refuses both)', () => {
    const now = at(0, 0);
    for (const slot of pickupSlots(now, null)) {
      const millis = new Date(slot).getTime() - now.getTime();
      expect(millis).toBeGreaterThan(0);
      expect(millis).toBeLessThanOrEqual(24 * 60 * 60_000);
    }
  });

  it('says as soon as possible without a slot', () => {
    expect(pickupText(null)).toBe('as soon as possible');
    expect(pickupText(at(10, 30).toISOString())).toMatch(/^at \d\d:\d\d$/);
  });
});
