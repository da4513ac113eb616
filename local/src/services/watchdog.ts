import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { stopChild } from './child-process';

/**
 * Children that die with their parent, whatever kills the parent (issue 10, point 17).
 *
 * An exit hook cannot do it: SIGKILL, abort() and heap exhaustion run none. Linux's
 * PR_SET_PDEATHSIG is out of Node's reach without native code. What every platform does give is
 * that a dead process's file descriptors are closed by the kernel: a Node child forked here keeps
 * an IPC channel to its parent and exits on its 'disconnect'; the Java child reads its stdin pipe
 * until end-of-file (java/LoopbackDynamoDbLocal.java).
 */

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * Forks a TypeScript entry (run through tsx, as `npm start` is) with an IPC channel; the entry
 * must call exitWithParent() first.
 */
export function forkWithWatchdog(entry: string, options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): ChildProcess {
  return fork(entry, [], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env, NODE_NO_WARNINGS: '1' },
    execArgv: ['--import', tsxLoader],
    stdio: ['pipe', 'pipe', 'pipe', 'ipc'],
    serialization: 'json',
  });
}

/** In a forked child: end this process as soon as the parent is gone. */
export function exitWithParent(): void {
  if (!process.connected) process.exit(0);
  process.once('disconnect', () => process.exit(0));
}

/**
 * Resolves with the child's first IPC message that `accept` takes; fails, and stops the child, if
 * `accept` throws, the child exits first, or nothing is accepted within `timeoutMs`.
 */
export async function firstMessage<T>(child: ChildProcess, accept: (message: unknown) => T | undefined, output: () => string, what: string, timeoutMs = 30_000): Promise<T> {
  try {
    return await acceptedMessage(child, accept, output, what, timeoutMs);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}

function acceptedMessage<T>(child: ChildProcess, accept: (message: unknown) => T | undefined, output: () => string, what: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${what} did not start within ${timeoutMs} ms:\n${output()}`));
    }, timeoutMs);
    const onMessage = (message: unknown): void => {
      let value: T | undefined;
      try {
        value = accept(message);
      } catch (error) {
        cleanup();
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      if (value === undefined) return;
      cleanup();
      resolve(value);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      cleanup();
      reject(new Error(`${what} exited during start-up (${code ?? signal}):\n${output()}`));
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}
