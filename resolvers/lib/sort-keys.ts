/**
 * APPSYNC_JS sorts only without a compare function (Array.prototype.sort takes no arguments), so
 * records are sorted through string keys: fixed-width numbers joined with names. String.padStart
 * is not in the runtime either, hence the slice.
 */
const WIDTH = 12;
const MAX = 999999999999;
const ZEROS = '000000000000';

function fixedWidth(value: number): string {
  return `${ZEROS}${Math.min(Math.max(Math.floor(value), 0), MAX)}`.slice(-WIDTH);
}

/** Sorts small numbers first (0..999999999999; others are clamped). */
export function ascending(value: number): string {
  return fixedWidth(value);
}

/** Sorts large numbers first (0..999999999999; others are clamped). */
export function descending(value: number): string {
  return fixedWidth(MAX - Math.min(Math.max(Math.floor(value), 0), MAX));
}

/** The values of `byKey` in the order of their keys. */
export function inKeyOrder<T>(byKey: Record<string, T>): T[] {
  return Object.keys(byKey)
    .sort()
    .map((key) => byKey[key])
    .filter((value) => value !== undefined);
}
