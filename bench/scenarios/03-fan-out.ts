/**
 * Scenario 3: fan-out. Subscribers speaking AppSync's real-time protocol over TLS (raw `ws`,
 * header- subprotocol, trusting the run's CA) all listen to one mutation; mutations are sent one
 * at a time. Delivery latency runs from the moment the mutation's HTTP response is read to the
 * moment each subscriber reads its data frame.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { RealtimeClient, apiKeyAuth, inBatches, type RealtimeTarget } from '../lib/appsync-ws';
import { type BenchProcess, startBenchProcess } from '../lib/child';
import { httpClient, type HttpTarget } from '../lib/http-load';
import { Samples, summarize } from '../lib/stats';
import type { BenchContext, Row, Scenario } from '../lib/types';
import type { FanOutTotals } from '../servers/runtime';
import type { SimulatorServerInfo, SimulatorServerOptions } from '../servers/simulator';
import type { BroadcastServerInfo, BroadcastServerOptions } from '../servers/ws-broadcast';

const SUBSCRIPTION = 'subscription OnPublish { onPublish { id owner seq body } }';
const MUTATION = 'mutation Publish($owner: String!, $seq: Int!, $body: String!) { publish(owner: $owner, seq: $seq, body: $body) { id owner seq body } }';
const BODY = 'x'.repeat(120);
const SIMULATOR_KEY = 'da2-benchbenchbenchbenchbenchbe';
const DELIVERY_TIMEOUT_MS = 30_000;

interface Contender {
  label: string;
  reference: boolean;
  /** A peer that may fail: its failure becomes a note, not a failed run. */
  optional: boolean;
  start(): Promise<{
    process: BenchProcess<unknown>;
    realtime: RealtimeTarget;
    publish: HttpTarget;
    /** The request body that publishes event number `seq`. */
    body(seq: number): string;
    /** Server-side fan-out time, where the server can tell. */
    fanOut?: () => Promise<FanOutTotals>;
  }>;
}

export interface FanOutResult {
  subscribers: number;
  mutations: number;
  connectSeconds: number;
  publishSeconds: number;
  deliveriesPerSecond: number;
  deliveryMs: ReturnType<typeof summarize>;
  /** From sending the mutation to each subscriber reading the data frame. */
  fromSendMs: ReturnType<typeof summarize>;
  mutationRoundTripMs: ReturnType<typeof summarize>;
  /** Deliveries read before the mutation's own response (counted as 0 ms). */
  beforeResponse: number;
  /** Time of the server's fan-out task per measured mutation, where the server can tell. */
  serverFanOutMsPerMutation: number | null;
}

async function measure(
  server: Awaited<ReturnType<Contender['start']>>,
  subscribers: number,
  warmup: number,
  mutations: number,
): Promise<FanOutResult> {
  // Events 0..warmup-1 are unmeasured, so that measuring starts with warm code paths.
  const total = warmup + mutations;
  // receipts[seq * subscribers + i]: when subscriber i read event seq (NaN until then).
  const receipts = new Float64Array(subscribers * total).fill(Number.NaN);
  const counts = new Int32Array(total);
  let waiting: { seq: number; resolve: () => void } | null = null;
  const problems: string[] = [];

  const clients: RealtimeClient[] = [];
  const connectStarted = performance.now();
  await inBatches(
    Array.from({ length: subscribers }, (_, i) => i),
    50,
    async (i) => {
      const client = await RealtimeClient.connect(server.realtime);
      clients.push(client);
      await client.subscribe(`sub-${i}`, SUBSCRIPTION, {}, (payload, receivedAt) => {
        const event = (payload as { data?: { onPublish?: { seq?: number; body?: string } } }).data?.onPublish;
        const seq = event?.seq;
        if (typeof seq !== 'number' || seq < 0 || seq >= total || event?.body !== BODY) {
          problems.push(`subscriber ${i} got ${JSON.stringify(payload).slice(0, 200)}`);
          return;
        }
        const slot = seq * subscribers + i;
        if (!Number.isNaN(receipts[slot])) {
          problems.push(`subscriber ${i} got event ${seq} twice`);
          return;
        }
        receipts[slot] = receivedAt;
        counts[seq] = (counts[seq] ?? 0) + 1;
        if (waiting?.seq === seq && counts[seq] === subscribers) waiting.resolve();
      });
    },
  );
  const connectSeconds = (performance.now() - connectStarted) / 1000;

  const publisher = httpClient(server.publish, 1);
  const delivery = new Samples(subscribers * mutations);
  const fromSend = new Samples(subscribers * mutations);
  const roundTrip = new Samples(mutations);
  let beforeResponse = 0;
  let fanOutBefore: FanOutTotals | null = null;
  let publishStarted = performance.now();
  try {
    for (let seq = 0; seq < total; seq += 1) {
      if (seq === warmup) {
        fanOutBefore = (await server.fanOut?.()) ?? null;
        publishStarted = performance.now();
      }
      const allDelivered = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`event ${seq}: ${counts[seq]} of ${subscribers} subscribers got it within ${DELIVERY_TIMEOUT_MS} ms`)),
          DELIVERY_TIMEOUT_MS,
        );
        waiting = {
          seq,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        };
      });
      // Handled here too, so that a failing request does not leave it to reject unobserved.
      allDelivered.catch(() => undefined);
      const sent = performance.now();
      const response = await publisher.post(server.body(seq));
      const answered = performance.now();
      if (response.status !== 200 || response.body.includes('"errors"')) throw new Error(`publish answered ${response.status}: ${response.body.slice(0, 300)}`);
      // Set before the request, so it resolves even when every frame beats the response.
      await allDelivered;
      if (problems.length > 0) throw new Error(`wrong deliveries: ${problems.slice(0, 5).join('; ')}`);
      if (seq < warmup) continue;
      roundTrip.push(answered - sent);
      for (let i = 0; i < subscribers; i += 1) {
        const receivedAt = receipts[seq * subscribers + i] ?? Number.NaN;
        const latency = receivedAt - answered;
        if (latency < 0) beforeResponse += 1;
        delivery.push(Math.max(0, latency));
        fromSend.push(receivedAt - sent);
      }
    }
  } catch (error) {
    publisher.close();
    await inBatches(clients, 200, (client) => client.close());
    throw error;
  }
  publisher.close();
  const publishSeconds = (performance.now() - publishStarted) / 1000;
  const fanOutAfter = (await server.fanOut?.()) ?? null;
  const serverFanOutMsPerMutation =
    fanOutBefore && fanOutAfter ? (fanOutAfter.totalMs - fanOutBefore.totalMs) / Math.max(1, fanOutAfter.tasks - fanOutBefore.tasks) : null;
  const stray = clients.flatMap((client) => client.problems);
  await inBatches(clients, 200, (client) => client.close());
  if (stray.length > 0) throw new Error(`unexpected frames: ${stray.slice(0, 5).join('; ')}`);
  return {
    subscribers,
    mutations,
    connectSeconds,
    publishSeconds,
    deliveriesPerSecond: (subscribers * mutations) / publishSeconds,
    deliveryMs: summarize(delivery.values()),
    fromSendMs: summarize(fromSend.values()),
    mutationRoundTripMs: summarize(roundTrip.values()),
    beforeResponse,
    serverFanOutMsPerMutation,
  };
}

const scenario: Scenario = {
  id: '3',
  title: 'Fan-out: one mutation to every subscriber',
  async run(context: BenchContext) {
    const subscribers = context.size(1_000, 20);
    const mutations = context.size(200, 5);
    const warmup = context.size(20, 1);
    const event = (seq: number) => ({ id: randomUUID(), owner: 'everyone', seq, body: BODY });
    const mutationBody = (seq: number) => JSON.stringify({ query: MUTATION, variables: { owner: 'everyone', seq, body: BODY } });

    const contenders: Contender[] = [
      {
        label: 'floor: raw ws broadcast of the same bytes',
        reference: true,
        optional: false,
        async start() {
          const floor = await startBenchProcess<BroadcastServerInfo>('servers/ws-broadcast.ts', {
            tlsDir: context.tlsDir,
            field: 'onPublish',
          } satisfies BroadcastServerOptions);
          return {
            process: floor,
            realtime: { url: floor.info.realtimeUrl, auth: {}, ca: floor.info.caPem, transport: 'subprotocol' },
            publish: { url: floor.info.publishUrl, ca: floor.info.caPem },
            body: (seq) => JSON.stringify(event(seq)),
          };
        },
      },
      {
        label: 'runtime: AppSync protocol, API key, wss',
        reference: false,
        optional: false,
        async start() {
          const runtime = await context.startRuntime();
          const { httpsUrl, realtimeUrl, caPem, apiKey } = runtime.info;
          return {
            process: runtime,
            realtime: { url: realtimeUrl, auth: apiKeyAuth(httpsUrl, apiKey), ca: caPem, transport: 'subprotocol' },
            publish: { url: httpsUrl, ca: caPem, headers: { 'x-api-key': apiKey } },
            body: mutationBody,
            fanOut: () => runtime.request<FanOutTotals>('fanOut'),
          };
        },
      },
      {
        label: 'amplify-appsync-simulator: its AppSync protocol, API key, wss',
        reference: false,
        optional: true,
        async start() {
          const simulator = await startBenchProcess<SimulatorServerInfo>('servers/simulator.ts', {
            apiKey: SIMULATOR_KEY,
            tlsDir: context.tlsDir,
          } satisfies SimulatorServerOptions);
          const { httpUrl, realtimeUrl, caPem } = simulator.info;
          return {
            process: simulator,
            // It reads the header map from the query string only (amplify v5's form).
            realtime: { url: realtimeUrl, auth: apiKeyAuth(httpUrl, SIMULATOR_KEY), ca: caPem, transport: 'query' },
            publish: { url: httpUrl, ca: caPem, headers: { 'x-api-key': SIMULATOR_KEY } },
            body: mutationBody,
          };
        },
      },
    ];

    const rows: Row[] = [];
    const notes: string[] = [
      `${subscribers.toLocaleString('en-US')} subscribers, one WebSocket each, all subscribed to \`onPublish\`; ${warmup} unmeasured and then ${mutations} measured mutations sent one after another, each once every subscriber has the previous one. Throughput is deliveries per second over the publishing phase.`,
      'Latency, first group (as the issue asks): from reading the mutation\'s HTTP response to a subscriber reading its data frame, both in the bench process (one clock). A frame read before the response counts as 0 ms; the note gives their share. The simulator publishes while it executes the mutation, before answering, so all its frames come first and this latency reads 0 for it. Second group: from sending the mutation, which compares all three on the same footing.',
      'With every subscriber in the one bench process, reading 1,000 TLS frames per mutation takes that process tens of milliseconds, so p50 and p99 include the client\'s own queue (the floor shows how much). The server fan-out task, timed inside our runtime, is the server\'s share.',
      'The floor answers the publish request and then sends each subscription a frame with the same bytes our runtime would send (its own subscription id, the event under data.onPublish): no GraphQL, no auth, no filtering.',
      'amplify-appsync-simulator speaks its own variant of the protocol: it reads the auth header map only from the `?header=` query string (amplify v5 form; amplify v6 sends a `header-` subprotocol and is refused), acknowledges with `connectionTimeout` rather than `connectionTimeoutMs`, and over TLS only when given a certificate (here the run\'s certificate, as for our runtime).',
    ];
    for (const contender of contenders) {
      let server: Awaited<ReturnType<Contender['start']>> | null = null;
      try {
        server = await contender.start();
        const result = await measure(server, subscribers, warmup, mutations);
        const last = await server.process.stop();
        server = null;
        const common = {
          reference: contender.reference,
          throughput: { value: result.deliveriesPerSecond, unit: 'deliveries/s' },
          peakRssBytes: last?.maxRss ?? null,
        };
        rows.push(
          {
            ...common,
            group: 'from response',
            label: `${contender.label}; latency from the mutation's response`,
            p50Ms: result.deliveryMs.p50,
            p99Ms: result.deliveryMs.p99,
            note: [
              `${((100 * result.beforeResponse) / (subscribers * mutations)).toFixed(0)}% read before the response`,
              ...(result.serverFanOutMsPerMutation === null ? [] : [`server fan-out task ${result.serverFanOutMsPerMutation.toFixed(2)} ms per mutation`]),
            ].join('; '),
            detail: { ...result },
          },
          {
            ...common,
            group: 'from send',
            label: `${contender.label}; latency from sending the mutation`,
            p50Ms: result.fromSendMs.p50,
            p99Ms: result.fromSendMs.p99,
            note: `mutation round trip p50 ${result.mutationRoundTripMs.p50.toFixed(2)} ms`,
          },
        );
        context.log(`  ${contender.label}: ${result.deliveriesPerSecond.toFixed(0)} deliveries/s, p50 ${result.deliveryMs.p50.toFixed(2)} ms`);
      } catch (error) {
        if (!contender.optional) throw error;
        const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
        notes.push(`${contender.label} could not be measured: ${reason}`);
        context.log(`  ${contender.label} failed: ${reason}`);
      } finally {
        await server?.process.stop();
      }
    }
    return { rows, notes };
  },
};

export default scenario;
