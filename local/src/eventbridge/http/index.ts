import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IamCredential } from '../../config';
import { verifyIamSignature } from '../../auth/iam-sigv4';
import { EventBridgeServiceError, type EventBus } from '../bus/index';
import { EventBridgeOperations, type JsonObject } from './operations';

/**
 * The local buses over HTTP, in the AWS JSON 1.1 protocol, so `@aws-sdk/client-eventbridge` (and
 * any Lambda using it) reaches them with only `endpoint` changed: POST /, `X-Amz-Target:
 * AWSEvents.<Operation>`, a JSON body; errors are `{ "__type", "message" }` with a 4xx/5xx status
 * (https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html). When credentials are configured,
 * requests must carry a valid SigV4 signature for service `events`.
 */

export interface EventBridgeServerOptions {
  buses: readonly EventBus[];
  host?: '127.0.0.1';
  port?: number;
  /** Long-term keys allowed to call; without them any caller is accepted. */
  iam?: { credentials: readonly IamCredential[]; region: string };
}

export interface EventBridgeServer {
  endpoint: string;
  close(): Promise<void>;
}

const CONTENT_TYPE = 'application/x-amz-json-1.1';
const TARGET_PREFIX = 'AWSEvents.';
/**
 * 256 KB of entries plus their JSON escaping fit well inside 1 MiB; a bigger body is refused before
 * it is buffered (a local bound: AWS does not publish its HTTP body limit).
 */
const MAX_BODY_BYTES = 1024 * 1024;

class BodyTooLarge extends Error {}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: JsonObject): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  });
  response.end(text);
}

const sendError = (response: ServerResponse, status: number, type: string, message: string): void =>
  send(response, status, { __type: type, message });

function lowerCaseHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
}

export async function startEventBridgeServer(options: EventBridgeServerOptions): Promise<EventBridgeServer> {
  const operations = new EventBridgeOperations(options.buses);

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.method !== 'POST') {
      return sendError(response, 405, 'UnknownOperationException', 'Only POST is supported.');
    }
    let body: string;
    try {
      body = await readBody(request);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        return sendError(response, 413, 'RequestEntityTooLargeException', 'Request body is too large.');
      }
      throw error;
    }
    const headers = lowerCaseHeaders(request);
    if (options.iam) {
      if (!headers.authorization) {
        return sendError(response, 400, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
      }
      const url = new URL(request.url ?? '/', 'http://localhost');
      const verified = await verifyIamSignature(
        headers,
        { method: 'POST', path: url.pathname, query: url.searchParams, body },
        { ...options.iam, service: 'events' },
        request.socket.remoteAddress ?? '127.0.0.1',
        new Date(),
      );
      if (!verified.ok) {
        const [failure] = verified.failure.errors;
        return sendError(response, verified.failure.status, failure.errorType, failure.message);
      }
    }
    const target = headers['x-amz-target'] ?? '';
    if (!target.startsWith(TARGET_PREFIX)) {
      return sendError(response, 400, 'UnknownOperationException', `Unknown X-Amz-Target '${target}'.`);
    }
    let input: unknown;
    try {
      input = body === '' ? {} : JSON.parse(body);
    } catch {
      return sendError(response, 400, 'SerializationException', 'The request body is not valid JSON.');
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      return sendError(response, 400, 'SerializationException', 'The request body must be a JSON object.');
    }
    try {
      send(response, 200, await operations.run(target.slice(TARGET_PREFIX.length), input as JsonObject));
    } catch (error) {
      if (error instanceof EventBridgeServiceError) return sendError(response, error.status, error.type, error.message);
      throw error;
    }
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      // No exception text leaves the process: it could carry paths or event contents.
      if (!response.headersSent) sendError(response, 500, 'InternalException', 'An internal error occurred.');
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
