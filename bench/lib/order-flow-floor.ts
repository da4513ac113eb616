/**
 * Scenario 5's floor and bill, kept out of the scenario file: which tables the recorded calls
 * name, the recorded requests grouped into one lane per customer with their steps in order, and
 * the notes that explain both.
 */
import type { CapturedRequest } from '../../local/src/metering/capture';
import type { ReplayStep } from './dynamodb-replay';

/** The GraphQL operation names scenario 5 sends, to the step names of its note. */
const STEPS: Record<string, string> = { Place: 'placeOrder', Pay: 'payOrder', Start: 'startPreparing', Ready: 'markReady' };

/** Every table a recorded call names (TableName fields and RequestItems keys). */
export function tableNamesIn(requests: CapturedRequest[]): string[] {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null) {
      for (const [key, entry] of Object.entries(value)) {
        if (key === 'TableName' && typeof entry === 'string') names.add(entry);
        else if (key === 'RequestItems' && typeof entry === 'object' && entry !== null) Object.keys(entry).forEach((name) => names.add(name));
        else visit(entry);
      }
    }
  };
  for (const request of requests) for (const call of request.calls) visit(call.input);
  return [...names].sort();
}

/**
 * One lane per customer, each holding that customer's steps in the order the server started
 * them: a customer waits for READY before the next order, so within a lane every step found
 * the state the one before it left. placeOrder names its customer in the idempotency key the
 * scenario gives it; the other steps name the order, which `customerOf` maps.
 */
export function lanesFrom(requests: CapturedRequest[], customerOf: (orderId: string) => number | undefined): ReplayStep[][] {
  const lanes = new Map<number, ReplayStep[]>();
  for (const request of [...requests].sort((a, b) => a.sequence - b.sequence)) {
    const parsed = JSON.parse(request.body) as { query?: string; variables?: { orderId?: string; input?: { orderId?: string; idempotencyKey?: string } } };
    const operation = /^\s*mutation\s+(\w+)/.exec(parsed.query ?? '')?.[1] ?? '';
    const step = STEPS[operation];
    if (!step) continue;
    const key = parsed.variables?.input?.idempotencyKey;
    const customer =
      operation === 'Place' ? Number(/^bench-(\d+)-/.exec(key ?? '')?.[1] ?? NaN) : customerOf(parsed.variables?.orderId ?? parsed.variables?.input?.orderId ?? '');
    if (customer === undefined || !Number.isInteger(customer)) throw new Error(`a recorded ${operation} names no customer of the scenario`);
    const lane = lanes.get(customer) ?? [];
    lane.push({ step, calls: request.calls });
    lanes.set(customer, lane);
  }
  return [...lanes.values()];
}
