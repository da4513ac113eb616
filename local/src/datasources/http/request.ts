import { validateHeaderName, validateHeaderValue } from 'node:http';

/**
 * The request an HTTP resolver returns, checked and turned into the call AppSync makes, as the
 * "JavaScript resolver function reference for HTTP" gives it:
 *   { method: 'PUT' | 'POST' | 'GET' | 'DELETE' | 'PATCH', resourcePath,
 *     params?: { query?, headers?, body? }, version? }
 * The URL is the data source's endpoint followed by resourcePath; query entries become the query
 * string; a string body goes as UTF-8, any other body as its JSON text (AWS's own tutorial and
 * samples pass objects, e.g. `body: ctx.args.userInput`). Pure: no I/O here.
 */

export const METHODS = ['PUT', 'POST', 'GET', 'DELETE', 'PATCH'] as const;

/**
 * "You can't set the following HTTP headers: HOST CONNECTION USER-AGENT EXPECTATION
 * TRANSFER_ENCODING CONTENT_LENGTH" (the reference); the transport sets them itself, so a resolver's
 * values are dropped rather than sent twice. EXPECTATION is taken to mean the Expect header.
 */
const UNSETTABLE = new Set(['host', 'connection', 'user-agent', 'expect', 'expectation', 'transfer-encoding', 'content-length']);

export interface OutgoingRequest {
  /** One of METHODS; the OpenSearch data source also sends HEAD. */
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string | undefined;
}

export class HttpRequestShapeError extends Error {
  override name = 'HttpRequestShapeError';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** AppSync's wording for a required field that is missing (its troubleshooting guide). */
function missing(field: string): HttpRequestShapeError {
  return new HttpRequestShapeError(`Value for field '$[${field}]' not found.`);
}

/** Query values are strings in the reference; numbers and booleans (as samples pass) go as their text. */
function queryValue(key: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new HttpRequestShapeError(`params.query.${key} must be a string.`);
}

/**
 * Percent-encoding as RFC 3986 (and SigV4's canonical form) has it: a space is %20, never '+', so
 * the query the server reads is the one that was signed.
 */
export function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Joins the endpoint (which may carry a base path) and the resource path with exactly one slash. */
export function joinUrl(endpoint: string, resourcePath: string): URL {
  const base = new URL(endpoint);
  const basePath = base.pathname.replace(/\/+$/, '');
  const [path = '', search] = resourcePath.split('?', 2);
  base.pathname = `${basePath}/${path.replace(/^\/+/, '')}`;
  if (search !== undefined) base.search = search;
  return base;
}

export function toOutgoingRequest(endpoint: string, request: unknown): OutgoingRequest {
  if (!isObject(request)) throw new HttpRequestShapeError('The request must be an object.');
  if (request.method === undefined || request.method === null) throw missing('method');
  const method = String(request.method).toUpperCase();
  if (!(METHODS as readonly string[]).includes(method)) {
    throw new HttpRequestShapeError(`Unsupported method '${String(request.method)}'. HTTP data sources support ${METHODS.join(', ')}.`);
  }
  if (request.resourcePath === undefined || request.resourcePath === null) throw missing('resourcePath');
  if (typeof request.resourcePath !== 'string') throw new HttpRequestShapeError('resourcePath must be a string.');
  const params = request.params ?? {};
  if (!isObject(params)) throw new HttpRequestShapeError('params must be an object.');

  const url = joinUrl(endpoint, request.resourcePath);
  if (params.query !== undefined && params.query !== null) {
    if (!isObject(params.query)) throw new HttpRequestShapeError('params.query must be an object.');
    const pairs = url.search === '' ? [] : [url.search.slice(1)];
    for (const [key, value] of Object.entries(params.query)) {
      if (value === undefined || value === null) continue;
      for (const one of Array.isArray(value) ? value : [value]) pairs.push(`${rfc3986(key)}=${rfc3986(queryValue(key, one))}`);
    }
    url.search = pairs.join('&');
  }

  const headers: Record<string, string> = {};
  if (params.headers !== undefined && params.headers !== null) {
    if (!isObject(params.headers)) throw new HttpRequestShapeError('params.headers must be an object.');
    for (const [name, value] of Object.entries(params.headers)) {
      if (value === undefined || value === null) continue;
      if (typeof value !== 'string') throw new HttpRequestShapeError(`params.headers.${name} must be a string.`);
      try {
        // Node refuses these when sending; caught here, they are the resolver's error, not the runtime's.
        validateHeaderName(name);
        validateHeaderValue(name, value);
      } catch {
        throw new HttpRequestShapeError(`params.headers.${name} is not a valid HTTP header (a name is a token; a value has no line breaks).`);
      }
      if (!UNSETTABLE.has(name.toLowerCase())) headers[name] = value;
    }
  }

  const raw = params.body;
  const body = raw === undefined || raw === null ? undefined : typeof raw === 'string' ? raw : JSON.stringify(raw);
  return { method, url, headers, body };
}
