/**
 * util.math.
 *
 * This file runs INSIDE the sandbox realm.
 */
export const math = {
  /** Java's Math.round: halves round towards positive infinity, as JavaScript's Math.round does. */
  roundNum(input: number): number {
    return Math.round(Number(input));
  },
  minVal(first: number, second: number): number {
    return Math.min(Number(first), Number(second));
  },
  maxVal(first: number, second: number): number {
    return Math.max(Number(first), Number(second));
  },
  randomDouble(): number {
    return Math.random();
  },
  /** A random integer between `start` and `end`, both included. */
  randomWithinRange(start: number, end: number): number {
    const low = Math.ceil(Math.min(Number(start), Number(end)));
    const high = Math.floor(Math.max(Number(start), Number(end)));
    return low + Math.floor(Math.random() * (high - low + 1));
  },
};
