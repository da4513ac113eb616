import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAmplifyConfig } from 'aws-amplify/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUsers } from '../../../scripts/seed/users';
import { signIn } from '../../src/auth/cognito-admin';
import { JAVA_INSTALL_HINT } from '../../src/services/dynamodb-local';
import { freePort } from '../../src/services/free-port';

/**
 * `npm start` as a newcomer runs it: the real script in its own process group, with its own
 * DynamoDB Local, cognito-local and runtime, on free ports and a temporary local folder. Started,
 * used over HTTP as a client would, stopped with Ctrl-C (SIGINT to the group, as a terminal sends
 * it), started again on the same folder.
 *
 * The script runs as `node --import tsx scripts/start.ts`, which is what `npm start` runs, minus
 * npm's wrapper process (whose own signal handling is not under test).
 */

const root = fileURLToPath(new URL('../../../', import.meta.url));
const READY = 'Press Ctrl-C to stop.';

interface Started {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startBrewline(env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: root,
    env: { ...process.env, ...env, NODE_NO_WARNINGS: '1' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, output: () => text, exited };
}

/** Resolves once `pattern` shows in the output; fails with the output if the process ends first. */
function waitForOutput(started: Started, pattern: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (!started.output().includes(pattern)) return;
      cleanup();
      resolve();
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`npm start exited (${code}) before printing "${pattern}":\n${started.output()}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`npm start did not print "${pattern}" within ${timeoutMs} ms:\n${started.output()}`));
    }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      started.child.stdout?.off('data', check);
      started.child.off('exit', onExit);
    };
    started.child.stdout?.on('data', check);
    started.child.once('exit', onExit);
    check();
  });
}

/** Every process below `pid`, with its command line. */
function descendants(pid: number): Array<{ pid: number; args: string }> {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .flatMap((m) => (m ? [{ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] ?? '' }] : []));
  const found: Array<{ pid: number; args: string }> = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift();
    for (const row of rows.filter((r) => r.ppid === parent)) {
      found.push({ pid: row.pid, args: row.args });
      queue.push(row.pid);
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls until none of `pids` is alive, or the deadline passes; returns the survivors. */
async function survivors(pids: number[], deadlineMs: number): Promise<number[]> {
  const until = Date.now() + deadlineMs;
  let left = pids.filter(alive);
  while (left.length > 0 && Date.now() < until) {
    await new Promise((resolve) => setImmediate(resolve));
    left = left.filter(alive);
  }
  return left;
}

async function graphql(url: string, query: string, headers: Record<string, string>, variables?: Record<string, unknown>) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { status: response.status, body: (await response.json()) as { data?: Record<string, unknown> | null; errors?: unknown[] } };
}

interface Outputs {
  auth: { user_pool_id: string; user_pool_client_id: string };
  data: { url: string; api_key: string };
  custom: { local: { cognitoEndpoint: string; realtimeUrl: string } };
}

const MENU = '{ menu { categories { items { id name } } } }';

describe('npm start', () => {
  let dir: string;
  let env: Record<string, string>;
  let ports: { api: number; dynamodb: number; cognito: number; payments: number };
  let first: Started;
  /** The first start; tests that need it await it, so a failed start fails them with its output. */
  let firstReady: Promise<void>;
  const running: Started[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'brewline-start-'));
    ports = { api: await freePort(), dynamodb: await freePort(), cognito: await freePort(), payments: await freePort() };
    env = {
      HOST: '127.0.0.1',
      PORT: String(ports.api),
      DYNAMODB_PORT: String(ports.dynamodb),
      COGNITO_PORT: String(ports.cognito),
      PAYMENTS_PORT: String(ports.payments),
      BREWLINE_LOCAL_DIR: join(dir, 'local'),
      BREWLINE_OUTPUTS_FILE: join(dir, 'amplify_outputs.json'),
    };
    first = startBrewline(env);
    running.push(first);
    firstReady = waitForOutput(first, READY, 110_000);
    // Observed by the tests that need it; the Java test does not.
    firstReady.catch(() => undefined);
  });

  afterAll(async () => {
    for (const started of running) {
      if (started.child.exitCode === null && started.child.signalCode === null && started.child.pid) {
        process.kill(-started.child.pid, 'SIGKILL');
        await started.exited;
      }
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const outputs = (): Outputs => JSON.parse(readFileSync(env.BREWLINE_OUTPUTS_FILE ?? '', 'utf8')) as Outputs;

  it('prints the URLs, the API key and every demo login', async () => {
    await firstReady;
    const printed = first.output();
    expect(printed).toContain(`http://127.0.0.1:${ports.api}/graphql`);
    expect(printed).toContain(`https://127.0.0.1:${ports.api}/graphql`);
    expect(printed).toContain(`wss://127.0.0.1:${ports.api}/graphql/realtime`);
    expect(printed).toContain(`http://127.0.0.1:${ports.api}/graphiql`);
    expect(printed).toContain(`http://127.0.0.1:${ports.cognito}`);
    expect(printed).toContain(`http://127.0.0.1:${ports.dynamodb}`);
    expect(printed).toContain(`http://127.0.0.1:${ports.payments}`);
    expect(printed).toContain(outputs().data.api_key);
    for (const user of demoUsers) {
      expect(printed).toMatch(new RegExp(`${user.email.replace(/\./g, '\\.')}\\s+${user.password}\\s+${user.groups.join(', ')}`));
    }
  }, 120_000);

  it('writes amplify_outputs.json that Amplify’s own parser understands', async () => {
    await firstReady;
    const written = outputs();
    const config = parseAmplifyConfig(written as unknown as Record<string, unknown>);
    expect(config.API?.GraphQL).toMatchObject({
      endpoint: `https://127.0.0.1:${ports.api}/graphql`,
      apiKey: written.data.api_key,
      defaultAuthMode: 'userPool',
    });
    expect(config.Auth?.Cognito).toMatchObject({ userPoolId: written.auth.user_pool_id, userPoolClientId: written.auth.user_pool_client_id });
    expect(written.custom.local).toMatchObject({ cognitoEndpoint: `http://127.0.0.1:${ports.cognito}`, realtimeUrl: `wss://127.0.0.1:${ports.api}/graphql/realtime` });
  });

  it('serves the seeded menu to the API key from the outputs file', async () => {
    await firstReady;
    const { data } = outputs();
    const out = await graphql(`http://127.0.0.1:${ports.api}/graphql`, MENU, { 'x-api-key': data.api_key });
    expect(out.status).toBe(200);
    expect(out.body.errors).toBeUndefined();
    const items = (out.body.data?.menu as { categories: Array<{ items: unknown[] }> }).categories.flatMap((c) => c.items);
    expect(items.length).toBeGreaterThan(0);
  });

  it('serves a DynamoDB-backed field to the demo customer signed in with cognito-local', async () => {
    await firstReady;
    const written = outputs();
    const customer = demoUsers.find((user) => user.groups.includes('Customers'));
    if (!customer) throw new Error('the demo users include no customer');
    const tokens = await signIn({ endpoint: written.custom.local.cognitoEndpoint, clientId: written.auth.user_pool_client_id, username: customer.email, password: customer.password });
    const url = `http://127.0.0.1:${ports.api}/graphql`;
    const menu = await graphql(url, MENU, { authorization: tokens.accessToken });
    expect(menu.body.errors).toBeUndefined();
    const listed = (menu.body.data?.menu as { categories: Array<{ items: Array<{ id: string; name: string }> }> }).categories.flatMap((c) => c.items)[0];
    if (!listed) throw new Error('the menu is empty');
    const item = await graphql(url, 'query($id: ID!) { menuItem(id: $id) { id name } }', { authorization: tokens.accessToken }, { id: listed.id });
    expect(item.body).toEqual({ data: { menuItem: listed } });
  });

  it('stops DynamoDB Local and cognito-local on Ctrl-C and exits cleanly, even when it cannot answer at once', async () => {
    await firstReady;
    const pid = first.child.pid ?? 0;
    const children = descendants(pid);
    const java = children.filter((p) => /\bjava\b/.test(p.args));
    const cognito = children.filter((p) => p.args.includes('cognito-local'));
    expect(java.length, children.map((p) => p.args).join('\n')).toBeGreaterThan(0);
    expect(cognito.length, children.map((p) => p.args).join('\n')).toBeGreaterThan(0);

    // The event loop cannot run the handler for 300 ms (stopped, as a loaded machine or a long
    // synchronous task would stall it). Under the tsx CLI its parent SIGKILLed the script after
    // 2 x 30 ms without an answer and exited 130; a signal must wait for the handler instead.
    process.kill(pid, 'SIGSTOP');
    process.kill(-pid, 'SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 300));
    process.kill(pid, 'SIGCONT');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(await survivors([...children.map((p) => p.pid)], 5_000)).toEqual([]);
  });

  it('keeps the data across a restart on the same folder, does not seed again, and stops on SIGTERM', async () => {
    await firstReady;
    const before = outputs().data.api_key;
    const second = startBrewline(env);
    running.push(second);
    await waitForOutput(second, READY, 110_000);
    expect(second.output()).toMatch(/\(0 added/);
    // The history was seeded by the first start: the second reports it and publishes nothing.
    expect(second.output()).toMatch(/History: [1-9][0-9]* orders over 28 days\./);
    expect(outputs().data.api_key).toBe(before);

    const out = await graphql(`http://127.0.0.1:${ports.api}/graphql`, MENU, { 'x-api-key': before });
    expect(out.body.errors).toBeUndefined();
    expect((out.body.data?.menu as { categories: Array<{ items: unknown[] }> }).categories.flatMap((c) => c.items).length).toBeGreaterThan(0);

    // This time only the top process is told, as a process manager or an IDE's stop button does.
    const children = descendants(second.child.pid ?? 0).map((p) => p.pid);
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(await survivors(children, 5_000)).toEqual([]);
  }, 120_000);

  it('prints the one-line Java install hint and exits non-zero when Java is missing', async () => {
    // A PATH with node alone: no java on it, whatever the machine has installed.
    const bin = join(dir, 'bin-without-java');
    mkdirSync(bin, { recursive: true });
    symlinkSync(process.execPath, join(bin, 'node'));
    const started = startBrewline({ ...env, PATH: bin });
    running.push(started);
    const { code } = await started.exited;
    expect(code).not.toBe(0);
    expect(started.output()).toContain(JAVA_INSTALL_HINT);
    expect(started.output()).not.toContain(READY);
  });
});
