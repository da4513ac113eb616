import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { QueueRegistry } from '../registry';
import { dispatch, type ProtocolReply } from './protocol';

/**
 * A loopback HTTP endpoint for the local queues, so a handler using `@aws-sdk/client-sqs` runs
 * unmodified (`AWS_ENDPOINT_URL_SQS`, or the queue URL itself: the SDK sends each request to the
 * host of its QueueUrl). Signatures are not verified: anyone on 127.0.0.1 may call it.
 */
export interface SqsEndpoint {
  url: string;
  close(): Promise<void>;
}

/** SQS requests are at most 1 MiB of messages plus JSON framing. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

export async function startSqsEndpoint(queues: QueueRegistry, options: { port?: number } = {}): Promise<SqsEndpoint> {
  let url = '';
  const open = new Set<AbortController>();
  const server = createServer((req, res) => {
    const aborted = new AbortController();
    open.add(aborted);
    // A client that gives up on a long poll must not leave the receive holding messages for it.
    res.once('close', () => {
      aborted.abort();
      open.delete(aborted);
    });
    void handle(req, res, aborted.signal);
  });

  async function handle(req: IncomingMessage, res: ServerResponse, signal: AbortSignal): Promise<void> {
    const reply = await readBody(req).then(
      async (text): Promise<ProtocolReply> => {
        let body: unknown;
        try {
          body = text === '' ? {} : JSON.parse(text);
        } catch {
          return { status: 400, body: { __type: 'com.amazonaws.sqs#InvalidParameterValue', message: 'The request body is not valid JSON.' } };
        }
        if (typeof body !== 'object' || body === null || Array.isArray(body)) {
          return { status: 400, body: { __type: 'com.amazonaws.sqs#InvalidParameterValue', message: 'The request body must be a JSON object.' } };
        }
        const target = req.headers['x-amz-target'];
        return dispatch(queues, Array.isArray(target) ? target[0] : target, body as Record<string, unknown>, { endpoint: url, signal });
      },
      (): ProtocolReply => ({ status: 413, body: { __type: 'com.amazonaws.sqs#InvalidParameterValue', message: 'The request is too large.' } }),
    ).catch((): ProtocolReply => ({ status: 500, body: { __type: 'com.amazonaws.sqs#InternalError', message: 'We encountered an internal error. Please try again.' } }));
    if (res.writableEnded || res.destroyed) return;
    const text = JSON.stringify(reply.body);
    res.writeHead(reply.status, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': crypto.randomUUID(), ...reply.headers });
    res.end(text);
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    async close() {
      for (const controller of open) controller.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}
