/**
 * Times `npm start` as a developer runs it: `npx tsx scripts/start.ts` in a folder and on ports of
 * the bench's choosing, from spawn to the line "Press Ctrl-C to stop.", then stops it with Ctrl-C
 * (SIGINT to its process group), as a developer would.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort } from '../../local/src/services/free-port';
import { REPO_ROOT } from './paths';
import { findWorker, peakRss } from './process-tree';

export const READY_LINE = 'Press Ctrl-C to stop.';

export interface StartTiming {
  /** From spawn to the ready line, in ms. */
  readyMs: number;
  /** What the script itself printed ("ready in X s"), in ms. */
  reportedMs: number | null;
  /** Peak RSS of the Node process running scripts/start.ts (not DynamoDB Local's JVM). */
  peakRssBytes: number | null;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

export async function timeNpmStart(localDir: string, timeoutMs = 180_000): Promise<StartTiming> {
  const [port, dynamodbPort, cognitoPort] = [await freePort(), await freePort(), await freePort()];
  const started = performance.now();
  const child = spawn('npx', ['tsx', 'scripts/start.ts'], {
    cwd: REPO_ROOT,
    // Its own process group, so that Ctrl-C (and, failing that, SIGKILL) reaches npx, tsx, the
    // script and the DynamoDB Local and cognito-local it starts, and nothing else.
    detached: true,
    env: {
      ...process.env,
      BREWLINE_LOCAL_DIR: localDir,
      BREWLINE_OUTPUTS_FILE: join(localDir, 'amplify_outputs.json'),
      PORT: String(port),
      DYNAMODB_PORT: String(dynamodbPort),
      COGNITO_PORT: String(cognitoPort),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A leftover group must not outlive the bench, even when it fails.
  const killGroup = (): void => signalGroup(child, 'SIGKILL');
  process.once('exit', killGroup);

  try {
    const readyMs = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start printed no "${READY_LINE}" within ${timeoutMs} ms:\n${output.slice(-3_000)}`)), timeoutMs);
      const onData = (chunk: Buffer): void => {
        output += chunk.toString('utf8');
        if (output.includes(READY_LINE)) {
          clearTimeout(timer);
          resolve(performance.now() - started);
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
      });
      // 'close', not 'exit': by then its output has been read to the end.
      child.once('close', (code) => {
        clearTimeout(timer);
        reject(new Error(`npm start exited (${code}) before it was ready:\n${output.slice(-3_000)}`));
      });
    });
    const reported = /ready in ([\d.]+) s/.exec(output);
    const worker = child.pid === undefined ? null : findWorker(child.pid, 'scripts/start.ts');
    return { readyMs, reportedMs: reported ? Number(reported[1]) * 1000 : null, peakRssBytes: worker === null ? null : peakRss(worker) };
  } finally {
    signalGroup(child, 'SIGINT');
    const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 20_000))]);
    if (!stopped) {
      killGroup();
      await exited;
    }
    // Give DynamoDB Local (a grandchild) its moment to go after the group's SIGINT.
    await new Promise((resolve) => setTimeout(resolve, 500));
    killGroup();
    process.off('exit', killGroup);
  }
}
