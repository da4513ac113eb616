import { comparableKey, numberEquals } from './comparable-number';
import { ipHex } from './ip';
import { testMatcher, type LeafValue, type ValueMatcher } from './types';

/**
 * A plain value in a pattern's list: strings match the same string (case-sensitive), numbers match
 * numerically (300 matches 3.0e2), true/false/null match themselves; "" and null are values like
 * any other (EventBridge guide, "Matching on null values and empty strings"). A string that is an
 * IP address matches that address however it is written, as Ruler turns it into an address range.
 */
export function exactMatcher(expected: LeafValue): ValueMatcher {
  if (typeof expected === 'string') {
    const address = ipHex(expected);
    if (address === null) return testMatcher((value) => value === expected);
    return testMatcher((value) => value === expected || (typeof value === 'string' && ipHex(value) === address));
  }
  if (typeof expected === 'number') {
    const key = comparableKey(expected);
    return testMatcher((value) => numberEquals(expected, key, value));
  }
  return testMatcher((value) => value === expected);
}
