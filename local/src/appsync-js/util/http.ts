/**
 * util.http, as "HTTP helpers in util.http" (APPSYNC_JS) and its VTL twin list them:
 *   copyHeaders(headers): the map without the restricted hop-by-hop headers, to forward
 *     ctx.request.headers to an HTTP data source;
 *   addResponseHeader(name, value) / addResponseHeaders(map): custom headers on the GraphQL
 *     HTTP response, refused (ignored, with a ResponseHeaderError in the operation's errors) for
 *     an empty or restricted name, a restricted prefix, a null value, or past 4 KB in total.
 * The local runtime does not yet put accepted headers on its HTTP response (that needs the
 * sandbox and server to carry them); each is logged instead (local/docs/http.md).
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

/** "The size of custom response headers can't exceed 4 KB. This includes header names and values." */
const MAX_RESPONSE_HEADER_BYTES = 4096;

const ERROR_TYPE = 'ResponseHeaderError';

/** Header values are text on the wire; a map value goes as its JSON text. */
function headerText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** UTF-8 byte count, by code point: the realm has only JavaScript built-ins (no TextEncoder). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** Every accepted header of this invocation, by lower-cased name (the latest definition wins). */
const accepted = new Map<object, Map<string, { name: string; value: string }>>();

function headersOf(record: object): Map<string, { name: string; value: string }> {
  let headers = accepted.get(record);
  if (!headers) {
    // One invocation at a time runs in a realm: only the current record's headers are kept.
    accepted.clear();
    headers = new Map();
    accepted.set(record, headers);
  }
  return headers;
}

function refuse(name: unknown, reason: string): void {
  currentInvocation().appendedErrors.push({ message: `Response header ${JSON.stringify(String(name))} was ignored: ${reason}.`, errorType: ERROR_TYPE, data: null, errorInfo: null });
}

function addOne(name: unknown, value: unknown): void {
  if (typeof name !== 'string' || name.trim() === '') return refuse(name, 'its name is empty');
  const lower = name.toLowerCase();
  if (RESTRICTED_RESPONSE.includes(lower)) return refuse(name, 'the name is restricted');
  if (RESTRICTED_PREFIXES.some((prefix) => lower.startsWith(prefix))) return refuse(name, 'names may not start with x-amzn- or x-amz-');
  if (value === null || value === undefined) return refuse(name, 'its value is null');
  const record = currentInvocation();
  const headers = headersOf(record);
  const text = headerText(value);
  const others = [...headers.entries()].filter(([key]) => key !== lower).reduce((sum, [, h]) => sum + utf8Length(h.name) + utf8Length(h.value), 0);
  if (others + utf8Length(name) + utf8Length(text) > MAX_RESPONSE_HEADER_BYTES) return refuse(name, 'custom response headers may not exceed 4 KB in total');
  headers.set(lower, { name, value: text });
  record.logs.push(`INFO - util.http.addResponseHeader(${JSON.stringify(name)}): accepted; the local runtime does not send custom response headers`);
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
