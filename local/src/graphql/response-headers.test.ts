import { describe, expect, it } from 'vitest';
import { MAX_RESPONSE_HEADER_BYTES, ResponseHeaders } from './response-headers';

describe('ResponseHeaders, one operation', () => {
  it('keeps the latest definition of a name, whatever its case', () => {
    const headers = new ResponseHeaders();
    headers.add([{ name: 'X-A', value: '1' }, { name: 'X-B', value: '2' }]);
    headers.add([{ name: 'x-a', value: '3' }]);
    expect(headers.toRecord()).toEqual({ 'X-B': '2', 'x-a': '3' });
  });

  it('counts repeated names towards the 4 KB, in UTF-8 bytes, and refuses the header past it', () => {
    const headers = new ResponseHeaders();
    const half = 'é'.repeat(1000); // 2,000 bytes
    expect(headers.add([{ name: 'a', value: half }, { name: 'a', value: half }])).toEqual([]);
    const refused = headers.add([{ name: 'a', value: 'x'.repeat(MAX_RESPONSE_HEADER_BYTES - 4002 + 1) }]);
    expect(refused).toEqual([{ errorType: 'ResponseHeaderError', message: 'Response header "a" was ignored: custom response headers may not exceed 4 KB in total.' }]);
    expect(headers.toRecord()).toEqual({ a: half });
  });
});
