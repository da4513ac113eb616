import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Amplify } from 'aws-amplify';
import { signIn, signOut } from 'aws-amplify/auth';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { untilReady } from '../../client/src/manager/charts/delivery';
import { request } from '../../client/src/shared/api';
import { AnalyticsSalesSeriesDocument } from '../../generated/client-operations';
import { installTrustingWebSocket } from '../../local/test/realtime/amplify-client';
import { categoryEvent, menuItemEvent, orderEvents, writeLake, type OrderStory } from '../../analytics/lake-events';
import { apiDefinition } from '../../infra/api';
import { functions } from '../../infra/api/functions';
import { userPoolMode } from '../../local/test/realtime/appsync-auth';
import { Subscriber } from '../../local/test/realtime/subscriber';
import { startTestApi, TEST_PASSWORD, type GraphqlBody, type TestApi } from '../../local/test/support/local-api';
import { signInEachRole, type StaffRole } from '../api/support/staff';

/**
 * A long analytics query delivered by subscription, on one machine as `npm start` runs it: the
 * analytics Lambda answers PENDING (ANALYTICS_WAIT_MS=0: it never waits), the DuckDB execution
 * goes on, and its end is an "Athena Query State Change" event on the local default bus, which the
 * analyticsExecutions rule sends through EventBridge's AppSync target (publishAnalyticsExecution,
 * IAM) to the manager's onAnalyticsExecution. The `analytics` function runs the production handler
 * built with one test seam (support/held-analytics-handler.ts): while the test's hold file exists a
 * query keeps running, so the test holds it until the manager has subscribed and no step races a
 * clock. Nothing in the production code knows about the file.
 */
vi.setConfig({ testTimeout: 90_000 });

const at = (text: string) => new Date(`${text}Z`);
const LATTE = { menuItemId: 'latte', name: 'Latte', unitPrice: 350 };
const stories: OrderStory[] = [
  { orderId: 'd1', customerId: 'john', lines: [{ ...LATTE, quantity: 2 }], placedAt: at('2026-05-04T09:00:00'), paidAt: at('2026-05-04T09:01:00'), readyAt: at('2026-05-04T09:04:00'), collectedAt: at('2026-05-04T09:05:00') },
  { orderId: 'd2', customerId: 'mary', lines: [{ ...LATTE, quantity: 1 }], placedAt: at('2026-05-04T11:00:00'), paidAt: at('2026-05-04T11:01:00') },
];

const SALES = `query($from: AWSDate!, $to: AWSDate!, $granularity: Granularity!, $executionId: ID) {
  salesSeries(from: $from, to: $to, granularity: $granularity, executionId: $executionId) {
    status executionId points { at orders revenue refunded }
  }
}`;
const ON_EXECUTION = 'subscription($executionId: ID!) { onAnalyticsExecution(executionId: $executionId) { executionId state } }';
const RANGE = { from: '2026-05-04', to: '2026-05-04', granularity: 'HOUR' };

interface Series {
  status: string;
  executionId: string | null;
  points: unknown[];
}

let api: TestApi;
let tokens: Record<StaffRole, string>;
let lakeDir: string;
let holdFile: string;
const feeds: Subscriber[] = [];

async function as(role: StaffRole, query: string, variables: Record<string, unknown> = {}): Promise<GraphqlBody> {
  const { status, body } = await api.graphql({ query, variables }, { authorization: tokens[role] });
  expect(status).toBe(200);
  return body;
}

async function salesSeries(variables: Record<string, unknown>): Promise<Series> {
  const body = await as('manager', SALES, variables);
  expect(body.errors).toBeUndefined();
  return (body.data as { salesSeries: Series }).salesSeries;
}

async function feedFor(role: StaffRole): Promise<Subscriber> {
  const feed = await Subscriber.connect(api.server.realtimeUrl, { ca: api.server.caPem, auth: userPoolMode(api.server.httpUrl, tokens[role]) });
  feeds.push(feed);
  return feed;
}

beforeAll(async () => {
  lakeDir = mkdtempSync(join(tmpdir(), 'analytics-delivery-lake-'));
  holdFile = join(lakeDir, 'hold');
  writeLake(lakeDir, [
    categoryEvent(at('2026-05-01T07:00:00'), { id: 'coffee', name: 'Coffee', version: 1 }),
    menuItemEvent(at('2026-05-01T07:00:00'), { id: 'latte', categoryId: 'coffee', name: 'Latte', price: 350, version: 1 }),
    ...stories.flatMap(orderEvents),
  ]);
  const analytics = { ...functions.analytics, handler: 'test/events/support/held-analytics-handler.ts' };
  api = await startTestApi(
    { ...apiDefinition, functions: { ...functions, analytics } },
    { events: true, lambdaEnvironment: { ANALYTICS_LAKE_DIR: lakeDir, ANALYTICS_WAIT_MS: '0', HELD_ANALYTICS_FILE: holdFile } },
  );
  ({ tokens } = await signInEachRole(api, 'analytics-delivery.test'));
}, 120_000);

afterEach(async () => {
  await Promise.all(feeds.splice(0).map((feed) => feed.close()));
});

afterAll(async () => {
  await api?.close();
  rmSync(lakeDir, { recursive: true, force: true });
});

describe('a long analytics query, delivered by subscription', () => {
  it('a manager gets PENDING, subscribes, hears that the execution ended, and asks again: READY with the figures', async () => {
    writeFileSync(holdFile, '');
    const pending = await salesSeries(RANGE);
    expect(pending).toMatchObject({ status: 'PENDING', points: [] });
    const executionId = String(pending.executionId);
    expect(executionId).toMatch(/^[0-9a-f-]{36}$/);

    const feed = await feedFor('manager');
    await feed.subscribe('mine', ON_EXECUTION, { executionId });
    // Another execution's subscriber: the executionId argument keeps this one's notice from it.
    await feed.subscribe('other', ON_EXECUTION, { executionId: '0f8fad5b-d9cb-469f-a165-70867728950e' });
    // Asked again while it still runs: the same execution, not a second one.
    expect(await salesSeries({ ...RANGE, executionId })).toMatchObject({ status: 'PENDING', executionId });

    rmSync(holdFile);
    const deadline = Date.now() + 60_000;
    while (feed.data('mine').length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(feed.data('mine')).toEqual([{ data: { onAnalyticsExecution: { executionId, state: 'SUCCEEDED' } } }]);

    const ready = await salesSeries({ ...RANGE, executionId });
    expect(ready).toEqual({
      status: 'READY',
      executionId: null,
      points: [
        { at: '2026-05-04T09:00:00.000Z', orders: 1, revenue: 700, refunded: 0 },
        { at: '2026-05-04T11:00:00.000Z', orders: 1, revenue: 350, refunded: 0 },
      ],
    });
    await api.events?.idle();
    expect(feed.data('other')).toEqual([]);
  });

  it("the manager page's own delivery (charts/delivery.ts on aws-amplify v6) subscribes on PENDING and draws from the notice", async () => {
    const restoreWebSocket = installTrustingWebSocket(api.server.caPem);
    const { userPoolId, clientId } = api.booted.state.pool;
    Amplify.configure({
      Auth: { Cognito: { userPoolId, userPoolClientId: clientId, userPoolEndpoint: inject('cognitoEndpoint') } },
      API: { GraphQL: { endpoint: api.server.httpUrl, region: 'local', defaultAuthMode: 'userPool' } },
    });
    await signIn({ username: 'manager@analytics-delivery.test', password: TEST_PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
    try {
      writeFileSync(holdFile, '');
      const range = { from: '2026-05-04', to: '2026-05-04', granularity: 'DAY' as const };
      const asked: (string | undefined)[] = [];
      const answer = await untilReady(
        async (executionId) => {
          const { salesSeries } = await request(AnalyticsSalesSeriesDocument, { ...range, executionId });
          asked.push(executionId);
          // Released only after the ask that follows the subscription's acknowledgement: what
          // comes next can only come from the notice (the backstop below never fires).
          if (asked.length === 2) rmSync(holdFile);
          return salesSeries;
        },
        { wait: () => new Promise<void>(() => {}) },
      );
      expect(answer).toMatchObject({ status: 'READY', points: [{ at: '2026-05-04T00:00:00.000Z', orders: 2, revenue: 1050, refunded: 0 }] });
      expect(asked).toHaveLength(3);
      expect(asked[0]).toBeUndefined();
      expect(asked[1]).toMatch(/^[0-9a-f-]{36}$/);
      expect(asked[2]).toBe(asked[1]);
    } finally {
      rmSync(holdFile, { force: true });
      await signOut().catch(() => undefined);
      restoreWebSocket();
    }
  });

  it('refuses the subscription to a customer and a barista with Unauthorized', async () => {
    for (const role of ['customer', 'barista'] as const) {
      const feed = await feedFor(role);
      const answer = await feed.start('refused', ON_EXECUTION, { executionId: '0f8fad5b-d9cb-469f-a165-70867728950e' });
      expect(answer['type'], role).toBe('error');
      expect(JSON.stringify(answer['payload']), role).toContain('Unauthorized');
    }
  });

  it('refuses publishAnalyticsExecution to a signed-in manager: only the rule (IAM) may publish', async () => {
    const body = await as('manager', 'mutation { publishAnalyticsExecution(executionId: "0f8fad5b-d9cb-469f-a165-70867728950e", state: SUCCEEDED) { executionId } }');
    expect(body.errors?.[0]?.errorType).toBe('Unauthorized');
  });
});
