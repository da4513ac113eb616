import { describe, expect, it } from 'vitest';
import { EC2_EVENT, matches, reason, refusal, withDetail } from './test-support';

// EventBridge User Guide, "Comparison operators for use in event patterns": Prefix matching,
// Prefix matching while ignoring case.
describe('prefix', () => {
  it('matches a string that begins with the prefix (the guide’s "time" example)', () => {
    expect(matches({ time: [{ prefix: '2017-10-02' }] }, EC2_EVENT)).toBe(true);
    expect(matches({ region: [{ prefix: 'us-' }] }, EC2_EVENT)).toBe(true);
  });

  it('does not match another prefix, another casing, or a value that is not a string', () => {
    expect(matches({ time: [{ prefix: '2017-10-03' }] }, EC2_EVENT)).toBe(false);
    expect(matches({ region: [{ prefix: 'US-' }] }, EC2_EVENT)).toBe(false);
    expect(matches({ detail: { 'c-count': [{ prefix: '5' }] } }, EC2_EVENT)).toBe(false);
  });

  it('ignores case inside equals-ignore-case (the guide’s "EventB" example)', () => {
    const pattern = { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } };
    expect(matches(pattern, withDetail({ service: 'eventbridge' }))).toBe(true);
    expect(matches(pattern, withDetail({ service: 'EVENTBRIDGE' }))).toBe(true);
    expect(matches(pattern, withDetail({ service: 'lambda' }))).toBe(false);
  });

  it('refuses a prefix that is not a string, and a nested object other than equals-ignore-case', () => {
    expect(refusal({ time: [{ prefix: 2017 }] })).toBe(reason('prefix match pattern must be a string'));
    expect(refusal({ s: [{ prefix: { wildcard: 'a*' } }] })).toBe(reason('Unsupported prefix pattern: wildcard'));
    expect(refusal({ s: [{ prefix: {} }] })).toBe(reason('Prefix expression name not found'));
    expect(refusal({ s: [{ prefix: { 'equals-ignore-case': 5 } }] })).toBe(reason('equals-ignore-case match pattern must be a string'));
    expect(refusal({ s: [{ prefix: 'a', suffix: 'b' }] })).toBe(reason('Only one key allowed in match expression'));
  });
});
