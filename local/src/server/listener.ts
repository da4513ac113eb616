import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
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

/**
 * Node's http server enforces headersTimeout and requestTimeout from a timer that only runs after
 * its own listen(); sockets handed over by 'connection' never get it, so these are enforced here.
 * The defaults are Node's (60 s, 300 s); TLS handshakes get the headers deadline too.
 */
export interface ListenerTimeouts {
  /** From accept (or the end of the previous response) to a request's complete headers. */
  headersTimeoutMs: number;
  /** From a request's headers to the last byte of its body. */
  requestTimeoutMs: number;
}

export const DEFAULT_LISTENER_TIMEOUTS: ListenerTimeouts = { headersTimeoutMs: 60_000, requestTimeoutMs: 300_000 };

/** What Node's own server writes when a request timer fires. */
const REQUEST_TIMEOUT_RESPONSE = 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n';

export interface DualProtocolListener {
  server: NetServer;
  /** Every raw socket still open, so shutdown can destroy what keep-alive or WebSockets hold. */
  sockets: ReadonlySet<Socket>;
}

function ignoreError(): void {}

export function createDualProtocolListener(
  httpServer: HttpServer,
  tls: { key: string; cert: string },
  timeouts: ListenerTimeouts = DEFAULT_LISTENER_TIMEOUTS,
): DualProtocolListener {
  const sockets = new Set<Socket>();
  const deadlines = new Map<Socket, NodeJS.Timeout>();
  const watched = new WeakSet<Socket>();

  function disarm(socket: Socket): void {
    const timer = deadlines.get(socket);
    if (timer) clearTimeout(timer);
    deadlines.delete(socket);
  }

  /** Closes `socket` unless disarmed in time, with Node's 408 when nothing has been answered yet. */
  function arm(socket: Socket, ms: number, answered: () => boolean): void {
    disarm(socket);
    const timer = setTimeout(() => {
      deadlines.delete(socket);
      if (!answered() && socket.writable) socket.end(REQUEST_TIMEOUT_RESPONSE);
      socket.destroy();
    }, ms);
    timer.unref();
    deadlines.set(socket, timer);
    if (!watched.has(socket)) {
      watched.add(socket);
      socket.once('close', () => disarm(socket));
    }
  }

  const nothingAnswered = (): boolean => false;
  httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    arm(socket, timeouts.requestTimeoutMs, () => res.headersSent);
    req.once('end', () => disarm(socket));
    // A keep-alive socket waits for its next request's headers (idle ones Node closes at keepAliveTimeout).
    res.once('finish', () => {
      if (!socket.destroyed) arm(socket, timeouts.headersTimeoutMs, nothingAnswered);
    });
  });
  // A WebSocket is the real-time side's to keep alive or close.
  httpServer.on('upgrade', (req: IncomingMessage) => disarm(req.socket));

  const tlsServer = createTlsServer(
    { key: tls.key, cert: tls.cert, ALPNProtocols: ['http/1.1'], handshakeTimeout: timeouts.headersTimeoutMs },
    (secure: TLSSocket) => {
      arm(secure, timeouts.headersTimeoutMs, nothingAnswered);
      httpServer.emit('connection', secure);
    },
  );
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
      // From here the TLS server's handshakeTimeout, then the TLS socket's own deadline, apply.
      disarm(socket);
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
    // A socket that never sends a byte, or never finishes its first request's headers.
    arm(socket, timeouts.headersTimeoutMs, nothingAnswered);
    route(socket);
  });
  return { server, sockets };
}
