/**
 * Turns the usage meter's counters (local/src/metering) for a run into dollars at AWS's list
 * prices (prices.ts), one line per billed thing, scaled to 1,000 orders.
 */
import { Usage, type UsageSnapshot } from '../../local/src/metering/index';
import { PRICES } from './prices';

export interface CostLine {
  service: string;
  /** What was counted, in AWS's units, for the whole run. */
  quantity: number;
  unit: string;
  /** USD per 1,000 orders. */
  usdPer1000Orders: number;
}

export interface CostEstimate {
  orders: number;
  lines: CostLine[];
  /** Sum of the lines, USD per 1,000 orders (Cognito excluded: it is billed per user a month). */
  usdPer1000Orders: number;
  /** Cognito's share per 1,000 orders beyond the free MAUs, at `ordersPerMau` orders a user a month. */
  cognitoPer1000Orders: { essentials: number; lite: number; ordersPerMau: number };
}

const GB = 1024 ** 3;

export function costOf(used: UsageSnapshot, orders: number, options: { ordersPerMau: number }): CostEstimate {
  const n = (counter: string): number => used[counter] ?? 0;
  const per1000 = (usd: number): number => (usd / orders) * 1000;
  const line = (service: string, quantity: number, unit: string, price: number): CostLine => ({ service, quantity, unit, usdPer1000Orders: per1000(quantity * price) });
  const gbSeconds = n(Usage.lambdaMbMs) / 1024 / 1000;
  const lines = [
    line('AppSync queries and mutations', n(Usage.appsyncRequests), 'requests', PRICES.appsync.perRequest),
    line('AppSync real-time updates', n(Usage.appsyncRealtimeUnits), 'messages (5 KB units)', PRICES.appsync.perRealtimeMessage),
    line('AppSync real-time connection-minutes', n(Usage.appsyncConnectionMs) / 60_000, 'connection-minutes', PRICES.appsync.perConnectionMinute),
    line('DynamoDB writes', n(Usage.dynamodbWriteUnits), 'WRU', PRICES.dynamodb.perWriteUnit),
    line('DynamoDB reads', n(Usage.dynamodbReadUnits), 'RRU', PRICES.dynamodb.perReadUnit),
    line('Lambda requests', n(Usage.lambdaInvocations), 'invocations', PRICES.lambda.perInvocation),
    line('Lambda duration', gbSeconds, 'GB-seconds', PRICES.lambda.perGbSecond),
    line('EventBridge events', n(Usage.eventbridgeEvents), 'events (64 KB chunks)', PRICES.eventbridge.perEvent),
    line('EventBridge Pipes', n(Usage.pipesRequests), 'requests (64 KB chunks)', PRICES.eventbridge.perPipesRequest),
    line('SQS', n(Usage.sqsRequests), 'requests (64 KB chunks)', PRICES.sqs.perRequest),
    line('Firehose ingestion', n(Usage.firehoseBilledBytes) / GB, 'GB (5 KB a record)', PRICES.firehose.perGB),
  ];
  return {
    orders,
    lines,
    usdPer1000Orders: lines.reduce((sum, l) => sum + l.usdPer1000Orders, 0),
    cognitoPer1000Orders: {
      essentials: (PRICES.cognito.essentialsPerMau / options.ordersPerMau) * 1000,
      lite: (PRICES.cognito.litePerMau / options.ordersPerMau) * 1000,
      ordersPerMau: options.ordersPerMau,
    },
  };
}

/** The lines as a Markdown table, largest first. */
export function costTable(estimate: CostEstimate): string {
  const rows = [...estimate.lines]
    .sort((a, b) => b.usdPer1000Orders - a.usdPer1000Orders)
    .map((l) => `| ${l.service} | ${formatQuantity(l.quantity)} ${l.unit} | ${formatQuantity((l.quantity / estimate.orders) * 1000)} | $${l.usdPer1000Orders.toFixed(4)} |`);
  return [
    `| service | counted over ${estimate.orders} orders | per 1,000 orders | USD per 1,000 orders |`,
    '|---|---:|---:|---:|',
    ...rows,
    `| **total** (Cognito apart) | | | **$${estimate.usdPer1000Orders.toFixed(4)}** |`,
  ].join('\n');
}

function formatQuantity(value: number): string {
  if (value === 0) return '0';
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value < 10 ? value.toFixed(3) : value.toLocaleString('en-US', { maximumFractionDigits: 1 });
}
