import { describe, expect, it } from 'vitest';
import { fromSdkMap, toSdk, toSdkMap } from './attribute-values';

describe('attribute values', () => {
  it('turns the JSON numbers util.dynamodb produces into the strings the SDK sends', () => {
    expect(toSdkMap({ n: { N: 10 }, ns: { NS: [1, 2.5] }, l: { L: [{ N: 3 }] }, m: { M: { x: { N: 4 } } } })).toEqual({
      n: { N: '10' },
      ns: { NS: ['1', '2.5'] },
      l: { L: [{ N: '3' }] },
      m: { M: { x: { N: '4' } } },
    });
  });

  it('decodes base64 binaries into bytes and NULL into the SDK flag', () => {
    expect(toSdk({ B: 'aGk=' })).toEqual({ B: new Uint8Array([104, 105]) });
    expect(toSdk({ NULL: null })).toEqual({ NULL: true });
  });

  it('answers plain JSON the way ctx.result shows it', () => {
    expect(
      fromSdkMap({
        s: { S: 'x' },
        n: { N: '1.5' },
        b: { B: new Uint8Array([104, 105]) },
        ss: { SS: ['a'] },
        ns: { NS: ['1', '2'] },
        bool: { BOOL: false },
        nil: { NULL: true },
        l: { L: [{ S: 'y' }] },
        m: { M: { z: { N: '0' } } },
      }),
    ).toEqual({ s: 'x', n: 1.5, b: 'aGk=', ss: ['a'], ns: [1, 2], bool: false, nil: null, l: ['y'], m: { z: 0 } });
  });
});
