import { mkdir, open, readFile, rename, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { EventPattern } from '../../project/event-definitions';
import type { EventBridgeEvent } from './put-events';

/**
 * An EventBridge archive kept as a JSON-lines file, one `{ archivedAt, event }` per line. A line is
 * acknowledged only once it is on disk (write, then fdatasync), so an event PutEvents accepted is in
 * the archive after a crash. Concurrent appends share one write and one sync (group commit). A crash
 * mid-write can leave a torn last line; opening the archive cuts it off, since that event was never
 * acknowledged.
 *
 * As EventBridge documents it (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-archive.html):
 * an archive takes the events of one bus that match its pattern (all of them without one), keeps them
 * `retentionDays` (0 = indefinitely), and replayed events are not archived again.
 */

export interface ArchiveOptions {
  /** The folder holding `<name>.jsonl`. */
  dir: string;
  /** The archive's name; `<bus>-archive` unless given. */
  name?: string;
  retentionDays: number;
  eventPattern?: EventPattern;
}

interface ArchivedLine {
  archivedAt: number;
  event: EventBridgeEvent;
}

interface PendingAppend {
  line: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const DAY_MS = 86_400_000;

function parseLine(text: string): ArchivedLine | null {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { archivedAt, event } = parsed as Partial<ArchivedLine>;
    if (typeof archivedAt !== 'number' || typeof event !== 'object' || event === null) return null;
    return { archivedAt, event };
  } catch {
    return null;
  }
}

export class EventArchive {
  private pending: PendingAppend[] = [];
  private writing = false;
  private eventCount: number;

  private constructor(
    readonly name: string,
    readonly path: string,
    private readonly handle: FileHandle,
    count: number,
  ) {
    this.eventCount = count;
  }

  /** Opens (or creates) the archive, cutting a torn last line and dropping events past retention. */
  static async open(options: ArchiveOptions, busName: string, nowMs: number): Promise<EventArchive> {
    const name = options.name ?? `${busName}-archive`;
    await mkdir(options.dir, { recursive: true });
    const path = join(options.dir, `${name}.jsonl`);
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    // Everything after the last newline is a write that never completed.
    const complete = text.slice(0, text.lastIndexOf('\n') + 1);
    const cutoff = options.retentionDays > 0 ? nowMs - options.retentionDays * DAY_MS : Number.NEGATIVE_INFINITY;
    const kept: string[] = [];
    for (const line of complete.split('\n')) {
      if (line === '') continue;
      const record = parseLine(line);
      if (record && Date.parse(record.event.time) >= cutoff) kept.push(line);
    }
    const rewritten = kept.map((line) => `${line}\n`).join('');
    if (rewritten !== text) {
      // Written aside and renamed over, so a crash here leaves the old archive or the new one, whole.
      const temp = `${path}.${process.pid}.tmp`;
      await writeFile(temp, rewritten, { flush: true });
      await rename(temp, path);
    }
    const handle = await open(path, 'a');
    return new EventArchive(name, path, handle, kept.length);
  }

  get count(): number {
    return this.eventCount;
  }

  /** Resolves once the event is durably on disk. */
  append(event: EventBridgeEvent, archivedAt: number): Promise<void> {
    const line = `${JSON.stringify({ archivedAt, event } satisfies ArchivedLine)}\n`;
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ line, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      try {
        await this.handle.write(batch.map((entry) => entry.line).join(''));
        await this.handle.datasync();
        this.eventCount += batch.length;
        for (const entry of batch) entry.resolve();
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
    this.writing = false;
  }

  /** Every archived event, in the order archived. */
  async events(): Promise<EventBridgeEvent[]> {
    const text = await readFile(this.path, 'utf8');
    const events: EventBridgeEvent[] = [];
    for (const line of text.split('\n')) {
      const record = line === '' ? null : parseLine(line);
      if (record) events.push(record.event);
    }
    return events;
  }

  async close(): Promise<void> {
    while (this.writing || this.pending.length > 0) await new Promise((resolve) => setImmediate(resolve));
    await this.handle.close();
  }
}
