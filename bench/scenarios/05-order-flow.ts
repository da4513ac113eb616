/**
 * Scenario 5: the order flow of the coffee API, end to end. Customers place and pay orders over
 * HTTPS (the card tokenized at the payment sandbox first, as the browser does); one barista,
 * subscribed to the queue, moves each newly PAID order to PREPARING and then READY; each customer
 * waits for its own READY on onMyOrderChanged. Latency per order runs from sending placeOrder to
 * the customer reading READY. Any failed request, a missing, duplicated or misrouted READY fails
 * the scenario.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createUser, signIn } from '../../local/src/auth/cognito-admin';
import { startPaymentSandbox } from '../../payment-sandbox';
import { RealtimeClient, inBatches, type RealtimeTarget } from '../lib/appsync-ws';
import { usageBetween, type UsageSnapshot } from '../../local/src/metering/index';
import type { CapturedRequest } from '../../local/src/metering/capture';
import { costOf, costTable } from '../lib/aws-cost';
import { startBenchProcess, type BenchProcess } from '../lib/child';
import { cpuBetween, processGroups, readCpu } from '../lib/cpu-breakdown';
import { copyTables, replay, replayClient } from '../lib/dynamodb-replay';
import { lanesFrom, tableNamesIn } from '../lib/order-flow-floor';
import { lambdaWorkers, peakRss, proportionalSetSize } from '../lib/process-tree';
import { httpClient, type HttpClient } from '../lib/http-load';
import { Samples, summarize } from '../lib/stats';
import type { BenchContext, Row, Scenario } from '../lib/types';
import type { CoffeeApiServerInfo, CoffeeApiServerOptions } from '../servers/coffee-api';

// Every operation selects customerId: onMyOrderChanged is filtered on it, and AppSync can only
// filter on fields the mutation selected; status and id are what the subscribers read.
const ORDER_FIELDS = 'id status customerId version';
const PLACE = `mutation Place($input: PlaceOrderInput!) { placeOrder(input: $input) { ${ORDER_FIELDS} } }`;
const PAY = `mutation Pay($input: PayOrderInput!) { payOrder(input: $input) { ${ORDER_FIELDS} } }`;
const START = `mutation Start($orderId: ID!) { startPreparing(orderId: $orderId) { ${ORDER_FIELDS} } }`;
const READY = `mutation Ready($orderId: ID!) { markReady(orderId: $orderId) { ${ORDER_FIELDS} } }`;
const QUEUE_FEED = `subscription { onOrderQueueChanged { ${ORDER_FIELDS} } }`;
const MY_FEED = `subscription { onMyOrderChanged { ${ORDER_FIELDS} } }`;
const PASSWORD = 'Passw0rd-Bench';
const TEST_CARD = '4242424242424242';
/** How long a customer waits for READY after paying before the order counts as lost. */
const READY_TIMEOUT_MS = 30_000;
/** How long any one request may take before it counts as an error. */
const REQUEST_TIMEOUT_MS = 30_000;
/** How long to keep listening after the last READY, to catch late duplicates. */
const SETTLE_MS = 500;
/** Cognito bills monthly active users: the orders one customer places in a month (an assumption). */
const ORDERS_PER_MAU = 10;

interface OrderView {
  id: string;
  status: string;
  customerId: string;
  version: number;
}

interface User {
  sub: string;
  token: string;
}

/** The order a subscription frame carries, or null when the frame is not one. */
function orderIn(payload: unknown, field: string): OrderView | null {
  if (typeof payload !== 'object' || payload === null || !('data' in payload)) return null;
  const data: unknown = payload.data;
  if (typeof data !== 'object' || data === null || !(field in data)) return null;
  const order: unknown = (data as Record<string, unknown>)[field];
  if (typeof order !== 'object' || order === null || !('id' in order) || !('status' in order) || !('customerId' in order)) return null;
  return { id: String(order.id), status: String(order.status), customerId: String(order.customerId), version: 'version' in order ? Number(order.version) : 0 };
}

/** The order a mutation answered, or throws with what the server said instead. */
async function mutate(client: HttpClient, query: string, variables: Record<string, unknown>, field: string): Promise<OrderView> {
  // lib/http-load's client has no deadline of its own; this keeps every wait bounded.
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${field} got no answer within ${REQUEST_TIMEOUT_MS} ms`)), REQUEST_TIMEOUT_MS);
  });
  const response = await Promise.race([client.post(JSON.stringify({ query, variables })), deadline]).finally(() => clearTimeout(timer));
  if (response.status !== 200 || response.body.includes('"errors"')) throw new Error(`${field} answered ${response.status}: ${response.body.slice(0, 300)}`);
  const order = orderIn(JSON.parse(response.body) as unknown, field);
  if (!order) throw new Error(`${field} answered no order: ${response.body.slice(0, 300)}`);
  return order;
}

const scenario: Scenario = {
  id: '5',
  title: 'Order flow: place, pay, barista notified, ready, customer notified',
  async run(context: BenchContext) {
    const customerCount = context.size(20, 2);
    const ordersPerCustomer = context.size(10, 3);
    const orders = customerCount * ordersPerCustomer;
    // One unmeasured order per customer first, so the measured ones start on warm code paths.
    const warmupPerCustomer = 1;
    const dir = context.tempDir('order-flow');
    const sandbox = await startPaymentSandbox({ port: 0, dataDir: join(dir, 'payment-sandbox') });
    const clients: RealtimeClient[] = [];
    const https: HttpClient[] = [];
    let api: BenchProcess<CoffeeApiServerInfo> | null = null;
    try {
      api = await startBenchProcess<CoffeeApiServerInfo>('servers/coffee-api.ts', {
        dynamodbEndpoint: context.dynamodbEndpoint,
        cognitoEndpoint: context.cognitoEndpoint,
        stateFile: join(dir, 'state.json'),
        tlsDir: context.tlsDir,
        paymentSandboxUrl: sandbox.url,
        paymentSandboxSecretKey: sandbox.secretKey,
        password: PASSWORD,
      } satisfies CoffeeApiServerOptions);
      const { httpsUrl, realtimeUrl, caPem, userPoolId, clientId, flatWhiteId } = api.info;

      const newUser = async (name: string, group: string): Promise<User> => {
        const email = `${name}-${Date.now().toString(36)}@brewline.test`;
        const { sub } = await createUser({ endpoint: context.cognitoEndpoint, userPoolId, username: email, password: PASSWORD, groups: [group], attributes: { email } });
        const { accessToken } = await signIn({ endpoint: context.cognitoEndpoint, clientId, username: email, password: PASSWORD });
        return { sub, token: accessToken };
      };
      const target = (token: string): RealtimeTarget => ({ url: realtimeUrl, auth: { host: new URL(httpsUrl).host, Authorization: token }, ca: caPem, transport: 'subprotocol' });
      const clientFor = (token: string, sockets: number): HttpClient => {
        const client = httpClient({ url: httpsUrl, ca: caPem, headers: { authorization: token } }, sockets);
        https.push(client);
        return client;
      };

      const errors: string[] = [];
      const barista = await newUser('bench-barista', 'Baristas');
      // One socket per customer at most is in flight from the barista at a time.
      const baristaHttp = clientFor(barista.token, customerCount);
      const steps = { place: new Samples(orders), pay: new Samples(orders), start: new Samples(orders), ready: new Samples(orders) };
      let measuring = false;
      const moved = new Set<string>();
      const baristaFeed = await RealtimeClient.connect(target(barista.token));
      clients.push(baristaFeed);
      await baristaFeed.subscribe('queue', QUEUE_FEED, {}, (payload) => {
        const order = orderIn(payload, 'onOrderQueueChanged');
        if (!order) {
          errors.push(`the barista got a frame without an order: ${JSON.stringify(payload).slice(0, 200)}`);
          return;
        }
        // The barista also hears its own PREPARING and READY; only a new PAID is work to do.
        if (order.status !== 'PAID') return;
        if (moved.has(order.id)) {
          errors.push(`the barista got PAID twice for ${order.id}`);
          return;
        }
        moved.add(order.id);
        void (async () => {
          const started = performance.now();
          await mutate(baristaHttp, START, { orderId: order.id }, 'startPreparing');
          const between = performance.now();
          await mutate(baristaHttp, READY, { orderId: order.id }, 'markReady');
          if (measuring) {
            steps.start.push(between - started);
            steps.ready.push(performance.now() - between);
          }
        })().catch((error: unknown) => errors.push(error instanceof Error ? error.message : String(error)));
      });

      // Each customer's READY deliveries by order id: a waiter resolves on the first, and any
      // later one is counted as a duplicate.
      interface Customer {
        user: User;
        http: HttpClient;
        readyCount: Map<string, number>;
        waiters: Map<string, (receivedAt: number) => void>;
      }
      const customers: Customer[] = [];
      await inBatches(
        Array.from({ length: customerCount }, (_, index) => index),
        10,
        async (index) => {
          const user = await newUser(`bench-customer-${index}`, 'Customers');
          const customer: Customer = { user, http: clientFor(user.token, 1), readyCount: new Map(), waiters: new Map() };
          const feed = await RealtimeClient.connect(target(user.token));
          clients.push(feed);
          await feed.subscribe('mine', MY_FEED, {}, (payload, receivedAt) => {
            const order = orderIn(payload, 'onMyOrderChanged');
            if (!order) errors.push(`customer ${index} got a frame without an order: ${JSON.stringify(payload).slice(0, 200)}`);
            else if (order.customerId !== user.sub) errors.push(`customer ${index} got ${order.customerId}'s order ${order.id}`);
            else if (order.status === 'READY') {
              const count = (customer.readyCount.get(order.id) ?? 0) + 1;
              customer.readyCount.set(order.id, count);
              if (count > 1) errors.push(`customer ${index} got READY ${count} times for ${order.id}`);
              customer.waiters.get(order.id)?.(receivedAt);
              customer.waiters.delete(order.id);
            }
          });
          customers.push(customer);
        },
      );

      const latency = new Samples(orders);
      let placed = 0;
      const orderCustomer = new Map<string, number>();
      /** One order from placeOrder to this customer's READY; returns the latency in ms. */
      const orderOnce = async (customer: Customer, index: number, round: number): Promise<number> => {
        const started = performance.now();
        const order = await mutate(
          customer.http,
          PLACE,
          {
            input: {
              idempotencyKey: `bench-${index}-${round}-${Date.now().toString(36)}`,
              pickupName: `Bench ${index}`,
              lines: [{ menuItemId: flatWhiteId, size: 'REGULAR', milk: 'OAT', quantity: 1 }],
            },
          },
          'placeOrder',
        );
        placed += 1;
        orderCustomer.set(order.id, index);
        // Registered before paying: READY cannot come before PAID, so none is missed.
        const ready = new Promise<number>((resolve, reject) => {
          const timer = setTimeout(() => {
            customer.waiters.delete(order.id);
            reject(new Error(`customer ${index} got no READY for ${order.id} within ${READY_TIMEOUT_MS} ms`));
          }, READY_TIMEOUT_MS);
          customer.waiters.set(order.id, (at) => {
            clearTimeout(timer);
            resolve(at);
          });
        });
        // Handled here too, so that a failing payment does not leave it to reject unobserved.
        ready.catch(() => undefined);
        const placedAt = performance.now();
        const cardToken = await tokenize(sandbox.url);
        const payStarted = performance.now();
        await mutate(customer.http, PAY, { input: { orderId: order.id, cardToken, idempotencyKey: `pay-${order.id}` } }, 'payOrder');
        if (measuring) {
          steps.place.push(placedAt - started);
          steps.pay.push(performance.now() - payStarted);
        }
        return (await ready) - started;
      };
      const everyone = async (rounds: number, record: boolean): Promise<void> => {
        await Promise.all(
          customers.map(async (customer, index) => {
            for (let round = 0; round < rounds; round += 1) {
              try {
                const took = await orderOnce(customer, index, record ? round : -1 - round);
                if (record) latency.push(took);
              } catch (error) {
                errors.push(error instanceof Error ? error.message : String(error));
              }
            }
          }),
        );
      };

      // The warm-up's DynamoDB calls are recorded only to learn which tables the flow touches.
      await api.request('capture', true);
      await everyone(warmupPerCustomer, false);
      if (errors.length > 0) throw new Error(`${errors.length} errors while warming up: ${errors.slice(0, 5).join('; ')}`);
      const warmCalls = await api.request<CapturedRequest[]>('capture', false);
      // The floor's tables: copies taken now, as the measured phase finds the originals.
      const floorClient = replayClient(context.dynamodbEndpoint);
      const floorTables = await copyTables(floorClient, tableNamesIn(warmCalls), `-floor-${Date.now().toString(36)}`);
      const peakBefore = (await api.sample()).maxRss;
      const groups = processGroups(api.pid);
      const usageBefore = await api.request<UsageSnapshot>('usage');
      await api.request('capture', true);
      const cpuBefore = readCpu(groups);
      measuring = true;
      const began = performance.now();
      await everyone(ordersPerCustomer, true);
      const seconds = (performance.now() - began) / 1000;
      measuring = false;
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const cpu = cpuBetween(cpuBefore, readCpu(groups));
      const used = usageBetween(usageBefore, await api.request<UsageSnapshot>('usage'));
      const recorded = await api.request<CapturedRequest[]>('capture', false);
      const after = await api.sample();
      // The payment Lambda runs in worker processes forked by the server: their peaks are read
      // while they are still alive, and reported beside the server's own (the table's column).
      const workers = lambdaWorkers(api.pid);
      const workerPeaks = workers.map((worker) => peakRss(worker.pid)).filter((peak): peak is number => peak !== null);
      const workersPeakBytes = workerPeaks.reduce((sum, peak) => sum + peak, 0);
      // PSS now (not a peak): the same processes with the node binary's shared code counted once.
      const workersPssBytes = workers.reduce((sum, worker) => sum + (proportionalSetSize(worker.pid) ?? 0), 0);
      const perFunction = new Map<string, number>();
      for (const worker of workers) perFunction.set(worker.functionName, (perFunction.get(worker.functionName) ?? 0) + 1);
      const workerList = [...perFunction].map(([name, count]) => `${name} ×${count}`).join(', ');

      for (const client of clients) errors.push(...client.problems);
      const readyTotal = customers.reduce((sum, customer) => sum + customer.readyCount.size, 0);
      if (readyTotal !== placed) errors.push(`${placed} orders placed but ${readyTotal} reached READY at their customer`);
      if (latency.length !== orders) errors.push(`${latency.length} of ${orders} measured orders completed`);
      if (errors.length > 0) throw new Error(`${errors.length} errors: ${errors.slice(0, 5).join('; ')}`);

      // The floor: the measured phase's DynamoDB calls again, straight from the SDK, once the API is idle.
      const floor = await replay(floorClient, lanesFrom(recorded, (id) => orderCustomer.get(id)), floorTables);
      floorClient.destroy();
      const cost = costOf(used, orders, { ordersPerMau: ORDERS_PER_MAU });
      const cpuPerOrder = Object.fromEntries(Object.entries(cpu).map(([group, ms]) => [group, ms / orders]));
      const cpuNote = `CPU per order: runtime ${cpuPerOrder.runtime?.toFixed(1)} ms, Lambda workers ${cpuPerOrder.lambdaWorkers?.toFixed(1)}, DynamoDB Local ${cpuPerOrder.dynamodbLocal?.toFixed(1)}, cognito-local ${cpuPerOrder.cognitoLocal?.toFixed(1)}, load generator ${cpuPerOrder.loadGenerator?.toFixed(1)}`;

      const summary = summarize(latency.values());
      const step = (samples: Samples): number => summarize(samples.values()).p50;
      const row: Row = {
        group: 'order-flow',
        label: `runtime: coffee API, ${customerCount} customers, 1 barista, user pool auth, https + wss`,
        reference: true,
        throughput: { value: orders / seconds, unit: 'orders/s' },
        p50Ms: summary.p50,
        p99Ms: summary.p99,
        peakRssBytes: after.maxRss,
        note: `${orders} orders, 0 errors; AWS cost $${cost.usdPer1000Orders.toFixed(3)} per 1,000 orders; ${cpuNote}; p50 per step: place ${step(steps.place).toFixed(1)}, pay ${step(steps.pay).toFixed(1)}, startPreparing ${step(steps.start).toFixed(1)}, markReady ${step(steps.ready).toFixed(1)} ms; Lambda workers ${workerPeaks.length} (${workerList}), peak RSS ${(workersPeakBytes / 2 ** 20).toFixed(0)} MB in all, PSS after the run ${(workersPssBytes / 2 ** 20).toFixed(0)} MB`,
        detail: {
          customers: customerCount,
          orders,
          warmupOrders: customerCount * warmupPerCustomer,
          seconds,
          errors: 0,
          latencyMs: summary,
          peakRssBeforeMeasuredPhaseBytes: peakBefore,
          lambdaWorkers: workerPeaks.length,
          lambdaWorkersPeakRssBytes: workersPeakBytes,
          lambdaWorkersPssBytes: workersPssBytes,
          lambdaWorkersPerFunction: Object.fromEntries(perFunction),
          usage: used,
          costPer1000Orders: cost,
          cpuMsPerOrder: cpuPerOrder,
          floor: { calls: floor.calls, failures: floor.failures.length, firstFailures: floor.failures.slice(0, 5) },
          stepMs: {
            placeOrder: summarize(steps.place.values()),
            payOrder: summarize(steps.pay.values()),
            startPreparing: summarize(steps.start.values()),
            markReady: summarize(steps.ready.values()),
          },
        },
      };
      // Each step beside its floor: the same DynamoDB calls, the same lanes, no runtime.
      const stepRows: Row[] = [];
      for (const [name, samples] of [['placeOrder', steps.place], ['payOrder', steps.pay], ['startPreparing', steps.start], ['markReady', steps.ready]] as const) {
        const floorSummary = summarize(floor.durations.get(name) ?? []);
        const runtimeSummary = summarize(samples.values());
        const group = `order-flow-${name}`;
        stepRows.push(
          { group, label: `floor: ${name}'s DynamoDB calls via @aws-sdk/client-dynamodb, ${customerCount} lanes`, reference: true, throughput: null, p50Ms: floorSummary.p50, p99Ms: floorSummary.p99, peakRssBytes: null, note: `${floorSummary.count} steps replayed`, detail: { floorMs: floorSummary } },
          { group, label: `runtime: ${name} over HTTPS, ${customerCount} customers`, throughput: null, p50Ms: runtimeSummary.p50, p99Ms: runtimeSummary.p99, peakRssBytes: null, note: name === 'payOrder' ? 'includes the payments Lambda charging the card at the sandbox, which the floor leaves out' : `${runtimeSummary.count} steps`, detail: { runtimeMs: runtimeSummary } },
        );
      }
      if (floor.failures.length > 0) context.log(`floor: ${floor.failures.length} replayed calls refused, first: ${floor.failures[0]}`);
      const dominant = [...cost.lines].sort((a, b) => b.usdPer1000Orders - a.usdPer1000Orders).slice(0, 2);
      return {
        rows: [row, ...stepRows],
        notes: [
          `${customerCount} customers, each with its own HTTPS connection and its own wss connection subscribed to \`onMyOrderChanged\`, place ${ordersPerCustomer} orders each one after another (${orders} in all, after ${customerCount * warmupPerCustomer} unmeasured ones): placeOrder, tokenize the test card at the payment sandbox, payOrder (the API charges the card through the sandbox), then wait for READY. One barista, subscribed to \`onOrderQueueChanged\`, calls startPreparing and then markReady on each newly PAID order it hears of.`,
          'Latency runs from sending placeOrder to the customer reading READY, in the bench process on one clock; throughput is measured orders over the measured phase. Every READY is checked on arrival: one per order, to its owner only; a failed request, a missing, duplicated or misrouted READY fails the scenario.',
          `**Cost on AWS** (us-east-1 list prices, bench/lib/prices.ts), from what the usage meter (local/docs/metering.md) counted over the ${orders} measured orders; DynamoDB units are those DynamoDB Local reported (ReturnConsumedCapacity TOTAL): $${cost.usdPer1000Orders.toFixed(4)} per 1,000 orders against the goal of $0.50 (${cost.usdPer1000Orders < 0.5 ? 'met' : 'not met'}); the largest lines: ${dominant.map((l) => `${l.service} $${l.usdPer1000Orders.toFixed(4)}`).join(', ')}. Cognito apart: free up to ${(10_000).toLocaleString('en-US')} MAU, beyond that $${cost.cognitoPer1000Orders.essentials.toFixed(2)} (Essentials) or $${cost.cognitoPer1000Orders.lite.toFixed(2)} (Lite) per 1,000 orders at ${ORDERS_PER_MAU} orders a customer a month. Connection-minutes are the bench's (customers connected for the whole run), not a phone's.\n\n${costTable(cost)}`,
          `**Floor per step**: the DynamoDB calls the runtime made for each measured step (recorded in the server), sent again with the plain SDK from the bench process to copies of the tables taken after the warm-up, one lane per customer, ${customerCount} lanes at once, each customer's steps in the order the server started them; ${floor.calls} calls, ${floor.failures.length} refused (a refusal would mean the replay drifted from the original state). The runtime's step time is the HTTPS round trip (auth, resolvers, the same calls); payOrder's also includes the payments Lambda and the card charge at the sandbox. **${cpuNote}** (utime + stime from /proc over the measured phase; the load generator is the bench process, which also runs the payment sandbox).`,
          'The order row is its own reference: no peer runs this API; its note gives each step\'s p50 round trip (the rest of the latency is the two subscription hops and the tokenization), and the step rows set each step beside its floor. Peak RSS is the API server process (HTTP, real-time, APPSYNC_JS resolvers); the Lambda functions run in worker processes the server forks (plain Node on the esbuild bundle of each function), whose summed peak RSS the note gives, and their PSS after the run (the code of the node binary, shared by every worker, counted once rather than once per worker); the payment sandbox runs in the bench process.',
        ],
      };
    } finally {
      for (const client of https) client.close();
      await inBatches(clients, 50, (client) => client.close());
      await api?.stop();
      await sandbox.stop();
    }
  },
};

/** Tokenizes the test card at the sandbox, as the browser does: the API never sees the number. */
async function tokenize(sandboxUrl: string): Promise<string> {
  const expiry = `12/${String(new Date().getUTCFullYear() + 2).slice(-2)}`;
  const response = await fetch(`${sandboxUrl}/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'https://brewline.test' },
    body: JSON.stringify({ card: { number: TEST_CARD, expiry, cvc: '123' } }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const body = (await response.json()) as { id?: unknown; error?: unknown };
  if (typeof body.id !== 'string') throw new Error(`tokenization failed: ${JSON.stringify(body.error)}`);
  return body.id;
}

export default scenario;
