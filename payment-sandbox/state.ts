import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
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

export const STATE_FILE = 'payment-sandbox.json';

const empty = (): SandboxState => ({ tokens: {}, charges: {}, refunds: {}, idempotency: {} });

/** The sandbox's state, kept in one JSON file under `dataDir` so a restart keeps every charge. */
export class StateFile {
  private readonly path: string;
  readonly state: SandboxState;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.path = join(dataDir, STATE_FILE);
    this.state = existsSync(this.path) ? { ...empty(), ...(JSON.parse(readFileSync(this.path, 'utf8')) as Partial<SandboxState>) } : empty();
  }

  /** Written whole and renamed into place, so a crash mid-write never leaves half a file. */
  save(): void {
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(this.state, null, 2)}\n`);
    renameSync(temporary, this.path);
  }
}
