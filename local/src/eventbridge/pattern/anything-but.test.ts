import { describe, expect, it } from 'vitest';
import { EC2_EVENT, matches, reason, refusal, withDetail } from './test-support';

// EventBridge User Guide, "Comparison operators for use in event patterns": Anything-but matching,
// and its "begins with", "ends with", "ignore case" and "using a wildcard" forms; aws/event-ruler
// README, "Anything-but matching"; JsonRuleCompiler for the texts.
describe('anything-but', () => {
  it('matches any value but the one or the list given (strings, then numbers)', () => {
    expect(matches({ detail: { state: [{ 'anything-but': 'initializing' }] } }, EC2_EVENT)).toBe(true);
    expect(matches({ detail: { 'x-limit': [{ 'anything-but': 123 }] } }, EC2_EVENT)).toBe(true);
    expect(matches({ detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } }, EC2_EVENT)).toBe(true);
    expect(matches({ detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } }, EC2_EVENT)).toBe(true);
    expect(matches({ Weather: [{ 'anything-but': ['Raining'] }] }, { Weather: 'Sunny' })).toBe(true);
  });

  it('does not match a listed value (numbers compared as numbers), nor an absent field', () => {
    expect(matches({ detail: { state: [{ 'anything-but': 'running' }] } }, EC2_EVENT)).toBe(false);
    expect(matches({ detail: { state: [{ 'anything-but': ['stopped', 'running'] }] } }, EC2_EVENT)).toBe(false);
    expect(matches({ detail: { 'x-limit': [{ 'anything-but': [301.8, 3] }] } }, withDetail({ 'x-limit': 3.018e2 }))).toBe(false);
    expect(matches({ detail: { mood: [{ 'anything-but': 'sad' }] } }, EC2_EVENT)).toBe(false);
  });

  it('matches an event array if any element is outside the list', () => {
    expect(matches({ tags: [{ 'anything-but': 'a' }] }, { tags: ['a', 'b'] })).toBe(true);
    expect(matches({ tags: [{ 'anything-but': 'a' }] }, { tags: ['a', 'a'] })).toBe(false);
  });

  it('prefix: matches values that do not begin with it (the guide’s "init" and "us-" examples)', () => {
    expect(matches({ detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, EC2_EVENT)).toBe(true);
    expect(matches({ detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, withDetail({ state: 'initializing' }))).toBe(false);
    expect(matches({ Region: [{ 'anything-but': { prefix: 'us-' } }] }, { Region: 'eu-west-1' })).toBe(true);
    expect(matches({ Region: [{ 'anything-but': { prefix: ['us-', 'eu-'] } }] }, { Region: 'eu-west-1' })).toBe(false);
  });

  it('suffix: matches values that do not end with it (the guide’s ".png" example)', () => {
    expect(matches({ FileName: [{ 'anything-but': { suffix: '.png' } }] }, { FileName: 'a.txt' })).toBe(true);
    expect(matches({ FileName: [{ 'anything-but': { suffix: '.png' } }] }, { FileName: 'a.png' })).toBe(false);
  });

  it('equals-ignore-case: matches values that equal none in any casing (the guide’s "initializing")', () => {
    const single = { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] };
    const list = { state: [{ 'anything-but': { 'equals-ignore-case': ['initializing', 'stopped'] } }] };
    expect(matches(single, { state: 'running' })).toBe(true);
    expect(matches(single, { state: 'INITIALIZING' })).toBe(false);
    expect(matches(list, { state: 'Stopped' })).toBe(false);
  });

  it('wildcard: matches values the wildcard does not (the guide’s "*/lib/*" example)', () => {
    expect(matches({ FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] }, { FilePath: '/usr/bin/tool' })).toBe(true);
    expect(matches({ FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] }, { FilePath: '/usr/lib/tool' })).toBe(false);
    expect(matches({ FilePath: [{ 'anything-but': { wildcard: ['*/lib/*', '*/bin/*'] } }] }, { FilePath: '/usr/bin/x' })).toBe(false);
  });

  it('refuses the forms Ruler refuses, with its texts', () => {
    expect(refusal({ s: [{ 'anything-but': ['a', 1] }] })).toBe(
      reason('Inside anything but list, either all values are number or string, mixed type is not supported'),
    );
    expect(refusal({ s: [{ 'anything-but': [] }] })).toBe(
      reason('Inside anything but list, either all values are number or string, mixed type is not supported'),
    );
    expect(refusal({ s: [{ 'anything-but': [null] }] })).toBe(reason('Inside anything but list, start|null|boolean is not supported.'));
    expect(refusal({ s: [{ 'anything-but': true }] })).toBe(reason('Value of anything-but must be an array or single string/number value.'));
    expect(refusal({ s: [{ 'anything-but': { contains: 'a' } }] })).toBe(reason('Unsupported anything-but pattern: contains'));
    expect(refusal({ s: [{ 'anything-but': {} }] })).toBe(reason('Anything-But expression name not found'));
    expect(refusal({ s: [{ 'anything-but': { prefix: '' } }] })).toBe(reason('Null prefix/suffix not allowed'));
    expect(refusal({ s: [{ 'anything-but': { suffix: [1] } }] })).toBe(reason('prefix/suffix match pattern must be a string'));
    expect(refusal({ s: [{ 'anything-but': { 'equals-ignore-case': 1 } }] })).toBe(
      reason('Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.'),
    );
    expect(refusal({ s: [{ 'anything-but': { wildcard: 'a**' } }] })).toBe(reason('Consecutive wildcard characters at pos 2'));
    expect(refusal({ s: [{ 'anything-but': [6e9] }] })).toBe(reason('Value must be between -5.0E9 and 5.0E9, inclusive'));
    expect(refusal({ s: [{ 'anything-but': { prefix: 'a', suffix: 'b' } }] })).toBe(reason('Too many elements in numeric expression'));
  });
});
