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
import { startBenchProcess, type BenchProcess } from '../lib/child';
import { descendants, peakRss } from '../lib/process-tree';
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

      await everyone(warmupPerCustomer, false);
      if (errors.length > 0) throw new Error(`${errors.length} errors while warming up: ${errors.slice(0, 5).join('; ')}`);
      const peakBefore = (await api.sample()).maxRss;
      measuring = true;
      const began = performance.now();
      await everyone(ordersPerCustomer, true);
      const seconds = (performance.now() - began) / 1000;
      measuring = false;
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const after = await api.sample();
      // The payment Lambda runs in worker processes forked by the server: their peaks are read
      // while they are still alive, and reported beside the server's own (the table's column).
      const workerPeaks = descendants(api.pid)
        .map(peakRss)
        .filter((peak): peak is number => peak !== null);
      const workersPeakBytes = workerPeaks.reduce((sum, peak) => sum + peak, 0);

      for (const client of clients) errors.push(...client.problems);
      const readyTotal = customers.reduce((sum, customer) => sum + customer.readyCount.size, 0);
      if (readyTotal !== placed) errors.push(`${placed} orders placed but ${readyTotal} reached READY at their customer`);
      if (latency.length !== orders) errors.push(`${latency.length} of ${orders} measured orders completed`);
      if (errors.length > 0) throw new Error(`${errors.length} errors: ${errors.slice(0, 5).join('; ')}`);

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
        note: `${orders} orders, 0 errors; p50 per step: place ${step(steps.place).toFixed(1)}, pay ${step(steps.pay).toFixed(1)}, startPreparing ${step(steps.start).toFixed(1)}, markReady ${step(steps.ready).toFixed(1)} ms; Lambda workers ${workerPeaks.length}, peak RSS ${(workersPeakBytes / 2 ** 20).toFixed(0)} MB in all`,
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
          stepMs: {
            placeOrder: summarize(steps.place.values()),
            payOrder: summarize(steps.pay.values()),
            startPreparing: summarize(steps.start.values()),
            markReady: summarize(steps.ready.values()),
          },
        },
      };
      return {
        rows: [row],
        notes: [
          `${customerCount} customers, each with its own HTTPS connection and its own wss connection subscribed to \`onMyOrderChanged\`, place ${ordersPerCustomer} orders each one after another (${orders} in all, after ${customerCount * warmupPerCustomer} unmeasured ones): placeOrder, tokenize the test card at the payment sandbox, payOrder (the API charges the card through the sandbox), then wait for READY. One barista, subscribed to \`onOrderQueueChanged\`, calls startPreparing and then markReady on each newly PAID order it hears of.`,
          'Latency runs from sending placeOrder to the customer reading READY, in the bench process on one clock; throughput is measured orders over the measured phase. Every READY is checked on arrival: one per order, to its owner only; a failed request, a missing, duplicated or misrouted READY fails the scenario.',
          'This row is its own reference: no peer runs this API, and the flow has no floor worth the name beyond its own steps, whose p50 round trips the note gives (the rest of the latency is the two subscription hops and the tokenization). Peak RSS is the API server process (HTTP, real-time, APPSYNC_JS resolvers); the payment Lambda runs in worker processes the server forks, whose summed peaks the note gives; the payment sandbox runs in the bench process.',
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
