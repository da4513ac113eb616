import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { tables } from '../../infra/api/tables';
import { AppSyncJsEngine, type ResolverInput } from '../../local/src/appsync-js/engine';
import type { ResolverConfig } from '../../local/src/config';
import { createDynamoDbDataSource, type DynamoDbDataSource } from '../../local/src/datasources/dynamodb';
import { bundleResolvers } from '../../local/src/project/bundle';
import { toCreateTableInput } from '../../local/src/project/tables';
import type { SalesOrder } from './sales';

/**
 * The SALES updates as the payment and cancellation transactions send them: the helpers run in
 * the APPSYNC_JS sandbox, their UpdateItem goes to a real orders table in DynamoDB Local, and the
 * report is read back from what DynamoDB stored.
 */
const SALES_RESOLVER = (salesModule: string) => `
import { util } from '@aws-appsync/utils';
import { salesKey, salesUpdateOnCancelled, salesUpdateOnPaid, toSalesReport } from ${JSON.stringify(salesModule)};
export function request(ctx) {
  const { order, cancelled, refunded } = ctx.args;
  const update = cancelled ? salesUpdateOnCancelled(order, refunded) : salesUpdateOnPaid(order);
  return { operation: 'UpdateItem', key: util.dynamodb.toMapValues(salesKey(order.businessDate)), update };
}
export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return toSalesReport(ctx.result, ctx.args.order.businessDate, 'EUR');
}
`;

let dir = '';
let client: DynamoDBClient;
let table = '';
let dataSource: DynamoDbDataSource;
let resolver: ResolverConfig;
const engine = new AppSyncJsEngine();

/** Records one order event and answers the day's report as it stands after it. */
async function record(args: { order: SalesOrder; cancelled?: boolean; refunded?: number | null }): Promise<unknown> {
  const input: ResolverInput = {
    arguments: args,
    identity: null,
    source: null,
    request: { headers: {}, domainName: null },
    info: { fieldName: 'sales', parentTypeName: 'Query', variables: {}, selectionSetList: [], selectionSetGraphQL: '' },
  };
  const outcome = await engine.runResolver(resolver, input, (_name, request) => dataSource.invoke(request));
  expect(outcome.error).toBeNull();
  return outcome.value;
}

function order(businessDate: string, lines: SalesOrder['lines']): SalesOrder {
  return { businessDate, currency: 'EUR', total: lines.reduce((sum, line) => sum + line.lineTotal, 0), lines };
}

const flatWhites = { menuItemId: 'flat', name: 'Flat white', quantity: 2, lineTotal: 860 };
const largeFlatWhite = { menuItemId: 'flat', name: 'Flat white', quantity: 1, lineTotal: 480 };
const latte = { menuItemId: 'latte', name: 'Latte', quantity: 1, lineTotal: 390 };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sales-resolver-'));
  const file = join(dir, 'Query.sales.[orders].ts');
  writeFileSync(file, SALES_RESOLVER(fileURLToPath(new URL('./sales.ts', import.meta.url))));
  const bundles = await bundleResolvers([{ kind: 'UNIT', typeName: 'Query', fieldName: 'sales', dataSource: 'orders', file }], { rootDir: dir });
  const code = bundles.get(file);
  if (!code) throw new Error('the sales resolver did not bundle');
  resolver = { kind: 'UNIT', typeName: 'Query', fieldName: 'sales', dataSource: 'orders', code };
  const endpoint = inject('dynamoEndpoint');
  client = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  table = `sales-${randomUUID()}`;
  await client.send(new CreateTableCommand(toCreateTableInput(tables.orders, table)));
  dataSource = createDynamoDbDataSource({ type: 'AMAZON_DYNAMODB', name: 'orders', tableName: table, endpoint, region: 'local' });
});

afterAll(async () => {
  dataSource?.close();
  await client?.send(new DeleteTableCommand({ TableName: table }));
  client?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('the day’s sales counters', () => {
  it('start a day with its first paid order, summing the lines of one drink', async () => {
    const report = await record({ order: order('2032-01-01', [flatWhites, latte, largeFlatWhite]) });
    expect(report).toEqual({
      businessDate: '2032-01-01',
      ordersPaid: 1,
      ordersCancelled: 0,
      revenue: 1730,
      refunded: 0,
      currency: 'EUR',
      topItems: [
        { menuItemId: 'flat', name: 'Flat white', quantity: 3, revenue: 1340 },
        { menuItemId: 'latte', name: 'Latte', quantity: 1, revenue: 390 },
      ],
    });
  });

  it('add later paid orders to the same day', async () => {
    const report = await record({ order: order('2032-01-01', [latte, latte]) });
    expect(report).toMatchObject({
      ordersPaid: 2,
      revenue: 2510,
      topItems: [
        { menuItemId: 'flat', quantity: 3, revenue: 1340 },
        { menuItemId: 'latte', quantity: 3, revenue: 1170 },
      ],
    });
  });

  it('count an unpaid cancellation without touching the takings', async () => {
    const report = await record({ order: order('2032-01-01', [latte]), cancelled: true, refunded: null });
    expect(report).toMatchObject({ ordersPaid: 2, ordersCancelled: 1, revenue: 2510, refunded: 0 });
    expect((report as { topItems: unknown[] }).topItems).toHaveLength(2);
  });

  it('take a refunded order off the revenue and off its drinks, which leave the report at zero', async () => {
    const report = await record({ order: order('2032-01-01', [latte, latte]), cancelled: true, refunded: 780 });
    expect(report).toMatchObject({ ordersPaid: 2, ordersCancelled: 2, revenue: 1730, refunded: 780 });
    expect((report as { topItems: unknown[] }).topItems).toEqual([
      { menuItemId: 'flat', name: 'Flat white', quantity: 3, revenue: 1340 },
      { menuItemId: 'latte', name: 'Latte', quantity: 1, revenue: 390 },
    ]);
    const emptied = await record({ order: order('2032-01-01', [latte]), cancelled: true, refunded: 390 });
    expect((emptied as { topItems: Array<{ menuItemId: string }> }).topItems.map((line) => line.menuItemId)).toEqual(['flat']);
  });

  it('keep each business date apart', async () => {
    const report = await record({ order: order('2032-01-02', [latte]) });
    expect(report).toMatchObject({ businessDate: '2032-01-02', ordersPaid: 1, revenue: 390 });
  });
});
