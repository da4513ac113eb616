import { afterEach, describe, expect, it } from 'vitest';
import { createEventBus, type EventBus } from '../../eventbridge/bus';
import { createEventBridgeDataSource } from './index';

/**
 * The AMAZON_EVENTBRIDGE data source against a real local bus whose one rule sends every event to
 * a delivery we read. Request and result shapes: AppSync's "JavaScript resolver function reference
 * for EventBridge data source".
 */
const buses: EventBus[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.close()));
});

async function world() {
  const delivered: Record<string, unknown>[] = [];
  const bus = await createEventBus({
    name: 'app',
    region: 'local',
    accountId: '000000000000',
    rules: { all: { description: 'all', bus: 'app', eventPattern: { source: [{ prefix: '' }] }, targets: [{ id: 'q', type: 'SQS', queue: 'q' }] } },
    targets: {
      lambda: async () => undefined,
      sqs: async (_queue, body) => delivered.push(JSON.parse(body) as Record<string, unknown>),
      appsync: async () => undefined,
      firehose: async () => undefined,
      deadLetter: async () => undefined,
    },
  });
  buses.push(bus);
  const source = createEventBridgeDataSource({ type: 'AMAZON_EVENTBRIDGE', name: 'events', busName: 'app' }, (name) => (name === 'app' ? bus : undefined));
  return { bus, delivered, source };
}

describe('the AMAZON_EVENTBRIDGE data source', () => {
  it('puts the events on its bus and answers PutEvents’ own result, entry i for event i', async () => {
    const { bus, delivered, source } = await world();
    const out = await source.invoke({
      operation: 'PutEvents',
      events: [
        { source: 'app.orders', detailType: 'Order Noted', detail: { id: 1 }, time: '2026-12-02T08:00:00Z', resources: ['r1'] },
        { source: 'app.orders', detailType: 'Order Noted', detail: { id: 2 } },
      ],
    });
    expect(out).toEqual({ result: { Entries: [{ EventId: expect.any(String) }, { EventId: expect.any(String) }], FailedEntryCount: 0 } });
    await bus.idle();
    expect(delivered.map((e) => [e['source'], e['detail-type'], e['detail'], e['resources']])).toEqual([
      ['app.orders', 'Order Noted', { id: 1 }, ['r1']],
      ['app.orders', 'Order Noted', { id: 2 }, []],
    ]);
    expect(delivered[0]?.['time']).toBe('2026-12-02T08:00:00Z');
  });

  it('reports an entry the bus refused in Entries and FailedEntryCount, not as an error, and puts the others', async () => {
    const { bus, delivered, source } = await world();
    const out = (await source.invoke({ operation: 'PutEvents', events: [{ detailType: 'No Source', detail: {} }, { source: 'app', detailType: 'Fine', detail: {} }] })) as {
      result: { Entries: Record<string, string>[]; FailedEntryCount: number };
    };
    expect(out.result.FailedEntryCount).toBe(1);
    expect(out.result.Entries[0]).toMatchObject({ ErrorCode: expect.any(String), ErrorMessage: expect.any(String) });
    expect(out.result.Entries[1]).toEqual({ EventId: expect.any(String) });
    await bus.idle();
    expect(delivered.map((e) => e['detail-type'])).toEqual(['Fine']);
  });

  it('fails the call as ctx.error, putting nothing, for more than 10 events, a detail that is not an object or another operation', async () => {
    const { bus, delivered, source } = await world();
    const eleven = Array.from({ length: 11 }, (_, i) => ({ source: 'app', detailType: 'X', detail: { i } }));
    expect(await source.invoke({ operation: 'PutEvents', events: eleven })).toMatchObject({ error: { type: 'EventBridge:ValidationException' } });
    expect(await source.invoke({ operation: 'PutEvents', events: [{ source: 'app', detailType: 'X', detail: 'text' }] })).toMatchObject({ error: { type: 'EventBridge:ValidationException', message: 'events[0].detail must be an object.' } });
    expect(await source.invoke({ operation: 'Invoke', events: [] })).toMatchObject({ error: { type: 'EventBridge:ValidationException' } });
    await bus.idle();
    expect(delivered).toEqual([]);
  });

  it('names a bus that does not exist', async () => {
    const source = createEventBridgeDataSource({ type: 'AMAZON_EVENTBRIDGE', name: 'events', busName: 'missing' }, () => undefined);
    expect(await source.invoke({ operation: 'PutEvents', events: [] })).toEqual({ error: { type: 'EventBridge:ResourceNotFoundException', message: 'Event bus missing does not exist.' } });
  });
});
