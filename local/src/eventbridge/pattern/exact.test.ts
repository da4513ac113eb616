import { describe, expect, it } from 'vitest';
import { EC2_EVENT, matches, reason, refusal } from './test-support';

// EventBridge User Guide, "Event patterns" (matching values), "Comparison operators" (Equals,
// Empty, Null, Numeric equals) and "Matching on null values and empty strings".
describe('exact values', () => {
  it('matches strings exactly and case-sensitively (the guide’s EC2 termination example)', () => {
    const pattern = { source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'], detail: { state: ['running'] } };
    expect(matches(pattern, EC2_EVENT)).toBe(true);
    expect(matches({ source: ['AWS.EC2'] }, EC2_EVENT)).toBe(false);
    expect(matches({ source: ['aws.ec'] }, EC2_EVENT)).toBe(false);
  });

  it('treats a value list as OR (the guide’s "aws.ec2" or "aws.fargate")', () => {
    expect(matches({ source: ['aws.ec2', 'aws.fargate'] }, EC2_EVENT)).toBe(true);
    expect(matches({ source: ['aws.s3', 'aws.fargate'] }, EC2_EVENT)).toBe(false);
  });

  it('compares numbers as numbers: 300 matches 3.0e2, but never the string "300"', () => {
    expect(matches({ Price: [300] }, JSON.parse('{"Price": 3.0e2}'))).toBe(true);
    expect(matches({ Price: [300] }, { Price: '300' })).toBe(false);
    expect(matches({ Price: ['300'] }, { Price: 300 })).toBe(false);
    // An account id is outside Ruler's numeric range: it still matches itself exactly.
    expect(matches({ account: [123456789012] }, { account: 123456789012 })).toBe(true);
  });

  it('matches null and "" as values, neither of which matches an absent field', () => {
    expect(matches({ UserID: [null] }, { UserID: null })).toBe(true);
    // The guide's autoscaling event: "eventVersion": "" and "responseElements": null.
    const launch = { source: 'aws.autoscaling', detail: { eventVersion: '', responseElements: null } };
    expect(matches({ detail: { responseElements: [null] } }, launch)).toBe(true);
    expect(matches({ detail: { eventVersion: [''] } }, launch)).toBe(true);
    expect(matches({ detail: { eventVersion: [null] } }, launch)).toBe(false);
    expect(matches({ detail: { responseElements: [''] } }, launch)).toBe(false);
    expect(matches({ LastName: [''] }, { LastName: '' })).toBe(true);
    expect(matches({ UserID: [null] }, {})).toBe(false);
    expect(matches({ LastName: [''] }, { LastName: null })).toBe(false);
    expect(matches({ UserID: [null] }, { UserID: 'null' })).toBe(false);
  });

  it('matches booleans only against the same boolean', () => {
    expect(matches({ ok: [true] }, { ok: true })).toBe(true);
    expect(matches({ ok: [true] }, { ok: 'true' })).toBe(false);
    expect(matches({ ok: [false] }, { ok: 0 })).toBe(false);
  });

  it('refuses a value that is not a string, number, boolean or null', () => {
    expect(refusal({ a: [['nested']] })).toBe(reason('Match value must be String, number, true, false, or null'));
  });
});
