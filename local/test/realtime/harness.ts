import type { RealtimeConnection } from '../../src/realtime/connection';
import { type Handshake, readHandshake } from '../../src/realtime/handshake';
import { type RealtimeHub, createRealtimeHub } from '../../src/realtime/hub';
import type { RealtimeDiagnostic, RealtimeOptions } from '../../src/realtime/options';
import type { Transport } from '../../src/realtime/transport';
import { type ToyEngineOptions, ToyEngine, toyAuthenticator } from './toy-engine';

export type Frame = Record<string, unknown>;

/** A transport that records what the core writes; its buffer level is set by the test. */
export class RecordingTransport implements Transport {
  readonly sent: string[] = [];
  closedWith: { code: number; reason: string } | null = null;
  buffered = 0;

  send(text: string): void {
    this.sent.push(text);
  }

  close(code: number, reason: string): void {
    this.closedWith ??= { code, reason };
  }

  bufferedAmount(): number {
    return this.buffered;
  }

  frames(): Frame[] {
    return this.sent.map((text) => JSON.parse(text) as Frame);
  }

  /** Frames received since the previous call. */
  private cursor = 0;
  take(): Frame[] {
    const frames = this.frames().slice(this.cursor);
    this.cursor = this.sent.length;
    return frames;
  }
}

/** Lets pending promise callbacks and setImmediate tasks (fan-out) run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

export const apiKeyHeaders = { host: 'localhost', 'x-api-key': 'good-key' };

export function encodeHeader(headers: Record<string, string>): string {
  return `header-${Buffer.from(JSON.stringify(headers)).toString('base64url')}`;
}

export function startFrame(id: string, query: string, variables: Record<string, unknown> = {}, authorization: Record<string, string> = apiKeyHeaders): string {
  return JSON.stringify({
    id,
    type: 'start',
    payload: { data: JSON.stringify({ query, variables }), extensions: { authorization } },
  });
}

export interface Session {
  engine: ToyEngine;
  hub: RealtimeHub;
  diagnostics: RealtimeDiagnostic[];
  auth: ReturnType<typeof toyAuthenticator>;
  open(options?: { protocols?: string[]; url?: string }): { transport: RecordingTransport; connection: RealtimeConnection; handshake: Handshake };
}

export function createSession(config: { engine?: ToyEngineOptions; options?: Partial<RealtimeOptions> } = {}): Session {
  const engine = new ToyEngine(config.engine);
  const diagnostics: RealtimeDiagnostic[] = [];
  const auth = toyAuthenticator();
  const hub = createRealtimeHub({
    engine,
    authenticate: auth.authenticate,
    options: { ...config.options, onDiagnostic: (d) => diagnostics.push(d) },
  });
  return {
    engine,
    hub,
    diagnostics,
    auth,
    open(options = {}) {
      const handshake = readHandshake(options.url ?? '/graphql/realtime', options.protocols ?? ['graphql-ws', encodeHeader(apiKeyHeaders)]);
      const transport = new RecordingTransport();
      const connection = hub.connect(transport, handshake, '127.0.0.1');
      return { transport, connection, handshake };
    },
  };
}
