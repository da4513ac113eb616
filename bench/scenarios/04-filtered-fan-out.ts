/**
 * Scenario 4: filtered fan-out. Every subscriber listens to its own owner id (a subscription
 * argument, which AppSync matches by equality against the mutation's selected fields). Each
 * event must reach exactly its owner: a wrong or missing delivery fails the scenario. The cost
 * per published event is measured as the subscriber count grows, on one server whose subscribers
 * are added step by step.
 */
import { performance } from 'node:perf_hooks';
import { RealtimeClient, apiKeyAuth, inBatches, type RealtimeTarget } from '../lib/appsync-ws';
import type { ProcessSample } from '../lib/host';
import { httpClient } from '../lib/http-load';
import { Samples, summarize } from '../lib/stats';
import type { BenchContext, Row, Scenario } from '../lib/types';
import type { FanOutTotals } from '../servers/runtime';

const SUBSCRIPTION = 'subscription OnPublishFor($owner: String!) { onPublishFor(owner: $owner) { id owner seq body } }';
const MUTATION = 'mutation Publish($owner: String!, $seq: Int!, $body: String!) { publish(owner: $owner, seq: $seq, body: $body) { id owner seq body } }';
const BODY = 'x'.repeat(120);
const DELIVERY_TIMEOUT_MS = 10_000;
/** How long to keep listening after the last event, to catch late or stray deliveries. */
const SETTLE_MS = 300;
const owner = (index: number): string => `owner-${index}`;

const scenario: Scenario = {
  id: '4',
  title: 'Filtered fan-out: each event reaches exactly its owner',
  async run(context: BenchContext) {
    const sizes = context.size([10, 100, 1_000, 5_000], [5, 20]);
    const events = context.size(200, 5);
    const warmup = context.size(50, 2);
    const runtime = await context.startRuntime();
    const { httpsUrl, realtimeUrl, caPem, apiKey } = runtime.info;
    const target: RealtimeTarget = { url: realtimeUrl, auth: apiKeyAuth(httpsUrl, apiKey), ca: caPem, transport: 'subprotocol' };
    const publisher = httpClient({ url: httpsUrl, ca: caPem, headers: { 'x-api-key': apiKey } }, 1);
    const clients: RealtimeClient[] = [];
    const rows: Row[] = [];
    // Which event is in flight, and who has received what: a delivery is checked on arrival.
    let expected: { owner: number; seq: number; resolve: (at: number) => void } | null = null;
    const problems: string[] = [];
    let round = 0;

    try {
      for (const size of sizes) {
        const from = clients.length;
        await inBatches(
          Array.from({ length: size - from }, (_, k) => from + k),
          50,
          async (i) => {
            const client = await RealtimeClient.connect(target);
            clients.push(client);
            await client.subscribe(`own-${i}`, SUBSCRIPTION, { owner: owner(i) }, (payload, receivedAt) => {
              const event = (payload as { data?: { onPublishFor?: { owner?: string; seq?: number } } }).data?.onPublishFor;
              const current = expected;
              if (event?.owner !== owner(i)) problems.push(`subscriber ${owner(i)} got an event for ${String(event?.owner)}`);
              else if (current === null || current.owner !== i || event.seq !== current.seq) problems.push(`${owner(i)} got unexpected event ${String(event.seq)}`);
              else {
                expected = null;
                current.resolve(receivedAt);
              }
            });
          },
        );
        round += 1;

        const publish = async (k: number): Promise<{ answered: number; sent: number; receivedAt: number }> => {
          // A fixed stride spreads events over the owners without favouring the first ones.
          const recipient = (k * 7_919) % size;
          const seq = round * 1_000_000 + k;
          const arrived = new Promise<number>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`${owner(recipient)} did not get event ${seq} within ${DELIVERY_TIMEOUT_MS} ms`)), DELIVERY_TIMEOUT_MS);
            expected = {
              owner: recipient,
              seq,
              resolve: (at) => {
                clearTimeout(timer);
                resolve(at);
              },
            };
          });
          // Handled here too, so that a failing request does not leave it to reject unobserved.
          arrived.catch(() => undefined);
          const sent = performance.now();
          const response = await publisher.post(JSON.stringify({ query: MUTATION, variables: { owner: owner(recipient), seq, body: BODY } }));
          const answered = performance.now();
          if (response.status !== 200 || response.body.includes('"errors"')) throw new Error(`publish answered ${response.status}: ${response.body.slice(0, 300)}`);
          const receivedAt = await arrived;
          if (problems.length > 0) throw new Error(`wrong deliveries: ${problems.slice(0, 5).join('; ')}`);
          return { answered, sent, receivedAt };
        };

        // Unmeasured events first, so that each step starts with warm code paths.
        for (let k = 0; k < warmup; k += 1) await publish(events + k);
        const delivery = new Samples(events);
        const fromSend = new Samples(events);
        const fanOutBefore = await runtime.request<FanOutTotals>('fanOut');
        const before: ProcessSample = await runtime.sample();
        const started = performance.now();
        for (let k = 0; k < events; k += 1) {
          const { answered, sent, receivedAt } = await publish(k);
          delivery.push(Math.max(0, receivedAt - answered));
          fromSend.push(receivedAt - sent);
        }
        const seconds = (performance.now() - started) / 1000;
        await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
        if (problems.length > 0) throw new Error(`wrong deliveries: ${problems.slice(0, 5).join('; ')}`);
        const stray = clients.flatMap((client) => client.problems);
        if (stray.length > 0) throw new Error(`unexpected frames: ${stray.slice(0, 5).join('; ')}`);
        const after = await runtime.sample();
        const fanOutAfter = await runtime.request<FanOutTotals>('fanOut');
        const hub = await runtime.request<{ connections: number; subscriptions: number }>('hubStats');
        if (hub.subscriptions !== size) throw new Error(`the server holds ${hub.subscriptions} subscriptions, expected ${size}`);

        const fanOutMicros = ((fanOutAfter.totalMs - fanOutBefore.totalMs) * 1000) / Math.max(1, fanOutAfter.tasks - fanOutBefore.tasks);
        const cpuMicros = (after.cpuMicros - before.cpuMicros) / events;
        const latency = summarize(delivery.values());
        const sendLatency = summarize(fromSend.values());
        rows.push({
          group: 'filtered',
          label: `runtime: ${size.toLocaleString('en-US')} subscribers, one owner each`,
          reference: rows.length === 0,
          throughput: { value: events / seconds, unit: 'events/s' },
          p50Ms: latency.p50,
          p99Ms: latency.p99,
          peakRssBytes: after.maxRss,
          note: `fan-out ${fanOutMicros.toFixed(1)} µs/event; server CPU ${cpuMicros.toFixed(0)} µs/event`,
          detail: { subscribers: size, events, seconds, fanOutMicrosPerEvent: fanOutMicros, serverCpuMicrosPerEvent: cpuMicros, deliveryMs: latency, fromSendMs: sendLatency },
        });
        context.log(`  ${size} subscribers: fan-out ${fanOutMicros.toFixed(1)} µs/event, server CPU ${cpuMicros.toFixed(0)} µs/event`);
      }
    } finally {
      publisher.close();
      await inBatches(clients, 200, (client) => client.close());
      await runtime.stop();
    }

    const first = rows[0]?.detail?.fanOutMicrosPerEvent;
    const last = rows[rows.length - 1]?.detail?.fanOutMicrosPerEvent;
    return {
      rows,
      notes: [
        `Subscribers are added step by step to one server (${sizes.join(', ')}), one WebSocket and one \`onPublishFor(owner)\` subscription each; at each step ${warmup} unmeasured and then ${events} measured events are published one at a time to owners spread over all subscribers. Every delivery is checked on arrival: the wrong owner, a second copy, or a missing delivery fails the scenario, and after each step the bench listens ${SETTLE_MS} ms more for strays.`,
        'Fan-out µs/event is measured inside the server: the time of the hub\'s deferred delivery task (registry lookup, filter, render, socket write) per published event. Server CPU µs/event is the server process\'s CPU time over the step divided by the events (HTTP, auth, resolver, fan-out). Neither should grow with subscribers that do not match: the registry finds the owner\'s bucket with one hash lookup.',
        typeof first === 'number' && typeof last === 'number'
          ? `Fan-out cost at ${sizes[sizes.length - 1]?.toLocaleString('en-US')} subscribers is ×${(last / first).toFixed(2)} that at ${sizes[0]}.`
          : 'No fan-out cost was measured.',
        'Latency and throughput here include the HTTPS mutation; the rows\' ratios compare each size with the smallest.',
      ],
    };
  },
};

export default scenario;
