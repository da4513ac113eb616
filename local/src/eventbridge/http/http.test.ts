import {
  DescribeReplayCommand,
  EventBridgeClient,
  PutEventsCommand,
  StartReplayCommand,
  TestEventPatternCommand,
} from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it } from 'vitest';
import { createEventBus, type EventBus } from '../bus/index';
import { patternRule, recordingTargets, tempDir } from '../bus/test-support';
import { startEventBridgeServer, type EventBridgeServer } from './index';

const REGION = 'eu-west-1';
const ACCOUNT = '123456789012';
const KEY = { accessKeyId: 'AKIDLOCALEVENTS', secretAccessKey: 'local-secret' };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(options: { iam?: boolean; archiveDir?: string } = {}) {
  const recorder = recordingTargets();
  const bus: EventBus = await createEventBus({
    name: 'app-bus',
    rules: { orders: patternRule('app-bus', { source: ['app.orders'] }, [{ id: 'q', type: 'SQS', queue: 'orders' }]) },
    targets: recorder.targets,
    region: REGION,
    accountId: ACCOUNT,
    ...(options.archiveDir ? { archive: { dir: options.archiveDir, retentionDays: 0 } } : {}),
  });
  cleanups.push(() => bus.close());
  const server: EventBridgeServer = await startEventBridgeServer({
    buses: [bus],
    host: '127.0.0.1',
    port: 0,
    ...(options.iam
      ? { iam: { region: REGION, credentials: [{ ...KEY, userArn: `arn:aws:iam::${ACCOUNT}:user/local`, accountId: ACCOUNT }] } }
      : {}),
  });
  cleanups.push(() => server.close());
  const client = (credentials = KEY) => {
    const created = new EventBridgeClient({ endpoint: server.endpoint, region: REGION, credentials, maxAttempts: 1 });
    cleanups.push(async () => created.destroy());
    return created;
  };
  return { bus, server, recorder, client };
}

const event = {
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'Order Placed',
  source: 'app.orders',
  account: ACCOUNT,
  time: '2026-01-01T00:00:00Z',
  region: REGION,
  resources: [],
  detail: { total: 450 },
};

describe('the bus over the AWS SDK (JSON 1.1 on 127.0.0.1)', () => {
  it('answers PutEvents with per-entry results and FailedEntryCount, and delivers the accepted event', async () => {
    const { client, recorder, bus } = await serve();
    const answer = await client().send(
      new PutEventsCommand({
        Entries: [
          { EventBusName: 'app-bus', Source: 'app.orders', DetailType: 'Order Placed', Detail: '{"orderId":"o-1"}', Time: new Date('2026-02-03T04:05:06Z') },
          { EventBusName: 'app-bus', Source: 'app.orders', DetailType: 'Order Placed', Detail: 'not json' },
          { EventBusName: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/app-bus`, Source: 'app.orders', DetailType: 'Order Paid', Detail: '{}' },
          { EventBusName: 'no-such-bus', Source: 'app.orders', DetailType: 'Order Paid', Detail: '{}' },
        ],
      }),
    );
    expect(answer.FailedEntryCount).toBe(2);
    expect(answer.Entries?.[0]?.EventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.Entries?.[1]).toEqual({ ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' });
    expect(answer.Entries?.[2]?.EventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.Entries?.[3]).toEqual({ ErrorCode: 'ResourceNotFoundException', ErrorMessage: 'Event bus no-such-bus does not exist.' });
    await bus.idle();
    const delivered = recorder.calls.map((call) => JSON.parse(call.payload) as { id: string; time: string });
    expect(delivered.map((item) => item.id)).toEqual([answer.Entries?.[0]?.EventId, answer.Entries?.[2]?.EventId]);
    expect(delivered[0]?.time).toBe('2026-02-03T04:05:06Z');
  });

  it('refuses a request of 11 entries with a ValidationException the SDK raises', async () => {
    const { client, recorder } = await serve();
    const entries = Array.from({ length: 11 }, () => ({ EventBusName: 'app-bus', Source: 'app.orders', DetailType: 'x', Detail: '{}' }));
    await expect(client().send(new PutEventsCommand({ Entries: entries }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining("at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10"),
      $metadata: { httpStatusCode: 400 },
    });
    expect(recorder.calls).toEqual([]);
  });

  it('answers TestEventPattern, and refuses an invalid pattern or an incomplete event as EventBridge does', async () => {
    const { client } = await serve();
    const events = client();
    const test = (EventPattern: string, Event = JSON.stringify(event)) => events.send(new TestEventPatternCommand({ EventPattern, Event }));
    expect((await test('{"source":["app.orders"],"detail":{"total":[{"numeric":[">",400]}]}}')).Result).toBe(true);
    expect((await test('{"source":["app.menu"]}')).Result).toBe(false);
    await expect(test('{"source":"app.orders"}')).rejects.toMatchObject({ name: 'InvalidEventPatternException', message: expect.any(String) });
    const withoutId: Partial<typeof event> = { ...event };
    delete withoutId.id;
    await expect(test('{"source":["app.orders"]}', JSON.stringify(withoutId))).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Parameter Event is not valid.',
    });
  });

  it('starts and describes a replay of the archive', async () => {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const { client, bus, recorder } = await serve({ archiveDir: dir.path });
    const events = client();
    await events.send(
      new PutEventsCommand({ Entries: [{ EventBusName: 'app-bus', Source: 'app.orders', DetailType: 'Order Placed', Detail: '{}', Time: new Date('2026-03-01T10:00:00Z') }] }),
    );
    await bus.idle();
    const started = await events.send(
      new StartReplayCommand({
        ReplayName: 'rebuild',
        EventSourceArn: bus.archiveArn ?? '',
        EventStartTime: new Date('2026-03-01T00:00:00Z'),
        EventEndTime: new Date('2026-03-02T00:00:00Z'),
        Destination: { Arn: bus.arn, FilterArns: [bus.ruleArn('orders')] },
      }),
    );
    expect(started.ReplayArn).toBe(`arn:aws:events:${REGION}:${ACCOUNT}:replay/rebuild`);
    await expect.poll(async () => (await events.send(new DescribeReplayCommand({ ReplayName: 'rebuild' }))).State).toBe('COMPLETED');
    const described = await events.send(new DescribeReplayCommand({ ReplayName: 'rebuild' }));
    expect(described.EventLastReplayedTime).toEqual(new Date('2026-03-01T10:00:00Z'));
    expect(described.Destination?.FilterArns).toEqual([bus.ruleArn('orders')]);
    await bus.idle();
    expect(recorder.calls.map((call) => (JSON.parse(call.payload) as Record<string, unknown>)['replay-name'])).toEqual([undefined, 'rebuild']);
    await expect(events.send(new DescribeReplayCommand({ ReplayName: 'unknown' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('checks SigV4 signatures for service events when credentials are configured', async () => {
    const { client, server } = await serve({ iam: true });
    const ok = await client().send(
      new PutEventsCommand({ Entries: [{ EventBusName: 'app-bus', Source: 'app.orders', DetailType: 'x', Detail: '{}' }] }),
    );
    expect(ok.FailedEntryCount).toBe(0);
    await expect(
      client({ ...KEY, secretAccessKey: 'wrong' }).send(
        new PutEventsCommand({ Entries: [{ EventBusName: 'app-bus', Source: 'app.orders', DetailType: 'x', Detail: '{}' }] }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidSignatureException', $metadata: { httpStatusCode: 403 } });
    const unsigned = await fetch(server.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.PutEvents' },
      body: '{"Entries":[]}',
    });
    expect(unsigned.status).toBe(400);
    expect(await unsigned.json()).toEqual({ __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
  });

  it('answers a malformed body or an unknown operation in the protocol error shape', async () => {
    const { server } = await serve();
    const post = (target: string, body: string) =>
      fetch(server.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target }, body });
    const malformed = await post('AWSEvents.PutEvents', '{"Entries":');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ __type: 'SerializationException' });
    const unknown = await post('AWSEvents.DeleteEverything', '{}');
    expect(await unknown.json()).toMatchObject({ __type: 'UnknownOperationException' });
    const wrongShape = await post('AWSEvents.PutEvents', '{"Entries":"nope"}');
    expect(await wrongShape.json()).toMatchObject({ __type: 'ValidationException' });
  });
});
