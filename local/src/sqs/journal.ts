import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A queue's append-only journal: one JSON line per change, written with a synchronous write(2)
 * before the call that made the change returns. The kernel has the bytes once write returns, so
 * a SIGKILL of the process loses nothing acknowledged (a power cut could: there is no fsync per
 * line, which local development does not need). On open, the journal is replayed and rewritten
 * as just the live messages, so it stays as small as the queue.
 */

export interface StoredAttribute {
  DataType: string;
  StringValue?: string;
  /** Base64. */
  BinaryValue?: string;
}

export type JournalEntry =
  | { op: 'send'; id: string; body: string; attrs?: Record<string, StoredAttribute>; sentAt: number; visibleAt: number; n?: number; first?: number }
  | { op: 'recv'; id: string; n: number; first: number; visibleAt: number; receivedAt: number; rh: string }
  | { op: 'vis'; id: string; visibleAt: number }
  | { op: 'del'; id: string };

export class Journal {
  private fd: number | null;

  private constructor(
    private readonly path: string,
    fd: number,
  ) {
    this.fd = fd;
  }

  /** Reads what a previous process wrote. A torn last line (the process died mid-write) is dropped. */
  static read(path: string): JournalEntry[] {
    if (!existsSync(path)) return [];
    const lines = readFileSync(path, 'utf8').split('\n');
    const entries: JournalEntry[] = [];
    lines.forEach((line, index) => {
      if (line === '') return;
      try {
        entries.push(JSON.parse(line) as JournalEntry);
      } catch (error) {
        const last = index === lines.length - 1 || (index === lines.length - 2 && lines[lines.length - 1] === '');
        if (!last) throw new Error(`Queue journal ${path} is corrupt at line ${index + 1}: ${(error as Error).message}`);
      }
    });
    return entries;
  }

  /** Replaces the journal with `live` (written to a temporary file, synced, then renamed) and opens it. */
  static rewrite(path: string, live: JournalEntry[]): Journal {
    mkdirSync(dirname(path), { recursive: true });
    const temporary = `${path}.compact`;
    const fd = openSync(temporary, 'w');
    try {
      if (live.length > 0) writeSync(fd, live.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
    return new Journal(path, openSync(path, 'a'));
  }

  append(entry: JournalEntry): void {
    if (this.fd === null) throw new Error(`Queue journal ${this.path} is closed.`);
    writeSync(this.fd, `${JSON.stringify(entry)}\n`);
  }

  close(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
  }
}
