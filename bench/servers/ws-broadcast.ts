/**
 * The floor for fan-out: a raw `ws` server over the same TLS certificate that does the least any
 * server must do. It answers connection_init and start just enough for the bench's client, and on
 * POST /publish answers the request, then (in a setImmediate, as our runtime does) sends every
 * subscription the same data frame bytes our runtime would send, with no GraphQL, auth or filtering.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { ensureLocalTls } from '../../local/src/server/tls';
import { host, readOptions } from '../lib/host';

export interface BroadcastServerOptions {
  tlsDir: string;
  /** The subscription field the data frames name, e.g. onPublish. */
  field: string;
}

export interface BroadcastServerInfo {
  publishUrl: string;
  realtimeUrl: string;
  caPem: string;
}

host<BroadcastServerInfo>(async () => {
  const options = readOptions<BroadcastServerOptions>();
  const tls = ensureLocalTls(options.tlsDir);
  const subscriptions = new Map<WebSocket, string[]>();

  const broadcast = (eventJson: string): void => {
    const tail = `","type":"data","payload":{"data":{${JSON.stringify(options.field)}:${eventJson}}}}`;
    for (const [socket, ids] of subscriptions) {
      for (const id of ids) socket.send(`{"id":"${id}${tail}`);
    }
  };

  const server = createServer({ key: tls.keyPem, cert: tls.certPem }, (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      response.end(body);
      setImmediate(() => broadcast(body));
    });
  });
  const wss = new WebSocketServer({
    server,
    path: '/graphql/realtime',
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has('graphql-ws') ? 'graphql-ws' : false),
  });
  wss.on('connection', (socket) => {
    subscriptions.set(socket, []);
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type?: string; id?: string };
      if (frame.type === 'connection_init') socket.send('{"type":"connection_ack","payload":{"connectionTimeoutMs":300000}}');
      else if (frame.type === 'start' && typeof frame.id === 'string') {
        subscriptions.get(socket)?.push(frame.id);
        socket.send(JSON.stringify({ id: frame.id, type: 'start_ack' }));
      }
    });
    socket.on('close', () => subscriptions.delete(socket));
    socket.on('error', () => subscriptions.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    info: { publishUrl: `https://127.0.0.1:${port}/publish`, realtimeUrl: `wss://127.0.0.1:${port}/graphql/realtime`, caPem: tls.caPem },
    commands: { connections: () => subscriptions.size },
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
});
