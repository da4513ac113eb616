import { describe, expect, it } from 'vitest';
import { evaluate, runExpression } from '../../../test/appsync-js/support';

// "HTTP helpers in util.http" (https://docs.aws.amazon.com/appsync/latest/devguide/http-helpers-in-utils-http-js.html).
describe('util.http', () => {
  it('copyHeaders leaves out the ten restricted headers, whatever their case, and keeps the rest', async () => {
    const headers = {
      'Transfer-Encoding': 'chunked',
      connection: 'keep-alive',
      host: 'api.example.com',
      Expect: '100-continue',
      'keep-alive': 'timeout=5',
      upgrade: 'h2c',
      'proxy-authenticate': 'Basic',
      'proxy-authorization': 'Basic x',
      te: 'trailers',
      'content-length': '12',
      authorization: 'token',
      'x-trace-id': 't-1',
    };
    expect(await evaluate(`util.http.copyHeaders(${JSON.stringify(headers)})`)).toEqual({ authorization: 'token', 'x-trace-id': 't-1' });
  });

  it('addResponseHeader records the documented example, a non-string value as its JSON text, without an error', async () => {
    const run = await runExpression(`(util.http.addResponseHeader('itemsCount', 7), util.http.addResponseHeaders({ headerInt: 12, headerString: 'stringValue', headerObject: { field1: 7 } }), {})`);
    expect(run.result.kind).toBe('return');
    expect(run.appendedErrors).toEqual([]);
    expect(run.extensions.responseHeaders).toEqual([
      { name: 'itemsCount', value: '7' },
      { name: 'headerInt', value: '12' },
      { name: 'headerString', value: 'stringValue' },
      { name: 'headerObject', value: '{"field1":7}' },
    ]);
  });

  it('ignores a restricted name, a restricted prefix, an empty name or a null value with a ResponseHeaderError each', async () => {
    const run = await runExpression(
      `(util.http.addResponseHeader('Content-Type', 'text/html'), util.http.addResponseHeader('x-amz-meta', 'a'), util.http.addResponseHeader('', 'a'), util.http.addResponseHeader('ok', null), {})`,
    );
    expect(run.appendedErrors.map((error) => error.errorType)).toEqual(['ResponseHeaderError', 'ResponseHeaderError', 'ResponseHeaderError', 'ResponseHeaderError']);
    expect(run.appendedErrors[1]?.message).toBe('Response header "x-amz-meta" was ignored: names may not start with x-amzn- or x-amz-.');
  });

  it('refuses a name that is not an HTTP token and a value with a line break, which could not be sent at all', async () => {
    const run = await runExpression(`(util.http.addResponseHeader('bad name', 'a'), util.http.addResponseHeader('x-ok', 'a\\r\\nInjected: 1'), {})`);
    expect(run.appendedErrors.map((error) => error.message)).toEqual([
      'Response header "bad name" was ignored: the name is not an HTTP token.',
      'Response header "x-ok" was ignored: its value contains a line break or NUL.',
    ]);
    expect(run.extensions.responseHeaders).toBeUndefined();
  });
});
