import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseForm } from 'qs';
import { SandboxCore, type SandboxAnswer } from './core';
import { StateFile } from './state';

/** Which browser origins may tokenize: a list, or any loopback origin (test rigs on free ports). */
export type BrowserOrigins = readonly string[] | 'loopback';

export interface SandboxServerOptions {
  /** 0 picks a free port. */
  port: number;
  dataDir: string;
  host: string;
  secretKey: string;
  browserOrigins: BrowserOrigins;
  log: (line: string) => void;
}

export interface SandboxServer {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;
const LOOPBACK_ORIGIN = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$/;

/**
 * CORS for tokenization only (the browser posts the card here so the API never sees it), and
 * only for the origins the web apps are served from. Every other endpoint wants the secret key,
 * which no browser page holds, so it answers no CORS at all: a page cannot even read a 401.
 */
function corsHeaders(origin: string | undefined, path: string, allowed: BrowserOrigins): Record<string, string> {
  if (!origin || path !== '/v1/tokens') return {};
  const ok = allowed === 'loopback' ? LOOPBACK_ORIGIN.test(origin) : allowed.includes(origin);
  if (!ok) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': 'content-type',
    'access-control-expose-headers': 'request-id',
    'access-control-max-age': '600',
    vary: 'Origin',
  };
}

class BadRequest extends Error {}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BadRequest('Request body too large.'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** JSON from browsers and tests, `a[b]=c` forms from Stripe's SDK (so StripeGateway can run against it). */
function parseBody(text: string, contentType: string | undefined): Record<string, unknown> {
  if (text.trim() === '') return {};
  if (contentType?.startsWith('application/x-www-form-urlencoded')) return parseForm(text) as Record<string, unknown>;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BadRequest('The request body is not valid JSON.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new BadRequest('The request body must be a JSON object.');
  return parsed as Record<string, unknown>;
}

function send(response: ServerResponse, answer: SandboxAnswer, cors: Record<string, string>): void {
  response.writeHead(answer.status, {
    ...cors,
    'content-type': 'application/json',
    'request-id': `req_${randomBytes(8).toString('hex')}`,
    ...(answer.replayed ? { 'idempotent-replayed': 'true' } : {}),
  });
  response.end(JSON.stringify(answer.body));
}

/**
 * The sandbox's HTTP server, in the calling process. startPaymentSandbox runs it in a child
 * process of its own (./process.ts), so a flood against it cannot stall the caller's event loop.
 */
export async function serveSandbox(options: SandboxServerOptions): Promise<SandboxServer> {
  const file = new StateFile(options.dataDir);
  const core = new SandboxCore(file, options.secretKey);
  const { log } = options;

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://sandbox');
    const method = request.method ?? 'GET';
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const cors = corsHeaders(request.headers.origin, path, options.browserOrigins);
    if (method === 'OPTIONS') {
      response.writeHead(cors['access-control-allow-origin'] ? 204 : 403, cors);
      response.end();
      return;
    }
    readBody(request)
      .then((text) => {
        const key = request.headers['idempotency-key'];
        const answer = core.handle({
          method,
          path,
          query: parseForm(url.search.slice(1)) as Record<string, unknown>,
          authorization: request.headers.authorization ?? null,
          body: parseBody(text, request.headers['content-type']),
          idempotencyKey: typeof key === 'string' && key !== '' ? key : null,
        });
        log(`${method} ${url.pathname} ${answer.status}${answer.replayed ? ' (replayed)' : ''}${answer.dropConnection ? ' (answer dropped)' : ''}`);
        if (answer.dropConnection) request.socket.destroy();
        else send(response, answer, cors);
      })
      .catch((error: unknown) => {
        const message = error instanceof BadRequest ? error.message : 'The sandbox failed to handle the request.';
        log(`${method} ${url.pathname} ${error instanceof BadRequest ? 400 : 500}: ${message}`);
        if (!response.headersSent) {
          send(response, { status: error instanceof BadRequest ? 400 : 500, body: { error: { type: error instanceof BadRequest ? 'invalid_request_error' : 'api_error', message } } }, cors);
        }
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          file.close();
          if (error) reject(error);
          else resolve();
        });
        server.closeAllConnections();
      }),
  };
}
