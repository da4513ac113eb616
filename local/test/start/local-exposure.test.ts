import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caIsConstrained } from '../../src/server/tls';
import { freePort } from '../../src/services/free-port';

/**
 * `npm start` as an outsider on the LAN, or another user of the machine, would meet it (issue 10,
 * points 13, 16 and 17): what listens where, who can read the local folder, and what is left when
 * the process is killed without a chance to clean up.
 */

const root = fileURLToPath(new URL('../../../', import.meta.url));
const READY = 'Press Ctrl-C to stop.';

/** Listening TCP sockets on `port`, as the kernel reports them: IPv4 dotted or IPv6 hex. */
function listeners(port: number): string[] {
  const found: string[] = [];
  for (const [file, v6] of [['/proc/net/tcp', false], ['/proc/net/tcp6', true]] as const) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (!local || state !== '0A') continue;
      const [address, hexPort] = local.split(':');
      if (!address || Number.parseInt(hexPort ?? '', 16) !== port) continue;
      found.push(v6 ? address : (address.match(/../g) ?? []).reverse().map((b) => Number.parseInt(b, 16)).join('.'));
    }
  }
  return found;
}

/** This machine's own addresses other than loopback: where a LAN neighbour would connect. */
function outwardAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((i) => i !== undefined && i.family === 'IPv4' && !i.internal)
    .map((i) => i?.address ?? '');
}

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

function processes(): Array<{ pid: number; ppid: number; args: string }> {
  return execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .flatMap((m) => (m ? [{ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] ?? '' }] : []));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Every path under `dir` whose mode lets anyone but the owner in. */
function looseModes(dir: string): string[] {
  const loose: string[] = [];
  const visit = (path: string): void => {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return;
    if (stat.isDirectory()) {
      if ((stat.mode & 0o777) !== 0o700) loose.push(`${path} ${(stat.mode & 0o777).toString(8)}`);
      for (const name of readdirSync(path)) visit(join(path, name));
    } else if ((stat.mode & 0o077) !== 0) {
      loose.push(`${path} ${(stat.mode & 0o777).toString(8)}`);
    }
  };
  visit(dir);
  return loose;
}

describe('npm start, seen from outside', () => {
  let dir: string;
  let localDir: string;
  let ports: Record<'api' | 'dynamodb' | 'cognito' | 'payments', number>;
  let child: ChildProcess;
  let output = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'brewline-exposure-'));
    localDir = join(dir, 'local');
    ports = { api: await freePort(), dynamodb: await freePort(), cognito: await freePort(), payments: await freePort() };
    child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      cwd: root,
      env: {
        ...process.env,
        NODE_NO_WARNINGS: '1',
        PORT: String(ports.api),
        DYNAMODB_PORT: String(ports.dynamodb),
        COGNITO_PORT: String(ports.cognito),
        PAYMENTS_PORT: String(ports.payments),
        BREWLINE_LOCAL_DIR: localDir,
        BREWLINE_OUTPUTS_FILE: join(dir, 'amplify_outputs.json'),
        // What listens and what is written is the same with or without seeded history.
        BREWLINE_HISTORY_DAYS: '0',
      },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start was not ready within 110 s:\n${output}`)), 110_000);
      const check = (): void => {
        if (!output.includes(READY)) return;
        clearTimeout(timer);
        resolve();
      };
      child.stdout?.on('data', check);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`npm start exited (${code}):\n${output}`));
      });
    });
  }, 120_000);

  afterAll(() => {
    if (child?.pid && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 only: the runtime, DynamoDB Local, cognito-local and the sandbox', () => {
    for (const [name, port] of Object.entries(ports)) expect(listeners(port), name).toEqual(['127.0.0.1']);
  });

  it("refuses connections to this machine's other addresses on every one of those ports", async () => {
    const addresses = outwardAddresses();
    const tried = addresses.flatMap((address) => Object.values(ports).map((port) => ({ address, port })));
    const answered = await Promise.all(tried.map(({ address, port }) => reachable(address, port)));
    expect(answered.filter(Boolean)).toEqual([]);
  });

  it('keeps the local folder to its owner: directories 0700, files 0600', () => {
    expect(looseModes(localDir)).toEqual([]);
  });

  it('serves from a CA whose name constraints keep it to localhost', () => {
    expect(caIsConstrained(readFileSync(join(localDir, 'tls', 'ca.pem'), 'utf8'))).toBe(true);
  });

  it('leaves no DynamoDB Local, cognito-local or sandbox behind when killed with SIGKILL', async () => {
    // The process that started the children: the parent of the Java process.
    const all = processes();
    // This start's own DynamoDB Local (by its data folder): the test run has another one, whose
    // parent is the test runner itself.
    const java = all.find((p) => /\bjava\b/.test(p.args) && p.args.includes(join(localDir, 'dynamodb')));
    if (!java) throw new Error(`no DynamoDB Local among the processes:\n${output}`);
    const parent = java.ppid;
    // DynamoDB Local, cognito-local, the sandbox (and esbuild's service, which the client build leaves running).
    const children = all.filter((p) => p.ppid === parent).map((p) => p.pid);
    expect(children.length).toBeGreaterThanOrEqual(3);
    process.kill(parent, 'SIGKILL');
    const deadline = Date.now() + 10_000;
    while (children.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(children.filter(alive)).toEqual([]);
  }, 30_000);
});
