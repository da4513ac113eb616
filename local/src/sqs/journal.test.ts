import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createQueue, type Queue } from './index';

const child = fileURLToPath(new URL('./fixtures/send-then-hang.ts', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx');

const open: Queue[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const q of open.splice(0)) q.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function journalPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sqs-journal-'));
  dirs.push(dir);
  return join(dir, 'durable.jsonl');
}

/** Runs the child until it reports, then SIGKILLs it: no exit handler, no flush, no goodbye. */
async function sendThenKill(path: string, count: number): Promise<{ sent: string[]; deleted: string; inFlight: string }> {
  const proc = spawn(process.execPath, ['--import', tsx, child, path, String(count)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const report = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    proc.once('exit', (code) => reject(new Error(`the child exited (${code}) before reporting`)));
  });
  const killed = new Promise((resolve) => proc.once('exit', (_code, signal) => resolve(signal)));
  proc.kill('SIGKILL');
  expect(await killed).toBe('SIGKILL');
  return JSON.parse(report) as { sent: string[]; deleted: string; inFlight: string };
}

describe('a journalled queue', () => {
  it('keeps every acknowledged message across a SIGKILL: a new process receives all but the deleted one, with receive counts', async () => {
    const path = journalPath();
    const { sent, deleted, inFlight } = await sendThenKill(path, 25);

    const queue = createQueue('durable', { visibilityTimeoutSeconds: 30 }, { journalPath: path });
    open.push(queue);
    const ALL = { MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All' as const], MessageAttributeNames: ['All'] };
    const received = new Map<string, { body: string; count: string | undefined; n: string | undefined }>();
    for (let batch = await queue.receiveMessage(ALL); batch.length > 0; batch = await queue.receiveMessage(ALL)) {
      for (const m of batch) received.set(m.MessageId, { body: m.Body, count: m.Attributes?.ApproximateReceiveCount, n: m.MessageAttributes?.['n']?.StringValue });
    }
    // The one received before the kill is still invisible: its visibility timeout (1 s) survived too.
    expect([...received.keys()].sort()).toEqual(sent.filter((id) => id !== deleted && id !== inFlight).sort());
    expect([...received.values()].every((m) => m.count === '1' && m.body === `message ${m.n}`)).toBe(true);

    const [back] = await queue.receiveMessage({ ...ALL, WaitTimeSeconds: 5 });
    expect(back).toMatchObject({ MessageId: inFlight, Attributes: { ApproximateReceiveCount: '2' } });
  });

  it('compacts the journal on start to the live messages only', async () => {
    const path = journalPath();
    const first = createQueue('durable', { visibilityTimeoutSeconds: 30 }, { journalPath: path });
    for (let i = 0; i < 20; i += 1) first.sendMessage({ MessageBody: `m${i}` });
    for (const m of await first.receiveMessage({ MaxNumberOfMessages: 10 })) first.deleteMessage(m.ReceiptHandle);
    first.close();
    const before = readFileSync(path, 'utf8').trim().split('\n').length;

    const second = createQueue('durable', { visibilityTimeoutSeconds: 30 }, { journalPath: path });
    open.push(second);
    const after = readFileSync(path, 'utf8').trim().split('\n').length;
    expect(before).toBe(20 + 10 + 10);
    expect(after).toBe(10);
    expect(second.attributes().ApproximateNumberOfMessages).toBe(10);
  });

  it('ignores a torn last line, as a kill mid-write leaves it, and refuses a corrupt middle', () => {
    const path = journalPath();
    const first = createQueue('durable', { visibilityTimeoutSeconds: 30 }, { journalPath: path });
    first.sendMessage({ MessageBody: 'kept' });
    first.close();
    appendFileSync(path, '{"op":"send","id":"torn","bo');
    const second = createQueue('durable', { visibilityTimeoutSeconds: 30 }, { journalPath: path });
    expect(second.attributes().ApproximateNumberOfMessages).toBe(1);
    second.close();
    appendFileSync(path, 'garbage\n{"op":"del","id":"x"}\n');
    expect(() => createQueue('durable', { visibilityTimeoutSeconds: 30 }, { journalPath: path })).toThrow(/is corrupt at line 2/);
  });
});
