import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { Usage, usage } from '../metering/index';
import { CodeStore, type HandlerCode } from './bundle';
import type { InvokeMessage, WorkerInit, WorkerReply } from './protocol';

/** What one execution environment needs to run a function. */
export interface PoolFunction {
  name: string;
  arn: string;
  region: string;
  handlerModule: string;
  handlerExport: string;
  timeoutMs: number;
  memoryMB: number;
  /** The function's own variables, already resolved. */
  environment: Record<string, string>;
}

/** One invocation's outcome: the handler's result, or the error type and message Lambda reports. */
export type PoolOutcome = { ok: true; payload: unknown } | { ok: false; errorType: string; errorMessage: string };

interface Worker {
  /** Set once the function's code is prepared and the process forked. */
  child: ChildProcess | undefined;
  ready: Promise<void>;
  busy: boolean;
  /** Discarded before its process was forked: it must never be. */
  cancelled: boolean;
}

/** What every worker of one function is started with. */
interface Launch {
  script: string;
  execArgv: string[];
  code: HandlerCode;
}

const TSX_LOADER = createRequire(import.meta.url).resolve('tsx');

/**
 * The Node.js runtime's bootstrap (/var/runtime/bootstrap in the public.ecr.aws/lambda/nodejs
 * images) starts node with --expose-gc, --max-http-header-size 81920 and V8's heap sized from the
 * function's memory: a tenth for the young generation (half of it per semi-space), the rest for
 * the old generation. A worker is sized the same, so a handler that would run out of heap on AWS
 * runs out here too, and a small function stays small.
 */
export function lambdaNodeFlags(memoryMB: number): string[] {
  const newSpace = Math.floor(memoryMB / 10);
  return ['--expose-gc', '--max-http-header-size=81920', `--max-semi-space-size=${Math.floor(newSpace / 2)}`, `--max-old-space-size=${memoryMB - newSpace}`];
}

interface LoadError extends Error {
  errorType?: string;
}

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
  private launch: Promise<Launch> | undefined;
  private readonly store: CodeStore;
  private readonly ownsStore: boolean;

  constructor(
    private readonly config: PoolFunction,
    private readonly maxConcurrency: number,
    /** The service's bundles; without one the pool keeps its own and removes it on close. */
    store?: CodeStore,
  ) {
    this.store = store ?? new CodeStore();
    this.ownsStore = !store;
  }

  async invoke(event: unknown): Promise<PoolOutcome> {
    if (this.closed) return { ok: false, errorType: 'ServiceException', errorMessage: 'The local Lambda service is shut down.' };
    const worker = await this.acquire();
    try {
      await worker.ready;
    } catch (error) {
      this.discard(worker);
      const failure = error as LoadError;
      return { ok: false, errorType: failure.errorType ?? 'Runtime.ExitError', errorMessage: failure.message };
    }
    const id = this.nextId++;
    const requestId = randomUUID();
    const timeoutMs = this.config.timeoutMs;
    const message: InvokeMessage = { type: 'invoke', id, event, deadline: Date.now() + timeoutMs, requestId };
    const child = worker.child as ChildProcess;
    return new Promise<PoolOutcome>((resolve) => {
      let done = false;
      const finish = (outcome: PoolOutcome, healthy: boolean): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        meterInvocation(this.config, performance.now() - sentAt);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (healthy) this.release(worker);
        else this.discard(worker);
        resolve(outcome);
      };
      const onMessage = (reply: WorkerReply): void => {
        if (reply.type === 'result' && reply.id === id) finish({ ok: true, payload: reply.result }, true);
        else if (reply.type === 'error' && reply.id === id) finish({ ok: false, errorType: reply.errorType, errorMessage: reply.errorMessage }, true);
      };
      // Lambda's error type and wording when the runtime process dies mid-invocation.
      const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
        const how = signal ? `signal: ${signal}` : `exit status ${code}`;
        finish({ ok: false, errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: ${how}` }, false);
      };
      // Lambda's own wording for a timeout, with its seconds to two decimals.
      const timer = setTimeout(() => {
        finish({ ok: false, errorType: 'Sandbox.Timedout', errorMessage: `${requestId} Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds` }, false);
      }, timeoutMs);
      child.on('message', onMessage);
      child.once('exit', onExit);
      const sentAt = performance.now();
      child.send(message);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.all].map((w) => this.kill(w)));
    if (this.ownsStore) this.store.close();
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
    worker.cancelled = true;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  private async prepareLaunch(): Promise<Launch> {
    const [script, code] = await Promise.all([this.store.workerScript(), this.store.handler(this.config.name, this.config.handlerModule)]);
    const execArgv = lambdaNodeFlags(this.config.memoryMB);
    if (code.kind === 'source') execArgv.push('--import', TSX_LOADER);
    return { script, execArgv, code };
  }

  private spawn(): Worker {
    const worker: Worker = { child: undefined, ready: Promise.resolve(), busy: false, cancelled: false };
    this.launch ??= this.prepareLaunch();
    worker.ready = this.launch.then((launch) => {
      if (worker.cancelled) throw new Error('The local Lambda service is shut down.');
      return this.fork(worker, launch);
    });
    // The pool observes failures through `ready` and invocations; an unobserved rejection here
    // must not become an unhandled rejection of the runtime itself.
    worker.ready.catch(() => undefined);
    this.all.add(worker);
    return worker;
  }

  private fork(worker: Worker, launch: Launch): Promise<void> {
    const init: WorkerInit = {
      handlerModule: this.config.handlerModule,
      code: launch.code,
      handlerExport: this.config.handlerExport,
      functionName: this.config.name,
      timeoutMs: this.config.timeoutMs,
      memoryMB: this.config.memoryMB,
      invokedFunctionArn: this.config.arn,
    };
    // A Lambda environment does not inherit the caller's variables: only what the function is
    // configured with, plus the runtime's own (region, function name, UTC clock).
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      TZ: 'UTC',
      AWS_REGION: this.config.region,
      AWS_DEFAULT_REGION: this.config.region,
      AWS_LAMBDA_FUNCTION_NAME: this.config.name,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(this.config.memoryMB),
      AWS_LAMBDA_FUNCTION_TIMEOUT: String(Math.ceil(this.config.timeoutMs / 1000)),
      ...this.config.environment,
      APPSYNC_LOCAL_LAMBDA: JSON.stringify(init),
    };
    // The function's name as the argument, so `ps` tells the workers apart.
    const child = fork(launch.script, [this.config.name], { env, execArgv: launch.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    worker.child = child;
    child.once('exit', () => {
      this.all.delete(worker);
      const i = this.idle.indexOf(worker);
      if (i >= 0) this.idle.splice(i, 1);
    });
    return new Promise<void>((resolve, reject) => {
      const onMessage = (reply: WorkerReply): void => {
        if (reply.type === 'ready') {
          child.off('message', onMessage);
          child.off('exit', onExit);
          resolve();
        } else if (reply.type === 'load-error') {
          child.off('message', onMessage);
          child.off('exit', onExit);
          reject(Object.assign(new Error(`${reply.errorType}: ${reply.errorMessage}`), { errorType: reply.errorType }));
        }
      };
      const onExit = (code: number | null): void => {
        child.off('message', onMessage);
        reject(new Error(`Runtime exited with error: exit status ${code} before the handler loaded`));
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  }
}

/**
 * Lambda bills each invocation and its duration rounded up to the millisecond times the memory
 * configured (https://aws.amazon.com/lambda/pricing/). The duration here is the host's, from
 * sending the event to reading the answer, so it includes one IPC round trip: a slight overcount.
 */
function meterInvocation(config: PoolFunction, durationMs: number): void {
  const billedMs = Math.max(1, Math.ceil(durationMs));
  usage.addFor(Usage.lambdaInvocations, config.name);
  usage.add(Usage.lambdaBilledMs, billedMs);
  usage.add(Usage.lambdaMbMs, billedMs * config.memoryMB);
}
