import { createHash } from 'node:crypto';
import type { AuthContext } from '../identity';
import type { ProtocolError } from './protocol';

/**
 * Server-wide caps on what one client may hold open, so that one caller (the public API key
 * included) cannot take every socket, timer and registry slot. AppSync itself publishes only a
 * per-connection cap (100 subscriptions) and account-level quotas (connections and connection rate
 * per API, Service Quotas page), which a single local process cannot honour; these caps are ours,
 * see local/docs/realtime.md ("Per-client caps").
 */
export interface QuotaLimits {
  maxConnectionsPerSourceIp: number;
  maxConnectionsPerIdentity: number;
  maxSubscriptionsPerIdentity: number;
}

/**
 * Who a caller is for the caps: the token's user (issuer and sub; user pools and OIDC), the IAM
 * access key, the Lambda authorizer's token (it names the caller; only a digest is kept), or for
 * an API key (which names an app, not a person) the key together with the caller's address, so
 * that one guest flooding with the public key does not lock out guests elsewhere.
 */
export function quotaIdentity(auth: AuthContext, sourceIp: string | null): string {
  const identity = auth.identity;
  if (identity !== null && 'sub' in identity) return `${auth.mode}:${identity.issuer}:${identity.sub}`;
  if (identity !== null && 'accountId' in identity) return `iam:${identity.username}`;
  if (auth.mode === 'AWS_LAMBDA') return `lambda:${createHash('sha256').update(auth.headers.authorization ?? '').digest('hex')}`;
  return `${auth.mode}:${auth.headers['x-api-key'] ?? ''}@${sourceIp ?? ''}`;
}

/**
 * AppSync's errorType when it throttles a client ("LimitExceededError", observed from the service:
 * aws-appsync-realtime-client-ios PR #67); the messages are ours and name the cap.
 */
export function limitExceededError(message: string): ProtocolError {
  return { errorType: 'LimitExceededError', message };
}

class Counter {
  private readonly counts = new Map<string, number>();

  /** Takes one slot under `key` unless `limit` are already taken. */
  take(key: string, limit: number): boolean {
    const count = this.counts.get(key) ?? 0;
    if (count >= limit) return false;
    this.counts.set(key, count + 1);
    return true;
  }

  release(key: string): void {
    const count = this.counts.get(key) ?? 0;
    if (count <= 1) this.counts.delete(key);
    else this.counts.set(key, count - 1);
  }

  /** Keys holding at least one slot; drops to zero when every client is gone. */
  get size(): number {
    return this.counts.size;
  }
}

/** The counters behind QuotaLimits. Every take is paired with one release by its owner. */
export class RealtimeQuotas {
  private readonly addresses = new Counter();
  private readonly connections = new Counter();
  private readonly subscriptions = new Counter();

  constructor(private readonly limits: QuotaLimits) {}

  /** Null when the address may open one more connection, else the error to refuse it with. */
  openFromAddress(sourceIp: string | null): ProtocolError | null {
    if (this.addresses.take(sourceIp ?? '', this.limits.maxConnectionsPerSourceIp)) return null;
    return limitExceededError(`Max number of ${this.limits.maxConnectionsPerSourceIp} connections per source address reached`);
  }

  closeFromAddress(sourceIp: string | null): void {
    this.addresses.release(sourceIp ?? '');
  }

  openForIdentity(identity: string): ProtocolError | null {
    if (this.connections.take(identity, this.limits.maxConnectionsPerIdentity)) return null;
    return limitExceededError(`Max number of ${this.limits.maxConnectionsPerIdentity} connections per identity reached`);
  }

  closeForIdentity(identity: string): void {
    this.connections.release(identity);
  }

  subscribe(identity: string): ProtocolError | null {
    if (this.subscriptions.take(identity, this.limits.maxSubscriptionsPerIdentity)) return null;
    return limitExceededError(`Max number of ${this.limits.maxSubscriptionsPerIdentity} subscriptions per identity reached`);
  }

  unsubscribe(identity: string): void {
    this.subscriptions.release(identity);
  }

  /** How many distinct keys hold slots: all zero once every connection is closed. */
  stats(): { addresses: number; identities: number; subscribers: number } {
    return { addresses: this.addresses.size, identities: this.connections.size, subscribers: this.subscriptions.size };
  }
}
