import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RuleDefinition } from '../../project/event-definitions';
import { createEventBus, ManualClock, TargetDeliveryError, type EventBus, type EventBusOptions } from './index';
import { entry, patternRule, recordingTargets } from './test-support';

const buses: EventBus[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.close()));
});

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';

async function start(rules: Record<string, RuleDefinition>, options: Partial<EventBusOptions> = {}) {
  const recorder = recordingTargets();
  const trace: string[] = [];
  const bus = await createEventBus({
    name: 'app-bus',
    rules,
    targets: recorder.targets,
    region: REGION,
    accountId: ACCOUNT,
    trace: (line) => trace.push(line),
    backoff: { baseMs: 1, capMs: 4 },
    ...options,
  });
  buses.push(bus);
  return { bus, recorder, trace };
}

const orders = { source: ['app.orders'] };

describe('rules and targets', () => {
  it('fans one event out to every matching rule and to each of its targets, and to no other rule', async () => {
    const { bus, recorder } = await start({
      metrics: patternRule('app-bus', orders, [{ id: 'rollup', type: 'SQS', queue: 'metrics' }]),
      push: patternRule('app-bus', { 'detail-type': ['Order Placed'] }, [
        { id: 'fn', type: 'LAMBDA', function: 'notify' },
        { id: 'api', type: 'APPSYNC', graphQLOperation: 'mutation M($id: ID!) { m(id: $id) }' },
      ]),
      menu: patternRule('app-bus', { source: ['app.menu'] }, [{ id: 'sink', type: 'FIREHOSE', deliveryStream: 'menu' }]),
      otherBus: patternRule('other-bus', orders, [{ id: 'elsewhere', type: 'SQS', queue: 'other' }]),
    });
    const answer = await bus.putEvents([entry('app.orders', 'Order Placed', { orderId: 'o-1' })]);
    await bus.idle();
    expect(recorder.calls.map((call) => `${call.kind}:${call.name}`).sort()).toEqual([
      'appsync:mutation M($id: ID!) { m(id: $id) }',
      'lambda:notify',
      'sqs:metrics',
    ]);
    for (const call of recorder.calls) {
      expect(JSON.parse(call.payload)).toMatchObject({ id: (answer.Entries[0] as { EventId: string }).EventId });
    }
  });

  it("gives each target the event shaped by its input, with the rule's reserved variables", async () => {
    const { bus, recorder } = await start({
      shaped: patternRule('app-bus', orders, [
        { id: 'path', type: 'SQS', queue: 'detail-only', input: { inputPath: '$.detail' } },
        {
          id: 'template',
          type: 'APPSYNC',
          graphQLOperation: 'mutation',
          input: { inputTransformer: { inputPathsMap: { id: '$.detail.orderId' }, inputTemplate: '{"orderId": <id>, "rule": "<aws.events.rule-name>"}' } },
        },
      ]),
    });
    await bus.putEvents([entry('app.orders', 'Order Placed', { orderId: 'o-7', total: 450 })]);
    await bus.idle();
    expect(JSON.parse(recorder.callsTo('detail-only')[0]?.payload ?? '')).toEqual({ orderId: 'o-7', total: 450 });
    expect(JSON.parse(recorder.callsTo('mutation')[0]?.payload ?? '')).toEqual({ orderId: 'o-7', rule: 'shaped' });
  });

  it('answers PutEvents before any target runs', async () => {
    const { bus, recorder } = await start({ r: patternRule('app-bus', orders, [{ id: 'q', type: 'SQS', queue: 'q' }]) });
    await bus.putEvents([entry('app.orders', 'Order Placed', {})]);
    expect(recorder.calls).toHaveLength(0);
    await bus.idle();
    expect(recorder.calls).toHaveLength(1);
  });

  it('traces each event with its rules and what each target did', async () => {
    const { bus, trace } = await start({
      a: patternRule('app-bus', orders, [{ id: 'q', type: 'SQS', queue: 'q' }]),
      b: patternRule('app-bus', { source: ['nobody'] }, [{ id: 'q', type: 'SQS', queue: 'q' }]),
    });
    const answer = await bus.putEvents([entry('app.orders', 'Order Placed', {})]);
    await bus.idle();
    const id = (answer.Entries[0] as { EventId: string }).EventId;
    expect(trace).toEqual([`event ${id} source=app.orders detail-type="Order Placed" rules=[a]`, `event ${id} a/q delivered (attempt 1)`]);
  });
});

describe('retries and dead letters', () => {
  it('retries a failing target until it succeeds', async () => {
    const { bus, recorder, trace } = await start({
      r: patternRule('app-bus', orders, [{ id: 'fn', type: 'LAMBDA', function: 'flaky', deadLetterQueue: 'dlq' }]),
    });
    recorder.behave('flaky', (_call, attempt) => {
      if (attempt < 3) throw new Error(`down ${attempt}`);
    });
    await bus.putEvents([entry('app.orders', 'Order Placed', {})]);
    await bus.idle();
    expect(recorder.callsTo('flaky')).toHaveLength(3);
    expect(recorder.deadLetters).toEqual([]);
    expect(trace.slice(1).map((line) => line.replace(/^event \S+ /, ''))).toEqual([
      'r/fn retrying 1 (down 1)',
      'r/fn retrying 2 (down 2)',
      'r/fn delivered (attempt 3)',
    ]);
  });

  it('sends the event to the dead-letter queue with EventBridge attributes after the last retry', async () => {
    const { bus, recorder } = await start({
      fanout: patternRule('app-bus', orders, [
        {
          id: 'fn',
          type: 'LAMBDA',
          function: 'broken',
          deadLetterQueue: 'dlq',
          retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeSeconds: 3600 },
        },
      ]),
    });
    recorder.behave('broken', () => Promise.reject(new Error('boom')));
    const answer = await bus.putEvents([entry('app.orders', 'Order Placed', { orderId: 'o-9' })]);
    await bus.idle();
    expect(recorder.callsTo('broken')).toHaveLength(3);
    expect(recorder.deadLetters).toHaveLength(1);
    const [letter] = recorder.deadLetters;
    expect(letter?.queue).toBe('dlq');
    expect(JSON.parse(letter?.body ?? '')).toMatchObject({ id: (answer.Entries[0] as { EventId: string }).EventId, detail: { orderId: 'o-9' } });
    expect(letter?.attributes).toEqual({
      RULE_ARN: `arn:aws:events:${REGION}:${ACCOUNT}:rule/app-bus/fanout`,
      TARGET_ARN: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:broken`,
      ERROR_CODE: 'ERROR_FROM_TARGET',
      ERROR_MESSAGE: 'boom',
      RETRY_ATTEMPTS: '2',
      EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttempts',
    });
  });

  it('dead-letters at once, without retrying, what a retry cannot fix', async () => {
    const { bus, recorder } = await start({
      r: patternRule('app-bus', orders, [{ id: 'q', type: 'SQS', queue: 'gone', deadLetterQueue: 'dlq' }]),
    });
    recorder.behave('gone', () => Promise.reject(new TargetDeliveryError('The queue does not exist.', { errorCode: 'NO_RESOURCE' })));
    await bus.putEvents([entry('app.orders', 'Order Placed', {})]);
    await bus.idle();
    expect(recorder.callsTo('gone')).toHaveLength(1);
    expect(recorder.deadLetters[0]?.attributes).toMatchObject({
      ERROR_CODE: 'NO_RESOURCE',
      TARGET_ARN: `arn:aws:sqs:${REGION}:${ACCOUNT}:gone`,
      RETRY_ATTEMPTS: '0',
    });
    expect(recorder.deadLetters[0]?.attributes).not.toHaveProperty('EXHAUSTED_RETRY_CONDITION');
  });

  it('dead-letters an event that grew older than maximumEventAgeSeconds while waiting to retry', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const { bus, recorder } = await start(
      {
        r: patternRule('app-bus', orders, [
          {
            id: 'fn',
            type: 'LAMBDA',
            function: 'down',
            deadLetterQueue: 'dlq',
            retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeSeconds: 60 },
          },
        ]),
      },
      { clock, backoff: { baseMs: 120_000, capMs: 120_000 }, random: () => 0.9 },
    );
    recorder.behave('down', () => Promise.reject(new Error('unavailable')));
    await bus.putEvents([entry('app.orders', 'Order Placed', {})]);
    await vi.waitFor(() => expect(recorder.callsTo('down')).toHaveLength(1));
    // The first retry is due 108 s after the failure, past the 60 s the event may live.
    clock.advance(108_000);
    await bus.idle();
    expect(recorder.callsTo('down')).toHaveLength(1);
    expect(recorder.deadLetters[0]?.attributes).toMatchObject({
      EXHAUSTED_RETRY_CONDITION: 'MaximumEventAgeInSeconds',
      RETRY_ATTEMPTS: '0',
      ERROR_MESSAGE: 'unavailable',
    });
  });

  it('drops, and says so, an event that fails for a target without a dead-letter queue', async () => {
    const { bus, recorder, trace } = await start({
      r: patternRule('app-bus', orders, [
        { id: 'fn', type: 'LAMBDA', function: 'down', retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeSeconds: 60 } },
      ]),
    });
    recorder.behave('down', () => Promise.reject(new Error('nope')));
    await bus.putEvents([entry('app.orders', 'Order Placed', {})]);
    await bus.idle();
    expect(trace.at(-1)).toMatch(/r\/fn dropped \(ERROR_FROM_TARGET: nope\)$/);
  });
});

describe('isolation between targets', () => {
  it('keeps delivering to one target while another is stalled, holding at most maxInFlightPerTarget for the stalled one', async () => {
    const { bus, recorder } = await start(
      {
        r: patternRule('app-bus', orders, [
          { id: 'slow', type: 'LAMBDA', function: 'slow' },
          { id: 'fast', type: 'SQS', queue: 'fast' },
        ]),
      },
      { maxInFlightPerTarget: 2 },
    );
    const releases: Array<() => void> = [];
    recorder.behave('slow', () => new Promise<void>((resolve) => releases.push(resolve)));
    await bus.putEvents(Array.from({ length: 5 }, (_, n) => entry('app.orders', 'Order Placed', { n })));
    await vi.waitFor(() => expect(recorder.callsTo('fast')).toHaveLength(5));
    expect(recorder.callsTo('slow')).toHaveLength(2);

    // Released one by one, the stalled target works through its queue and nothing is lost.
    while (recorder.callsTo('slow').length < 5 || releases.length > 0) {
      await vi.waitFor(() => expect(releases.length).toBeGreaterThan(0));
      releases.shift()?.();
    }
    await bus.idle();
    const seen = recorder.callsTo('slow').map((call) => (JSON.parse(call.payload) as { detail: { n: number } }).detail.n);
    expect(seen.sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('loses nothing when a delivery function throws instead of rejecting', async () => {
    const { bus, recorder } = await start({ r: patternRule('app-bus', orders, [{ id: 'fn', type: 'LAMBDA', function: 'thrower' }]) });
    recorder.behave('thrower', (_call, attempt) => {
      if (attempt === 1) throw new TypeError('synchronous failure');
    });
    await bus.putEvents([entry('app.orders', 'Order Placed', {})]);
    await bus.idle();
    expect(recorder.callsTo('thrower')).toHaveLength(2);
  });
});
