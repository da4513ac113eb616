import { afterEach, describe, expect, it } from 'vitest';
import { createEventBus, EventBusConfigurationError, ManualClock, type EventBus } from './index';
import { recordingTargets } from './test-support';

const buses: EventBus[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.close()));
});

describe('cron() schedule rules', () => {
  it('fire at each matching minute (UTC) with the scheduled-event envelope, not every minute in between', async () => {
    // Friday 2026-12-04 17:50 UTC; the rule runs at 18:00 Monday to Friday.
    const clock = new ManualClock(Date.UTC(2026, 11, 4, 17, 50));
    const recorder = recordingTargets();
    const bus = await createEventBus({
      name: 'default',
      rules: { closeOfDay: { description: 'weekdays at six', schedule: { cron: '0 18 ? * MON-FRI *' }, targets: [{ id: 'fn', type: 'LAMBDA', function: 'close' }] } },
      targets: recorder.targets,
      region: 'eu-west-1',
      accountId: '123456789012',
      clock,
    });
    buses.push(bus);

    clock.advance(10 * 60_000 - 1);
    await bus.idle();
    expect(recorder.calls).toHaveLength(0);
    clock.advance(1);
    await bus.idle();
    // Over the weekend to Monday 18:00: two firings in all, Friday's and Monday's.
    clock.advance(3 * 24 * 60 * 60_000);
    await bus.idle();
    const events = recorder.calls.map((call) => JSON.parse(call.payload) as { time: string; source: string; resources: string[] });
    expect(events.map((e) => e.time)).toEqual(['2026-12-04T18:00:00Z', '2026-12-07T18:00:00Z']);
    expect(events[0]).toMatchObject({ source: 'aws.events', 'detail-type': 'Scheduled Event', resources: ['arn:aws:events:eu-west-1:123456789012:rule/closeOfDay'] });
  });

  it('refuse an expression the guide refuses, naming the rule', async () => {
    const recorder = recordingTargets();
    await expect(
      createEventBus({
        name: 'default',
        rules: { bad: { description: '', schedule: { cron: '0 18 * * * *' }, targets: [] } },
        targets: recorder.targets,
        region: 'eu-west-1',
        accountId: '123456789012',
        clock: new ManualClock(0),
      }),
    ).rejects.toThrow(EventBusConfigurationError);
  });
});
