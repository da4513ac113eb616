import type { AuthMode } from './appsync-auth';
import type { Frame } from './harness';
import { ProtocolClient } from './ws-client';

export interface ConnectOptions {
  ca: string;
  auth: AuthMode;
  /** `subprotocol` (amplify v6: `header-<base64url>`) or `query` (legacy `?header=&payload=e30=`). */
  transport?: 'subprotocol' | 'query';
}

/**
 * A raw AppSync real-time client for tests that need to see every frame: it connects with a given
 * auth mode, starts subscriptions with per-start auth, and files what arrives by subscription id.
 */
export class Subscriber {
  private constructor(
    readonly client: ProtocolClient,
    readonly auth: AuthMode,
  ) {}

  static async connect(realtimeUrl: string, options: ConnectOptions): Promise<Subscriber> {
    const headers = await options.auth.connect();
    const client =
      options.transport === 'query'
        ? await ProtocolClient.open(
            `${realtimeUrl}?header=${Buffer.from(JSON.stringify(headers)).toString('base64')}&payload=e30=`,
            ['graphql-ws'],
            options.ca,
          )
        : await ProtocolClient.open(realtimeUrl, ['graphql-ws', `header-${Buffer.from(JSON.stringify(headers)).toString('base64url')}`], options.ca);
    client.send({ type: 'connection_init' });
    const reply = await client.next((frame) => frame.type === 'connection_ack' || frame.type === 'connection_error');
    if (reply.type !== 'connection_ack') {
      await client.close();
      throw new Error(`connection refused: ${JSON.stringify(reply)}`);
    }
    return new Subscriber(client, options.auth);
  }

  /** Sends `start` and resolves with its answer: the start_ack or the error frame for that id. */
  async start(id: string, query: string, variables: Record<string, unknown> = {}, auth: AuthMode = this.auth): Promise<Frame> {
    const data = JSON.stringify({ query, variables });
    this.client.send({ id, type: 'start', payload: { data, extensions: { authorization: await auth.start(data) } } });
    return this.client.next((frame) => frame.id === id && (frame.type === 'start_ack' || frame.type === 'error'));
  }

  /** Like start, but a refusal fails the test with the server's answer. */
  async subscribe(id: string, query: string, variables: Record<string, unknown> = {}, auth: AuthMode = this.auth): Promise<string> {
    const answer = await this.start(id, query, variables, auth);
    if (answer.type !== 'start_ack') throw new Error(`start ${id} was refused: ${JSON.stringify(answer)}`);
    return id;
  }

  /** The `data` payloads received so far for one subscription, in arrival order. */
  data(id: string): unknown[] {
    return this.client.frames.filter((frame) => frame.id === id && frame.type === 'data').map((frame) => frame.payload);
  }

  /** Every frame received for one subscription id, in arrival order. */
  framesOf(id: string): Frame[] {
    return this.client.frames.filter((frame) => frame.id === id);
  }

  get isOpen(): boolean {
    return this.client.socket.readyState === this.client.socket.OPEN;
  }

  close(): Promise<{ code: number; reason: string }> {
    return this.client.close();
  }
}
