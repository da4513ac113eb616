import type { ChildProcess } from 'node:child_process';

/** Keeps a bounded tail of a child's output, so a failed start can say why. */
export function captureOutput(child: ChildProcess, maxChars = 8_000): () => string {
  let text = '';
  const append = (chunk: Buffer): void => {
    text = (text + chunk.toString('utf8')).slice(-maxChars);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return () => text;
}

/** Polls `probe` until it resolves true, the child exits, or the deadline passes. */
export async function waitUntilReady(
  what: string,
  child: ChildProcess,
  probe: () => Promise<boolean>,
  output: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${what} exited during start-up (${child.exitCode ?? child.signalCode}):\n${output()}`);
    }
    if (await probe().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  child.kill('SIGKILL');
  throw new Error(`${what} did not become ready within ${timeoutMs} ms:\n${output()}`);
}

/**
 * Stops a child and resolves once it is gone: SIGTERM first, SIGKILL if it lingers, so that no
 * Java or Node process outlives the runtime.
 */
export function stopChild(child: ChildProcess, graceMs = 3_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Children still alive when this process exits (even on an uncaught error) are killed. */
const live = new Set<ChildProcess>();
let hooked = false;
export function killOnExit(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (hooked) return;
  hooked = true;
  process.once('exit', () => {
    for (const c of live) c.kill('SIGKILL');
  });
}
