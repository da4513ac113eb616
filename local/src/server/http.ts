import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { AppSyncError } from '../identity';
import { APPSYNC_FETCHER_PATH, appSyncFetcherScript } from './graphiql/fetcher-script';
import { GRAPHIQL_ASSETS, graphiqlPage } from './graphiql/page';
import { withCapture } from '../metering/capture';
import { Usage, usage } from '../metering/index';

/** The runtime as the HTTP transport sees it. */
export interface HttpApi {
  name: string;
  /** Authenticates, executes and answers one GraphQL request. */
  handleGraphql(input: {
    headers: Record<string, string>;
    body: string;
    path: string;
    method: string;
    query: URLSearchParams;
    sourceIp: string;
    /** The x-amzn-RequestId the response carries, for the request log to quote. */
    requestId?: string;
  }): Promise<{ status: number; body: unknown; headers?: Record<string, string> }>;
  /** Headers GraphiQL starts with (the local API key, if there is one). */
  graphiqlHeaders(): Record<string, string>;
}

/**
 * AppSync caps a request at 1 MB of query and variables; beyond that it does not parse the body.
 * Kept here so a huge body is refused before it is buffered whole.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, GET, OPTIONS',
  'access-control-allow-headers': 'content-type, authorization, x-api-key, x-amz-date, x-amz-security-token, x-amz-user-agent, x-amz-content-sha256',
  'access-control-max-age': '86400',
};

const requireFromHere = createRequire(import.meta.url);

/** Absolute paths of GraphiQL's files, found once; a missing one fails at start-up, not mid-response. */
function graphiqlAssetFiles(): Record<string, { path: string; type: string }> {
  const files: Record<string, { path: string; type: string }> = {};
  for (const [url, asset] of Object.entries(GRAPHIQL_ASSETS)) {
    const path = join(dirname(requireFromHere.resolve(`${asset.package}/package.json`)), asset.file);
    if (!existsSync(path)) throw new Error(`GraphiQL asset ${asset.package}/${asset.file} is missing; run npm install.`);
    files[url] = { path, type: asset.type };
  }
  return files;
}

function lowerCaseHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'x-amzn-requestid': randomUUID(),
    ...headers,
    ...CORS_HEADERS,
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * The body, or 'too-large' as soon as it passes the limit: the rest is never read (a chunked
 * body declares no length, so it is counted as it arrives), and the 413 closes the connection.
 */
function readBody(req: IncomingMessage): Promise<string | 'too-large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > MAX_BODY_BYTES) {
      req.pause();
      resolve('too-large');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.off('data', onData);
        req.pause();
        resolve('too-large');
      } else {
        chunks.push(chunk);
      }
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * The request target, or null when it is not a valid URI: a protocol-relative `//x`, or
 * percent-encoding that is not UTF-8 (`?query=%E0%A4%A`), which URLSearchParams would otherwise
 * turn silently into U+FFFD. AppSync's own answer is not published; a typed 400 is what it gives
 * every other request it cannot parse (graphql-over-http#81).
 */
function requestUrl(target: string): URL | null {
  try {
    const url = new URL(target, 'http://localhost');
    decodeURIComponent(url.pathname);
    for (const part of url.search.slice(1).split('&')) decodeURIComponent(part.replace(/\+/g, ' '));
    return url;
  } catch {
    return null;
  }
}

const error = (errorType: string, message: string): { errors: AppSyncError[] } => ({ errors: [{ errorType, message }] });

/**
 * The HTTP transport: routes, CORS, body limits and JSON framing. Everything GraphQL happens in
 * the runtime behind HttpApi, so this file knows nothing about schemas or resolvers.
 */
/** Where the usage meter's counters are served, to loopback clients only. */
export const USAGE_PATH = '/_local/usage';

function isLoopback(address: string | undefined): boolean {
  return address === '::1' || address?.startsWith('127.') === true || address?.startsWith('::ffff:127.') === true;
}

export function createHttpHandler(api: HttpApi, options: { staticHandler?: (req: IncomingMessage, res: ServerResponse) => boolean } = {}) {
  const assetFiles = graphiqlAssetFiles();
  return (req: IncomingMessage, res: ServerResponse): void => {
    void handle(req, res).catch(() => {
      // The exception's text describes the runtime, not the request: AppSync answers a bare 500.
      if (!res.headersSent) sendJson(res, 500, error('InternalFailure', 'An internal failure occurred.'));
      else res.destroy();
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestUrl(req.url ?? '/');
    if (!url) {
      sendJson(res, 400, error('MalformedHttpRequestException', 'The request URI is not valid.'));
      return;
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS_HEADERS);
      res.end();
      return;
    }
    if (url.pathname === '/graphql') {
      if (req.method !== 'POST' && req.method !== 'GET') {
        sendJson(res, 405, error('MethodNotAllowedException', 'Only POST and GET are supported on /graphql.'));
        return;
      }
      const body = req.method === 'POST' ? await readBody(req) : '';
      if (body === 'too-large') {
        // Answered before the whole body has arrived: close rather than reuse a connection that is
        // still carrying megabytes nobody will read (RFC 9110, 413).
        sendJson(res, 413, error('PayloadTooLargeException', `The request body exceeds the maximum size of ${MAX_BODY_BYTES} bytes.`), { connection: 'close' });
        // Node would keep reading the unread rest to find the next request; nobody will read it.
        res.once('finish', () => req.socket.destroy());
        return;
      }
      const requestId = randomUUID();
      const method = req.method;
      const out = await withCapture(body, () =>
        api.handleGraphql({
          headers: lowerCaseHeaders(req),
          body,
          path: url.pathname,
          method,
          query: url.searchParams,
          sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
          requestId,
        }),
      );
      usage.add(Usage.appsyncRequests);
      // util.http.addResponseHeader(s) headers go first: the runtime's own headers (request id, CORS,
      // content type) always win, and the realm already refuses those names.
      sendJson(res, out.status, out.body, { ...out.headers, 'x-amzn-requestid': requestId });
      return;
    }
    if (req.method === 'GET' && url.pathname === USAGE_PATH && isLoopback(req.socket.remoteAddress)) {
      // The usage meter (local/docs/metering.md); local only, so never served to another host.
      sendJson(res, 200, usage.snapshot(), { 'cache-control': 'no-store' });
      return;
    }
    if (req.method === 'GET' && (url.pathname === '/graphiql' || url.pathname === '/graphiql/')) {
      const html = graphiqlPage({ apiName: api.name, defaultHeaders: api.graphiqlHeaders() });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(html);
      return;
    }
    if (req.method === 'GET' && url.pathname === APPSYNC_FETCHER_PATH) {
      const script = await appSyncFetcherScript();
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      res.end(script);
      return;
    }
    const asset = assetFiles[url.pathname];
    if (req.method === 'GET' && asset) {
      res.writeHead(200, { 'content-type': asset.type, 'cache-control': 'public, max-age=3600' });
      createReadStream(asset.path).pipe(res);
      return;
    }
    if (options.staticHandler?.(req, res)) return;
    sendJson(res, 404, error('NotFoundException', `No route for ${req.method ?? 'GET'} ${url.pathname}.`));
  }
}
