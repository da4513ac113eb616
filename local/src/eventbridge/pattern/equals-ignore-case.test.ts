import { describe, expect, it } from 'vitest';
import { EC2_EVENT, matches, reason, refusal } from './test-support';

// EventBridge User Guide, "Comparison operators for use in event patterns": Equals-ignore-case
// matching; aws/event-ruler README, "Equals-ignore-case matching".
describe('equals-ignore-case', () => {
  it('matches the same string in any casing (the guide’s "alice" and Ruler’s "EC2" examples)', () => {
    expect(matches({ Name: [{ 'equals-ignore-case': 'alice' }] }, { Name: 'Alice' })).toBe(true);
    expect(matches({ source: [{ 'equals-ignore-case': 'AWS.EC2' }] }, EC2_EVENT)).toBe(true);
  });

  it('does not match a different string, a longer one, or a non-string', () => {
    expect(matches({ Name: [{ 'equals-ignore-case': 'alice' }] }, { Name: 'Alicia' })).toBe(false);
    expect(matches({ Name: [{ 'equals-ignore-case': 'alice' }] }, { Name: 'alice smith' })).toBe(false);
    expect(matches({ Name: [{ 'equals-ignore-case': 'true' }] }, { Name: true })).toBe(false);
  });

  it('refuses an operand that is not a string', () => {
    expect(refusal({ Name: [{ 'equals-ignore-case': ['alice'] }] })).toBe(reason('equals-ignore-case match pattern must be a string'));
    expect(refusal({ Name: [{ 'equals-ignore-case': 'a', prefix: 'b' }] })).toBe(reason('Only one key allowed in match expression'));
  });
});
