/**
 * Scenario 6, first half: what the runtime costs when nothing happens, and whether connections
 * leak memory (the start-up half is 06b-start-up.ts).
 * - Idle: RSS and CPU of a server holding idle, subscribed AppSync connections (keep-alives only),
 *   beside a raw `ws` server holding the same connections (the floor) and the runtime with none.
 * - Churn: connect, subscribe, close, many times over; heap after full GCs at the start, halfway
 *   and at the end.
 */
import { performance } from 'node:perf_hooks';
import { RealtimeClient, apiKeyAuth, inBatches, type RealtimeTarget } from '../lib/appsync-ws';
import { type BenchProcess, startBenchProcess } from '../lib/child';
import type { ProcessSample } from '../lib/host';
import { Samples, summarize } from '../lib/stats';
import type { BenchContext, Row, Scenario } from '../lib/types';
import type { BroadcastServerInfo, BroadcastServerOptions } from '../servers/ws-broadcast';

const SUBSCRIPTION = 'subscription OnPublish { onPublish { id owner seq body } }';
const MB = 1024 ** 2;
const mb = (bytes: number): string => `${(bytes / MB).toFixed(1)} MB`;

interface Server {
  process: BenchProcess<unknown>;
  target: RealtimeTarget;
  /** Open connections as the server counts them. */
  connections(): Promise<number>;
}

async function startFloor(context: BenchContext): Promise<Server> {
  const floor = await startBenchProcess<BroadcastServerInfo>('servers/ws-broadcast.ts', { tlsDir: context.tlsDir, field: 'onPublish' } satisfies BroadcastServerOptions);
  return {
    process: floor,
    target: { url: floor.info.realtimeUrl, auth: {}, ca: floor.info.caPem, transport: 'subprotocol' },
    connections: () => floor.request<number>('connections'),
  };
}

async function startRuntime(context: BenchContext): Promise<Server> {
  const runtime = await context.startRuntime();
  const { httpsUrl, realtimeUrl, caPem, apiKey } = runtime.info;
  return {
    process: runtime,
    target: { url: realtimeUrl, auth: apiKeyAuth(httpsUrl, apiKey), ca: caPem, transport: 'subprotocol' },
    connections: async () => (await runtime.request<{ connections: number }>('hubStats')).connections,
  };
}

/** Waits (bounded) until the server has seen every close. */
async function drained(server: Server, expected: number): Promise<void> {
  const deadline = performance.now() + 15_000;
  let count = await server.connections();
  while (count !== expected && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    count = await server.connections();
  }
  if (count !== expected) throw new Error(`the server still counts ${count} connections, expected ${expected}`);
}

async function idle(server: Server, connections: number, windowMs: number) {
  const clients: RealtimeClient[] = [];
  await inBatches(
    Array.from({ length: connections }, (_, i) => i),
    50,
    async (i) => {
      const client = await RealtimeClient.connect(server.target);
      clients.push(client);
      await client.subscribe(`idle-${i}`, SUBSCRIPTION, {}, () => undefined);
    },
  );
  await drained(server, connections);
  const collected = await server.process.collect();
  const before = await server.process.sample();
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  const after = await server.process.sample();
  const stray = clients.flatMap((client) => client.problems);
  if (stray.length > 0) throw new Error(`unexpected frames on idle connections: ${stray.slice(0, 3).join('; ')}`);
  if (clients.some((client) => !client.open)) throw new Error('an idle connection was closed by the server');
  await inBatches(clients, 200, (client) => client.close());
  const last = await server.process.stop();
  return {
    connections,
    windowSeconds: (after.at - before.at) / 1000,
    cpuPercent: (100 * (after.cpuMicros - before.cpuMicros)) / ((after.at - before.at) * 1000),
    rssAfterGcBytes: collected.rss,
    heapAfterGcBytes: collected.heapUsed,
    peakRssBytes: last?.maxRss ?? after.maxRss,
  };
}

async function churn(server: Server, cycles: number, concurrency: number) {
  const heaps: Array<{ after: number; heapUsed: number; rss: number }> = [];
  const snapshot = async (after: number): Promise<void> => {
    await drained(server, 0);
    const sample: ProcessSample = await server.process.collect();
    heaps.push({ after, heapUsed: sample.heapUsed, rss: sample.rss });
  };
  const latency = new Samples(cycles);
  const cycle = async (i: number): Promise<void> => {
    const started = performance.now();
    const client = await RealtimeClient.connect(server.target);
    await client.subscribe(`churn-${i}`, SUBSCRIPTION, {}, () => undefined);
    await client.close();
    latency.push(performance.now() - started);
  };
  await snapshot(0);
  const half = Math.floor(cycles / 2);
  const began = performance.now();
  await inBatches(Array.from({ length: half }, (_, i) => i), concurrency, cycle);
  const halfSeconds = (performance.now() - began) / 1000;
  await snapshot(half);
  const resumed = performance.now();
  await inBatches(Array.from({ length: cycles - half }, (_, i) => half + i), concurrency, cycle);
  const seconds = halfSeconds + (performance.now() - resumed) / 1000;
  await snapshot(cycles);
  const last = await server.process.stop();
  return { cycles, concurrency, seconds, cyclesPerSecond: cycles / seconds, latencyMs: summarize(latency.values()), heaps, peakRssBytes: last?.maxRss ?? null };
}

const scenario: Scenario = {
  id: '6',
  title: 'Idle cost and connection churn',
  async run(context: BenchContext) {
    const idleConnections = context.size(1_000, 20);
    const windowMs = context.size(30_000, 1_000);
    const cycles = context.size(10_000, 40);
    const rows: Row[] = [];

    // Idle
    const idleRow = (label: string, result: Awaited<ReturnType<typeof idle>>, reference: boolean): Row => ({
      group: 'idle',
      label,
      reference,
      throughput: null,
      p50Ms: null,
      p99Ms: null,
      peakRssBytes: result.peakRssBytes,
      note: `RSS after GC ${mb(result.rssAfterGcBytes)}, heap ${mb(result.heapAfterGcBytes)}; CPU ${result.cpuPercent.toFixed(2)}% over ${result.windowSeconds.toFixed(0)} s`,
      detail: { ...result },
    });
    const floorIdle = await idle(await startFloor(context), idleConnections, windowMs);
    rows.push(idleRow(`floor: raw ws server, ${idleConnections.toLocaleString('en-US')} idle wss connections`, floorIdle, true));
    const runtimeEmpty = await idle(await startRuntime(context), 0, windowMs);
    rows.push(idleRow('runtime, no connections', runtimeEmpty, false));
    const runtimeIdle = await idle(await startRuntime(context), idleConnections, windowMs);
    rows.push(idleRow(`runtime, ${idleConnections.toLocaleString('en-US')} idle wss connections, one subscription each`, runtimeIdle, false));
    const perConnection = (runtimeIdle.rssAfterGcBytes - runtimeEmpty.rssAfterGcBytes) / Math.max(1, idleConnections);
    context.log(`  idle: runtime ${mb(runtimeIdle.rssAfterGcBytes)} with ${idleConnections} connections, CPU ${runtimeIdle.cpuPercent.toFixed(2)}%`);

    // Churn
    const churnRow = (label: string, result: Awaited<ReturnType<typeof churn>>, reference: boolean): Row => ({
      group: 'churn',
      label,
      reference,
      throughput: { value: result.cyclesPerSecond, unit: 'cycles/s' },
      p50Ms: result.latencyMs.p50,
      p99Ms: result.latencyMs.p99,
      peakRssBytes: result.peakRssBytes,
      note: `heap after GC: ${result.heaps.map((h) => `${mb(h.heapUsed)} after ${h.after.toLocaleString('en-US')}`).join(', ')}`,
      detail: { ...result },
    });
    const concurrency = 8;
    rows.push(churnRow(`floor: raw ws server, ${cycles.toLocaleString('en-US')} connect/subscribe/close cycles`, await churn(await startFloor(context), cycles, concurrency), true));
    const runtimeChurn = await churn(await startRuntime(context), cycles, concurrency);
    rows.push(churnRow(`runtime, ${cycles.toLocaleString('en-US')} connect/subscribe/close cycles`, runtimeChurn, false));
    const heapStart = runtimeChurn.heaps[0]?.heapUsed ?? 0;
    const heapEnd = runtimeChurn.heaps[runtimeChurn.heaps.length - 1]?.heapUsed ?? 0;
    context.log(`  churn: runtime heap ${mb(heapStart)} -> ${mb(heapEnd)} after ${cycles} cycles`);

    return {
      rows,
      notes: [
        `Idle: ${idleConnections.toLocaleString('en-US')} connections over TLS, each acknowledged and holding one subscription, then a full GC and a ${(windowMs / 1000).toFixed(0)} s window with no traffic but the runtime's keep-alives (every 30 s per connection). CPU is the server process's CPU time over the window. The runtime's RSS after GC grows by ${(perConnection / 1024).toFixed(1)} KB per idle connection over its empty baseline.`,
        `Churn: ${cycles.toLocaleString('en-US')} cycles of connect (TLS), connection_init, start, start_ack, close, ${concurrency} at a time; the server's heap is read after two full GCs (the server runs with --expose-gc) at the start, halfway and at the end, once it counts no connection. Runtime heap after GC went from ${mb(heapStart)} to ${mb(heapEnd)}. Latency is one whole cycle.`,
      ],
    };
  },
};

export default scenario;
