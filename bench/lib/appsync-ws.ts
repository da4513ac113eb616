/**
 * A lean AppSync real-time client over raw `ws`, light enough to hold thousands of connections in
 * the load-generating process. It speaks the protocol as aws-amplify v6 does (header map in a
 * `header-<base64url>` subprotocol) or as v5 and the amplify simulator expect (`?header=` query).
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

export interface RealtimeTarget {
  url: string;
  /** The auth header map, e.g. {host, x-api-key}. */
  auth: Record<string, string>;
  /** CA to trust for wss:// URLs. */
  ca?: string | null;
  transport: 'subprotocol' | 'query';
}

export type DataListener = (payload: unknown, receivedAt: number) => void;

interface Frame {
  type?: string;
  id?: string;
  payload?: unknown;
}

const TIMEOUT_MS = 15_000;

/** The auth header map for an API key, as amplify builds it. */
export function apiKeyAuth(httpUrl: string, apiKey: string): Record<string, string> {
  const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  return { host: new URL(httpUrl).host, 'x-amz-date': amzDate, 'x-api-key': apiKey };
}

export class RealtimeClient {
  private readonly listeners = new Map<string, DataListener>();
  private readonly starts = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
  /** Anything the server said that the bench did not expect. */
  readonly problems: string[] = [];
  readonly closed: Promise<void>;

  private constructor(
    private readonly socket: WebSocket,
    private readonly auth: Record<string, string>,
  ) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('message', (data) => {
      const receivedAt = performance.now();
      const frame = JSON.parse(String(data)) as Frame;
      if (frame.type === 'data' && frame.id !== undefined) {
        const listener = this.listeners.get(frame.id);
        if (listener) listener(frame.payload, receivedAt);
        else this.problems.push(`data for unknown subscription ${frame.id}`);
      } else if (frame.type === 'start_ack' && frame.id !== undefined) {
        this.starts.get(frame.id)?.resolve();
        this.starts.delete(frame.id);
      } else if (frame.type === 'error' && frame.id !== undefined && this.starts.has(frame.id)) {
        this.starts.get(frame.id)?.reject(new Error(`start ${frame.id} refused: ${JSON.stringify(frame.payload)}`));
        this.starts.delete(frame.id);
      } else if (frame.type !== 'ka' && frame.type !== 'complete') {
        this.problems.push(`unexpected frame ${String(data).slice(0, 300)}`);
      }
    });
  }

  /** Opens the socket and completes connection_init / connection_ack. */
  static connect(target: RealtimeTarget): Promise<RealtimeClient> {
    const encoded = Buffer.from(JSON.stringify(target.auth));
    const url =
      target.transport === 'query' ? `${target.url}?header=${encodeURIComponent(encoded.toString('base64'))}&payload=e30=` : target.url;
    const protocols = target.transport === 'query' ? ['graphql-ws'] : ['graphql-ws', `header-${encoded.toString('base64url')}`];
    const socket = new WebSocket(url, protocols, { ...(target.ca ? { ca: target.ca } : {}), perMessageDeflate: false });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.terminate();
        reject(new Error(`no connection_ack from ${target.url} within ${TIMEOUT_MS} ms`));
      }, TIMEOUT_MS);
      const fail = (error: Error): void => {
        clearTimeout(timer);
        socket.terminate();
        reject(error);
      };
      socket.once('error', fail);
      socket.once('unexpected-response', (_request, response) => fail(new Error(`upgrade refused with HTTP ${response.statusCode}`)));
      socket.once('open', () => {
        const onFirst = (data: WebSocket.RawData): void => {
          const frame = JSON.parse(String(data)) as Frame;
          if (frame.type === 'ka') {
            socket.once('message', onFirst);
            return;
          }
          clearTimeout(timer);
          socket.off('error', fail);
          if (frame.type !== 'connection_ack') {
            socket.terminate();
            reject(new Error(`expected connection_ack, got ${String(data).slice(0, 300)}`));
            return;
          }
          // Later errors surface as a close, which the scenario notices through `problems`.
          socket.on('error', () => undefined);
          resolve(new RealtimeClient(socket, target.auth));
        };
        socket.once('message', onFirst);
        socket.send(JSON.stringify({ type: 'connection_init' }));
      });
    });
  }

  /** Starts a subscription and resolves on its start_ack. */
  subscribe(id: string, query: string, variables: Record<string, unknown>, listener: DataListener): Promise<void> {
    this.listeners.set(id, listener);
    const acknowledged = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.starts.delete(id);
        reject(new Error(`no start_ack for ${id} within ${TIMEOUT_MS} ms`));
      }, TIMEOUT_MS);
      this.starts.set(id, {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
    this.socket.send(
      JSON.stringify({
        id,
        type: 'start',
        payload: { data: JSON.stringify({ query, variables }), extensions: { authorization: this.auth } },
      }),
    );
    return acknowledged;
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) this.socket.close(1000);
    return this.closed;
  }
}

/** Runs `task` over `items` with at most `limit` at a time. */
export async function inBatches<T>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
