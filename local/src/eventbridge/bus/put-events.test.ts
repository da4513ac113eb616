import { afterEach, describe, expect, it } from 'vitest';
import { createEventBus, entrySize, EventBridgeServiceError, ManualClock, type EventBus } from './index';
import { entry, patternRule, recordingTargets } from './test-support';

const buses: EventBus[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.close()));
});

async function bus(clock = new ManualClock(Date.UTC(2026, 0, 2, 3, 4, 5, 678))) {
  const recorder = recordingTargets();
  const created = await createEventBus({
    name: 'app-bus',
    rules: { all: patternRule('app-bus', { source: [{ exists: true }] }, [{ id: 'q', type: 'SQS', queue: 'inbox' }]) },
    targets: recorder.targets,
    region: 'eu-west-1',
    accountId: '123456789012',
    clock,
  });
  buses.push(created);
  return { bus: created, recorder };
}

describe('PutEvents entry results', () => {
  it('answers each entry with its EventId or its error, in order, and counts the failures', async () => {
    const { bus: b } = await bus();
    const answer = await b.putEvents([
      entry('app.orders', 'Order Placed', { orderId: 'o-1' }),
      { DetailType: 'Order Placed', Detail: '{}' },
      { Source: 'app.orders', Detail: '{}' },
      { Source: 'app.orders', DetailType: 'Order Placed' },
      { Source: 'app.orders', DetailType: 'Order Placed', Detail: '[1,2]' },
      { Source: 'app.orders', DetailType: 'Order Placed', Detail: '{"unclosed":' },
    ]);
    expect(answer.FailedEntryCount).toBe(5);
    expect(answer.Entries[0]).toEqual({ EventId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(answer.Entries.slice(1)).toEqual([
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.' },
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter DetailType is not valid. Reason: DetailType is a required argument.' },
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Detail is not valid. Reason: Detail is a required argument.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
    ]);
  });

  it('delivers only the accepted entries', async () => {
    const { bus: b, recorder } = await bus();
    await b.putEvents([entry('app.orders', 'Order Placed', { n: 1 }), { Source: 'app.orders', DetailType: 'x', Detail: 'nope' }]);
    await b.idle();
    expect(recorder.calls).toHaveLength(1);
    expect(JSON.parse(recorder.calls[0]?.payload ?? '')).toMatchObject({ detail: { n: 1 } });
  });

  it('refuses more than 10 entries, and none, as a ValidationException that accepts nothing', async () => {
    const { bus: b, recorder } = await bus();
    const eleven = Array.from({ length: 11 }, (_, n) => entry('app.orders', 'Order Placed', { n }));
    const tooMany = b.putEvents(eleven);
    await expect(tooMany).rejects.toBeInstanceOf(EventBridgeServiceError);
    await expect(tooMany).rejects.toMatchObject({
      type: 'ValidationException',
      message: expect.stringContaining('Member must have length less than or equal to 10'),
    });
    await expect(b.putEvents([])).rejects.toMatchObject({ type: 'ValidationException' });
    await b.idle();
    expect(recorder.calls).toEqual([]);
  });

  it('sizes an entry as AWS documents: 14 bytes for Time, UTF-8 bytes for the rest', () => {
    expect(
      entrySize({ Time: new Date(), Source: 'a', DetailType: 'bb', Detail: '{"é":1}', Resources: ['r1', 'r22'] }),
    ).toBe(14 + 1 + 2 + Buffer.byteLength('{"é":1}') + 2 + 3);
    expect(entrySize({ Source: 'a', DetailType: 'b', Detail: '{}' })).toBe(4);
  });

  it('refuses a request whose entries reach 256 KB in total, and takes one just under it', async () => {
    const { bus: b } = await bus();
    const filler = (bytes: number) => ({ Source: 's', DetailType: 'd', Detail: JSON.stringify({ p: 'x'.repeat(bytes) }) });
    const overhead = entrySize(filler(0));
    const half = (256 * 1024) / 2;
    await expect(b.putEvents([filler(half - overhead), filler(half - overhead)])).rejects.toMatchObject({
      type: 'ValidationException',
      message: 'Total size of the entries in the request is over the limit.',
    });
    const answer = await b.putEvents([filler(half - overhead), filler(half - overhead - 1)]);
    expect(answer.FailedEntryCount).toBe(0);
  });
});

describe('the event envelope', () => {
  it('is built as EventBridge builds it, with the time to the second', async () => {
    const { bus: b, recorder } = await bus();
    await b.putEvents([
      entry('app.orders', 'Order Placed', { orderId: 'o-1' }, { Resources: ['arn:aws:x:::thing'] }),
      entry('app.orders', 'Order Paid', { orderId: 'o-1' }, { Time: new Date('2025-12-31T23:59:58.999Z') }),
    ]);
    await b.idle();
    const [placed, paid] = recorder.calls.map((call) => JSON.parse(call.payload) as Record<string, unknown>);
    expect(placed).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      'detail-type': 'Order Placed',
      source: 'app.orders',
      account: '123456789012',
      time: '2026-01-02T03:04:05Z',
      region: 'eu-west-1',
      resources: ['arn:aws:x:::thing'],
      detail: { orderId: 'o-1' },
    });
    expect(Object.keys(placed ?? {})).toEqual(['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail']);
    expect(paid).toMatchObject({ time: '2025-12-31T23:59:58Z', resources: [] });
  });

  it('refuses a Time that is not a timestamp', async () => {
    const { bus: b } = await bus();
    const answer = await b.putEvents([entry('s', 'd', {}, { Time: Number.NaN })]);
    expect(answer.Entries[0]).toMatchObject({ ErrorCode: 'InvalidArgument', ErrorMessage: expect.stringContaining('Time') });
  });
});
