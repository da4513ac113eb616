import { describe, expect, it } from 'vitest';
import { matches, reason, refusal } from './test-support';

// EventBridge User Guide, "Comparison operators for use in event patterns": Suffix matching,
// Suffix matching while ignoring case.
describe('suffix', () => {
  it('matches a string that ends with the suffix (the guide’s ".png" example)', () => {
    expect(matches({ FileName: [{ suffix: '.png' }] }, { FileName: 'image.png' })).toBe(true);
  });

  it('does not match another ending, another casing, or a number', () => {
    expect(matches({ FileName: [{ suffix: '.png' }] }, { FileName: 'image.jpg' })).toBe(false);
    expect(matches({ FileName: [{ suffix: '.png' }] }, { FileName: 'image.PNG' })).toBe(false);
    expect(matches({ n: [{ suffix: '5' }] }, { n: 15 })).toBe(false);
  });

  it('ignores case inside equals-ignore-case (the guide’s ".png" and "tbridge" examples)', () => {
    const pattern = { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } };
    expect(matches(pattern, { detail: { FileName: 'photo.PNG' } })).toBe(true);
    expect(matches(pattern, { detail: { FileName: 'photo.pNg' } })).toBe(true);
    expect(matches(pattern, { detail: { FileName: 'photo.gif' } })).toBe(false);
    expect(matches({ service: [{ suffix: { 'equals-ignore-case': 'tbridge' } }] }, { service: 'EvenTBRIDGE' })).toBe(true);
  });

  it('refuses a suffix that is not a string, and a nested object other than equals-ignore-case', () => {
    expect(refusal({ f: [{ suffix: ['.png'] }] })).toBe(reason('suffix match pattern must be a string'));
    expect(refusal({ f: [{ suffix: { prefix: 'a' } }] })).toBe(reason('Unsupported suffix pattern: prefix'));
    expect(refusal({ f: [{ suffix: {} }] })).toBe(reason('Suffix expression name not found'));
    expect(refusal({ f: [{ suffix: { 'equals-ignore-case': '.png', other: 1 } }] })).toBe(reason('Only one key allowed in match expression'));
  });
});
