import WebSocket from 'ws';
import { encodeHeader, type Frame } from './harness';

/** A raw protocol client over `ws`: collects frames and waits for the ones a test expects. */
export class ProtocolClient {
  readonly frames: Frame[] = [];
  private waiters: Array<{ predicate: (frame: Frame) => boolean; resolve: (frame: Frame) => void }> = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Frame;
      this.frames.push(frame);
      this.waiters = this.waiters.filter((waiter) => {
        if (!waiter.predicate(frame)) return true;
        waiter.resolve(frame);
        return false;
      });
    });
    this.closed = new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }

  static open(url: string, protocols: string[], ca: string): Promise<ProtocolClient> {
    const socket = new WebSocket(url, protocols, { ca });
    const client = new ProtocolClient(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(client));
      socket.once('error', reject);
    });
  }

  /**
   * Opens a connection to `server` authorized by an Authorization header (as Amplify sends a JWT
   * or a Lambda authorizer's token: in the `header-` subprotocol, with the API's host) and sends
   * connection_init.
   */
  static async initWithAuthorization(server: { httpUrl: string; realtimeUrl: string; caPem: string }, authorization: string): Promise<ProtocolClient> {
    const client = await ProtocolClient.open(server.realtimeUrl, ['graphql-ws', encodeHeader({ Authorization: authorization, host: new URL(server.httpUrl).host })], server.caPem);
    client.send({ type: 'connection_init' });
    return client;
  }

  send(frame: Frame): void {
    this.socket.send(JSON.stringify(frame));
  }

  /** The first frame (already received or upcoming) that satisfies the predicate. */
  next(predicate: (frame: Frame) => boolean): Promise<Frame> {
    const seen = this.frames.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ predicate, resolve }));
  }

  close(): Promise<{ code: number; reason: string }> {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) this.socket.close(1000);
    return this.closed;
  }
}
