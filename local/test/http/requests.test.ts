import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../src/server/http';
import { notesApi } from '../fixtures/notes-api/definition';
import { startTestApi, type GraphqlBody, type TestApi } from '../support/local-api';

/**
 * The HTTP side of the protocol: malformed requests, validation and variable errors in
 * graphql-java's words, GET, CORS, the size and resolver limits, and the GraphiQL page.
 * Expected bodies quote AppSync's own answers where they are published (sources in
 * local/docs/graphql-http.md).
 */

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi(notesApi);
});
afterAll(() => api?.close());

async function post(body: string, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(api.server.httpUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': api.apiKey, ...headers }, body });
  return { status: response.status, body: await response.json(), headers: response.headers };
}

async function query(text: string, variables?: Record<string, unknown>): Promise<GraphqlBody> {
  const out = await api.graphql({ query: text, variables }, { 'x-api-key': api.apiKey });
  expect(out.status).toBe(200);
  return out.body;
}

/** A request-level error: data null, no path, graphql-java's text. */
function rejected(message: string, line: number, column: number): GraphqlBody {
  return { data: null, errors: [{ path: null, locations: [{ line, column, sourceName: null }], message }] };
}

const malformed = (message: string) => ({ errors: [{ message, errorType: 'MalformedHttpRequestException' }] });

describe('malformed HTTP requests', () => {
  it('answers an empty body with 400 “Request body is empty.”', async () => {
    expect(await post('')).toMatchObject({ status: 400, body: malformed('Request body is empty.') });
  });

  it.each(['meow', '{}', '{}}', '[]', '{"query": 42}'])('answers the body %s with 400 “Unable to parse GraphQL query.”', async (body) => {
    expect(await post(body)).toMatchObject({ status: 400, body: malformed('Unable to parse GraphQL query.') });
  });

  it(`refuses a body over ${MAX_BODY_BYTES} bytes with 413 before parsing it`, async () => {
    const body = JSON.stringify({ query: '{ echo(text: "x") }', variables: { pad: 'x'.repeat(MAX_BODY_BYTES) } });
    const out = await post(body);
    expect(out.status).toBe(413);
    expect(out.body).toEqual({ errors: [{ errorType: 'PayloadTooLargeException', message: `The request body exceeds the maximum size of ${MAX_BODY_BYTES} bytes.` }] });
  });

  it('still serves a body just under the limit', async () => {
    const envelope = JSON.stringify({ query: '{ echo(text: "x") }', variables: { pad: '' } });
    const body = JSON.stringify({ query: '{ echo(text: "x") }', variables: { pad: 'x'.repeat(MAX_BODY_BYTES - envelope.length) } });
    expect(Buffer.byteLength(body)).toBe(MAX_BODY_BYTES);
    expect(await post(body)).toMatchObject({ status: 200, body: { data: { echo: 'x' } } });
  });
});

describe('validation errors in graphql-java’s words', () => {
  it('quotes AppSync’s published answer for an undefined field', async () => {
    expect(await query('{badfield}')).toEqual(rejected("Validation error of type FieldUndefined: Field 'badfield' in type 'Query' is undefined @ 'badfield'", 1, 2));
  });

  it('names a nested field by its path of field names from the root, aliases ignored', async () => {
    const body = await query('{ trail: noteTrail(id: "x") { n: note { _deleted } } }');
    expect(body).toEqual(rejected("Validation error of type FieldUndefined: Field '_deleted' in type 'Note' is undefined @ 'noteTrail/note/_deleted'", 1, 41));
  });

  it('starts the path at the fragment for a field inside a fragment definition', async () => {
    const body = await query('query { noteTrail(id: "x") { ...Parts } }\nfragment Parts on NoteTrail { note { bogus } }');
    expect(body).toEqual(rejected("Validation error of type FieldUndefined: Field 'bogus' in type 'Note' is undefined @ 'Parts/note/bogus'", 2, 38));
  });

  it('reports unknown and missing arguments against their field', async () => {
    expect(await query('{ echo(text: "a", loud: true) }')).toEqual(rejected("Validation error of type UnknownArgument: Unknown field argument loud @ 'echo'", 1, 19));
    expect(await query('{ echo }')).toEqual(rejected("Validation error of type MissingFieldArgument: Missing field argument text @ 'echo'", 1, 3));
  });

  it('reports a leaf field given a selection, with its path', async () => {
    expect(await query('{ noteTrail(id: "x") { steps { length } } }')).toEqual(
      rejected("Validation error of type SubSelectionNotAllowed: Sub selection not allowed on leaf type [String!]! of field steps @ 'noteTrail/steps'", 1, 24),
    );
  });
});

describe('variables', () => {
  const ECHO = 'query Echo($text: String!) { echo(text: $text) }';

  it('answers a missing required variable with AppSync’s “coerced Null value” error', async () => {
    expect(await query(ECHO, {})).toEqual(rejected("Variable 'text' has coerced Null value for NonNull type 'String!'", 1, 12));
  });

  it('answers an explicit null for a required variable the same way', async () => {
    expect(await query(ECHO, { text: null })).toEqual(rejected("Variable 'text' has coerced Null value for NonNull type 'String!'", 1, 12));
  });

  it('passes valid AWS scalar values through, AWSJSON parsed for the resolver and serialised back', async () => {
    const body = await query('query($j: AWSJSON, $a: AWSDateTime, $e: AWSEmail) { echoScalars(json: $j, at: $a, email: $e) { json at email } }', {
      j: '{"shots":2}',
      a: '2024-06-01T07:30:00.000+02:00',
      e: 'barista@example.com',
    });
    expect(body).toEqual({ data: { echoScalars: { json: '{"shots":2}', at: '2024-06-01T07:30:00.000+02:00', email: 'barista@example.com' } } });
  });

  it('rejects an invalid AWSDateTime variable in AppSync’s words', async () => {
    const body = await query('query($a: AWSDateTime) { echoScalars(at: $a) { at } }', { a: '2019' });
    expect(body).toEqual(rejected("Variable 'a' has an invalid value. Unable to parse `2019` as a valid DateTime Object.", 1, 7));
  });

  it('rejects an invalid AWSEmail or AWSJSON variable the same way', async () => {
    expect(await query('query($e: AWSEmail) { echoScalars(email: $e) { email } }', { e: 'not-an-email' })).toEqual(
      rejected("Variable 'e' has an invalid value. Unable to parse `not-an-email` as a valid email address.", 1, 7),
    );
    expect(await query('query($j: AWSJSON) { echoScalars(json: $j) { json } }', { j: '{"unclosed"' })).toEqual(
      rejected('Variable \'j\' has an invalid value. Unable to parse `{"unclosed"` as a valid JSON.', 1, 7),
    );
  });
});

describe('AWS scalar literals', () => {
  it('rejects an invalid AWSDateTime literal as a WrongType validation error', async () => {
    expect(await query('{ echoScalars(at: "2019") { at } }')).toEqual(
      rejected("Validation error of type WrongType: argument 'at' with value 'StringValue{value='2019'}' is not a valid 'AWSDateTime' @ 'echoScalars'", 1, 19),
    );
  });

  it('rejects an object literal for AWSJSON, which AppSync wants as a string', async () => {
    expect(await query('{ echoScalars(json: {shots: 2}) { json } }')).toEqual(
      rejected(
        "Validation error of type WrongType: argument 'json' with value 'ObjectValue{objectFields=[ObjectField{name='shots', value=IntValue{value=2}}]}' is not a valid 'AWSJSON' @ 'echoScalars'",
        1,
        21,
      ),
    );
  });

  it('accepts an AWSJSON literal written as a JSON string', async () => {
    expect(await query('{ echoScalars(json: "{\\"shots\\":2}") { json } }')).toEqual({ data: { echoScalars: { json: '{"shots":2}' } } });
  });

  it('rejects a non-string literal for AWSEmail', async () => {
    expect(await query('{ echoScalars(email: 42) { email } }')).toEqual(
      rejected("Validation error of type WrongType: argument 'email' with value 'IntValue{value=42}' is not a valid 'AWSEmail' @ 'echoScalars'", 1, 22),
    );
  });
});

describe('GET and CORS', () => {
  it('serves a query sent as GET parameters', async () => {
    const url = new URL(api.server.httpUrl);
    url.searchParams.set('query', 'query Echo($text: String!) { echo(text: $text) }');
    url.searchParams.set('variables', JSON.stringify({ text: 'by GET' }));
    url.searchParams.set('operationName', 'Echo');
    const response = await fetch(url, { headers: { 'x-api-key': api.apiKey } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { echo: 'by GET' } });
  });

  it('answers a GET without a query with 400', async () => {
    const response = await fetch(api.server.httpUrl, { headers: { 'x-api-key': api.apiKey } });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(malformed('Unable to parse GraphQL query.'));
  });

  it('lets a browser’s preflight through for the headers Amplify sends', async () => {
    const response = await fetch(api.server.httpUrl, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-api-key,authorization,x-amz-date,x-amz-user-agent',
      },
    });
    expect(response.ok).toBe(true);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')?.split(/,\s*/)).toEqual(expect.arrayContaining(['POST', 'GET', 'OPTIONS']));
    const allowed = response.headers.get('access-control-allow-headers')?.split(/,\s*/) ?? [];
    expect(allowed).toEqual(expect.arrayContaining(['content-type', 'x-api-key', 'authorization', 'x-amz-date', 'x-amz-user-agent']));
  });

  it('marks the GraphQL answer itself as readable cross-origin', async () => {
    const out = await post('{"query":"{ echo(text: \\"x\\") }"}', { origin: 'https://app.example.com' });
    expect(out.headers.get('access-control-allow-origin')).toBe('*');
    expect(out.headers.get('content-type')).toBe('application/json; charset=UTF-8');
  });
});

describe('the resolver limit', () => {
  it('answers the resolvers past 10,000 in one request with ResolverExecutionLimitReached', async () => {
    const wide = `{ ${Array.from({ length: 10_002 }, (_, i) => `e${i}: echo(text: "${i}")`).join(' ')} }`;
    const body = await query(wide);
    const data = body.data ?? {};
    expect(Object.values(data).filter((value) => value !== null)).toHaveLength(10_000);
    expect(data.e9999).toBe('9999');
    expect(body.errors?.map((e) => [e.path, e.errorType, e.message])).toEqual([
      [['e10000'], 'ResolverExecutionLimitReached', 'Resolver invocation limit reached'],
      [['e10001'], 'ResolverExecutionLimitReached', 'Resolver invocation limit reached'],
    ]);
  });
});

describe('GraphiQL', () => {
  it('serves the page with the local API key preset, and every asset it loads', async () => {
    const origin = new URL(api.server.httpUrl).origin;
    const page = await fetch(`${origin}/graphiql`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain('<div id="graphiql">');
    expect(html).toContain(api.apiKey);

    const assets = [...html.matchAll(/(?:src|href)="(\/graphiql\/assets\/[^"]+)"/g)].map((m) => m[1] ?? '');
    expect(assets.length).toBeGreaterThanOrEqual(4);
    for (const path of assets) {
      const asset = await fetch(`${origin}${path}`);
      expect(asset.status, path).toBe(200);
      const expected = path.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8';
      expect(asset.headers.get('content-type'), path).toBe(expected);
      expect((await asset.text()).length, path).toBeGreaterThan(1000);
    }
  });
});
