/**
 * The child side of a bench process (a server under test, a peer, or a floor worker): it reads
 * its options, starts, announces itself over IPC and then answers the parent's requests. Keeping
 * servers in their own process keeps the load generator's CPU and memory out of their numbers.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export interface Hosted<Info> {
  /** Sent to the parent once ready (URLs, keys, table names...). */
  info: Info;
  /** Extra requests the parent may make, by name. */
  commands?: Record<string, (argument: unknown) => unknown>;
  close(): Promise<void>;
}

export interface ProcessSample {
  /** Resident set size now, in bytes. */
  rss: number;
  /** Peak resident set size over the process's life, in bytes. */
  maxRss: number;
  heapUsed: number;
  /** CPU time used so far (user + system), in microseconds. */
  cpuMicros: number;
  /** performance.now() of this process when sampled, in ms. */
  at: number;
}

export type HostRequest = { id: number; type: string; argument?: unknown };
export type HostReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };
export type HostAnnouncement = { type: 'ready'; info: unknown } | { type: 'failed'; error: string };

/**
 * Peak RSS of this process image. On Linux, getrusage's ru_maxrss survives exec: a child spawned
 * (fork + exec) by a parent holding 300 MB reports at least 300 MB, whatever it uses itself. The
 * VmHWM line of /proc/self/status belongs to the exec'd image alone, so it is read first.
 */
function peakRss(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) * 1024;
  } catch {
    // Not Linux: fall back to getrusage, whose inherited floor is then a known caveat.
  }
  return process.resourceUsage().maxRSS * 1024;
}

export function sample(): ProcessSample {
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  return {
    rss: memory.rss,
    maxRss: peakRss(),
    heapUsed: memory.heapUsed,
    cpuMicros: cpu.user + cpu.system,
    at: performance.now(),
  };
}

/** Two full collections, so objects freed by finalizers of the first are gone too. */
function collect(): ProcessSample {
  if (typeof globalThis.gc !== 'function') throw new Error('the bench process was started without --expose-gc');
  globalThis.gc();
  globalThis.gc();
  return sample();
}

export function readOptions<T>(): T {
  const raw = process.env.BENCH_OPTIONS;
  if (!raw) throw new Error('BENCH_OPTIONS is not set: this file is started by the bench, not by hand');
  return JSON.parse(raw) as T;
}

function send(message: HostReply | HostAnnouncement): void {
  process.send?.(message);
}

/** Starts the hosted thing and serves the parent until it asks to stop or goes away. */
export function host<Info>(start: () => Promise<Hosted<Info>>): void {
  if (!process.send) throw new Error('a bench process needs an IPC channel to its parent');
  let hosted: Hosted<Info> | null = null;
  let stopping = false;

  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await hosted?.close();
  };

  process.on('message', (message: HostRequest) => {
    void (async () => {
      try {
        let value: unknown;
        if (message.type === 'sample') value = sample();
        else if (message.type === 'gc') value = collect();
        else if (message.type === 'stop') {
          await stop();
          value = sample();
        } else {
          const command = hosted?.commands?.[message.type];
          if (!command) throw new Error(`unknown request ${message.type}`);
          value = await command(message.argument);
        }
        send({ id: message.id, ok: true, value });
        if (message.type === 'stop') process.disconnect();
      } catch (error) {
        send({ id: message.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
    })();
  });
  // The parent died or let go: nothing is left to serve.
  process.on('disconnect', () => {
    void stop().finally(() => process.exit(0));
  });

  start().then(
    (started) => {
      hosted = started;
      send({ type: 'ready', info: started.info });
    },
    (error: unknown) => {
      send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      process.exitCode = 1;
      process.disconnect();
    },
  );
}
