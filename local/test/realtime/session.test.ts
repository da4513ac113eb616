import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Session, apiKeyHeaders, createSession, encodeHeader, settle, startFrame } from './harness';

const ON_PUT = 'subscription S($owner: String) { onPutItem(owner: $owner) { id owner priority } }';
const item = (id: string, owner: string, extra: Record<string, unknown> = {}) => ({ id, owner, priority: 1, ...extra });

let session: Session;

beforeEach(() => {
  // setImmediate stays real: it is how tests let promises and the hub's fan-out run.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
});

afterEach(() => {
  session?.hub.dispose();
  vi.useRealTimers();
});

async function connected(config: Parameters<typeof createSession>[0] = {}) {
  session = createSession(config);
  const client = session.open();
  client.connection.receive(JSON.stringify({ type: 'connection_init' }));
  await settle();
  client.transport.take();
  return client;
}

describe('the handshake', () => {
  it('answers connection_init with connection_ack promising 300000 ms, then a keep-alive', async () => {
    session = createSession();
    const { transport, connection } = session.open();
    connection.receive(JSON.stringify({ type: 'connection_init' }));
    await settle();
    expect(transport.frames()).toEqual([{ type: 'connection_ack', payload: { connectionTimeoutMs: 300000 } }, { type: 'ka' }]);
  });

  it('sends "ka" at the configured interval, well inside the client alarm', async () => {
    const { transport } = await connected({ options: { keepAliveIntervalMs: 20_000 } });
    vi.advanceTimersByTime(60_000);
    expect(transport.take()).toEqual([{ type: 'ka' }, { type: 'ka' }, { type: 'ka' }]);
  });

  it('never lets connectionTimeoutMs pass without a ka, for as long as the connection lives', async () => {
    const { transport } = await connected({ options: { keepAliveIntervalMs: 40_000, connectionTimeoutMs: 45_000 } });
    let sinceLastKa = 0;
    let longestGap = 0;
    for (let elapsed = 0; elapsed < 10 * 60_000; elapsed += 1_000) {
      vi.advanceTimersByTime(1_000);
      sinceLastKa = transport.take().some((frame) => frame.type === 'ka') ? 0 : sinceLastKa + 1_000;
      longestGap = Math.max(longestGap, sinceLastKa);
    }
    expect(longestGap).toBeLessThan(45_000);
  });

  it('refuses a keep-alive interval that is not below the promised connection timeout', () => {
    expect(() => createSession({ options: { keepAliveIntervalMs: 300_000 } })).toThrow(/keepAliveIntervalMs/);
  });

  it('authenticates the header map and signs POST <graphql path>/connect with body {} for IAM', async () => {
    session = createSession();
    const { connection } = session.open({ protocols: ['graphql-ws', encodeHeader({ host: 'localhost', Authorization: 'iam-ok' })] });
    connection.receive(JSON.stringify({ type: 'connection_init' }));
    await settle();
    expect(session.auth.requests[0]).toEqual({
      headers: { host: 'localhost', authorization: 'iam-ok' },
      signed: { method: 'POST', path: '/graphql/connect', body: '{}' },
      sourceIp: '127.0.0.1',
    });
  });

  it('answers bad credentials with AppSync connection_error UnauthorizedException 401 and closes', async () => {
    session = createSession();
    const { transport, connection } = session.open({ protocols: ['graphql-ws', encodeHeader({ host: 'localhost', 'x-api-key': 'wrong' })] });
    connection.receive(JSON.stringify({ type: 'connection_init' }));
    await settle();
    expect(transport.frames()).toEqual([
      {
        type: 'connection_error',
        payload: { errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.', errorCode: 401 }] },
      },
    ]);
    expect(transport.closedWith?.code).toBe(4401);
    expect(connection.closed).toBe(true);
  });

  it('answers a client without the graphql-ws subprotocol with SubProtocolNotSupportedError', async () => {
    session = createSession();
    const { transport, connection } = session.open({ protocols: [encodeHeader(apiKeyHeaders)] });
    connection.receive(JSON.stringify({ type: 'connection_init' }));
    await settle();
    expect(transport.frames()).toEqual([{ type: 'connection_error', payload: { errors: [{ message: 'SubProtocolNotSupportedError', errorCode: 400 }] } }]);
    expect(session.auth.requests).toHaveLength(0);
  });

  it('accepts the legacy ?header=&payload=e30= handshake', async () => {
    session = createSession();
    const header = Buffer.from(JSON.stringify(apiKeyHeaders)).toString('base64');
    const { transport, connection } = session.open({ url: `/graphql/realtime?header=${header}&payload=e30=`, protocols: ['graphql-ws'] });
    connection.receive(JSON.stringify({ type: 'connection_init' }));
    await settle();
    expect(transport.frames()[0]).toEqual({ type: 'connection_ack', payload: { connectionTimeoutMs: 300000 } });
  });

  it('closes a connection that sends nothing within the initialisation timeout, leaving no timer behind', async () => {
    session = createSession({ options: { initTimeoutMs: 10_000 } });
    const { transport, connection } = session.open();
    await settle();
    vi.advanceTimersByTime(10_000);
    await settle();
    expect(transport.closedWith).toEqual({ code: 4408, reason: 'Connection initialisation timeout' });
    expect(connection.closed).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('subscriptions', () => {
  it('acknowledges a start and delivers the subscriber selection set of a matching mutation', async () => {
    const { transport, connection } = await connected();
    connection.receive(startFrame('s1', ON_PUT, { owner: 'ana' }));
    await settle();
    expect(transport.take()).toEqual([{ id: 's1', type: 'start_ack' }]);

    session.engine.publish('putItem', { id: 'i1', owner: 'ana', body: 'not selected' });
    await settle();
    expect(transport.take()).toEqual([{ id: 's1', type: 'data', payload: { data: { onPutItem: { id: 'i1', owner: 'ana', priority: null } } } }]);
  });

  it('authenticates each start with its own headers, signing POST <graphql path> with the data string', async () => {
    const { connection } = await connected();
    const frame = startFrame('s1', 'subscription { onSecret { id } }', {}, { host: 'localhost', Authorization: 'iam-ok' });
    connection.receive(frame);
    await settle();
    const data = (JSON.parse(frame) as { payload: { data: string } }).payload.data;
    expect(session.auth.requests.at(-1)?.signed).toEqual({ method: 'POST', path: '/graphql', body: data });
  });

  it('filters by the non-null subscription arguments only', async () => {
    const { transport, connection } = await connected();
    connection.receive(startFrame('ana', ON_PUT, { owner: 'ana' }));
    connection.receive(startFrame('all', ON_PUT, { owner: null }));
    await settle();
    transport.take();
    session.engine.publish('putItem', item('i1', 'bob'));
    await settle();
    expect(transport.take().map((f) => f.id)).toEqual(['all']);
  });

  it('does not deliver when the mutation did not return the argument field', async () => {
    const { transport, connection } = await connected();
    connection.receive(startFrame('s1', ON_PUT, { owner: 'ana' }));
    await settle();
    transport.take();
    session.engine.publish('putItem', { id: 'i1' });
    await settle();
    expect(transport.take()).toEqual([]);
  });

  it('fans out after the publishing call has returned', async () => {
    const { transport, connection } = await connected();
    connection.receive(startFrame('s1', ON_PUT));
    await settle();
    transport.take();
    session.engine.publish('putItem', item('i1', 'ana'));
    expect(transport.take()).toEqual([]);
    await settle();
    expect(transport.take()).toHaveLength(1);
  });

  it('answers stop with complete and delivers nothing more', async () => {
    const { transport, connection } = await connected();
    connection.receive(startFrame('s1', ON_PUT));
    await settle();
    connection.receive(JSON.stringify({ id: 's1', type: 'stop' }));
    await settle();
    expect(transport.take()).toEqual([{ id: 's1', type: 'start_ack' }, { id: 's1', type: 'complete' }]);
    session.engine.publish('putItem', item('i1', 'ana'));
    await settle();
    expect(transport.take()).toEqual([]);
    expect(session.hub.stats().subscriptions).toBe(0);
  });

  it('rejects an unauthorized subscription with the engine error and registers nothing', async () => {
    const { transport, connection } = await connected();
    connection.receive(startFrame('s1', 'subscription { onSecret { id } }'));
    await settle();
    expect(transport.take()).toEqual([
      { id: 's1', type: 'error', payload: { errors: [{ errorType: 'Unauthorized', message: 'Not Authorized to access onSecret on type Subscription' }] } },
    ]);
    expect(session.hub.stats().subscriptions).toBe(0);
  });

  it('rejects a start whose own credentials fail with UnauthorizedException', async () => {
    const { transport, connection } = await connected();
    connection.receive(startFrame('s1', ON_PUT, {}, { host: 'localhost', 'x-api-key': 'expired' }));
    await settle();
    expect(transport.take()).toEqual([
      { id: 's1', type: 'error', payload: { errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' }] } },
    ]);
  });

  it('rejects a query sent over the realtime channel as AppSync does', async () => {
    const { transport, connection } = await connected();
    connection.receive(startFrame('q1', '{ item(id: "1") { id } }'));
    await settle();
    expect(transport.take()).toEqual([
      { id: 'q1', type: 'error', payload: { errors: [{ errorType: 'UnsupportedOperation', message: 'query not supported through the realtime channel' }] } },
    ]);
  });

  it('rejects a second start with an id already in use', async () => {
    const { transport, connection } = await connected();
    connection.receive(startFrame('s1', ON_PUT));
    connection.receive(startFrame('s1', ON_PUT));
    await settle();
    expect(transport.take()).toContainEqual({
      id: 's1',
      type: 'error',
      payload: { errors: [{ errorType: 'DuplicatedOperationError', message: 'Duplicated operation with id s1' }] },
    });
  });

  it('allows 100 subscriptions per connection and refuses the 101st with MaxSubscriptionsReachedError', async () => {
    const { transport, connection } = await connected();
    for (let i = 1; i <= 101; i += 1) connection.receive(startFrame(`s${i}`, ON_PUT));
    await settle(10);
    const frames = transport.take();
    expect(frames.filter((f) => f.type === 'start_ack')).toHaveLength(100);
    expect(frames.filter((f) => f.type === 'error')).toEqual([
      { id: 's101', type: 'error', payload: { errors: [{ errorType: 'MaxSubscriptionsReachedError', message: 'Max number of 100 subscriptions reached' }] } },
    ]);
    connection.receive(JSON.stringify({ id: 's1', type: 'stop' }));
    connection.receive(startFrame('s102', ON_PUT));
    await settle();
    expect(transport.take()).toEqual([{ id: 's1', type: 'complete' }, { id: 's102', type: 'start_ack' }]);
  });

  it('drops a delivery over 240 KB, as AppSync does, and reports it', async () => {
    const { transport, connection } = await connected();
    connection.receive(startFrame('big', 'subscription { onPutItem { id body } }'));
    connection.receive(startFrame('small', 'subscription { onPutItem { id } }'));
    await settle();
    transport.take();
    session.engine.publish('putItem', { id: 'i1', body: 'x'.repeat(240 * 1024) });
    await settle();
    expect(transport.take().map((f) => f.id)).toEqual(['small']);
    expect(session.diagnostics).toContainEqual(expect.objectContaining({ kind: 'payload-too-large', subscriptionField: 'onPutItem', limit: 245760 }));
  });
});

describe('robustness', () => {
  it('answers a frame that is not JSON with an error frame and keeps the connection', async () => {
    const { transport, connection } = await connected();
    connection.receive('{nope');
    connection.receive(startFrame('s1', ON_PUT));
    await settle();
    const [error, ack] = transport.take();
    expect(error).toMatchObject({ type: 'error', payload: { errors: [{ errorType: 'BadRequestException', errorCode: 400 }] } });
    expect(ack).toEqual({ id: 's1', type: 'start_ack' });
    expect(connection.closed).toBe(false);
  });

  it('names what is wrong with a start that lacks its data string', async () => {
    const { transport, connection } = await connected();
    connection.receive(JSON.stringify({ id: 's1', type: 'start', payload: { query: 'subscription { onAnyChange { id } }' } }));
    await settle();
    expect(transport.take()).toEqual([
      {
        id: 's1',
        type: 'error',
        payload: { errors: [{ errorType: 'BadRequestException', message: '"start" requires "payload.data", the JSON string of {query, variables}', errorCode: 400 }] },
      },
    ]);
  });

  it('answers an unknown message type with UnsupportedOperation', async () => {
    const { transport, connection } = await connected();
    connection.receive(JSON.stringify({ type: 'subscribe', id: 'x' }));
    await settle();
    expect(transport.take()).toEqual([
      { id: 'x', type: 'error', payload: { errors: [{ errorType: 'UnsupportedOperation', message: 'subscribe not supported through the realtime channel' }] } },
    ]);
  });

  it('refuses binary frames without closing', async () => {
    const { transport, connection } = await connected();
    connection.receive('', true);
    await settle();
    expect(transport.take()[0]).toMatchObject({ type: 'error', payload: { errors: [{ errorType: 'BadRequestException' }] } });
    expect(connection.closed).toBe(false);
  });

  it('closes a slow consumer with 1013 and releases its subscriptions', async () => {
    const { transport, connection } = await connected({ options: { maxBufferedBytes: 1024 } });
    connection.receive(startFrame('s1', ON_PUT));
    await settle();
    transport.buffered = 1024;
    session.engine.publish('putItem', item('i1', 'ana'));
    await settle();
    expect(transport.closedWith).toEqual({ code: 1013, reason: 'Slow consumer: send buffer full' });
    expect(session.hub.stats()).toEqual({ connections: 0, subscriptions: 0 });
    expect(session.diagnostics).toContainEqual({ kind: 'slow-consumer', bufferedBytes: 1024, limit: 1024 });
  });

  it('clears every timer and subscription when the socket closes', async () => {
    const { connection } = await connected();
    connection.receive(startFrame('s1', ON_PUT));
    await settle();
    expect(vi.getTimerCount()).toBe(1);
    connection.transportClosed();
    expect(vi.getTimerCount()).toBe(0);
    expect(session.hub.stats()).toEqual({ connections: 0, subscriptions: 0 });
  });

  it('disposing the hub closes connections with 1001 and detaches from the engine', async () => {
    const { transport } = await connected();
    expect(session.engine.listenerCount).toBe(2);
    session.hub.dispose();
    expect(transport.closedWith?.code).toBe(1001);
    expect(session.engine.listenerCount).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('enhanced filters and invalidation', () => {
  const filtered = 'subscription F($owner: String) { onFiltered(owner: $owner) { id priority } }';

  it('delivers only payloads that pass the subscription resolver filter', async () => {
    const { transport, connection } = await connected({
      engine: {
        filters: {
          onFiltered: () => ({
            filterGroup: [
              { filters: [{ fieldName: 'priority', operator: 'ge', value: 5 }, { fieldName: 'meta.level', operator: 'lt', value: 3 }] },
              { filters: [{ fieldName: 'category', operator: 'eq', value: 'urgent' }] },
            ],
          }),
        },
      },
    });
    connection.receive(startFrame('f', filtered));
    await settle();
    transport.take();
    session.engine.publish('putItem', { id: 'low', priority: 1, meta: { level: 1 } });
    session.engine.publish('putItem', { id: 'high', priority: 9, meta: { level: 1 } });
    session.engine.publish('putItem', { id: 'deep', priority: 9, meta: { level: 4 } });
    session.engine.publish('putItem', { id: 'urgent', priority: 0, category: 'urgent' });
    await settle();
    expect(transport.take().map((f) => (f.payload as { data: { onFiltered: { id: string } } }).data.onFiltered.id)).toEqual(['high', 'urgent']);
  });

  it('refuses a start whose filter exceeds AppSync limits, with the service text', async () => {
    const { transport, connection } = await connected({
      engine: { filters: { onFiltered: () => ({ filterGroup: [{ filters: [{ fieldName: 'owner', operator: 'in', value: ['a', 'b', 'c', 'd', 'e', 'f'] }] }] }) } },
    });
    connection.receive(startFrame('f', filtered));
    await settle();
    expect(transport.take()).toEqual([
      { id: 'f', type: 'error', payload: { errors: [{ message: 'subscription exceeds maximum value limit 5 for operator `in`.', errorCode: 400 }] } },
    ]);
  });

  it('ends invalidated subscriptions with complete and leaves the others running', async () => {
    const { transport, connection } = await connected({
      engine: { invalidationFilters: { onFiltered: (args) => ({ filterGroup: [{ filters: [{ fieldName: 'owner', operator: 'eq', value: args.owner }] }] }) } },
    });
    connection.receive(startFrame('ana', filtered, { owner: 'ana' }));
    connection.receive(startFrame('bob', filtered, { owner: 'bob' }));
    await settle();
    transport.take();
    session.engine.invalidate('onFiltered', { owner: 'ana' });
    await settle();
    expect(transport.take()).toEqual([{ id: 'ana', type: 'complete' }]);
    session.engine.publish('putItem', item('i1', 'ana'));
    session.engine.publish('putItem', item('i2', 'bob'));
    await settle();
    expect(transport.take().map((f) => f.id)).toEqual(['bob']);
    expect(connection.closed).toBe(false);
  });
});
