import { BatchWriteItemCommand, DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { apiDefinition } from '../../infra/api';
import { events } from '../../infra/api/events';
import type { ApiDefinition } from '../../local/src/project/definitions';
import type { Queue } from '../../local/src/sqs';
import { userPoolMode } from '../../local/test/realtime/appsync-auth';
import { Subscriber } from '../../local/test/realtime/subscriber';
import { validatorFor } from '../../schema/events/catalog';
import { backdateReady } from '../api/support/order-steps';
import { dataAs, errorTypeOf, PAY_ORDER, placeFlatWhites, seedMenuAndStore, signedInUser, startPaymentsWorld, tokenize, type PaymentsWorld } from '../api/support/payment-steps';

/**
 * The event aggregator end to end, on one machine, as `npm start` runs it: table writes reach the
 * orders pipe, the domain-events Lambda puts them on the bus (through the AWS SDK), rules fan them
 * out to the rollup queue and Lambda, to the apps (AppSync target) and to the lake. A capture rule
 * added for the test (a queue of its own) sees every event the bus accepted.
 */
interface BusEvent {
  id: string;
  source: string;
  'detail-type': string;
  detail: { orderId?: string; version?: number; eventId: string; status?: string; lines?: unknown[] };
}

// Deliveries run behind queues and pollers: on a busy machine they take seconds, so each wait is
// bounded at 60 s and each test at 90 s. Nothing here measures speed (the bench does).
vi.setConfig({ testTimeout: 90_000 });

const definition: ApiDefinition = {
  ...apiDefinition,
  events: {
    ...events,
    // The rollup queue's 180 s visibility timeout (six times its consumer's timeout, as AWS
    // advises) would outlast every wait here if a batch failed once on a loaded machine: the test
    // gives the redelivery 30 s (the consumer's own timeout, AWS's minimum for the mapping).
    queues: { ...events.queues, capture: { visibilityTimeoutSeconds: 30 }, metricsRollup: { ...events.queues.metricsRollup, visibilityTimeoutSeconds: 30 } },
    rules: {
      ...events.rules,
      capture: {
        description: 'Every domain event, for the test.',
        bus: 'domain',
        eventPattern: { source: [{ prefix: 'brewline.' }] },
        targets: [{ id: 'capture', type: 'SQS', queue: 'capture' }],
      },
    },
  },
};

let world: PaymentsWorld;
const captured: BusEvent[] = [];
const subscribers: Subscriber[] = [];

const queue = (name: string): Queue => {
  const services = world.api.events;
  if (!services) throw new Error('the world has no event services');
  return services.queues.get(name);
};

/** Everything the capture queue holds now, added to `captured` (deleted from the queue). */
async function drainCapture(): Promise<void> {
  for (;;) {
    const messages = await queue('capture').receiveMessage({ MaxNumberOfMessages: 10, VisibilityTimeout: 30 });
    if (messages.length === 0) return;
    for (const message of messages) {
      captured.push(JSON.parse(message.Body) as BusEvent);
      queue('capture').deleteMessage(message.ReceiptHandle);
    }
  }
}

/** Nothing waiting or being processed on a queue. */
const drained = (name: string): boolean => {
  const a = queue(name).attributes();
  return a.ApproximateNumberOfMessages === 0 && a.ApproximateNumberOfMessagesNotVisible === 0;
};

/** Waits (bounded) until `done` holds of the captured events. */
async function eventsUntil(done: (all: BusEvent[]) => boolean, what: string): Promise<BusEvent[]> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    await drainCapture();
    if (done(captured)) return captured;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}; captured: ${captured.map((e) => e['detail-type']).join(', ')}`);
}

const ofOrder = (orderId: string) => (all: BusEvent[]) => all.filter((e) => e.detail.orderId === orderId);

beforeAll(async () => {
  world = await startPaymentsWorld({ definition, events: true });
  await seedMenuAndStore(world.api);
}, 120_000);

afterAll(async () => {
  await Promise.all(subscribers.map((s) => s.close()));
  await world?.close();
});

const STAFF_MOVES = ['startPreparing', 'markReady', 'markCollected'] as const;

describe('domain events', () => {
  let orderId = '';

  it("turns John's order into exactly the events of its lifecycle, in order, each valid against its schema and without card data", async () => {
    const { api, sandbox } = world;
    const john = await signedInUser(api, 'john', []);
    const barista = await signedInUser(api, 'barista', ['Baristas']);
    const order = await placeFlatWhites(api, john.token, 2, 'John');
    orderId = order.id;
    const cardToken = await tokenize(sandbox, '4242424242424242');
    await dataAs(api, john.token, PAY_ORDER, { input: { orderId, cardToken, idempotencyKey: `pay-${orderId}` } });
    for (const move of STAFF_MOVES) await dataAs(api, barista.token, `mutation($id: ID!) { ${move}(orderId: $id) { id } }`, { id: orderId });

    const mine = ofOrder(orderId)(await eventsUntil((all) => ofOrder(orderId)(all).length >= 5, "John's five events"));
    expect(mine.map((e) => e['detail-type'])).toEqual(['Order Placed', 'Order Paid', 'Order Preparing', 'Order Ready', 'Order Collected']);
    expect(mine.map((e) => e.source)).toEqual(['brewline.orders', 'brewline.payments', 'brewline.orders', 'brewline.orders', 'brewline.orders']);
    const versions = mine.map((e) => e.detail.version ?? 0);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    // Every event's line carries the category the flat white was in when placed (sales_by_category reads it).
    const { menu } = await dataAs<{ menu: { categories: { id: string; name: string; items: { name: string }[] }[] } }>(api, john.token, 'query { menu { categories { id name items { name } } } }');
    const category = menu.categories.find((c) => c.items.some((item) => item.name === 'Flat white'));
    expect(category?.name).toBe('Milk coffee');
    for (const event of mine) expect(event.detail.lines, event['detail-type']).toEqual([expect.objectContaining({ name: 'Flat white', categoryId: category?.id, categoryName: 'Milk coffee' })]);
    for (const event of mine) {
      const validate = validatorFor(event.source, event['detail-type']);
      expect(validate, event['detail-type']).toBeDefined();
      expect(validate?.(event), JSON.stringify(validate?.errors)).toBe(true);
      expect(JSON.stringify(event)).not.toMatch(/4242|cardLast4|cardBrand|chargeId|cardToken/);
    }
  });

  it('publishes store and menu changes as events that validate too', async () => {
    const all = await eventsUntil((events) => events.some((e) => e['detail-type'] === 'Store Opened') && events.some((e) => e['detail-type'] === 'Menu Item Changed'), 'store and menu events');
    for (const event of all) {
      const validate = validatorFor(event.source, event['detail-type']);
      expect(validate, `${event.source} ${event['detail-type']} is in the catalog`).toBeDefined();
      expect(validate?.(event), JSON.stringify(validate?.errors)).toBe(true);
    }
  });

  it('pushes a declined payment to the customer subscription through EventBridge, though payOrder answered an error', async () => {
    const { api, sandbox } = world;
    const mary = await signedInUser(api, 'mary', []);
    const feed = await Subscriber.connect(api.server.realtimeUrl, { ca: api.server.caPem, auth: userPoolMode(api.server.httpUrl, mary.token) });
    subscribers.push(feed);
    await feed.subscribe('mine', 'subscription { onMyOrderChanged { id status version statusReason } }');
    const order = await placeFlatWhites(api, mary.token, 1, 'Mary');
    const cardToken = await tokenize(sandbox, '4000000000000002');
    expect(await errorTypeOf(api, mary.token, PAY_ORDER, { input: { orderId: order.id, cardToken, idempotencyKey: `pay-${order.id}` } })).toBe('PAYMENT_DECLINED');
    const deadline = Date.now() + 60_000;
    const failed = () => feed.data('mine').some((d) => (d as { data?: { onMyOrderChanged?: { id: string; status: string } } }).data?.onMyOrderChanged?.status === 'PAYMENT_FAILED');
    while (!failed() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(failed()).toBe(true);
    const events = ofOrder(order.id)(await eventsUntil((all) => ofOrder(order.id)(all).some((e) => e['detail-type'] === 'Payment Failed'), 'Payment Failed'));
    expect(events.map((e) => e['detail-type'])).toEqual(['Order Placed', 'Payment Failed']);
  });
});

describe('the metrics rollup', () => {
  const METRICS = `query($d: AWSDate) { dailyMetrics(businessDate: $d) { businessDate day { placed paid paymentFailures collected revenue averagePrepSeconds } items { name quantity revenue } } }`;
  const SALES = `query($d: AWSDate) { salesReport(businessDate: $d) { ordersPaid revenue } }`;
  type Metrics = { dailyMetrics: { day: { placed: number; paid: number; paymentFailures: number; collected: number; revenue: number; averagePrepSeconds: number | null }; items: { name: string; quantity: number }[] } };

  async function settledMetrics(token: string): Promise<Metrics['dailyMetrics']> {
    // The rollup runs behind the queue: wait (bounded) until it has counted what the bus saw.
    const deadline = Date.now() + 60_000;
    const placed = () => captured.filter((e) => e['detail-type'] === 'Order Placed').length;
    for (;;) {
      await drainCapture();
      const { dailyMetrics } = await dataAs<Metrics>(world.api, token, METRICS, {});
      if (dailyMetrics.day.placed === placed() && drained('metricsRollup')) return dailyMetrics;
      if (Date.now() > deadline) {
        // Said before the assertions fail: where the rollup's messages were when the wait ended.
        console.warn(`[order-events] rollup not settled: placed ${dailyMetrics.day.placed} of ${placed()}; queue ${JSON.stringify(queue('metricsRollup').attributes())}`);
        return dailyMetrics;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  it("agrees with the till (salesReport) and counts John's drinks, prep time and the declined payment", async () => {
    const manager = await signedInUser(world.api, 'boss', ['Managers']);
    const metrics = await settledMetrics(manager.token);
    const { salesReport } = await dataAs<{ salesReport: { ordersPaid: number; revenue: number } }>(world.api, manager.token, SALES, {});
    expect(metrics.day.paid).toBe(salesReport.ordersPaid);
    expect(metrics.day.revenue).toBe(salesReport.revenue);
    expect(metrics.day.paymentFailures).toBe(1);
    expect(metrics.day.collected).toBe(1);
    expect(metrics.day.averagePrepSeconds).not.toBeNull();
    expect(metrics.items.find((i) => i.name === 'Flat white')?.quantity).toBe(2);
  });

  it('stays exact when every event is delivered a second time, in reverse order', async () => {
    const manager = await signedInUser(world.api, 'boss2', ['Managers']);
    const before = await settledMetrics(manager.token);
    for (const event of [...captured].reverse()) queue('metricsRollup').sendMessage({ MessageBody: JSON.stringify(event) });
    // Wait until the rollup has taken every redelivery off the queue.
    const deadline = Date.now() + 60_000;
    while (!drained('metricsRollup') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    expect(queue('metricsRollupDeadLetters').attributes().ApproximateNumberOfMessages).toBe(0);
    expect(await settledMetrics(manager.token)).toEqual(before);
  });
});

describe('rebuilding from the archive', () => {
  it('gives the same rollups after the metrics table is emptied and the archive replayed to the rollup rule', async () => {
    const manager = await signedInUser(world.api, 'boss3', ['Managers']);
    const METRICS = `query { dailyMetrics { day { placed paid paymentFailures collected revenue refunded averagePrepSeconds } hours { hour counters { placed paid revenue } } items { name quantity revenue } } }`;
    const before = await dataAs<Record<string, unknown>>(world.api, manager.token, METRICS);
    const dynamo = new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const table = world.api.booted.tableNames['metrics'] ?? '';
    let removed = 0;
    for await (const page of paginateScan({ client: dynamo }, { TableName: table, ProjectionExpression: 'pk, sk' })) {
      const keys = page.Items ?? [];
      for (let i = 0; i < keys.length; i += 25) {
        await dynamo.send(new BatchWriteItemCommand({ RequestItems: { [table]: keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } })) } }));
      }
      removed += keys.length;
    }
    expect(removed).toBeGreaterThan(0);
    expect(await dataAs<Record<string, unknown>>(world.api, manager.token, METRICS)).not.toEqual(before);

    const bus = world.api.events?.buses['domain'];
    bus?.startReplay({ name: 'rebuild-rollups', from: new Date(Date.now() - 3600_000), to: new Date(), rules: ['metricsRollup'] });
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && (bus?.describeReplay('rebuild-rollups').state !== 'COMPLETED' || !drained('metricsRollup'))) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await bus?.idle();
    while (Date.now() < deadline && !drained('metricsRollup')) await new Promise((resolve) => setTimeout(resolve, 250));
    expect(bus?.describeReplay('rebuild-rollups').eventsReplayed).toBeGreaterThan(0);
    expect(await dataAs<Record<string, unknown>>(world.api, manager.token, METRICS)).toEqual(before);
    dynamo.destroy();
  });
});

describe('the expiry sweeper as a scheduled Lambda', () => {
  it('runs through the one Lambda service with the API URL and the IAM pair its role would have, as the schedule rule invokes it', async () => {
    const lambda = world.api.booted.lambda;
    const scheduled = { version: '0', id: 'test', 'detail-type': 'Scheduled Event', source: 'aws.events', account: '000000000000', time: new Date().toISOString(), region: 'local', resources: [], detail: {} };
    const result = await lambda.invoke('expirySweeper', scheduled, { invocationType: 'RequestResponse' });
    expect(result.FunctionError).toBeUndefined();
    expect(result.Payload).toMatchObject({ expired: expect.any(Array), settled: expect.any(Array) });
  });

  it('expires an uncollected order, and the expiry reaches the customer and the barista', async () => {
    const { api, sandbox } = world;
    const ann = await signedInUser(api, 'ann', []);
    const barista = await signedInUser(api, 'barista2', ['Baristas']);
    const order = await placeFlatWhites(api, ann.token, 1, 'Ann');
    const cardToken = await tokenize(sandbox, '4242424242424242');
    await dataAs(api, ann.token, PAY_ORDER, { input: { orderId: order.id, cardToken, idempotencyKey: `pay-${order.id}` } });
    for (const move of ['startPreparing', 'markReady'] as const) await dataAs(api, barista.token, `mutation($id: ID!) { ${move}(orderId: $id) { id } }`, { id: order.id });
    const connect = async (token: string) => {
      const feed = await Subscriber.connect(api.server.realtimeUrl, { ca: api.server.caPem, auth: userPoolMode(api.server.httpUrl, token) });
      subscribers.push(feed);
      return feed;
    };
    const customerFeed = await connect(ann.token);
    const baristaFeed = await connect(barista.token);
    await customerFeed.subscribe('mine', 'subscription { onMyOrderChanged { id status version } }');
    await baristaFeed.subscribe('queue', 'subscription { onOrderQueueChanged { id status version } }');
    await backdateReady(api, order.id, 24 * 60);

    const scheduled = { version: '0', id: 'sweep', 'detail-type': 'Scheduled Event', source: 'aws.events', account: '000000000000', time: new Date().toISOString(), region: 'local', resources: [], detail: {} };
    const result = await api.booted.lambda.invoke('expirySweeper', scheduled, { invocationType: 'RequestResponse' });
    expect(result.Payload).toMatchObject({ expired: expect.arrayContaining([order.id]) });

    const expiredIn = (feed: Subscriber, id: string) =>
      feed.data(id).some((d) => {
        const data = (d as { data?: Record<string, { id: string; status: string } | null> }).data ?? {};
        return Object.values(data).some((o) => o?.id === order.id && o.status === 'EXPIRED');
      });
    const deadline = Date.now() + 60_000;
    while (!(expiredIn(customerFeed, 'mine') && expiredIn(baristaFeed, 'queue')) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(expiredIn(customerFeed, 'mine')).toBe(true);
    expect(expiredIn(baristaFeed, 'queue')).toBe(true);
    const events = ofOrder(order.id)(await eventsUntil((all) => ofOrder(order.id)(all).some((e) => e['detail-type'] === 'Order Expired'), 'Order Expired'));
    expect(events.map((e) => e['detail-type'])).toEqual(['Order Placed', 'Order Paid', 'Order Preparing', 'Order Ready', 'Order Expired']);
  });
});
