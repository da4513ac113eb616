import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP proxy on loopback between the payments Lambda and the real payment sandbox that breaks
 * charges on demand: `pass` forwards, `hang` holds the request unanswered, `503` answers 503
 * without forwarding (nothing charged), `charge-then-503` forwards (the charge is made) and then
 * answers 503 in place of the sandbox's answer. The mode applies to charges and refunds (the
 * money moves); token requests and charge listings always pass.
 */
export type FaultMode = 'pass' | 'hang' | '503' | 'charge-then-503';

export interface FaultProxy {
  url: string;
  mode: FaultMode;
  /** Charge and refund requests that reached the proxy, whatever it did with them. */
  chargeAttempts: number;
  close(): Promise<void>;
}

function unavailable(response: ServerResponse): void {
  response.writeHead(503, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ error: { type: 'api_error', message: 'Service unavailable (injected by the test).' } }));
}

export async function startFaultProxy(targetUrl: string): Promise<FaultProxy> {
  const target = new URL(targetUrl);
  const held: ServerResponse[] = [];
  const forward = (incoming: IncomingMessage, body: Buffer, answer: (status: number, headers: IncomingMessage['headers'], payload: Buffer) => void) => {
    const outgoing = request({ host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: target.host } }, (reply) => {
      const chunks: Buffer[] = [];
      reply.on('data', (chunk: Buffer) => chunks.push(chunk));
      reply.on('end', () => answer(reply.statusCode ?? 502, reply.headers, Buffer.concat(chunks)));
    });
    outgoing.end(body);
  };
  const proxy: FaultProxy = {
    url: '',
    mode: 'pass',
    chargeAttempts: 0,
    close: async () => {
      for (const response of held) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const isCharge = incoming.method === 'POST' && /^\/v1\/(charges|refunds)/.test(incoming.url ?? '');
      if (isCharge) proxy.chargeAttempts += 1;
      const mode = isCharge ? proxy.mode : 'pass';
      if (mode === 'hang') {
        held.push(response);
        return;
      }
      if (mode === '503') {
        unavailable(response);
        return;
      }
      forward(incoming, body, (status, headers, payload) => {
        if (mode === 'charge-then-503') {
          unavailable(response);
          return;
        }
        response.writeHead(status, headers);
        response.end(payload);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
