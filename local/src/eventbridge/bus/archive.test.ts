import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RuleDefinition } from '../../project/event-definitions';
import { createEventBus, EventBridgeServiceError, ManualClock, type EventBus, type EventBusOptions } from './index';
import { entry, patternRule, recordingTargets, tempDir } from './test-support';

let dir: { path: string; remove: () => Promise<void> };
const buses: EventBus[] = [];
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.close()));
  await dir.remove();
});

const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);
const rules: Record<string, RuleDefinition> = {
  rollup: patternRule('app-bus', { source: ['app.orders'] }, [{ id: 'q', type: 'SQS', queue: 'rollup' }]),
  push: patternRule('app-bus', { source: ['app.orders'] }, [{ id: 'fn', type: 'LAMBDA', function: 'push' }]),
};

async function open(options: Partial<EventBusOptions> = {}) {
  const recorder = recordingTargets();
  const bus = await createEventBus({
    name: 'app-bus',
    rules,
    targets: recorder.targets,
    region: 'eu-west-1',
    accountId: '123456789012',
    archive: { dir: dir.path, retentionDays: 30, eventPattern: { source: ['app.orders'] } },
    clock: new ManualClock(NOW),
    ...options,
  });
  buses.push(bus);
  return { bus, recorder, file: join(dir.path, 'app-bus-archive.jsonl') };
}

const lines = async (file: string): Promise<string[]> => (await readFile(file, 'utf8')).split('\n').filter((line) => line !== '');
const at = (iso: string) => ({ Time: new Date(iso) });

describe('the archive', () => {
  it('keeps the events matching its pattern, one JSON line each, on disk once PutEvents answers', async () => {
    const { bus, file } = await open();
    await bus.putEvents([entry('app.orders', 'Order Placed', { n: 1 }), entry('app.menu', 'Menu Item Changed', {})]);
    const archived = await lines(file);
    expect(archived).toHaveLength(1);
    expect(JSON.parse(archived[0] as string)).toMatchObject({ archivedAt: NOW, event: { source: 'app.orders', detail: { n: 1 } } });
  });

  it('survives a restart, cutting a torn last line and dropping events past retention', async () => {
    const first = await open();
    await first.bus.putEvents([
      entry('app.orders', 'Order Placed', { n: 'old' }, at('2026-04-01T00:00:00Z')),
      entry('app.orders', 'Order Placed', { n: 'kept' }, at('2026-05-30T00:00:00Z')),
    ]);
    await first.bus.close();
    await appendFile(first.file, '{"archivedAt":1,"event":{"trunc');

    const second = await open();
    const archived = (await lines(second.file)).map((line) => JSON.parse(line) as { event: { detail: { n: string } } });
    expect(archived.map((record) => record.event.detail.n)).toEqual(['kept']);
    await second.bus.putEvents([entry('app.orders', 'Order Placed', { n: 'after' })]);
    expect(await lines(second.file)).toHaveLength(2);

    // What the first process archived replays from the second.
    await second.bus.idle();
    second.recorder.calls.splice(0);
    second.bus.startReplay({ name: 'after-restart', from: new Date('2026-05-01T00:00:00Z'), to: new Date('2026-05-31T00:00:00Z') });
    await expect.poll(() => second.bus.describeReplay('after-restart').state).toBe('COMPLETED');
    await second.bus.idle();
    expect(second.recorder.callsTo('rollup').map((call) => (JSON.parse(call.payload) as { detail: { n: string } }).detail.n)).toEqual(['kept']);
  });
});

describe('replay', () => {
  it('re-sends the archived events of the window, in time order, with replay-name, to the rules and not to the archive', async () => {
    const { bus, recorder, file } = await open();
    const put = await bus.putEvents([
      entry('app.orders', 'Order Paid', { n: 2 }, at('2026-05-01T10:00:02Z')),
      entry('app.orders', 'Order Placed', { n: 1 }, at('2026-05-01T10:00:01Z')),
      entry('app.orders', 'Order Ready', { n: 3 }, at('2026-05-01T10:00:03Z')),
      entry('app.orders', 'Order Late', { n: 4 }, at('2026-05-01T11:00:00Z')),
    ]);
    await bus.idle();
    recorder.calls.splice(0);

    const started = bus.startReplay({ name: 'rebuild-1', from: new Date('2026-05-01T10:00:00Z'), to: new Date('2026-05-01T11:00:00Z') });
    expect(started.state).toBe('STARTING');
    await expect.poll(() => bus.describeReplay('rebuild-1').state).toBe('COMPLETED');
    await bus.idle();

    const replayed = recorder.callsTo('rollup').map((call) => JSON.parse(call.payload) as Record<string, unknown>);
    expect(replayed.map((event) => (event.detail as { n: number }).n)).toEqual([1, 2, 3]);
    expect(replayed.every((event) => event['replay-name'] === 'rebuild-1')).toBe(true);
    const ids = put.Entries.map((result) => (result as { EventId: string }).EventId);
    expect(replayed.map((event) => event.id)).toEqual([ids[1], ids[0], ids[2]]);
    expect(recorder.callsTo('push')).toHaveLength(3);
    expect(await lines(file)).toHaveLength(4);
    expect(bus.describeReplay('rebuild-1')).toMatchObject({ eventsTotal: 3, eventsReplayed: 3, eventLastReplayedTime: new Date('2026-05-01T10:00:03Z') });
  });

  it('replays to the named rules only', async () => {
    const { bus, recorder } = await open();
    await bus.putEvents([entry('app.orders', 'Order Placed', {}, at('2026-05-01T10:00:00Z'))]);
    await bus.idle();
    recorder.calls.splice(0);
    bus.startReplay({ name: 'only-rollup', from: new Date('2026-05-01T00:00:00Z'), to: new Date('2026-05-02T00:00:00Z'), rules: ['rollup'] });
    await expect.poll(() => bus.describeReplay('only-rollup').state).toBe('COMPLETED');
    await bus.idle();
    expect(recorder.calls.map((call) => call.name)).toEqual(['rollup']);
  });

  it('refuses a window that ends before it starts, an unknown rule, a name in use, and changes nothing', async () => {
    const { bus } = await open();
    const window = { from: new Date('2026-05-01T00:00:00Z'), to: new Date('2026-05-02T00:00:00Z') };
    expect(() => bus.startReplay({ name: 'r', from: window.to, to: window.from })).toThrow(EventBridgeServiceError);
    expect(() => bus.startReplay({ name: 'r', ...window, rules: ['nope'] })).toThrow(/Rule nope does not exist/);
    expect(() => bus.describeReplay('r')).toThrow(/Replay r does not exist/);
    bus.startReplay({ name: 'r', ...window });
    expect(() => bus.startReplay({ name: 'r', ...window })).toThrow(/already exists/);
  });

  it('is refused on a bus without an archive', async () => {
    const { bus } = await open({ archive: undefined });
    expect(() => bus.startReplay({ name: 'r', from: new Date(0), to: new Date(1000) })).toThrow(/has no archive/);
  });
});
