import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../test/appsync-js/support';

describe('util.math', () => {
  it('roundNum rounds halves up, minVal and maxVal pick the extremes', async () => {
    expect(await evaluate(`[util.math.roundNum(2.5), util.math.roundNum(-2.5), util.math.minVal(3, 7), util.math.maxVal(3, 7)]`)).toEqual([3, -2, 3, 7]);
  });

  it('randomDouble stays in [0, 1) and randomWithinRange stays within its bounds', async () => {
    const values = (await evaluate(`[1, 2, 3, 4, 5, 6, 7, 8].map(() => [util.math.randomDouble(), util.math.randomWithinRange(5, 7)])`)) as number[][];
    for (const [double, integer] of values) {
      expect(double).toBeGreaterThanOrEqual(0);
      expect(double).toBeLessThan(1);
      expect(Number.isInteger(integer)).toBe(true);
      expect(integer).toBeGreaterThanOrEqual(5);
      expect(integer).toBeLessThanOrEqual(7);
    }
  });
});
