import { describe, expect, it } from 'vitest';
import { evaluate, runExpression } from '../../../test/appsync-js/support';

describe('util ids', () => {
  it('autoId returns a lower-case version 4 UUID', async () => {
    expect(await evaluate('util.autoId()')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('autoUlid returns 26 Crockford base32 characters that start with the current time', async () => {
    const ulid = (await evaluate('util.autoUlid()')) as string;
    expect(ulid).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    const millis = [...ulid.slice(0, 10)].reduce((total, char) => total * 32 + alphabet.indexOf(char), 0);
    expect(Math.abs(millis - Date.now())).toBeLessThan(60_000);
  });

  it('autoKsuid returns 27 base62 characters', async () => {
    expect(await evaluate('util.autoKsuid()')).toMatch(/^[0-9A-Za-z]{27}$/);
  });

  it('never repeats an id', async () => {
    const ids = (await evaluate('[util.autoId(), util.autoId(), util.autoUlid(), util.autoUlid(), util.autoKsuid(), util.autoKsuid()]')) as string[];
    expect(new Set(ids).size).toBe(6);
  });
});

describe('util encodings', () => {
  it('urlEncode encodes like java.net.URLEncoder', async () => {
    expect(await evaluate(`util.urlEncode("hello world!&a=b/c~*'é")`)).toBe('hello+world%21%26a%3Db%2Fc%7E*%27%C3%A9');
  });

  it('urlDecode turns plus signs back into spaces', async () => {
    expect(await evaluate(`util.urlDecode("hello+world%21%26%C3%A9")`)).toBe('hello world!&é');
  });

  it('base64Encode encodes the UTF-8 bytes', async () => {
    expect(await evaluate(`util.base64Encode("Hello, World!")`)).toBe('SGVsbG8sIFdvcmxkIQ==');
    expect(await evaluate(`util.base64Encode("café ☕")`)).toBe('Y2Fmw6kg4piV');
  });

  it('base64Decode decodes to text', async () => {
    expect(await evaluate(`util.base64Decode("Y2Fmw6kg4piV")`)).toBe('café ☕');
  });

  it('escapeJavaScript escapes quotes, slashes, control and non-ASCII characters', async () => {
    expect(await evaluate(`util.escapeJavaScript("it's \\"x\\" a/b\\n\\té")`)).toBe(`it\\'s \\"x\\" a\\/b\\n\\t\\u00E9`);
  });
});

describe('util errors', () => {
  it('error aborts with message, type, data and errorInfo', async () => {
    const { result } = await runExpression(`util.error("Nope", "Custom", { a: 1 }, { b: 2 })`);
    expect(result).toEqual({
      kind: 'error',
      cause: 'util.error',
      error: { message: 'Nope', errorType: 'Custom', data: { a: 1 }, errorInfo: { b: 2 } },
    });
  });

  it('error without a type, data or errorInfo reports them as null', async () => {
    const { result } = await runExpression(`util.error("Nope")`);
    expect(result).toEqual({ kind: 'error', cause: 'util.error', error: { message: 'Nope', errorType: null, data: null, errorInfo: null } });
  });

  it('appendError records the error and lets the handler return', async () => {
    const run = await runExpression(`[util.appendError("first", "A"), util.appendError("second", "B", { x: 1 })].length`);
    expect(run.result).toEqual({ kind: 'return', value: 2 });
    expect(run.appendedErrors).toEqual([
      { message: 'first', errorType: 'A', data: null, errorInfo: null },
      { message: 'second', errorType: 'B', data: { x: 1 }, errorInfo: null },
    ]);
  });

  it('unauthorized aborts with AppSync’s message for the field', async () => {
    const { result } = await runExpression('util.unauthorized()', { fieldName: 'listOrders', parentTypeName: 'Query', authType: 'API_KEY' });
    expect(result).toEqual({
      kind: 'error',
      cause: 'util.error',
      error: { message: 'Not Authorized to access listOrders on type Query', errorType: 'Unauthorized', data: null, errorInfo: null },
    });
  });

  it('unauthorized names an unknown field and type as null, as a Java-formatted text does, never as blanks', async () => {
    const { result } = await runExpression('util.unauthorized()', { fieldName: '', parentTypeName: '', authType: null });
    expect(result).toMatchObject({ kind: 'error', error: { message: 'Not Authorized to access null on type null', errorType: 'Unauthorized' } });
  });
});

describe('util type and pattern helpers', () => {
  it('matches tests the whole value against a pattern, as the guide’s example shows', async () => {
    expect(await evaluate(`[util.matches("a*b", "aaaaab"), util.matches("a*b", "aaaaabc")]`)).toEqual([true, false]);
  });

  it('authType describes the request’s auth mode', async () => {
    expect(await evaluate('util.authType()', { fieldName: 'f', parentTypeName: 'Query', authType: 'AMAZON_COGNITO_USER_POOLS' })).toBe(
      'User Pool Authorization',
    );
    expect(await evaluate('util.authType()', { fieldName: 'f', parentTypeName: 'Query', authType: 'API_KEY' })).toBe('API Key Authorization');
    expect(await evaluate('util.authType()', { fieldName: 'f', parentTypeName: 'Query', authType: 'AWS_IAM' })).toBe('IAM Authorization');
  });

  it('typeOf names Null, Number, String, Map, List and Boolean', async () => {
    expect(await evaluate(`[null, 1, "s", {}, [], true].map((v) => util.typeOf(v))`)).toEqual(['Null', 'Number', 'String', 'Map', 'List', 'Boolean']);
  });

  it('is* helpers check types', async () => {
    expect(await evaluate(`[util.isString("a"), util.isNumber(1), util.isBoolean(false), util.isList([]), util.isMap({}), util.isMap([])]`)).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
    ]);
  });

  it('null helpers treat empty and blank values as VTL did', async () => {
    expect(await evaluate(`[util.isNull(null), util.isNull(""), util.isNullOrEmpty(""), util.isNullOrEmpty(" "), util.isNullOrBlank(" ")]`)).toEqual([
      true,
      false,
      true,
      false,
      true,
    ]);
    expect(await evaluate(`[util.defaultIfNull(null, "d"), util.defaultIfNullOrEmpty("", "d"), util.defaultIfNullOrBlank("  ", "d"), util.defaultIfNull("v", "d")]`)).toEqual([
      'd',
      'd',
      'd',
      'v',
    ]);
  });
});
