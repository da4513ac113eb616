/**
 * util.http, as "HTTP helpers in util.http" (APPSYNC_JS) and its VTL twin list them:
 *   copyHeaders(headers): the map without the restricted hop-by-hop headers, to forward
 *     ctx.request.headers to an HTTP data source;
 *   addResponseHeader(name, value) / addResponseHeaders(map): custom headers on the GraphQL
 *     HTTP response, refused (ignored, with a ResponseHeaderError in the operation's errors) for
 *     an empty or restricted name, a restricted prefix or a null value. Accepted ones are recorded
 *     on the invocation; the 4 KB limit is per GraphQL operation, so the executor applies it when
 *     it merges every resolver's headers (graphql/response-headers.ts).
 *
 * This file runs INSIDE the sandbox realm.
 */
import { currentInvocation } from './invocation';

/** copyHeaders' exclusions, compared without case. */
const RESTRICTED = ['transfer-encoding', 'connection', 'host', 'expect', 'keep-alive', 'upgrade', 'proxy-authenticate', 'proxy-authorization', 'te', 'content-length'];

/** addResponseHeader refuses these too. */
const RESTRICTED_RESPONSE = [
  ...RESTRICTED,
  'access-control-allow-credentials',
  'access-control-allow-origin',
  'access-control-expose-headers',
  'access-control-max-age',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'vary',
  'content-type',
];

const RESTRICTED_PREFIXES = ['x-amzn-', 'x-amz-'];

const ERROR_TYPE = 'ResponseHeaderError';

/**
 * RFC 9110's token for a field name, and a value without CR, LF or NUL: anything else could not
 * go on the wire at all (Node refuses to write it). AWS does not document these cases; they are
 * refused like the documented ones rather than failing the whole response.
 */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BAD_VALUE = /[\r\n\0]/;

/** Header values are text on the wire; a map value goes as its JSON text. */
function headerText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function refuse(name: unknown, reason: string): void {
  currentInvocation().appendedErrors.push({ message: `Response header ${JSON.stringify(String(name))} was ignored: ${reason}.`, errorType: ERROR_TYPE, data: null, errorInfo: null });
}

function addOne(name: unknown, value: unknown): void {
  if (typeof name !== 'string' || name.trim() === '') return refuse(name, 'its name is empty');
  const lower = name.toLowerCase();
  if (RESTRICTED_RESPONSE.includes(lower)) return refuse(name, 'the name is restricted');
  if (RESTRICTED_PREFIXES.some((prefix) => lower.startsWith(prefix))) return refuse(name, 'names may not start with x-amzn- or x-amz-');
  if (!TOKEN.test(name)) return refuse(name, 'the name is not an HTTP token');
  if (value === null || value === undefined) return refuse(name, 'its value is null');
  const text = headerText(value);
  if (BAD_VALUE.test(text)) return refuse(name, 'its value contains a line break or NUL');
  currentInvocation().responseHeaders.push({ name, value: text });
}

export const http = {
  copyHeaders(headers: unknown): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (typeof headers !== 'object' || headers === null) return out;
    for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
      if (!RESTRICTED.includes(name.toLowerCase())) out[name] = value;
    }
    return out;
  },
  addResponseHeader(name: string, value: unknown): void {
    addOne(name, value);
  },
  addResponseHeaders(headers: Record<string, unknown>): void {
    if (typeof headers !== 'object' || headers === null) return;
    for (const [name, value] of Object.entries(headers)) addOne(name, value);
  },
};
