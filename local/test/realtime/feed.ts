import { feedApi } from '../fixtures/feed-api/definition';
import { startTestApi, type GraphqlBody, type TestApi } from '../support/local-api';
import { eventually } from './amplify-client';
import { type AuthMode, apiKeyMode, iamMode, userPoolMode } from './appsync-auth';
import { type ConnectOptions, Subscriber } from './subscriber';

export interface PostInput {
  id: string;
  channel?: string | null;
  title?: string | null;
  score?: number | null;
  tags?: string[] | null;
}

export const POST_FIELDS = 'id author channel title score tags';

const BARRIER_CHANNEL = '__barrier__';
const BARRIER_SUBSCRIPTION = '__barrier__';

/**
 * The feed fixture booted like `npm start` boots a project, plus what its tests share: auth modes
 * as clients send them, raw subscribers, and `settle()`, which proves a negative without waiting
 * on a clock. Every subscriber also listens to a marker channel; deliveries on one connection keep
 * the order of the mutations, so once a marker published last has arrived everywhere, anything
 * published before it that has not arrived was not delivered.
 */
export class Feed {
  private readonly subscribers: Subscriber[] = [];
  private sequence = 0;

  private constructor(readonly api: TestApi) {}

  static async start(): Promise<Feed> {
    return new Feed(await startTestApi(feedApi));
  }

  /** The GraphQL endpoint as configured in clients: http://127.0.0.1:PORT/graphql. */
  get endpoint(): string {
    return this.api.server.httpUrl;
  }

  apiKey(): AuthMode {
    return apiKeyMode(this.endpoint, this.api.apiKey);
  }

  iam(): AuthMode {
    return iamMode(this.endpoint, this.api.booted.state.iam);
  }

  async user(email: string, groups: string[] = []): Promise<{ sub: string; auth: AuthMode }> {
    const { sub } = await this.api.createUser(email, groups);
    const { accessToken } = await this.api.signIn(email);
    return { sub, auth: userPoolMode(this.endpoint, accessToken) };
  }

  /** An id unique in this run, so tests in one file never collide on the table's key. */
  id(prefix: string): string {
    this.sequence += 1;
    return `${prefix}-${this.sequence}`;
  }

  /** Opens a subscriber that also listens to the marker channel `settle()` publishes to. */
  async connect(auth: AuthMode, options: Omit<ConnectOptions, 'ca' | 'auth'> = {}): Promise<Subscriber> {
    const subscriber = await Subscriber.connect(this.api.server.realtimeUrl, { ...options, ca: this.api.server.caPem, auth });
    this.subscribers.push(subscriber);
    await subscriber.subscribe(BARRIER_SUBSCRIPTION, 'subscription Marker($channel: String) { onPublishPost(channel: $channel) { id } }', {
      channel: BARRIER_CHANNEL,
    });
    return subscriber;
  }

  /** POSTs a GraphQL request signed or keyed for `auth`, over plain HTTP. */
  async graphql(request: { query: string; variables?: Record<string, unknown> }, auth: AuthMode = this.apiKey()): Promise<{ status: number; body: GraphqlBody }> {
    const text = JSON.stringify(request);
    const response = await fetch(this.endpoint, { method: 'POST', headers: { 'content-type': 'application/json', ...(await auth.http(text)) }, body: text });
    return { status: response.status, body: (await response.json()) as GraphqlBody };
  }

  /** Runs publishPost, selecting `selection` from the result. */
  publish(input: PostInput, options: { auth?: AuthMode; selection?: string } = {}): Promise<{ status: number; body: GraphqlBody }> {
    return this.graphql(
      { query: `mutation Publish($input: PublishPostInput!) { publishPost(input: $input) { ${options.selection ?? POST_FIELDS} } }`, variables: { input } },
      options.auth,
    );
  }

  /** Resolves once every open subscriber has received a marker published after everything before. */
  async settle(): Promise<void> {
    const marker = this.id('marker');
    const open = this.subscribers.filter((subscriber) => subscriber.isOpen);
    const published = await this.publish({ id: marker, channel: BARRIER_CHANNEL }, { selection: 'id channel' });
    if (published.body.errors) throw new Error(`the marker was not published: ${JSON.stringify(published.body.errors)}`);
    await Promise.all(
      open.map((subscriber) =>
        subscriber.client.next((frame) => frame.id === BARRIER_SUBSCRIPTION && frame.type === 'data' && JSON.stringify(frame.payload).includes(`"${marker}"`)),
      ),
    );
  }

  /** The post ids one subscription received, markers left out. */
  static ids(subscriber: Subscriber, subscriptionId: string): string[] {
    return subscriber
      .data(subscriptionId)
      .map((payload) => Object.values((payload as { data: Record<string, { id: string } | null> }).data)[0]?.id ?? '<null>')
      .filter((id) => !id.startsWith('marker-'));
  }

  /** Closes every subscriber and waits until the server has let go of them too. */
  async closeSubscribers(): Promise<void> {
    await Promise.all(this.subscribers.splice(0).map((subscriber) => subscriber.close()));
    await eventually(() => this.api.server.hub.stats().connections === 0);
  }

  async close(): Promise<void> {
    await this.closeSubscribers();
    await this.api.close();
  }
}
