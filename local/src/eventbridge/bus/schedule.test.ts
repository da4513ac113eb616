import { afterEach, describe, expect, it } from 'vitest';
import { createEventBus, ManualClock, type EventBus } from './index';
import { recordingTargets } from './test-support';

const buses: EventBus[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.close()));
});

describe('schedule rules', () => {
  it('fire every rateMinutes with the scheduled-event envelope, and close() clears their timers', async () => {
    const clock = new ManualClock(Date.UTC(2026, 4, 6, 7, 0, 0));
    const recorder = recordingTargets();
    const bus = await createEventBus({
      name: 'default',
      rules: { expireOrders: { description: 'every 5 minutes', schedule: { rateMinutes: 5 }, targets: [{ id: 'fn', type: 'LAMBDA', function: 'expire' }] } },
      targets: recorder.targets,
      region: 'eu-west-1',
      accountId: '123456789012',
      clock,
    });
    buses.push(bus);

    clock.advance(4 * 60_000 + 59_999);
    await bus.idle();
    expect(recorder.calls).toHaveLength(0);

    clock.advance(1);
    await bus.idle();
    expect(recorder.calls).toHaveLength(1);
    expect(JSON.parse(recorder.calls[0]?.payload ?? '')).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '123456789012',
      time: '2026-05-06T07:05:00Z',
      region: 'eu-west-1',
      resources: ['arn:aws:events:eu-west-1:123456789012:rule/expireOrders'],
      detail: {},
    });

    clock.advance(10 * 60_000);
    await bus.idle();
    expect(recorder.calls.map((call) => (JSON.parse(call.payload) as { time: string }).time)).toEqual([
      '2026-05-06T07:05:00Z',
      '2026-05-06T07:10:00Z',
      '2026-05-06T07:15:00Z',
    ]);

    await bus.close();
    expect(clock.pendingTimers).toBe(0);
    clock.advance(60 * 60_000);
    await bus.idle();
    expect(recorder.calls).toHaveLength(3);
  });

  it('run on the default bus only, unless asked', async () => {
    const clock = new ManualClock(0);
    const recorder = recordingTargets();
    const rules = { tick: { description: 'tick', schedule: { rateMinutes: 1 }, targets: [{ id: 'q', type: 'SQS' as const, queue: 'ticks' }] } };
    const custom = await createEventBus({ name: 'app-bus', rules, targets: recorder.targets, region: 'r', accountId: '1', clock });
    buses.push(custom);
    expect(clock.pendingTimers).toBe(0);
    const opted = await createEventBus({ name: 'app-bus', rules, targets: recorder.targets, region: 'r', accountId: '1', clock, runSchedules: true });
    buses.push(opted);
    expect(clock.pendingTimers).toBe(1);
  });

  it('refuses a rate that is not a positive whole number of minutes', async () => {
    await expect(
      createEventBus({
        name: 'default',
        rules: { bad: { description: 'bad', schedule: { rateMinutes: 0.5 }, targets: [] } },
        targets: recordingTargets().targets,
        region: 'r',
        accountId: '1',
      }),
    ).rejects.toThrow(/rateMinutes/);
  });
});
