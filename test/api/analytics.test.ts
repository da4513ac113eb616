import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryEvent, menuItemEvent, orderEvents, writeLake, type OrderStory } from '../../analytics/lake-events';
import { apiDefinition } from '../../infra/api';
import { startTestApi, type GraphqlBody, type TestApi } from '../../local/test/support/local-api';
import { signInEachRole, type StaffRole } from './support/staff';

/**
 * The analytics fields through the API, as a manager's charts will call them: the local world's
 * analytics Lambda runs the named queries on DuckDB over a lake folder in the delivery stream's
 * layout (ANALYTICS_LAKE_DIR). Managers only; bad arguments are typed errors; answers are cached.
 */
const at = (text: string) => new Date(`${text}Z`);
// Each line carries its category as placeOrder stores it; categorySales reads it from there.
const LATTE = { menuItemId: 'latte', name: 'Latte', categoryId: 'coffee', categoryName: 'Coffee', unitPrice: 350 };
const SCONE = { menuItemId: 'scone', name: 'Scone', categoryId: 'bakery', categoryName: 'Bakery', unitPrice: 275 };

// Monday 6 April 2026: John pays twice, Mary once and cancels once with a refund.
const stories: OrderStory[] = [
  { orderId: 'o1', customerId: 'john', lines: [{ ...LATTE, quantity: 1 }], placedAt: at('2026-04-06T08:00:00'), paidAt: at('2026-04-06T08:01:00'), readyAt: at('2026-04-06T08:04:00'), collectedAt: at('2026-04-06T08:05:00') },
  { orderId: 'o2', customerId: 'john', lines: [{ ...LATTE, quantity: 2 }, { ...SCONE, quantity: 1 }], placedAt: at('2026-04-06T12:00:00'), paidAt: at('2026-04-06T12:01:00'), readyAt: at('2026-04-06T12:06:00'), collectedAt: at('2026-04-06T12:08:00') },
  { orderId: 'o3', customerId: 'mary', lines: [{ ...SCONE, quantity: 2 }], placedAt: at('2026-04-06T12:30:00'), paidAt: at('2026-04-06T12:31:00'), readyAt: at('2026-04-06T12:35:00'), collectedAt: at('2026-04-06T12:50:00') },
  { orderId: 'o4', customerId: 'mary', lines: [{ ...LATTE, quantity: 1 }], placedAt: at('2026-04-06T13:00:00'), paidAt: at('2026-04-06T13:01:00'), cancelledAt: at('2026-04-06T13:02:00'), refunded: true },
];

let api: TestApi;
let tokens: Record<StaffRole, string>;
let lakeDir: string;

async function as(role: StaffRole, query: string, variables: Record<string, unknown> = {}): Promise<GraphqlBody> {
  const { status, body } = await api.graphql({ query, variables }, { authorization: tokens[role] });
  expect(status).toBe(200);
  return body;
}

async function managerData<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const body = await as('manager', query, variables);
  expect(body.errors).toBeUndefined();
  return body.data as T;
}

const RANGE = { from: '2026-04-06', to: '2026-04-06' };
const SALES = `query($from: AWSDate!, $to: AWSDate!, $granularity: Granularity!, $executionId: ID) {
  salesSeries(from: $from, to: $to, granularity: $granularity, executionId: $executionId) {
    status executionId computedAt from to granularity points { at orders revenue refunded }
  }
}`;

beforeAll(async () => {
  lakeDir = mkdtempSync(join(tmpdir(), 'analytics-api-lake-'));
  writeLake(lakeDir, [
    categoryEvent(at('2026-04-01T07:00:00'), { id: 'coffee', name: 'Coffee', version: 1 }),
    categoryEvent(at('2026-04-01T07:00:00'), { id: 'bakery', name: 'Bakery', version: 1 }),
    menuItemEvent(at('2026-04-01T07:00:00'), { id: 'latte', categoryId: 'coffee', name: 'Latte', price: 350, version: 1 }),
    menuItemEvent(at('2026-04-01T07:00:00'), { id: 'scone', categoryId: 'bakery', name: 'Scone', price: 275, version: 1 }),
    ...stories.flatMap(orderEvents),
  ]);
  api = await startTestApi(apiDefinition, { lambdaEnvironment: { ANALYTICS_LAKE_DIR: lakeDir } });
  ({ tokens } = await signInEachRole(api, 'analytics.test'));
}, 120_000);

afterAll(async () => {
  await api?.close();
  rmSync(lakeDir, { recursive: true, force: true });
});

describe('analytics through the API, as a manager', () => {
  it('salesSeries answers typed points per hour, READY, for the range asked', async () => {
    const { salesSeries } = await managerData<{ salesSeries: Record<string, unknown> }>(SALES, { ...RANGE, granularity: 'HOUR' });
    expect(salesSeries).toMatchObject({ status: 'READY', executionId: null, from: '2026-04-06', to: '2026-04-06', granularity: 'HOUR' });
    expect(Date.parse(String(salesSeries.computedAt))).not.toBeNaN();
    expect(salesSeries.points).toEqual([
      { at: '2026-04-06T08:00:00.000Z', orders: 1, revenue: 350, refunded: 0 },
      { at: '2026-04-06T12:00:00.000Z', orders: 2, revenue: 1525, refunded: 0 },
      { at: '2026-04-06T13:00:00.000Z', orders: 1, revenue: 350, refunded: 350 },
    ]);
  });

  it('item and category sales, net of the refunded order', async () => {
    const data = await managerData<{ itemSales: { items: unknown[] }; categorySales: { categories: unknown[] } }>(
      `query($from: AWSDate!, $to: AWSDate!) {
        itemSales(from: $from, to: $to) { status items { menuItemId name quantity revenue } }
        categorySales(from: $from, to: $to) { status categories { categoryId name quantity revenue } }
      }`,
      RANGE,
    );
    expect(data.itemSales.items).toEqual([
      { menuItemId: 'latte', name: 'Latte', quantity: 3, revenue: 1050 },
      { menuItemId: 'scone', name: 'Scone', quantity: 3, revenue: 825 },
    ]);
    expect(data.categorySales.categories).toEqual([
      { categoryId: 'bakery', name: 'Bakery', quantity: 3, revenue: 825 },
      { categoryId: 'coffee', name: 'Coffee', quantity: 3, revenue: 1050 },
    ]);
  });

  it('prep times, funnel, repeat customers, the week-by-hour cells and the queue, each typed', async () => {
    const data = await managerData<Record<string, Record<string, unknown>>>(
      `query($from: AWSDate!, $to: AWSDate!) {
        prepTimesByHour(from: $from, to: $to) { hours { hourOfDay orders prep { p50 p90 } wait { p50 p90 } } }
        prepTimesByItem(from: $from, to: $to) { items { menuItemId orders prep { p50 } } }
        orderFunnel(from: $from, to: $to) { status counts { placed paid collected paymentFailures cancelled expired refunded } }
        repeatCustomers(from: $from, to: $to) { customers repeatCustomers ordersFromRepeatCustomers buckets { ordersPerCustomer customers orders } }
        busiestHours(from: $from, to: $to) { cells { isoDayOfWeek hourOfDay orders averagePerDay } }
        queueLength(from: $from, to: $to) { points { at maxLength endLength } }
      }`,
      RANGE,
    );
    expect(data.prepTimesByHour?.hours).toEqual([
      { hourOfDay: 8, orders: 1, prep: { p50: 180, p90: 180 }, wait: { p50: 60, p90: 60 } },
      { hourOfDay: 12, orders: 2, prep: { p50: 240, p90: 300 }, wait: { p50: 120, p90: 900 } },
    ]);
    expect(data.prepTimesByItem?.items).toEqual([
      { menuItemId: 'latte', orders: 2, prep: { p50: 180 } },
      { menuItemId: 'scone', orders: 2, prep: { p50: 240 } },
    ]);
    expect(data.orderFunnel).toEqual({ status: 'READY', counts: { placed: 4, paid: 4, collected: 3, paymentFailures: 0, cancelled: 1, expired: 0, refunded: 1 } });
    expect(data.repeatCustomers).toEqual({
      customers: 2,
      repeatCustomers: 2,
      ordersFromRepeatCustomers: 4,
      buckets: [{ ordersPerCustomer: 2, customers: 2, orders: 4 }],
    });
    expect(data.busiestHours?.cells).toEqual([
      { isoDayOfWeek: 1, hourOfDay: 8, orders: 1, averagePerDay: 1 },
      { isoDayOfWeek: 1, hourOfDay: 12, orders: 2, averagePerDay: 2 },
      { isoDayOfWeek: 1, hourOfDay: 13, orders: 1, averagePerDay: 1 },
    ]);
    // o1 08:01-08:05, o2 12:01-12:08, o3 12:31-12:50, o4 13:01-13:02; quiet quarters carry the length over.
    const points = data.queueLength?.points as { at: string; maxLength: number; endLength: number }[];
    expect(points[0]).toEqual({ at: '2026-04-06T08:00:00.000Z', maxLength: 1, endLength: 0 });
    expect(points.find((p) => p.at === '2026-04-06T10:00:00.000Z')).toEqual({ at: '2026-04-06T10:00:00.000Z', maxLength: 0, endLength: 0 });
    expect(points.find((p) => p.at === '2026-04-06T12:30:00.000Z')).toEqual({ at: '2026-04-06T12:30:00.000Z', maxLength: 1, endLength: 1 });
    expect(points.at(-1)).toEqual({ at: '2026-04-06T13:00:00.000Z', maxLength: 1, endLength: 0 });
    expect(points).toHaveLength(21);
  });

  it('answers the same query and values from its cache, while other values are another key that sees events delivered since', async () => {
    const first = await managerData<{ salesSeries: { computedAt: string; points: unknown[] } }>(SALES, { ...RANGE, granularity: 'DAY' });
    writeLake(lakeDir, orderEvents({ orderId: 'o5', customerId: 'ann', lines: [{ ...LATTE, quantity: 1 }], placedAt: at('2026-04-06T15:00:00'), paidAt: at('2026-04-06T15:01:00') }));
    const again = await managerData<{ salesSeries: { computedAt: string; points: unknown[] } }>(SALES, { ...RANGE, granularity: 'DAY' });
    expect(again.salesSeries).toEqual(first.salesSeries);
    // Other values are another key: that answer sees the new order.
    const wider = await managerData<{ salesSeries: { points: { orders: number }[] } }>(SALES, { from: '2026-04-05', to: '2026-04-06', granularity: 'DAY' });
    expect(wider.salesSeries.points.map((p) => p.orders)).toEqual([5]);
  });
});

describe('analytics refusals', () => {
  it.each(['customer', 'barista'] as const)('refuses the %s with Unauthorized', async (role) => {
    const body = await as(role, SALES, { ...RANGE, granularity: 'DAY' });
    expect(body.data?.salesSeries ?? null).toBeNull();
    expect(body.errors?.[0]?.errorType).toBe('Unauthorized');
  });

  it('refuses an inverted or too long range, and an execution id it never gave out, with typed errors', async () => {
    const inverted = await as('manager', SALES, { from: '2026-04-07', to: '2026-04-06', granularity: 'DAY' });
    expect(inverted.errors?.[0]).toMatchObject({ errorType: 'BAD_ANALYTICS_ARGUMENT', message: 'from 2026-04-07 is after to 2026-04-06.' });
    const queue = await as('manager', 'query { queueLength(from: "2026-01-01", to: "2026-04-06") { status } }');
    expect(queue.errors?.[0]).toMatchObject({ errorType: 'BAD_ANALYTICS_ARGUMENT', message: 'queueLength covers at most 31 days.' });
    const notOurs = await as('manager', SALES, { ...RANGE, granularity: 'HOUR', executionId: "x' OR 1=1" });
    expect(notOurs.errors?.[0]?.errorType).toBe('BAD_ANALYTICS_ARGUMENT');
    const unknown = await as('manager', SALES, { from: '2026-04-01', to: '2026-04-02', granularity: 'HOUR', executionId: '0f8fad5b-d9cb-469f-a165-70867728950e' });
    expect(unknown.errors?.[0]?.errorType).toBe('UNKNOWN_EXECUTION');
  });

  it('refuses a granularity outside the enum before the resolver runs', async () => {
    const body = await as('manager', SALES, { ...RANGE, granularity: 'MINUTE' });
    expect(body.errors?.[0]?.message).toMatch(/MINUTE/);
    expect(body.data ?? null).toBeNull();
  });
});
