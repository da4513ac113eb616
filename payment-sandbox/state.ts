import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { CardBehavior } from './cards';

/** A token: what a receipt may show and how the test card behaves; never the card number. */
export interface TokenRecord {
  id: string;
  created: number;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  behavior: CardBehavior;
  /** Tokens are single-use, as Stripe's are: set by the first charge attempt that executes. */
  used: boolean;
}

export interface ChargeRecord {
  id: string;
  object: 'charge';
  amount: number;
  amount_refunded: number;
  currency: string;
  status: 'succeeded' | 'failed';
  paid: boolean;
  refunded: boolean;
  captured: boolean;
  created: number;
  description: string | null;
  metadata: Record<string, string>;
  source: string;
  failure_code: string | null;
  failure_message: string | null;
  payment_method_details: { type: 'card'; card: { brand: string; last4: string; exp_month: number; exp_year: number } };
  refunds: string[];
}

export interface RefundRecord {
  id: string;
  object: 'refund';
  amount: number;
  charge: string;
  currency: string;
  status: 'succeeded';
  created: number;
  metadata: Record<string, string>;
}

/** The first answer given for an idempotency key, replayed for every retry with that key. */
export interface IdempotentAnswer {
  /** The request it answered, canonicalised: a retry with other parameters is refused. */
  fingerprint: string;
  status: number;
  body: unknown;
}

export interface SandboxState {
  tokens: Record<string, TokenRecord>;
  charges: Record<string, ChargeRecord>;
  refunds: Record<string, RefundRecord>;
  idempotency: Record<string, IdempotentAnswer>;
}

export type Collection = keyof SandboxState;

/** The snapshot: the whole state as of the last start. */
export const STATE_FILE = 'payment-sandbox.json';
/** What changed since the snapshot, one JSON line per changed record. */
export const JOURNAL_FILE = 'payment-sandbox.journal';

const COLLECTIONS: readonly Collection[] = ['tokens', 'charges', 'refunds', 'idempotency'];
const empty = (): SandboxState => ({ tokens: {}, charges: {}, refunds: {}, idempotency: {} });

interface JournalLine {
  c: Collection;
  k: string;
  v: unknown;
}

function isJournalLine(value: unknown): value is JournalLine {
  if (value === null || typeof value !== 'object') return false;
  const line = value as Partial<JournalLine>;
  return typeof line.c === 'string' && (COLLECTIONS as readonly string[]).includes(line.c) && typeof line.k === 'string' && line.v !== undefined;
}

/**
 * The sandbox's state under `dataDir`, so a restart keeps every token, charge and refund.
 *
 * Each change appends one line to a journal instead of rewriting the whole state: a token flood
 * used to rewrite a file that grows with every token, once per token (issue 10, point 18). At
 * start the journal is replayed onto the snapshot and folded into a fresh snapshot, so the
 * journal only holds one run's changes. A kill mid-append leaves at most a torn last line, which
 * replay skips: that request's answer was never sent, so its client retries.
 */
export class StateFile {
  private readonly snapshot: string;
  private readonly journal: string;
  private fd: number | null;
  readonly state: SandboxState;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    chmodSync(dataDir, 0o700);
    this.snapshot = join(dataDir, STATE_FILE);
    this.journal = join(dataDir, JOURNAL_FILE);
    this.state = existsSync(this.snapshot) ? { ...empty(), ...(JSON.parse(readFileSync(this.snapshot, 'utf8')) as Partial<SandboxState>) } : empty();
    const replayed = this.replay();
    if (replayed > 0 || !existsSync(this.snapshot)) this.compact();
    this.fd = openSync(this.journal, 'a', 0o600);
  }

  /** Records that `state[collection][key]` now holds `value` (already set by the caller). */
  put(collection: Collection, key: string, value: unknown): void {
    if (this.fd === null) throw new Error('The sandbox state is closed.');
    writeSync(this.fd, `${JSON.stringify({ c: collection, k: key, v: value })}\n`);
  }

  close(): void {
    if (this.fd === null) return;
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = null;
  }

  private replay(): number {
    if (!existsSync(this.journal)) return 0;
    let count = 0;
    for (const text of readFileSync(this.journal, 'utf8').split('\n')) {
      if (text === '') continue;
      let line: unknown;
      try {
        line = JSON.parse(text);
      } catch {
        continue;
      }
      if (!isJournalLine(line)) continue;
      (this.state[line.c] as Record<string, unknown>)[line.k] = line.v;
      count += 1;
    }
    return count;
  }

  /** The snapshot written whole and renamed into place, then the journal emptied. */
  private compact(): void {
    const temporary = `${this.snapshot}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(this.state)}\n`, { mode: 0o600 });
    renameSync(temporary, this.snapshot);
    writeFileSync(this.journal, '', { mode: 0o600 });
  }
}
