import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { expect, inject } from 'vitest';
import type { OrderLineInput, PlaceOrderInput } from '../../../generated/graphql';
import { iamGraphqlClient } from '../../../lambdas/expiry-sweeper/iam-graphql';
import type { TestApi } from '../../../local/test/support/local-api';
import { asUser, dataAs, ordersTableItems, tokenize, type PaymentsWorld } from './payment-steps';

/**
 * Steps the order tests share, on top of payment-steps (the API booted with the payment sandbox,
 * users, the seed menu and an open store): placing orders with any lines, paying them through
 * the real payOrder, moving them as staff, and reading the orders table back.
 */

/** Every Order field a client can select, nested ones included. */
export const FULL_ORDER = `id orderNumber businessDate customerId pickupName pickupSlot notes itemCount total currency
  status statusReason version createdAt updatedAt paidAt readyAt collectedAt
  lines { menuItemId name size milk quantity unitPrice lineTotal extras { id name quantity unitPrice } }
  payment { chargeId amount refunded refundId }
  queuePosition estimatedReadyAt
  events { status at by role reason }`;

export const PLACE_ORDER = `mutation Place($input: PlaceOrderInput!) { placeOrder(input: $input) { ${FULL_ORDER} } }`;
export const PAY_ORDER = `mutation Pay($input: PayOrderInput!) { payOrder(input: $input) { ${FULL_ORDER} } }`;
export const CANCEL_ORDER = `mutation Cancel($input: CancelOrderInput!) { cancelOrder(input: $input) { ${FULL_ORDER} } }`;
export const START_PREPARING = `mutation Start($orderId: ID!) { startPreparing(orderId: $orderId) { ${FULL_ORDER} } }`;
export const MARK_READY = `mutation Ready($orderId: ID!) { markReady(orderId: $orderId) { ${FULL_ORDER} } }`;
export const MARK_COLLECTED = `mutation Collected($orderId: ID!) { markCollected(orderId: $orderId) { ${FULL_ORDER} } }`;
export const EXPIRE_ORDER = `mutation Expire($orderId: ID!) { expireOrder(orderId: $orderId) { ${FULL_ORDER} } }`;
export const ORDER = `query Order($id: ID!) { order(id: $id) { ${FULL_ORDER} } }`;
export const MY_ORDERS = `query Mine($limit: Int, $nextToken: String) { myOrders(limit: $limit, nextToken: $nextToken) { items { id orderNumber createdAt customerId } nextToken } }`;
export const LIVE_QUEUE = `query Queue($status: OrderStatus!, $limit: Int, $nextToken: String) {
  liveQueue(status: $status, limit: $limit, nextToken: $nextToken) { items { id status queuePosition estimatedReadyAt } nextToken } }`;
export const CHANGES_SINCE = `query Changes($cursor: String, $limit: Int) { orderChangesSince(cursor: $cursor, limit: $limit) { items { id status version } cursor } }`;
export const STORE = 'query { store { open capacity customerOrderLimit queueLength collectionWindowMinutes prepMinutesPerOrder } }';
export const UPDATE_STORE = `mutation Settings($input: UpdateStoreSettingsInput!) { updateStoreSettings(input: $input) {
  open capacity customerOrderLimit queueLength collectionWindowMinutes prepMinutesPerOrder } }`;

export interface OrderEventView {
  status: string;
  at: string;
  by: string;
  role: string;
  reason: string | null;
}

export interface FullOrder {
  id: string;
  orderNumber: number | null;
  businessDate: string;
  customerId: string;
  pickupName: string;
  pickupSlot: string | null;
  notes: string | null;
  itemCount: number;
  total: number;
  currency: string;
  status: string;
  statusReason: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  paidAt: string | null;
  readyAt: string | null;
  collectedAt: string | null;
  lines: Array<{
    menuItemId: string;
    name: string;
    size: string;
    milk: string | null;
    quantity: number;
    unitPrice: number;
    lineTotal: number;
    extras: Array<{ id: string; name: string; quantity: number; unitPrice: number }>;
  }>;
  payment: { chargeId: string; amount: number; refunded: boolean; refundId: string | null } | null;
  queuePosition: number | null;
  estimatedReadyAt: string | null;
  events: OrderEventView[];
}

export interface StoreView {
  open: boolean;
  capacity: number;
  customerOrderLimit: number;
  queueLength: number;
  collectionWindowMinutes: number;
  prepMinutesPerOrder: number;
}

/** The ids of the seed menu's drinks, by name. */
export async function menuIds(api: TestApi, token: string): Promise<Record<string, string>> {
  const { menu } = await dataAs<{ menu: { categories: Array<{ items: Array<{ id: string; name: string }> }> } }>(
    api,
    token,
    'query { menu { categories { items { id name } } } }',
  );
  return Object.fromEntries(menu.categories.flatMap((category) => category.items).map((item) => [item.name, item.id]));
}

let keys = 0;

/** A fresh idempotency key. */
export function newKey(): string {
  keys += 1;
  return `key-${keys}-${Date.now().toString(36)}`;
}

/** An order input of these lines, with a fresh idempotency key. */
export function orderOf(lines: OrderLineInput[], extra: Partial<PlaceOrderInput> = {}): PlaceOrderInput {
  return { idempotencyKey: newKey(), pickupName: 'John', lines, ...extra };
}

export async function placeOrder(api: TestApi, token: string, input: PlaceOrderInput): Promise<FullOrder> {
  return (await dataAs<{ placeOrder: FullOrder }>(api, token, PLACE_ORDER, { input })).placeOrder;
}

/** Pays through the real payOrder with the sandbox's always-succeeding card. */
export async function payOrder(world: PaymentsWorld, token: string, orderId: string): Promise<FullOrder> {
  const cardToken = await tokenize(world.sandbox, '4242424242424242');
  return (await dataAs<{ payOrder: FullOrder }>(world.api, token, PAY_ORDER, { input: { orderId, cardToken, idempotencyKey: newKey() } })).payOrder;
}

/** Runs a mutation or query taking `orderId` and returns the order. */
export async function orderAction(api: TestApi, token: string, document: string, orderId: string): Promise<FullOrder> {
  const data = await dataAs<Record<string, FullOrder>>(api, token, document, { orderId });
  const order = Object.values(data)[0];
  if (!order) throw new Error('no order in the answer');
  return order;
}

/** The error of an operation that must fail: its type and errorInfo. */
export async function rejection(
  api: TestApi,
  token: string,
  document: string,
  variables: Record<string, unknown>,
): Promise<{ errorType: string | null | undefined; errorInfo: unknown; data: unknown }> {
  const body = await asUser(api, token, document, variables);
  expect(body.errors, `expected an error, got ${JSON.stringify(body.data)}`).toBeDefined();
  const error = body.errors?.[0];
  return { errorType: error?.errorType, errorInfo: error?.['errorInfo'], data: body.data };
}

export async function readStore(api: TestApi, token: string): Promise<StoreView> {
  return (await dataAs<{ store: StoreView }>(api, token, STORE)).store;
}

export async function updateStore(api: TestApi, managerToken: string, input: Partial<Omit<StoreView, 'open' | 'queueLength'>>): Promise<StoreView> {
  return (await dataAs<{ updateStoreSettings: StoreView }>(api, managerToken, UPDATE_STORE, { input })).updateStoreSettings;
}

/** The orders table as a set of rows keyed by pk|sk: what a rejected request must leave untouched. */
export async function tableSnapshot(api: TestApi): Promise<Record<string, Record<string, unknown>>> {
  const rows = await ordersTableItems(api);
  return Object.fromEntries(rows.map((row) => [`${String(row['pk'])}|${String(row['sk'])}`, row]));
}

/** One row of the orders table by its key, or undefined. */
export async function tableRow(api: TestApi, pk: string, sk: string): Promise<Record<string, unknown> | undefined> {
  return (await tableSnapshot(api))[`${pk}|${sk}`];
}

/** Rewrites attributes of one order row directly (tests only: it stands in for the clock). */
async function rewriteOrderRow(api: TestApi, orderId: string, update: string, values: Record<string, unknown>, condition: { expression: string; names?: Record<string, string> }): Promise<void> {
  const client = new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    await client.send(
      new UpdateItemCommand({
        TableName: api.booted.tableNames['orders'],
        Key: marshall({ pk: `ORDER#${orderId}`, sk: 'ORDER' }),
        UpdateExpression: update,
        ConditionExpression: condition.expression,
        ...(condition.names ? { ExpressionAttributeNames: condition.names } : {}),
        ExpressionAttributeValues: marshall(values),
      }),
    );
  } finally {
    client.destroy();
  }
}

/**
 * Stands in for the passage of time: moves a READY order's readyAt (and its byStatus sort key,
 * which starts with it) back by `minutes`, as if it had been waiting at the counter that long.
 */
export async function backdateReady(api: TestApi, orderId: string, minutes: number): Promise<void> {
  const readyAt = new Date(Date.now() - minutes * 60_000).toISOString();
  await rewriteOrderRow(api, orderId, 'SET readyAt = :at, statusAt = :at, gsi2sk = :sk', { ':at': readyAt, ':sk': `${readyAt}#${orderId}`, ':ready': 'READY' }, {
    expression: '#status = :ready',
    names: { '#status': 'status' },
  });
}

/**
 * The same for an unpaid order: moves its payment deadline (payBy, and its byDue sort key) to
 * `minutes` before now, as if it had been left unpaid that long.
 */
export async function backdatePayBy(api: TestApi, orderId: string, minutes: number): Promise<void> {
  const payBy = new Date(Date.now() - minutes * 60_000).toISOString();
  await rewriteOrderRow(api, orderId, 'SET payBy = :at, gsi4pk = :due, gsi4sk = :sk', { ':at': payBy, ':due': 'DUE', ':sk': `${payBy}#${orderId}` }, { expression: 'attribute_exists(pk)' });
}

/** The back office's IAM client of the API (the expiry sweeper's identity). */
export function backOffice(api: TestApi) {
  return iamGraphqlClient({ graphqlUrl: api.server.httpUrl, region: 'local', credentials: api.booted.state.iam });
}
