import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * `npm start` as a child process in its own process group (node with tsx's loader on scripts/start.ts, as `npm start` and
 * local/test/start/start.test.ts runs it), so a test can kill the whole local system at once
 * with SIGKILL, as a power cut or the OOM killer would, and start it again on the same folder.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
const READY = 'Press Ctrl-C to stop.';

export interface BrewlineProcess {
  child: ChildProcess;
  output(): string;
  ready: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL to the whole group: the runtime, DynamoDB Local, cognito-local, the sandbox. */
  kill(): Promise<void>;
}

export function startBrewline(env: Record<string, string>, readyWithinMs = 150_000): BrewlineProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: root,
    env: { ...process.env, ...env, NODE_NO_WARNINGS: '1' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start was not ready within ${readyWithinMs} ms:\n${text}`)), readyWithinMs);
    const onData = (chunk: Buffer): void => {
      text += chunk.toString('utf8');
      if (text.includes(READY)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code ?? signal}) before it was ready:\n${text}`));
    });
  });
  ready.catch(() => undefined);
  return {
    child,
    output: () => text,
    ready,
    exited,
    async kill() {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        process.kill(-child.pid, 'SIGKILL');
        await exited;
      }
    },
  };
}
