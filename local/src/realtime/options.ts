import { Limits } from './protocol';

/** Something worth a log line; AppSync would write these to CloudWatch, not to the client. */
export type RealtimeDiagnostic =
  | { kind: 'payload-too-large'; subscriptionField: string; mutationField: string; bytes: number; limit: number }
  | { kind: 'slow-consumer'; bufferedBytes: number; limit: number }
  | { kind: 'render-failed'; subscriptionField: string; error: unknown }
  | { kind: 'auth-failed'; error: unknown }
  | { kind: 'start-failed'; error: unknown };

export interface RealtimeOptions {
  /** Interval of "ka" messages. amplify v6 flags the connection after 65 s without one. */
  keepAliveIntervalMs: number;
  /** Promised in connection_ack; must exceed keepAliveIntervalMs. */
  connectionTimeoutMs: number;
  /** A connection that sends neither connection_init nor start within this time is closed. */
  initTimeoutMs: number;
  maxSubscriptionsPerConnection: number;
  /**
   * Open sockets per peer address, authenticated or not; the next one gets LimitExceededError and
   * is closed at once. Everything local shares 127.0.0.1, so this also bounds the whole server.
   */
  maxConnectionsPerSourceIp: number;
  /** Open connections per identity (see quotaIdentity); the next one fails its handshake. */
  maxConnectionsPerIdentity: number;
  /** Started subscriptions per identity across all its connections, pending starts included. */
  maxSubscriptionsPerIdentity: number;
  /** Deliveries whose payload exceeds this are dropped, as AppSync drops them. */
  maxPayloadBytes: number;
  /** When a client reads so slowly that this many bytes wait in its send buffer, it is closed. */
  maxBufferedBytes: number;
  onDiagnostic: (diagnostic: RealtimeDiagnostic) => void;
}

/** One log line per diagnostic. */
export function describeDiagnostic(diagnostic: RealtimeDiagnostic): string {
  switch (diagnostic.kind) {
    case 'payload-too-large':
      return `[realtime] dropped a ${diagnostic.subscriptionField} delivery of ${diagnostic.mutationField}: payload of ${diagnostic.bytes} bytes exceeds ${diagnostic.limit}`;
    case 'slow-consumer':
      return `[realtime] closed a slow client: ${diagnostic.bufferedBytes} bytes waiting (limit ${diagnostic.limit})`;
    case 'render-failed':
      return `[realtime] could not render a ${diagnostic.subscriptionField} delivery: ${String(diagnostic.error)}`;
    case 'auth-failed':
      return `[realtime] the authenticator failed: ${String(diagnostic.error)}`;
    case 'start-failed':
      return `[realtime] a subscription failed to start: ${String(diagnostic.error)}`;
  }
}

export const defaultRealtimeOptions: RealtimeOptions = {
  keepAliveIntervalMs: 30_000,
  connectionTimeoutMs: Limits.connectionTimeoutMs,
  initTimeoutMs: 30_000,
  maxSubscriptionsPerConnection: Limits.subscriptionsPerConnection,
  // Ours (AppSync's connection quotas are per account): far above what a browser tab or a device
  // needs (amplify v6 multiplexes every subscription of a client over one socket), far below what
  // exhausts one process. Load tests that want more set them explicitly.
  maxConnectionsPerSourceIp: 500,
  maxConnectionsPerIdentity: 50,
  maxSubscriptionsPerIdentity: 500,
  maxPayloadBytes: Limits.payloadBytes,
  maxBufferedBytes: 4 * 1024 * 1024,
  // AppSync reports these in CloudWatch, never to the client; locally the console is the log.
  onDiagnostic: (diagnostic) => console.warn(describeDiagnostic(diagnostic)),
};

export function resolveRealtimeOptions(overrides: Partial<RealtimeOptions> = {}): RealtimeOptions {
  const options = { ...defaultRealtimeOptions, ...overrides };
  if (!(options.keepAliveIntervalMs > 0 && options.keepAliveIntervalMs < options.connectionTimeoutMs)) {
    throw new Error(
      `keepAliveIntervalMs (${options.keepAliveIntervalMs}) must be positive and below connectionTimeoutMs (${options.connectionTimeoutMs}): clients drop a connection that stays silent for connectionTimeoutMs`,
    );
  }
  for (const name of ['maxConnectionsPerSourceIp', 'maxConnectionsPerIdentity', 'maxSubscriptionsPerIdentity'] as const) {
    if (!(options[name] >= 1)) throw new Error(`${name} (${options[name]}) must be at least 1`);
  }
  return options;
}
