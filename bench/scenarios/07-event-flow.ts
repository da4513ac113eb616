/**
 * Scenario 7: the event flow under the order-flow load. Customers place and pay orders, a barista
 * moves each to PREPARING and READY (four order writes, four domain events per order), and every
 * event is followed from the table write (the order item's updatedAt, which the event carries as
 * detail.occurredAt) to the bus (routed to its rules, after the archive took it), to the rollup
 * (the guard item's countedAt) and to the lake (the Firehose target accepted it; the object that
 * holds it written). Then the pipe's poller reads the orders stream from its trim horizon beside a
 * raw GetRecords loop on the same stream (the floor). A lost event fails the scenario.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gunzipSync } from 'node:zlib';
import { DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { events } from '../../infra/api/events';
import { createUser, signIn } from '../../local/src/auth/cognito-admin';
import { startPaymentSandbox } from '../../payment-sandbox';
import { inBatches } from '../lib/appsync-ws';
import { startBenchProcess, type BenchProcess } from '../lib/child';
import { httpClient, type HttpClient } from '../lib/http-load';
import { summarize } from '../lib/stats';
import type { BenchContext, Row, Scenario } from '../lib/types';
import type { CoffeeEventsServerInfo, CoffeeEventsServerOptions, StreamReadResult, TracedLine } from '../servers/coffee-events';

const ORDER_FIELDS = 'id status customerId version';
const PLACE = `mutation Place($input: PlaceOrderInput!) { placeOrder(input: $input) { ${ORDER_FIELDS} } }`;
const PAY = `mutation Pay($input: PayOrderInput!) { payOrder(input: $input) { ${ORDER_FIELDS} } }`;
const START = `mutation Start($orderId: ID!) { startPreparing(orderId: $orderId) { ${ORDER_FIELDS} } }`;
const READY = `mutation Ready($orderId: ID!) { markReady(orderId: $orderId) { ${ORDER_FIELDS} } }`;
const PASSWORD = 'Passw0rd-Bench';
const TEST_CARD = '4242424242424242';
const REQUEST_TIMEOUT_MS = 30_000;
/** The events each measured order must produce, one per write. */
const LIFECYCLE = ['Order Placed', 'Order Paid', 'Order Preparing', 'Order Ready'];
/** How long the rollup may take to count the last event after the load ends. */
const SETTLE_TIMEOUT_MS = 60_000;
/** How long the count pass reads the stream before it takes what it read as everything. */
const COUNT_PASS_MS = 3_000;
/**
 * The delivery stream's buffering interval (900 s, Firehose's maximum: infra/api/events.ts). The
 * bench does not wait it out: an object is written by the interval at the latest, so the bench
 * flushes and reports the sink's acceptance as the measured lag.
 */
const BUFFERING_SECONDS = events.deliveryStreams.analytics.bufferingIntervalSeconds;
/** Runs of each stream reader, alternating; the median is reported. */
const READ_RUNS = 3;

interface BusEvent {
  id: string;
  'detail-type': string;
  detail: { eventId: string; orderId?: string; occurredAt: string };
}

async function mutate(client: HttpClient, query: string, variables: Record<string, unknown>, field: string): Promise<{ id: string; status: string }> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${field} got no answer within ${REQUEST_TIMEOUT_MS} ms`)), REQUEST_TIMEOUT_MS);
  });
  const response = await Promise.race([client.post(JSON.stringify({ query, variables })), deadline]).finally(() => clearTimeout(timer));
  if (response.status !== 200 || response.body.includes('"errors"')) throw new Error(`${field} answered ${response.status}: ${response.body.slice(0, 300)}`);
  const order = (JSON.parse(response.body) as { data?: Record<string, { id?: string; status?: string } | null> }).data?.[field];
  if (!order?.id || !order.status) throw new Error(`${field} answered no order: ${response.body.slice(0, 300)}`);
  return { id: order.id, status: order.status };
}

async function tokenize(sandboxUrl: string): Promise<string> {
  const expiry = `12/${String(new Date().getUTCFullYear() + 2).slice(-2)}`;
  const response = await fetch(`${sandboxUrl}/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ card: { number: TEST_CARD, expiry, cvc: '123' } }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const body = (await response.json()) as { id?: unknown; error?: unknown };
  if (typeof body.id !== 'string') throw new Error(`tokenization failed: ${JSON.stringify(body.error)}`);
  return body.id;
}

function filesUnder(root: string, suffix: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix) && !entry.parentPath.includes('.firehose-tmp'))
    .map((entry) => join(entry.parentPath, entry.name));
}

const lines = (text: string): string[] => text.split('\n').filter((line) => line.trim() !== '');

/** The measured orders' events in the archive (every event the bus accepted), first copy of each eventId. */
function byEventIdOf(archiveDir: string, measured: ReadonlySet<string>): Map<string, BusEvent> {
  const found = new Map<string, BusEvent>();
  for (const file of filesUnder(archiveDir, '.jsonl')) {
    for (const line of lines(readFileSync(file, 'utf8'))) {
      const { event } = JSON.parse(line) as { event: BusEvent };
      if (event.detail.orderId !== undefined && measured.has(event.detail.orderId) && !found.has(event.detail.eventId)) found.set(event.detail.eventId, event);
    }
  }
  return found;
}

/** For each EventBridge id in a lake object, when that object was written and whether before `flushedAt` (by the buffering interval). */
function lakeObjects(lakeDir: string, flushedAt: number): Map<string, { writtenAt: number; byTimer: boolean }> {
  const found = new Map<string, { writtenAt: number; byTimer: boolean }>();
  for (const file of filesUnder(lakeDir, '.gz')) {
    const writtenAt = statSync(file).mtimeMs;
    for (const line of lines(gunzipSync(readFileSync(file)).toString('utf8'))) {
      const { id } = JSON.parse(line) as { id: string };
      if (!found.has(id)) found.set(id, { writtenAt, byTimer: writtenAt < flushedAt });
    }
  }
  return found;
}

/** The first time each event id appears in trace lines matching `pattern` (its first group is the id). */
function firstTimes(traced: readonly TracedLine[], pattern: RegExp): Map<string, number> {
  const times = new Map<string, number>();
  for (const { at, line } of traced) {
    const id = pattern.exec(line)?.[1];
    if (id !== undefined && !times.has(id)) times.set(id, at);
  }
  return times;
}

const scenario: Scenario = {
  id: '7',
  title: 'Event flow: lag from the table write to the bus, the rollup and the lake; the stream poller beside raw GetRecords',
  async run(context: BenchContext) {
    const customerCount = context.size(10, 2);
    const ordersPerCustomer = context.size(10, 2);
    const dir = context.tempDir('event-flow');
    const sandbox = await startPaymentSandbox({ port: 0, dataDir: join(dir, 'payment-sandbox') });
    const https: HttpClient[] = [];
    const dynamo = new DynamoDBClient({ endpoint: context.dynamodbEndpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    let api: BenchProcess<CoffeeEventsServerInfo> | null = null;
    try {
      api = await startBenchProcess<CoffeeEventsServerInfo>('servers/coffee-events.ts', {
        dynamodbEndpoint: context.dynamodbEndpoint,
        cognitoEndpoint: context.cognitoEndpoint,
        stateFile: join(dir, 'state.json'),
        tlsDir: context.tlsDir,
        eventsDir: join(dir, 'events'),
        paymentSandboxUrl: sandbox.url,
        paymentSandboxSecretKey: sandbox.secretKey,
        password: PASSWORD,
      } satisfies CoffeeEventsServerOptions);
      const server = api;
      const { httpsUrl, caPem, userPoolId, clientId, flatWhiteId, tableNames, archiveDir, lakeDir } = server.info;
      const metricsTable = tableNames['metrics'];
      if (!metricsTable) throw new Error('the API has no metrics table');

      const newUser = async (name: string, group: string): Promise<HttpClient> => {
        const email = `${name}-${Date.now().toString(36)}@brewline.test`;
        await createUser({ endpoint: context.cognitoEndpoint, userPoolId, username: email, password: PASSWORD, groups: [group], attributes: { email } });
        const { accessToken } = await signIn({ endpoint: context.cognitoEndpoint, clientId, username: email, password: PASSWORD });
        const client = httpClient({ url: httpsUrl, ca: caPem, headers: { authorization: accessToken } }, group === 'Baristas' ? customerCount : 1);
        https.push(client);
        return client;
      };
      const barista = await newUser('bench-events-barista', 'Baristas');
      const customers: HttpClient[] = [];
      await inBatches(
        Array.from({ length: customerCount }, (_, index) => index),
        10,
        async (index) => {
          customers.push(await newUser(`bench-events-customer-${index}`, 'Customers'));
        },
      );

      const errors: string[] = [];
      const measured = new Set<string>();
      const orderOnce = async (customer: HttpClient, key: string): Promise<string> => {
        const input = { idempotencyKey: key, pickupName: 'Bench', lines: [{ menuItemId: flatWhiteId, size: 'REGULAR', milk: 'OAT', quantity: 1 }] };
        const { id } = await mutate(customer, PLACE, { input }, 'placeOrder');
        const cardToken = await tokenize(sandbox.url);
        await mutate(customer, PAY, { input: { orderId: id, cardToken, idempotencyKey: `pay-${id}` } }, 'payOrder');
        await mutate(barista, START, { orderId: id }, 'startPreparing');
        await mutate(barista, READY, { orderId: id }, 'markReady');
        return id;
      };
      const everyone = async (rounds: number, record: boolean): Promise<void> => {
        await Promise.all(
          customers.map(async (customer, index) => {
            for (let round = 0; round < rounds; round += 1) {
              try {
                const id = await orderOnce(customer, `bench-events-${index}-${record ? round : `warm-${round}`}-${Date.now().toString(36)}`);
                if (record) measured.add(id);
              } catch (error) {
                errors.push(error instanceof Error ? error.message : String(error));
              }
            }
          }),
        );
      };
      // One unmeasured order per customer, so the Lambda workers and code paths are warm.
      await everyone(1, false);
      if (errors.length > 0) throw new Error(`${errors.length} errors while warming up: ${errors.slice(0, 5).join('; ')}`);
      const began = performance.now();
      await everyone(ordersPerCustomer, true);
      const seconds = (performance.now() - began) / 1000;
      if (errors.length > 0) throw new Error(`${errors.length} errors: ${errors.slice(0, 5).join('; ')}`);
      const expectedEvents = measured.size * LIFECYCLE.length;

      // The rollup runs behind the queue: wait (bounded) until every measured event is counted.
      const countedAt = new Map<string, number>();
      const settleDeadline = performance.now() + SETTLE_TIMEOUT_MS;
      const measuredGuard = (pk: string): boolean => measured.has(pk.slice('EVENT#'.length).split(':')[0] ?? '');
      for (;;) {
        countedAt.clear();
        for await (const page of paginateScan({ client: dynamo }, { TableName: metricsTable, ConsistentRead: true })) {
          for (const item of page.Items ?? []) {
            const row = unmarshall(item) as { pk: string; countedAt?: string };
            if (row.pk.startsWith('EVENT#') && row.countedAt && measuredGuard(row.pk)) countedAt.set(row.pk.slice('EVENT#'.length), Date.parse(row.countedAt));
          }
        }
        if (countedAt.size >= expectedEvents || performance.now() > settleDeadline) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      await server.request('busIdle');
      const traced = await server.request<TracedLine[]>('trace');
      const serverSample = await server.sample();
      // Objects are written by the buffering interval (15 minutes) at the latest: the bench flushes
      // instead of waiting, and tells any object the interval wrote first apart below.
      const flushRequestedAt = Date.now();
      await server.request<string[]>('flushLake');

      const byEventId = byEventIdOf(archiveDir, measured);
      const routedAt = firstTimes(traced, /^event (\S+) source=/);
      const lakeAcceptedAt = firstTimes(traced, /^event (\S+) analyticsSink\/\S+ delivered/);
      const inLake = lakeObjects(lakeDir, flushRequestedAt);

      const lag = { bus: [] as number[], rollup: [] as number[], sink: [] as number[], object: [] as number[] };
      const lost: string[] = [];
      for (const orderId of measured) {
        const ofOrder = [...byEventId.values()].filter((event) => event.detail.orderId === orderId);
        const types = ofOrder.map((event) => event['detail-type']).sort();
        if (JSON.stringify(types) !== JSON.stringify([...LIFECYCLE].sort())) lost.push(`order ${orderId} has events [${types.join(', ')}] in the archive`);
        for (const event of ofOrder) {
          const occurred = Date.parse(event.detail.occurredAt);
          const routed = routedAt.get(event.id);
          const sunk = lakeAcceptedAt.get(event.id);
          const counted = countedAt.get(event.detail.eventId);
          const object = inLake.get(event.id);
          if (routed === undefined || sunk === undefined || counted === undefined || object === undefined) {
            lost.push(`${event.detail.eventId}: routed ${routed !== undefined}, lake accepted ${sunk !== undefined}, counted ${counted !== undefined}, in a lake object ${object !== undefined}`);
            continue;
          }
          lag.bus.push(routed - occurred);
          lag.sink.push(sunk - occurred);
          lag.rollup.push(counted - occurred);
          if (object.byTimer) lag.object.push(object.writtenAt - occurred);
        }
      }
      if (lost.length > 0) throw new Error(`${lost.length} events lost or incomplete: ${lost.slice(0, 5).join('; ')}`);

      // The stream readers, after the load, on the same stream: first a pass that counts what it holds.
      const counted = await server.request<StreamReadResult>('readRaw', { count: Number.MAX_SAFE_INTEGER, timeoutMs: COUNT_PASS_MS });
      const raws: StreamReadResult[] = [];
      const pollers: StreamReadResult[] = [];
      for (let run = 0; run < READ_RUNS; run += 1) {
        const raw = await server.request<StreamReadResult>('readRaw', { count: counted.records, timeoutMs: 60_000 });
        const poller = await server.request<StreamReadResult>('runPoller', { count: counted.records });
        if (raw.records !== counted.records) throw new Error(`the raw loop read ${raw.records} of the stream's ${counted.records} records`);
        if ((poller.delivered ?? 0) + (poller.filtered ?? 0) !== counted.records) {
          throw new Error(`the poller delivered ${poller.delivered} and filtered ${poller.filtered} of the stream's ${counted.records} records`);
        }
        raws.push(raw);
        pollers.push(poller);
      }
      const median = (results: StreamReadResult[]): StreamReadResult => [...results].sort((a, b) => a.elapsedMs - b.elapsedMs)[Math.floor(results.length / 2)] ?? results[0] ?? { records: 0, elapsedMs: Number.NaN };
      const raw = median(raws);
      const poller = median(pollers);
      const runTimes = (results: StreamReadResult[]): string => results.map((r) => `${r.elapsedMs.toFixed(0)}`).join(', ');

      const eventsPerSecond = expectedEvents / seconds;
      const lagRow = (label: string, samples: number[], note: string, reference = false): Row => {
        const summary = summarize(samples);
        return {
          group: 'event-lag',
          label,
          ...(reference && { reference: true }),
          throughput: samples.length > 0 ? { value: eventsPerSecond, unit: 'events/s' } : null,
          p50Ms: samples.length > 0 ? summary.p50 : null,
          p99Ms: samples.length > 0 ? summary.p99 : null,
          peakRssBytes: reference ? serverSample.maxRss : null,
          note,
          detail: { samples: samples.length, latencyMs: summary },
        };
      };
      const readRow = (label: string, result: StreamReadResult, note: string, reference = false): Row => ({
        group: 'stream-read',
        label,
        ...(reference && { reference: true }),
        throughput: { value: result.records / (result.elapsedMs / 1000), unit: 'records/s' },
        p50Ms: null,
        p99Ms: null,
        peakRssBytes: null,
        note,
        detail: { ...result },
      });
      const orders = measured.size;
      return {
        rows: [
          lagRow('table write → on the bus (archived, routed to its rules)', lag.bus, `${expectedEvents} events of ${orders} orders (${customerCount} customers, 1 barista), 0 lost; pipe window 1 s, batch 25; peak RSS: the API and event services' process`, true),
          lagRow('table write → rollup counted (guard item countedAt)', lag.rollup, 'rollup queue, batch 10, window 1 s, 2 concurrent'),
          lagRow('table write → lake sink accepted (Firehose target delivered)', lag.sink, 'the record is in the delivery stream\'s buffer'),
          lagRow(
            `table write → lake object written (Firehose ${BUFFERING_SECONDS} s buffer)`,
            lag.object,
            lag.object.length > 0
              ? `${lag.object.length} of ${expectedEvents} events in objects the buffering interval wrote${lag.object.length < expectedEvents ? '; the rest flushed by the bench at the end' : ''}`
              : `not waited: the bench flushed the stream at once; an object is written at most ${BUFFERING_SECONDS} s after its first record`,
          ),
          readRow('floor: raw GetRecords loop on the orders stream', raw, `${raw.records} records from the trim horizon; median of ${READ_RUNS} runs (${runTimes(raws)} ms)`, true),
          readRow(
            'runtime: the pipe poller on the same stream (orderChanges settings, no window, acknowledging target)',
            poller,
            `${poller.delivered} delivered in ${poller.invocations} batches, ${poller.filtered} filtered out, checkpoint written per batch; median of ${READ_RUNS} runs (${runTimes(pollers)} ms)`,
          ),
        ],
        notes: [
          `${customerCount} customers each place ${ordersPerCustomer} orders one after another (after one unmeasured order each): placeOrder, tokenize the test card at the payment sandbox, payOrder; then the barista calls startPreparing and markReady. Four order writes, four domain events per order (${LIFECYCLE.join(', ')}), all followed to the end: an event missing from the archive, the bus, the rollup or the lake fails the scenario.`,
          'Lag starts at the order item\'s updatedAt (the resolver\'s clock, carried in the event as detail.occurredAt). "On the bus" is the bus trace hook\'s routing line (the one `npm start -- --trace-events` prints), written once PutEvents has put the event in the archive (fdatasync) and answered. "Rollup counted" is the countedAt of the EVENT#<eventId> guard item the rollup Lambda writes in the transaction that adds the counters. "Lake sink accepted" is the trace hook\'s line for the analyticsSink rule\'s Firehose target: the record is in the delivery stream\'s buffer. "Lake object written" is the mtime of the gzip object that holds the event, only for objects the 60 s buffering interval wrote (as Firehose does); at full size the bench waits (up to 75 s) for the interval to write them; objects written by a forced flush at the end (smoke size flushes at once) are left out, since that flush is the bench\'s, not the system\'s. Every time is wall-clock milliseconds of one machine (Date.now() in the server, the Lambda workers and the file system), so the lag resolution is 1 ms.',
          'The stream rows read the orders table\'s stream from its trim horizon after the load, in the server process (the API idle by then): the floor is `readStreamRaw` (GetRecords in a loop, nothing else); the poller is `startStreamPipe` with the orderChanges pipe\'s batch size and filter, a fresh checkpoint, a batching window of 0 (the configured 1 s window only adds a wait at the tail of a backlog) and a target that acknowledges each batch, so what is compared is the poller\'s own work: converting, filtering, batching and checkpointing. Both times run until the last record of the stream is read (and, for the poller, delivered or filtered). Each reader runs three times, alternating, and the median run is reported; the stream holds only what the load wrote (the row says how many records), so the ratio is rough, not a capacity.',
        ],
      };
    } finally {
      for (const client of https) client.close();
      dynamo.destroy();
      await api?.stop();
      await sandbox.stop();
    }
  },
};

export default scenario;
