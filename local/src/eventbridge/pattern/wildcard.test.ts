import { describe, expect, it } from 'vitest';
import { matches, reason, refusal } from './test-support';

// EventBridge User Guide, "Comparison operators for use in event patterns": Wildcard matching
// (escape `*` and `\` with a backslash; consecutive wildcards are refused); aws/event-ruler README,
// "Wildcard matching".
describe('wildcard', () => {
  it('matches the guide’s examples: "dir/*.png", an ARN with two wildcards, and Ruler’s "Simple*Service"', () => {
    expect(matches({ FileName: [{ wildcard: 'dir/*.png' }] }, { FileName: 'dir/photo.png' })).toBe(true);
    expect(matches({ FileName: [{ wildcard: 'dir/*.png' }] }, { FileName: 'dir/sub/photo.png' })).toBe(true);
    expect(
      matches(
        { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] },
        { EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/orders' },
      ),
    ).toBe(true);
    expect(matches({ source: [{ wildcard: 'Simple*Service' }] }, { source: 'Simple Queue Service' })).toBe(true);
    expect(matches({ source: [{ wildcard: '*' }] }, { source: '' })).toBe(true);
  });

  it('does not match where a literal piece is missing, overlaps, or the value is not a string', () => {
    expect(matches({ FileName: [{ wildcard: 'dir/*.png' }] }, { FileName: 'other/photo.png' })).toBe(false);
    expect(matches({ FileName: [{ wildcard: 'dir/*.png' }] }, { FileName: 'dir/photo.jpg' })).toBe(false);
    expect(matches({ s: [{ wildcard: 'ab*ba' }] }, { s: 'aba' })).toBe(false);
    expect(matches({ s: [{ wildcard: 'a*b*c' }] }, { s: 'acb' })).toBe(false);
    expect(matches({ n: [{ wildcard: '1*' }] }, { n: 12 })).toBe(false);
  });

  it('reads \\* as a literal asterisk and \\\\ as a literal backslash', () => {
    expect(matches({ s: [{ wildcard: 'a\\*b' }] }, { s: 'a*b' })).toBe(true);
    expect(matches({ s: [{ wildcard: 'a\\*b' }] }, { s: 'axb' })).toBe(false);
    expect(matches({ s: [{ wildcard: 'c:\\\\*' }] }, { s: 'c:\\temp' })).toBe(true);
  });

  it('refuses consecutive wildcards and escapes of other characters, with Ruler’s byte positions', () => {
    expect(refusal({ s: [{ wildcard: 'a**b' }] })).toBe(reason('Consecutive wildcard characters at pos 2'));
    expect(refusal({ s: [{ wildcard: 'é**' }] })).toBe(reason('Consecutive wildcard characters at pos 3'));
    expect(refusal({ s: [{ wildcard: 'a\\b' }] })).toBe(reason('Invalid escape character at pos 2'));
    expect(refusal({ s: [{ wildcard: 7 }] })).toBe(reason('wildcard match pattern must be a string'));
  });
});
