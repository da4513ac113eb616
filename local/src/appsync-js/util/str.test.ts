import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../test/appsync-js/support';

describe('util.str', () => {
  it('normalize applies the named Unicode normalization form', async () => {
    expect(await evaluate(`[util.str.normalize("e\\u0301", "nfc").length, util.str.normalize("\\u00e9", "nfd").length]`)).toEqual([1, 2]);
  });

  it('toUpper, toLower and toReplace work on literal text', async () => {
    expect(await evaluate(`[util.str.toUpper("abc"), util.str.toLower("ABC"), util.str.toReplace("a.b.c", ".", "-")]`)).toEqual([
      'ABC',
      'abc',
      'a-b-c',
    ]);
  });
});
