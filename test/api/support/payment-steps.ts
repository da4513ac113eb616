import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { expect, inject } from 'vitest';
import { apiDefinition } from '../../../infra/api';
import type { ApiDefinition } from '../../../local/src/project/definitions';
import { startTestApi, type GraphqlBody, type TestApi } from '../../../local/test/support/local-api';
import { startPaymentSandbox, type RunningPaymentSandbox } from '../../../payment-sandbox';
import { authContextFor } from '../../../scripts/seed/manager';
import { seedMenuAs } from '../../../scripts/seed/menu';
import { ensureStore } from '../../../scripts/seed/store';

/**
 * The coffee API booted as `npm start` boots it, with the payment sandbox on a free port as its
 * gateway, and the steps the payment tests share: seeding, signing in, ordering, tokenizing a
 * card at the sandbox (as a browser does: the API never sees the number), reading the sandbox's
 * charges and the orders table itself.
 */
export interface PaymentsWorld {
  api: TestApi;
  sandbox: RunningPaymentSandbox;
  close(): Promise<void>;
}

/** `lambdaEnvironment` adds to the sandbox's variables (ANALYTICS_LAKE_DIR for the analytics Lambda, say). */
export async function startPaymentsWorld(options: { definition?: ApiDefinition; events?: boolean; lambdaEnvironment?: Record<string, string> } = {}): Promise<PaymentsWorld> {
  const dataDir = mkdtempSync(join(tmpdir(), 'brewline-payments-'));
  // 'loopback': the browser tests serve the web apps from a runtime on a port picked later.
  const sandbox = await startPaymentSandbox({ port: 0, dataDir, browserOrigins: 'loopback' });
  const api = await startTestApi(options.definition ?? apiDefinition, { lambdaEnvironment: { ...sandboxEnvironment(sandbox), ...options.lambdaEnvironment }, ...(options.events && { events: true }) });
  return {
    api,
    sandbox,
    async close() {
      await api.close();
      await sandbox.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** What the payments Lambda needs to reach a sandbox: its URL and its secret key. */
export function sandboxEnvironment(sandbox: Pick<RunningPaymentSandbox, 'url' | 'secretKey'>, url = sandbox.url): Record<string, string> {
  return { PAYMENT_GATEWAY: 'sandbox', PAYMENT_SANDBOX_URL: url, PAYMENT_SANDBOX_SECRET_KEY: sandbox.secretKey };
}

/**
 * What the steps need of an API, however it is served: booted from the project as `npm start`
 * does (startTestApi), or from the synthesized template through `appsync-local serve`.
 */
export type ApiClient = Pick<TestApi, 'runtime' | 'graphql' | 'createUser' | 'signIn'>;

let users = 0;

/** A new user in `groups`, signed in; the email is unique to this run. */
export async function signedInUser(api: Pick<ApiClient, 'createUser' | 'signIn'>, name: string, groups: string[]): Promise<{ email: string; sub: string; token: string }> {
  users += 1;
  const email = `${name.toLowerCase()}-${users}-${Date.now().toString(36)}@brewline.test`;
  const { sub } = await api.createUser(email, groups);
  const { accessToken } = await api.signIn(email);
  return { email, sub, token: accessToken };
}

/** The seed menu and an open store, put there through the API by a manager, as `npm start` does. */
export async function seedMenuAndStore(api: ApiClient): Promise<void> {
  const manager = await signedInUser(api, 'manager', ['Managers']);
  const auth = await authContextFor(api.runtime, manager.token);
  await seedMenuAs(api.runtime, auth);
  await ensureStore(api.runtime, auth);
}

/** POSTs an operation with a user's token and returns the body, whatever it holds. */
export async function asUser(api: Pick<ApiClient, 'graphql'>, token: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphqlBody> {
  const { body } = await api.graphql({ query, variables }, { authorization: token });
  return body;
}

/** The data of an operation that must succeed. */
export async function dataAs<T>(api: Pick<ApiClient, 'graphql'>, token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const body = await asUser(api, token, query, variables);
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data as T;
}

/** The errorType of an operation that must fail. */
export async function errorTypeOf(api: Pick<ApiClient, 'graphql'>, token: string, query: string, variables: Record<string, unknown> = {}): Promise<string | null | undefined> {
  const body = await asUser(api, token, query, variables);
  expect(body.errors, `expected an error, got ${JSON.stringify(body.data)}`).toBeDefined();
  return body.errors?.[0]?.errorType;
}

export const ORDER_FIELDS = `id orderNumber status statusReason version total currency customerId pickupName paidAt
  lines { menuItemId name size milk quantity unitPrice lineTotal extras { id quantity } }
  payment { chargeId amount currency cardBrand cardLast4 refunded refundId }`;

export const PAY_ORDER = `mutation($input: PayOrderInput!) { payOrder(input: $input) { ${ORDER_FIELDS} } }`;
export const CANCEL_ORDER = `mutation($input: CancelOrderInput!) { cancelOrder(input: $input) { ${ORDER_FIELDS} } }`;
export const ORDER = `query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`;

export interface OrderView {
  id: string;
  orderNumber: number | null;
  status: string;
  statusReason: string | null;
  version: number;
  total: number;
  currency: string;
  customerId: string;
  pickupName: string;
  paidAt: string | null;
  lines: Array<{ menuItemId: string; name: string; size: string; milk: string | null; quantity: number; unitPrice: number; lineTotal: number }>;
  payment: { chargeId: string; amount: number; currency: string; cardBrand: string | null; cardLast4: string | null; refunded: boolean; refundId: string | null } | null;
}

/** A menu item's id by name, from the menu as any signed-in user browses it. */
export async function menuItemId(api: Pick<ApiClient, 'graphql'>, token: string, name: string): Promise<string> {
  const { menu } = await dataAs<{ menu: { categories: Array<{ items: Array<{ id: string; name: string }> }> } }>(
    api,
    token,
    'query { menu { categories { items { id name } } } }',
  );
  const item = menu.categories.flatMap((category) => category.items).find((candidate) => candidate.name === name);
  if (!item) throw new Error(`the menu has no ${name}`);
  return item.id;
}

let orders = 0;

/** Places an order of `quantity` flat whites with oat milk; returns it as placed (PENDING_PAYMENT). */
export async function placeFlatWhites(api: Pick<ApiClient, 'graphql'>, token: string, quantity = 1, pickupName = 'Test'): Promise<OrderView> {
  orders += 1;
  const { placeOrder } = await dataAs<{ placeOrder: OrderView }>(
    api,
    token,
    `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { ${ORDER_FIELDS} } }`,
    {
      input: {
        idempotencyKey: `place-${orders}-${Date.now().toString(36)}`,
        pickupName,
        lines: [{ menuItemId: await menuItemId(api, token, 'Flat white'), size: 'REGULAR', milk: 'OAT', quantity }],
      },
    },
  );
  return placeOrder;
}

export const cardExpiry = (): string => `12/${String(new Date().getUTCFullYear() + 2).slice(-2)}`;

/** Tokenizes a card at the sandbox as the browser does, and returns the tok_ id. */
export async function tokenize(sandbox: RunningPaymentSandbox, number: string, cvc = '123'): Promise<string> {
  const response = await fetch(`${sandbox.url}/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'https://brewline.test' },
    body: JSON.stringify({ card: { number, expiry: cardExpiry(), cvc } }),
  });
  const body = (await response.json()) as { id?: string; error?: unknown };
  if (!body.id) throw new Error(`tokenization failed: ${JSON.stringify(body.error)}`);
  return body.id;
}

export interface SandboxCharge {
  id: string;
  amount: number;
  status: 'succeeded' | 'failed';
  refunded: boolean;
  amount_refunded: number;
  refunds: string[];
  metadata: { orderId?: string };
}

/** Every charge the sandbox made for an order, failed ones included (the newest 100 charges). */
export async function chargesFor(sandbox: RunningPaymentSandbox, orderId: string): Promise<SandboxCharge[]> {
  const response = await fetch(`${sandbox.url}/v1/charges?limit=100`, { headers: { authorization: `Bearer ${sandbox.secretKey}` } });
  const list = (await response.json()) as { data: SandboxCharge[] };
  return list.data.filter((charge) => charge.metadata.orderId === orderId);
}

/** Every item of the API's orders table (a test may Scan; the API never does). */
export async function ordersTableItems(api: TestApi): Promise<Array<Record<string, unknown>>> {
  const tableName = api.booted.tableNames.orders;
  if (!tableName) throw new Error('the API has no orders table');
  return tableItems(tableName);
}

/** Every item of a table, by its physical name. */
export async function tableItems(tableName: string): Promise<Array<Record<string, unknown>>> {
  const client = new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const items: Array<Record<string, unknown>> = [];
  try {
    for await (const page of paginateScan({ client }, { TableName: tableName, ConsistentRead: true })) {
      items.push(...(page.Items ?? []).map((item) => unmarshall(item)));
    }
  } finally {
    client.destroy();
  }
  return items;
}
