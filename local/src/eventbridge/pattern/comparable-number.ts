import { refuse } from './errors';

/**
 * Numbers as aws/event-ruler compares them (ComparableNumber.java): only values in -5.0e9..+5.0e9
 * take part in numeric comparison, and they compare on six digits right of the decimal point
 * (Ruler's README and the EventBridge guide's "Numeric matching": "-5.0e9 and +5.0e9 inclusive,
 * with 15 digits of precision, or six digits to the right of the decimal point"). The key is the
 * same double expression Ruler truncates to a long, so two numbers compare equal exactly when Ruler
 * would say so (300 and 3.0e2 do; 0.1000001 and 0.1000002 do too).
 */
export const FIVE_BILLION = 5e9;

/** Ruler's comparable key, or null for a number outside the range (it then only matches exactly). */
export function comparableKey(value: number): number | null {
  if (!(value >= -FIVE_BILLION && value <= FIVE_BILLION)) return null;
  return Math.floor(1e6 * (FIVE_BILLION + value));
}

/** The key of a number a pattern uses as a bound; Ruler refuses bounds outside the range. */
export function requiredKey(value: number): number {
  const key = comparableKey(value);
  // Java prints the bounds as -5.0E9 and 5.0E9.
  if (key === null) refuse('Value must be between -5.0E9 and 5.0E9, inclusive');
  return key;
}

/** Does an event value equal a pattern number, as Ruler's numericEquals-or-exact pair decides. */
export function numberEquals(patternValue: number, patternKey: number | null, value: unknown): boolean {
  if (typeof value !== 'number') return false;
  if (value === patternValue) return true;
  return patternKey !== null && comparableKey(value) === patternKey;
}
