import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseForm } from 'qs';
import { SandboxCore, type SandboxAnswer } from './core';
import { StateFile } from './state';

export interface PaymentSandboxOptions {
  /** 0 picks a free port. */
  port: number;
  /** Where the state file lives; the same dir after a restart keeps tokens, charges and refunds. */
  dataDir: string;
  /** Defaults to 127.0.0.1: the sandbox is for this machine only. */
  host?: string;
  /** One line per request (method, path, status); bodies are never logged, so no card data is. */
  log?: (line: string) => void;
}

export interface RunningPaymentSandbox {
  /** e.g. http://127.0.0.1:4010, without a trailing slash. */
  url: string;
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;

// Open to every origin: the browser tokenizes the card here directly, so the API never sees it.
const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, idempotency-key',
  'access-control-expose-headers': 'idempotent-replayed, request-id',
  'access-control-max-age': '600',
};

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

function send(response: ServerResponse, answer: SandboxAnswer): void {
  response.writeHead(answer.status, {
    ...CORS_HEADERS,
    'content-type': 'application/json',
    'request-id': `req_${randomBytes(8).toString('hex')}`,
    ...(answer.replayed ? { 'idempotent-replayed': 'true' } : {}),
  });
  response.end(JSON.stringify(answer.body));
}

/**
 * Starts the local payment gateway (see payment-sandbox/README.md for its API and test cards).
 * `npm start` and the API tests run it; the payments Lambda reaches it at PAYMENT_SANDBOX_URL.
 */
export async function startPaymentSandbox(options: PaymentSandboxOptions): Promise<RunningPaymentSandbox> {
  const core = new SandboxCore(new StateFile(options.dataDir));
  const log = options.log ?? (() => undefined);

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://sandbox');
    const method = request.method ?? 'GET';
    if (method === 'OPTIONS') {
      response.writeHead(204, CORS_HEADERS);
      response.end();
      return;
    }
    readBody(request)
      .then((text) => {
        const key = request.headers['idempotency-key'];
        const answer = core.handle({
          method,
          path: url.pathname.replace(/\/+$/, '') || '/',
          body: parseBody(text, request.headers['content-type']),
          idempotencyKey: typeof key === 'string' && key !== '' ? key : null,
        });
        log(`${method} ${url.pathname} ${answer.status}${answer.replayed ? ' (replayed)' : ''}${answer.dropConnection ? ' (answer dropped)' : ''}`);
        if (answer.dropConnection) request.socket.destroy();
        else send(response, answer);
      })
      .catch((error: unknown) => {
        const message = error instanceof BadRequest ? error.message : 'The sandbox failed to handle the request.';
        log(`${method} ${url.pathname} ${error instanceof BadRequest ? 400 : 500}: ${message}`);
        if (!response.headersSent) send(response, { status: error instanceof BadRequest ? 400 : 500, body: { error: { type: error instanceof BadRequest ? 'invalid_request_error' : 'api_error', message } } });
      });
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
