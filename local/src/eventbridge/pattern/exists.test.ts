import { describe, expect, it } from 'vitest';
import { EC2_EVENT, matches, reason, refusal, withDetail } from './test-support';

// EventBridge User Guide, "Comparison operators for use in event patterns": Exists matching
// ("only works on leaf nodes"); aws/event-ruler README, "Exists matching".
describe('exists', () => {
  it('exists: true matches a field that has a value, including null and ""', () => {
    expect(matches({ detail: { 'c-count': [{ exists: true }] } }, EC2_EVENT)).toBe(true);
    expect(matches({ ProductName: [{ exists: true }] }, { ProductName: null })).toBe(true);
    expect(matches({ ProductName: [{ exists: true }] }, { ProductName: '' })).toBe(true);
  });

  it('exists: true does not match an absent field, an object (not a leaf) or an empty array', () => {
    expect(matches({ detail: { 'e-count': [{ exists: true }] } }, EC2_EVENT)).toBe(false);
    expect(matches({ detail: { 'c-count': [{ exists: true }] } }, withDetail({ 'c-count': { c1: 100 } }))).toBe(false);
    expect(matches({ tags: [{ exists: true }] }, { tags: [] })).toBe(false);
  });

  it('exists: false matches the guide’s two events: no c-count, and c-count that is not a leaf', () => {
    const pattern = { detail: { 'c-count': [{ exists: false }] } };
    expect(
      matches(pattern, {
        'detail-type': ['EC2 Instance State-change Notification'],
        resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341'],
        detail: { state: ['initializing', 'running'] },
      }),
    ).toBe(true);
    expect(
      matches(pattern, {
        'detail-type': ['EC2 Instance State-change Notification'],
        detail: { state: ['initializing', 'running'], 'c-count': { c1: 100 } },
      }),
    ).toBe(true);
    expect(matches({ detail: { anything: [{ exists: false }] } }, { source: 'no detail at all' })).toBe(true);
  });

  it('exists: false does not match a field that has a value, even null', () => {
    expect(matches({ detail: { 'c-count': [{ exists: false }] } }, EC2_EVENT)).toBe(false);
    expect(matches({ UserID: [{ exists: false }] }, { UserID: null })).toBe(false);
  });

  it('refuses anything but true or false', () => {
    expect(refusal({ f: [{ exists: 'true' }] })).toBe(reason('exists match pattern must be either true or false.'));
    expect(refusal({ f: [{ exists: true, prefix: 'a' }] })).toBe(reason('Only one key allowed in match expression'));
  });
});
