/** A value at a leaf of an event: what comparison operators look at (objects never are). */
export type LeafValue = string | number | boolean | null;

/**
 * One entry of a pattern's value list, compiled. `exists` is apart because it looks at whether the
 * leaf has any value at all, not at one value; every other operator tests values one by one and
 * matches if any value of the field passes (an event array is a list of values).
 */
export type ValueMatcher =
  | { readonly kind: 'test'; readonly test: (value: LeafValue) => boolean }
  | { readonly kind: 'exists'; readonly exists: boolean };

/** A pattern object: every field must match, and each `$or` group needs one matching alternative. */
export interface ObjectNode {
  readonly fields: readonly FieldNode[];
  readonly anyOf: readonly (readonly ObjectNode[])[];
}

export type FieldNode =
  | { readonly key: string; readonly kind: 'object'; readonly node: ObjectNode }
  | { readonly key: string; readonly kind: 'leaf'; readonly matchers: readonly ValueMatcher[] };

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function testMatcher(test: (value: LeafValue) => boolean): ValueMatcher {
  return { kind: 'test', test };
}
