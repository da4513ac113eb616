import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { readHandshake } from '../realtime/handshake';
import type { RealtimeHub } from '../realtime/hub';
import { SUBPROTOCOL } from '../realtime/protocol';

export interface RealtimeWebSocketOptions {
  /** Where clients connect; amplify v6 appends /realtime to the GraphQL endpoint. */
  path: string;
  /** Frames above this size close the socket (1009) before reaching the protocol core. */
  maxFrameBytes?: number;
  /** How long shutdown waits for clients to answer the close frame before cutting them off. */
  closeGraceMs?: number;
}

function offeredProtocols(request: IncomingMessage): string[] {
  const header = request.headers['sec-websocket-protocol'];
  if (header === undefined) return [];
  return header
    .split(',')
    .map((protocol) => protocol.trim())
    .filter((protocol) => protocol !== '');
}

function toText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function pathnameOf(target: string): string | null {
  try {
    return new URL(target, 'http://localhost').pathname;
  } catch {
    return null;
  }
}

function refuse(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * Wires the protocol core to the `ws` package: noServer mode on the HTTP server's 'upgrade' event,
 * subprotocol `graphql-ws` selected when offered. Returns a dispose function that closes every
 * client and detaches the listener.
 */
export function attachRealtimeWebSocket(
  httpServer: HttpServer,
  hub: RealtimeHub,
  options: RealtimeWebSocketOptions,
): () => Promise<void> {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxFrameBytes ?? 1024 * 1024,
    perMessageDeflate: false,
    // Without graphql-ws the socket still opens, so the client can read AppSync's
    // SubProtocolNotSupportedError instead of a failed handshake.
    handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  });

  function onConnection(ws: WebSocket, request: IncomingMessage): void {
    const handshake = readHandshake(request.url ?? '/', offeredProtocols(request));
    const connection = hub.connect(
      {
        send: (text) => ws.send(text),
        close: (code, reason) => ws.close(code, reason),
        bufferedAmount: () => ws.bufferedAmount,
      },
      handshake,
      request.socket.remoteAddress ?? null,
    );
    ws.on('message', (data, isBinary) => connection.receive(isBinary ? '' : toText(data), isBinary));
    ws.on('close', () => connection.transportClosed());
    // 'close' follows every 'error'; the core only needs to know the socket is gone.
    ws.on('error', () => connection.transportClosed());
  }

  function onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    // A request target URL cannot parse (`//%`) must not throw out of the 'upgrade' listener: an
    // exception there would end the process. It is answered as the HTTP side answers it.
    const pathname = pathnameOf(request.url ?? '/');
    if (pathname === null) {
      refuse(socket, '400 Bad Request');
      return;
    }
    if (pathname !== options.path) {
      refuse(socket, '404 Not Found');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => onConnection(ws, request));
  }

  httpServer.on('upgrade', onUpgrade);

  return async () => {
    httpServer.off('upgrade', onUpgrade);
    hub.dispose();
    const clients = [...wss.clients].filter((client) => client.readyState !== client.CLOSED);
    await new Promise<void>((resolve) => {
      if (clients.length === 0) {
        resolve();
        return;
      }
      const timer = setTimeout(() => {
        for (const client of clients) client.terminate();
        resolve();
      }, options.closeGraceMs ?? 1_000);
      let open = clients.length;
      for (const client of clients) {
        client.once('close', () => {
          open -= 1;
          if (open === 0) {
            clearTimeout(timer);
            resolve();
          }
        });
      }
    });
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  };
}
