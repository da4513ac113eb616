import { SUBPROTOCOL } from './protocol';

/**
 * What a WebSocket upgrade request tells the real-time side: the auth header map and the path
 * IAM signatures cover. Both transports AppSync accepts are read:
 * - `Sec-WebSocket-Protocol: graphql-ws, header-<base64url(JSON)>` (aws-amplify v6, unpadded);
 * - `?header=<base64(JSON)>&payload=e30=` (aws-amplify v5, aws-appsync-subscription-link).
 * Other query parameters are custom headers (amplify v6 sends non-auth headers that way).
 */
export interface Handshake {
  /** Lower-cased header map: the decoded auth headers over the custom query headers. */
  headers: Record<string, string>;
  /** False when the client did not offer `graphql-ws`: AppSync answers SubProtocolNotSupportedError. */
  subprotocolOffered: boolean;
  /** The GraphQL endpoint's path, e.g. /graphql for /graphql/realtime. */
  graphqlPath: string;
  /** Set when a header map was present but could not be decoded. */
  malformed?: string;
}

const HEADER_PREFIX = 'header-';
const RESERVED_QUERY = new Set(['header', 'payload']);
/**
 * Credentials travel only in the header map (the `header` parameter or the `header-` subprotocol):
 * that is the only place the AppSync guide ("Building a real-time WebSocket client", handshake
 * details per authorization mode) puts them, and amplify v6 sends only non-auth custom headers as
 * query parameters. A credential in the URL would land in proxy and server logs and browser
 * history, so such a parameter is ignored; a client that relies on `?authorization=` is then
 * answered as having sent no credential (connection_error, UnauthorizedException, 401).
 */
const CREDENTIAL_QUERY = new Set(['authorization', 'x-api-key', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256', 'host']);

/** The GraphQL path a real-time path belongs to: amplify appends `/realtime` to the endpoint. */
export function graphqlPathOf(realtimePath: string): string {
  return realtimePath.endsWith('/realtime') ? realtimePath.slice(0, -'/realtime'.length) || '/' : realtimePath;
}

function decodeHeaderJson(encoded: string): Record<string, string> | string {
  // Node's base64 decoder accepts both alphabets and missing padding, which covers base64url.
  const text = Buffer.from(encoded, 'base64').toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'the header map is not base64-encoded JSON';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'the header map is not a JSON object';
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value === 'string') headers[key.toLowerCase()] = value;
  }
  return headers;
}

/** Splits a raw query string without turning `+` into a space: legacy clients send raw base64. */
function rawQueryParams(search: string): Array<[string, string]> {
  const query = search.startsWith('?') ? search.slice(1) : search;
  if (query === '') return [];
  return query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    return [safeDecode(key), safeDecode(value)];
  });
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function readHandshake(requestUrl: string, offeredProtocols: readonly string[]): Handshake {
  const url = new URL(requestUrl, 'http://localhost');
  const params = rawQueryParams(url.search);
  const headers: Record<string, string> = {};
  for (const [key, value] of params) {
    const name = key.toLowerCase();
    if (!RESERVED_QUERY.has(name) && !CREDENTIAL_QUERY.has(name)) headers[name] = value;
  }

  const fromProtocol = offeredProtocols.find((p) => p.startsWith(HEADER_PREFIX));
  const fromQuery = params.find(([key]) => key === 'header')?.[1];
  const encoded = fromProtocol !== undefined ? fromProtocol.slice(HEADER_PREFIX.length) : fromQuery;

  const handshake: Handshake = {
    headers,
    subprotocolOffered: offeredProtocols.includes(SUBPROTOCOL),
    graphqlPath: graphqlPathOf(url.pathname),
  };
  if (encoded === undefined || encoded === '') return handshake;
  const decoded = decodeHeaderJson(encoded);
  if (typeof decoded === 'string') return { ...handshake, malformed: decoded };
  return { ...handshake, headers: { ...headers, ...decoded } };
}
