import { refuse } from './errors';
import { inRange, ipHex, parseCidr } from './ip';
import { testMatcher, type ValueMatcher } from './types';

/** `{"cidr": "10.0.0.0/24"}` (IPv4 or IPv6): a string that is an address inside the block. */
export function parseCidrOperator(operand: unknown): ValueMatcher {
  // Ruler's text for a non-string cidr says "prefix"; it is what EventBridge answers.
  if (typeof operand !== 'string') refuse('prefix match pattern must be a string');
  const range = parseCidr(operand);
  return testMatcher((value) => {
    if (typeof value !== 'string') return false;
    const address = ipHex(value);
    return address !== null && inRange(range, address);
  });
}
