import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { captureOutput, killOnExit, stopChild } from '../../local/src/services/child-process';
import type { HostAnnouncement, HostReply, HostRequest, ProcessSample } from './host';
import { REPO_ROOT } from './paths';

export interface BenchProcess<Info> {
  pid: number;
  info: Info;
  request<T>(type: string, argument?: unknown, timeoutMs?: number): Promise<T>;
  sample(): Promise<ProcessSample>;
  /** Heap and RSS after two full garbage collections. */
  collect(): Promise<ProcessSample>;
  /** Stops the hosted thing, returns the last sample and waits for the process to exit. */
  stop(): Promise<ProcessSample | null>;
  /** The tail of what the process printed. */
  output(): string;
}

/**
 * Starts `bench/<script>` in its own Node process (TypeScript through tsx, GC exposed) with
 * `options` as JSON, and waits for it to announce itself.
 */
export async function startBenchProcess<Info>(script: string, options: unknown, startTimeoutMs = 60_000): Promise<BenchProcess<Info>> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', join(REPO_ROOT, 'bench', script)], {
    cwd: REPO_ROOT,
    env: { ...process.env, BENCH_OPTIONS: JSON.stringify(options), NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  killOnExit(child);
  const output = captureOutput(child);
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let exited = false;

  child.on('message', (message: HostReply | HostAnnouncement) => {
    if (!('id' in message)) return;
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.ok) waiter.resolve(message.value);
    else waiter.reject(new Error(`${script}: ${message.error}`));
  });
  child.once('exit', (code, signal) => {
    exited = true;
    for (const waiter of pending.values()) waiter.reject(new Error(`${script} exited (${code ?? signal}) with a request pending:\n${output()}`));
    pending.clear();
  });

  const info = await new Promise<Info>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not start within ${startTimeoutMs} ms:\n${output()}`));
    }, startTimeoutMs);
    const onMessage = (message: HostReply | HostAnnouncement): void => {
      if ('id' in message) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (message.type === 'ready') resolve(message.info as Info);
      else reject(new Error(`${script} failed to start: ${message.error}\n${output()}`));
    };
    const onExit = (code: number | null): void => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code}) during start-up:\n${output()}`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });

  function request<T>(type: string, argument?: unknown, timeoutMs = 120_000): Promise<T> {
    if (exited) return Promise.reject(new Error(`${script} is not running:\n${output()}`));
    const id = nextId;
    nextId += 1;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${script} did not answer ${type} within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      child.send({ id, type, argument } satisfies HostRequest);
    });
  }

  return {
    pid: child.pid ?? -1,
    info,
    request,
    sample: () => request<ProcessSample>('sample'),
    collect: () => request<ProcessSample>('gc'),
    async stop() {
      const last = await request<ProcessSample>('stop', undefined, 15_000).catch(() => null);
      await stopChild(child);
      return last;
    },
    output,
  };
}
