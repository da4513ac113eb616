import { describe, expect, it } from 'vitest';
import { compileJsonPath } from './json-path';

// "Amazon EventBridge input transformation", note on JSONPath: dot notation, dashes, underscores,
// alphanumerics, array indices, wildcards, forward slashes.
describe('compileJsonPath', () => {
  const event = { detail: { 'a-b_c': 1, 'x/y': 2, list: [{ n: 1 }, { n: 2 }, { m: 3 }] } };

  it('follows dot notation with dashes, underscores and slashes, and array indices', () => {
    expect(compileJsonPath('$').select(event)).toBe(event);
    expect(compileJsonPath('$.detail.a-b_c').select(event)).toBe(1);
    expect(compileJsonPath('$.detail.x/y').select(event)).toBe(2);
    expect(compileJsonPath('$.detail.list[1].n').select(event)).toBe(2);
  });

  it('selects a list through wildcards, skipping elements without the field', () => {
    expect(compileJsonPath('$.detail.list[*].n').select(event)).toEqual([1, 2]);
    expect(compileJsonPath('$.detail.list.*.m').select(event)).toEqual([3]);
  });

  it('selects nothing where the path leads nowhere, including inherited properties', () => {
    expect(compileJsonPath('$.detail.list[7]').select(event)).toBeUndefined();
    expect(compileJsonPath('$.detail.constructor').select(event)).toBeUndefined();
  });
});
