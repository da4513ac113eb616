import { describe, expect, it } from 'vitest';
import { EC2_EVENT, matches, reason, refusal, withDetail } from './test-support';

// EventBridge User Guide, "Comparison operators for use in event patterns": Numeric matching
// ("JSON numbers", "-5.0e9 and +5.0e9 inclusive", six digits right of the decimal point);
// aws/event-ruler README, "Numeric matching"; JsonRuleCompiler, Range and ComparableNumber for texts.
describe('numeric', () => {
  it('matches the guide’s example: a range, an upper bound and = 3.018e2 against 301.8', () => {
    const pattern = {
      detail: {
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ numeric: ['=', 3.018e2] }],
      },
    };
    expect(matches(pattern, EC2_EVENT)).toBe(true);
    expect(matches({ Price: [{ numeric: ['>', 10, '<=', 20] }] }, { Price: 20 })).toBe(true);
    expect(matches({ Price: [{ numeric: ['>=', 10] }] }, { Price: 10 })).toBe(true);
  });

  it('does not match outside the bounds, at an open bound, or a number written as a string', () => {
    expect(matches({ detail: { 'c-count': [{ numeric: ['>', 5] }] } }, EC2_EVENT)).toBe(false);
    expect(matches({ Price: [{ numeric: ['>', 10, '<=', 20] }] }, { Price: 10 })).toBe(false);
    expect(matches({ Price: [{ numeric: ['>', 10, '<', 20] }] }, { Price: 20 })).toBe(false);
    expect(matches({ Price: [{ numeric: ['=', 100] }] }, { Price: '100' })).toBe(false);
    expect(matches({ detail: { 'c-count': [{ numeric: ['>', 0] }] } }, withDetail({ 'c-count': 'five' }))).toBe(false);
  });

  it('compares on six decimals and only within ±5.0e9, as Ruler does', () => {
    expect(matches({ n: [{ numeric: ['=', 10.0000001] }] }, { n: 10.0000004 })).toBe(true);
    expect(matches({ n: [{ numeric: ['=', 0.123456] }] }, { n: 0.123457 })).toBe(false);
    expect(matches({ n: [{ numeric: ['<=', 5e9] }] }, { n: 5e9 })).toBe(true);
    expect(matches({ n: [{ numeric: ['>', 0] }] }, { n: 6e9 })).toBe(false);
  });

  it('refuses bounds outside ±5.0e9, inverted ranges and the wrong grammar, with Ruler’s texts', () => {
    expect(refusal({ n: [{ numeric: ['=', 6e9] }] })).toBe(reason('Value must be between -5.0E9 and 5.0E9, inclusive'));
    expect(refusal({ n: [{ numeric: ['<', 6e9] }] })).toBe(reason('Value must be between -5.0E9 and 5.0E9, inclusive'));
    expect(refusal({ n: [{ numeric: ['>', 10, '<', 5] }] })).toBe(reason('Bottom must be less than top'));
    expect(refusal({ n: [{ numeric: 5 }] })).toBe(reason('Value of numeric must be an array.'));
    expect(refusal({ n: [{ numeric: [] }] })).toBe(reason('Invalid member in numeric match: ]'));
    expect(refusal({ n: [{ numeric: ['==', 5] }] })).toBe(reason('Unrecognized numeric range operator: =='));
    expect(refusal({ n: [{ numeric: ['=', '5'] }] })).toBe(reason('Value of equals must be numeric'));
    expect(refusal({ n: [{ numeric: ['>', 'x'] }] })).toBe(reason('Value of > must be numeric'));
    expect(refusal({ n: [{ numeric: ['<', 10, '>', 0] }] })).toBe(reason('Too many elements in numeric expression'));
    expect(refusal({ n: [{ numeric: ['>', 0, '>', 5] }] })).toBe(reason('Bad numeric range operator: >'));
    expect(refusal({ n: [{ numeric: ['>', 0, 5] }] })).toBe(reason('Bad value in numeric range: 5'));
    expect(refusal({ n: [{ numeric: ['>', 0, '<', 5, 6] }] })).toBe(reason('Too many terms in numeric range expression'));
    expect(refusal({ n: [{ numeric: ['<', 5], exists: true }] })).toBe(reason('Too many elements in numeric expression'));
  });
});
