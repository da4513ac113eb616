import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { DataSourceConfig } from '../../config';
import type { DataSourceOutcome } from '../types';
import type { InvokeMessage, WorkerInit, WorkerReply } from './protocol';

type LambdaConfig = Extract<DataSourceConfig, { type: 'AWS_LAMBDA' }>;

interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
  busy: boolean;
}

const WORKER_ENTRY = fileURLToPath(new URL('./worker.ts', import.meta.url));
const TSX_LOADER = createRequire(import.meta.url).resolve('tsx');

/** AppSync's error type for any failure Lambda reports (handler error, timeout, crash). */
const UNHANDLED = 'Lambda:Unhandled';

/**
 * A pool of Lambda "execution environments" for one function: at most `maxConcurrency` worker
 * processes, each running one invocation at a time, reused while warm. A timed-out or crashed
 * worker is killed and replaced, exactly the blast radius Lambda has.
 */
export class LambdaPool {
  private readonly idle: Worker[] = [];
  private readonly all = new Set<Worker>();
  private readonly waiting: Array<(worker: Worker) => void> = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly config: LambdaConfig,
    private readonly maxConcurrency = 8,
  ) {}

  async invoke(event: unknown): Promise<DataSourceOutcome> {
    if (this.closed) return { error: { type: UNHANDLED, message: 'The Lambda data source is shut down.' } };
    const worker = await this.acquire();
    try {
      await worker.ready;
    } catch (error) {
      this.discard(worker);
      return { error: { type: UNHANDLED, message: (error as Error).message } };
    }
    const id = this.nextId++;
    const requestId = randomUUID();
    const timeoutMs = this.config.timeoutMs;
    const message: InvokeMessage = { type: 'invoke', id, event, deadline: Date.now() + timeoutMs, requestId };
    return new Promise<DataSourceOutcome>((resolve) => {
      let done = false;
      const finish = (outcome: DataSourceOutcome, healthy: boolean): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        worker.child.off('message', onMessage);
        worker.child.off('exit', onExit);
        if (healthy) this.release(worker);
        else this.discard(worker);
        resolve(outcome);
      };
      const onMessage = (reply: WorkerReply): void => {
        if (reply.type === 'result' && reply.id === id) finish({ result: reply.result }, true);
        else if (reply.type === 'error' && reply.id === id) finish({ error: { type: UNHANDLED, message: reply.errorMessage, data: { errorType: reply.errorType } } }, true);
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
        finish({ error: { type: UNHANDLED, message: `RequestId: ${requestId} Error: Runtime exited with error: ${signal ? `signal: ${signal}` : `exit status ${code}`}` } }, false);
      };
      // Lambda's own wording for a timeout, with its seconds to two decimals.
      const timer = setTimeout(() => {
        finish({ error: { type: UNHANDLED, message: `${requestId} Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds` } }, false);
      }, timeoutMs);
      worker.child.on('message', onMessage);
      worker.child.once('exit', onExit);
      worker.child.send(message);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.all].map((w) => this.kill(w)));
  }

  private acquire(): Promise<Worker> {
    const idle = this.idle.pop();
    if (idle) {
      idle.busy = true;
      return Promise.resolve(idle);
    }
    if (this.all.size < this.maxConcurrency) {
      const worker = this.spawn();
      worker.busy = true;
      return Promise.resolve(worker);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(worker: Worker): void {
    const next = this.waiting.shift();
    if (next) {
      next(worker);
      return;
    }
    worker.busy = false;
    this.idle.push(worker);
  }

  private discard(worker: Worker): void {
    void this.kill(worker);
    const next = this.waiting.shift();
    if (next && !this.closed) {
      const fresh = this.spawn();
      fresh.busy = true;
      next(fresh);
    }
  }

  private kill(worker: Worker): Promise<void> {
    this.all.delete(worker);
    const i = this.idle.indexOf(worker);
    if (i >= 0) this.idle.splice(i, 1);
    const { child } = worker;
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  private spawn(): Worker {
    const init: WorkerInit = {
      handlerModule: this.config.handlerModule,
      handlerExport: this.config.handlerExport,
      functionName: this.config.name,
      timeoutMs: this.config.timeoutMs,
    };
    // A Lambda environment does not inherit the caller's variables: only what the function is
    // configured with, plus the runtime's own (region, function name, UTC clock).
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      TZ: 'UTC',
      AWS_REGION: 'local',
      AWS_DEFAULT_REGION: 'local',
      AWS_LAMBDA_FUNCTION_NAME: this.config.name,
      AWS_LAMBDA_FUNCTION_TIMEOUT: String(Math.ceil(this.config.timeoutMs / 1000)),
      ...this.config.environment,
      APPSYNC_LOCAL_LAMBDA: JSON.stringify(init),
    };
    const child = fork(WORKER_ENTRY, [], { env, execArgv: ['--import', TSX_LOADER], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const ready = new Promise<void>((resolve, reject) => {
      const onMessage = (reply: WorkerReply): void => {
        if (reply.type === 'ready') {
          child.off('message', onMessage);
          child.off('exit', onExit);
          resolve();
        } else if (reply.type === 'load-error') {
          child.off('message', onMessage);
          child.off('exit', onExit);
          reject(new Error(`${reply.errorType}: ${reply.errorMessage}`));
        }
      };
      const onExit = (code: number | null): void => {
        child.off('message', onMessage);
        reject(new Error(`Runtime exited with error: exit status ${code} before the handler loaded`));
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
    // The pool observes failures through `ready` and invocations; an unobserved rejection here
    // must not become an unhandled rejection of the runtime itself.
    ready.catch(() => undefined);
    const worker: Worker = { child, ready, busy: false };
    this.all.add(worker);
    child.once('exit', () => {
      this.all.delete(worker);
      const i = this.idle.indexOf(worker);
      if (i >= 0) this.idle.splice(i, 1);
    });
    return worker;
  }
}
