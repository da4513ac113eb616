import { error, type SandboxAnswer } from './answers';
import type { ChargeRecord, RefundRecord, SandboxState } from './state';

/**
 * Stripe's list endpoints (https://docs.stripe.com/api/pagination): newest first, `limit` 1 to
 * 100 (default 10), `starting_after` an id of the previous page's last object, `created` an epoch
 * second or a range `created[gt|gte|lt|lte]`. The answer is a list object
 * `{object: 'list', url, has_more, data}`.
 */

const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 100;
const RANGE_KEYS = ['gt', 'gte', 'lt', 'lte'] as const;

type Listed = { id: string; created: number };

function integerParam(value: unknown, param: string): number | SandboxAnswer {
  if (typeof value !== 'string' || !/^-?\d+$/.test(value)) return error(400, 'invalid_request_error', `Invalid integer: ${String(value)}`, { param });
  return Number(value);
}

function createdFilter(value: unknown): ((created: number) => boolean) | SandboxAnswer {
  if (value === undefined) return () => true;
  if (typeof value === 'string') {
    const exact = integerParam(value, 'created');
    return typeof exact === 'number' ? (created) => created === exact : exact;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return error(400, 'invalid_request_error', 'Invalid created: must be an integer or a hash with gt, gte, lt or lte', { param: 'created' });
  }
  const bounds: Partial<Record<(typeof RANGE_KEYS)[number], number>> = {};
  for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
    if (!(RANGE_KEYS as readonly string[]).includes(key)) {
      return error(400, 'invalid_request_error', `Received unknown parameter: created[${key}]`, { param: `created[${key}]` });
    }
    const bound = integerParam(raw, `created[${key}]`);
    if (typeof bound !== 'number') return bound;
    bounds[key as (typeof RANGE_KEYS)[number]] = bound;
  }
  return (created) =>
    (bounds.gt === undefined || created > bounds.gt) &&
    (bounds.gte === undefined || created >= bounds.gte) &&
    (bounds.lt === undefined || created < bounds.lt) &&
    (bounds.lte === undefined || created <= bounds.lte);
}

/** One page of `items` (given oldest first, as they were created). */
function page<T extends Listed>(items: T[], query: Record<string, unknown>, url: string, kind: string): SandboxAnswer {
  let limit = DEFAULT_LIMIT;
  if (query.limit !== undefined) {
    const parsed = integerParam(query.limit, 'limit');
    if (typeof parsed !== 'number') return parsed;
    if (parsed < 1 || parsed > MAX_LIMIT) {
      return error(400, 'invalid_request_error', `Invalid limit: must be between 1 and ${MAX_LIMIT}`, { param: 'limit' });
    }
    limit = parsed;
  }
  const created = createdFilter(query.created);
  if (typeof created !== 'function') return created;
  let newestFirst = [...items].reverse().filter((item) => created(item.created));
  if (query.starting_after !== undefined) {
    const cursor = String(query.starting_after);
    const at = newestFirst.findIndex((item) => item.id === cursor);
    if (at === -1 && !items.some((item) => item.id === cursor)) {
      return error(400, 'invalid_request_error', `No such ${kind}: '${cursor}'`, { code: 'resource_missing', param: 'starting_after' });
    }
    // A cursor outside the filter: the page starts after where it would stand by age.
    const cursorCreated = items.find((item) => item.id === cursor)?.created ?? 0;
    newestFirst = at === -1 ? newestFirst.filter((item) => item.created < cursorCreated) : newestFirst.slice(at + 1);
  }
  return { status: 200, body: { object: 'list', url, has_more: newestFirst.length > limit, data: newestFirst.slice(0, limit) } };
}

export function listCharges(charges: ChargeRecord[], query: Record<string, unknown>): SandboxAnswer {
  return page(charges, query, '/v1/charges', 'charge');
}

/** `GET /v1/refunds`, optionally `?charge=ch_...` for one charge's refunds. */
export function listRefunds(state: SandboxState, query: Record<string, unknown>): SandboxAnswer {
  let refunds: RefundRecord[] = Object.values(state.refunds);
  if (query.charge !== undefined) {
    const chargeId = String(query.charge);
    if (!state.charges[chargeId]) return error(400, 'invalid_request_error', `No such charge: '${chargeId}'`, { code: 'resource_missing', param: 'charge' });
    refunds = refunds.filter((refund) => refund.charge === chargeId);
  }
  return page(refunds, query, '/v1/refunds', 'refund');
}
