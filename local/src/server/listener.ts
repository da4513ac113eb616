import type { Server as HttpServer } from 'node:http';
import { type Server as NetServer, type Socket, createServer as createNetServer } from 'node:net';
import { type TLSSocket, createServer as createTlsServer } from 'node:tls';

/**
 * One TCP port that speaks both plain HTTP and HTTPS: the first byte of each connection decides
 * (0x16 opens a TLS handshake; an HTTP/1 request starts with a method name). Both kinds end up as
 * 'connection' events of the same node:http server, so its 'request' and 'upgrade' handlers serve
 * `http://…/graphql` (curl) and `wss://…/graphql/realtime` (aws-amplify v6) alike.
 *
 * The peek-and-unshift approach is the one @httptoolkit/httpolyglot uses; TLS sockets handle the
 * unshifted bytes because tls.Server reads a socket's buffered data first.
 */

const TLS_HANDSHAKE = 0x16;

export interface DualProtocolListener {
  server: NetServer;
  /** Every raw socket still open, so shutdown can destroy what keep-alive or WebSockets hold. */
  sockets: ReadonlySet<Socket>;
}

function ignoreError(): void {}

export function createDualProtocolListener(httpServer: HttpServer, tls: { key: string; cert: string }): DualProtocolListener {
  const sockets = new Set<Socket>();
  const tlsServer = createTlsServer({ key: tls.key, cert: tls.cert, ALPNProtocols: ['http/1.1'] }, (secure: TLSSocket) => {
    httpServer.emit('connection', secure);
  });
  // A client that rejects our certificate aborts the handshake; that is its choice, not a server fault.
  tlsServer.on('tlsClientError', (_error, socket) => socket.destroy());

  function route(socket: Socket): void {
    const head: Buffer | null = socket.read();
    if (head === null) {
      socket.once('readable', () => route(socket));
      return;
    }
    socket.removeListener('error', ignoreError);
    socket.unshift(head);
    if (head[0] === TLS_HANDSHAKE) {
      socket.allowHalfOpen = false;
      tlsServer.emit('connection', socket);
    } else {
      httpServer.emit('connection', socket);
    }
  }

  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    // Until a protocol owns the socket, a reset by the peer must not crash the process.
    socket.on('error', ignoreError);
    route(socket);
  });
  return { server, sockets };
}
