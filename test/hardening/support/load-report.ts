/**
 * The figures of one load run and their rendering as test/hardening/results.md: what was
 * placed, what failed, what was lost or doubled, and what each subscriber received against what
 * it should have.
 */
export interface LoadFigures {
  date: string;
  seconds: number;
  customers: number;
  tablets: number;
  ordersPlaced: number;
  ordersCompleted: number;
  requests: number;
  retriesSent: number;
  errors: number;
  errorTypes: Record<string, number>;
  lost: number;
  duplicated: number;
  deliveriesExpected: number;
  deliveriesReceived: number;
  deliveriesMissing: number;
  deliveriesDuplicated: number;
  deliveriesMisrouted: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  latencyByOperation: Record<string, { count: number; p50: number; p95: number; max: number }>;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export function renderResults(figures: LoadFigures): string {
  const errorTypes = Object.entries(figures.errorTypes).map(([type, count]) => `${type} ${count}`).join(', ') || 'none';
  return `# Hardening: load results

Written by \`test/hardening/load.slow.ts\` (\`npm run test:hardening\`); the README quotes these figures.
Loopback only, one machine (2 cores shared with other work), the whole system real: the local
AppSync runtime, DynamoDB Local, cognito-local, the payments Lambda and the payment sandbox.

Run of ${figures.date}: ${figures.customers} customers for ${figures.seconds} s, each going round
place order (every fifth one sent twice with the same idempotency key) → tokenize a card → pay →
a barista starts, marks ready, marks collected; ${figures.tablets} barista tablets subscribed to
\`onOrderQueueChanged\` and every customer to \`onMyOrderChanged\`, each on its own WebSocket.

| figure | value |
|---|---|
| orders placed (acknowledged) | ${figures.ordersPlaced} |
| orders taken all the way to COLLECTED | ${figures.ordersCompleted} |
| GraphQL requests | ${figures.requests} (${figures.requestsPerSecond.toFixed(1)}/s) |
| idempotent retries sent | ${figures.retriesSent} |
| errors | ${figures.errors} (${errorTypes}) |
| lost orders (acknowledged, not in the table as last acknowledged) | ${figures.lost} |
| duplicated orders (more rows than acknowledged orders) | ${figures.duplicated} |
| deliveries expected (incl. AppSync's re-publication of each acknowledged retry) | ${figures.deliveriesExpected} |
| deliveries received | ${figures.deliveriesReceived} |
| deliveries missing | ${figures.deliveriesMissing} |
| deliveries duplicated | ${figures.deliveriesDuplicated} |
| deliveries to a subscriber who should not get them | ${figures.deliveriesMisrouted} |
| request latency p50 / p95 / p99 / max | ${figures.latencyMs.p50} / ${figures.latencyMs.p95} / ${figures.latencyMs.p99} / ${figures.latencyMs.max} ms |

Latency by operation (ms):

| operation | requests | p50 | p95 | max |
|---|---|---|---|---|
${Object.entries(figures.latencyByOperation)
  .map(([operation, figure]) => `| ${operation} | ${figure.count} | ${figure.p50} | ${figure.p95} | ${figure.max} |`)
  .join('\n')}

The goal is 0 errors, 0 lost, 0 duplicated, and every status change delivered exactly once to
each subscriber who should get it; the test fails otherwise. Latencies are for information only
(no test asserts on time).
`;
}
