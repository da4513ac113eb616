import { type IncomingMessage, type ServerResponse, createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RealtimeHub, type RealtimeHubConfig, createRealtimeHub } from '../realtime/hub';
import { createDualProtocolListener, DEFAULT_LISTENER_TIMEOUTS, type ListenerTimeouts } from './listener';
import { attachRealtimeWebSocket } from './realtime-ws';
import { ensureLocalTls } from './tls';
import { urlHost } from '../services/free-port';

export interface StartServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Interface to bind; defaults to 127.0.0.1 (the certificate also covers localhost and ::1). */
  host?: string;
  /** Git-ignored folder for the local CA and certificate, e.g. `.local/tls`. */
  tlsDir: string;
  /** Serves every plain HTTP and HTTPS request (GraphQL over HTTP and anything else). */
  handleHttp: (request: IncomingMessage, response: ServerResponse) => void;
  /** The real-time side: the runtime's SubscriptionEngine, authenticator and protocol options. */
  realtime: RealtimeHubConfig;
  /** The GraphQL endpoint's path; the real-time endpoint is this plus /realtime. */
  graphqlPath?: string;
  /** Slow and silent clients' deadlines; Node's defaults unless a test shortens them. */
  timeouts?: ListenerTimeouts;
}

export interface RunningServer {
  port: number;
  /** http://host:port/graphql */
  httpUrl: string;
  /** https://host:port/graphql: a browser user opens this once and accepts the certificate. */
  httpsUrl: string;
  /** wss://host:port/graphql/realtime, what aws-amplify v6 derives from either URL. */
  realtimeUrl: string;
  /** The local CA that signed the certificate; Node clients pass it as `ca`. */
  caPem: string;
  /** base64 sha256 of the leaf's SubjectPublicKeyInfo (Chromium's --ignore-certificate-errors-spki-list). */
  spkiSha256: string;
  hub: RealtimeHub;
  /** Closes the listener, every socket (HTTP keep-alive, TLS, WebSocket) and every timer. */
  close(): Promise<void>;
}


export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const graphqlPath = options.graphqlPath ?? '/graphql';
  const tls = ensureLocalTls(options.tlsDir);

  const httpServer = createHttpServer(options.handleHttp);
  const hub = createRealtimeHub(options.realtime);
  const disposeRealtime = attachRealtimeWebSocket(httpServer, hub, { path: `${graphqlPath}/realtime` });
  const { server, sockets } = createDualProtocolListener(httpServer, { key: tls.keyPem, cert: tls.certPem }, options.timeouts ?? DEFAULT_LISTENER_TIMEOUTS);

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await disposeRealtime();
    throw error;
  }

  const { port } = server.address() as AddressInfo;
  const base = `${urlHost(host)}:${port}${graphqlPath}`;
  let closing: Promise<void> | null = null;

  return {
    port,
    httpUrl: `http://${base}`,
    httpsUrl: `https://${base}`,
    realtimeUrl: `wss://${base}/realtime`,
    caPem: tls.caPem,
    spkiSha256: tls.spkiSha256,
    hub,
    close() {
      closing ??= (async () => {
        const listenerClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        await disposeRealtime();
        for (const socket of sockets) socket.destroy();
        await listenerClosed;
      })();
      return closing;
    },
  };
}
