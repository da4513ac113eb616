import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JOURNAL_FILE, startPaymentSandbox, STATE_FILE, type RunningPaymentSandbox } from './index';

/**
 * Issue 10, point 18: a token flood used to stall the API, because the sandbox ran on the API's
 * event loop and rewrote its whole state file per token. It now runs in its own process and
 * appends one journal line per change.
 */

const expiry = `12/${String(new Date().getUTCFullYear() + 1).slice(-2)}`;
const FLOOD = 2_000;
const PARALLEL = 20;

let dataDir: string;
let sandbox: RunningPaymentSandbox;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'payment-sandbox-process-'));
  sandbox = await startPaymentSandbox({ port: 0, dataDir });
});

afterEach(async () => {
  await sandbox.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function tokenize(): Promise<string> {
  const response = await fetch(`${sandbox.url}/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ card: { number: '4242424242424242', expiry, cvc: '123' } }),
  });
  return ((await response.json()) as { id: string }).id;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the sandbox in its own process', () => {
  it('runs in a process that is not the caller, and that process ends on stop', async () => {
    expect(sandbox.pid).toBeGreaterThan(0);
    expect(sandbox.pid).not.toBe(process.pid);
    expect(alive(sandbox.pid)).toBe(true);
    await sandbox.stop();
    expect(alive(sandbox.pid)).toBe(false);
    sandbox = await startPaymentSandbox({ port: 0, dataDir });
  });

  it(`serves a flood of ${FLOOD} tokens, appending to its journal and leaving the snapshot alone`, async () => {
    const snapshotBefore = statSync(join(dataDir, STATE_FILE));
    const ids = new Set<string>();
    let next = 0;
    // The caller's event loop stays free: a timer keeps ticking while the flood runs.
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 10);
    try {
      await Promise.all(
        Array.from({ length: PARALLEL }, async () => {
          while (next < FLOOD) {
            next += 1;
            ids.add(await tokenize());
          }
        }),
      );
    } finally {
      clearInterval(ticker);
    }
    expect(ids.size).toBe(FLOOD);
    expect(ticks).toBeGreaterThan(0);
    const journal = readFileSync(join(dataDir, JOURNAL_FILE), 'utf8').trim().split('\n');
    expect(journal).toHaveLength(FLOOD);
    const snapshotAfter = statSync(join(dataDir, STATE_FILE));
    expect(snapshotAfter.mtimeMs).toBe(snapshotBefore.mtimeMs);
    expect(snapshotAfter.size).toBe(snapshotBefore.size);
  });

  it('keeps what the journal holds across a restart, folds it into the snapshot, and skips a torn last line', async () => {
    const token = await tokenize();
    const charged = await fetch(`${sandbox.url}/v1/charges`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${sandbox.secretKey}`, 'idempotency-key': 'restart-1' },
      body: JSON.stringify({ amount: 300, currency: 'eur', source: token }),
    });
    const charge = (await charged.json()) as { id: string };
    await sandbox.stop();
    // A kill in the middle of an append leaves half a line.
    appendFileSync(join(dataDir, JOURNAL_FILE), '{"c":"charges","k":"ch_torn","v":{"id":');
    sandbox = await startPaymentSandbox({ port: 0, dataDir });
    expect(readFileSync(join(dataDir, JOURNAL_FILE), 'utf8')).toBe('');
    const snapshot = JSON.parse(readFileSync(join(dataDir, STATE_FILE), 'utf8')) as { charges: Record<string, unknown>; tokens: Record<string, { used: boolean }> };
    expect(Object.keys(snapshot.charges)).toEqual([charge.id]);
    expect(snapshot.tokens[token]?.used).toBe(true);
    const read = await fetch(`${sandbox.url}/v1/charges/${charge.id}`, { headers: { authorization: `Bearer ${sandbox.secretKey}` } });
    expect(read.status).toBe(200);
    const replay = await fetch(`${sandbox.url}/v1/charges`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${sandbox.secretKey}`, 'idempotency-key': 'restart-1' },
      body: JSON.stringify({ amount: 300, currency: 'eur', source: token }),
    });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(((await replay.json()) as { id: string }).id).toBe(charge.id);
  });
});
