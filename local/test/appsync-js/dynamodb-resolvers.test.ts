import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FunctionConfig, ResolverConfig } from '../../src/config';
import { testTables, type TestTables } from '../../src/datasources/dynamodb/test-support';
import { AppSyncJsEngine, type InvokeDataSource, type ResolverInput } from '../../src/appsync-js/engine';

/** APPSYNC_JS resolvers against DynamoDB Local through the real AMAZON_DYNAMODB data source. */
const INPUT: ResolverInput = {
  arguments: { id: 'order-1', drink: 'Flat white' },
  identity: null,
  source: null,
  request: { headers: {}, domainName: null },
  info: { fieldName: 'placeOrder', parentTypeName: 'Mutation', variables: {}, selectionSetList: [], selectionSetGraphQL: '' },
  authType: 'API_KEY',
};

const HEADER = `import { util } from '@aws-appsync/utils';\nimport * as ddb from '@aws-appsync/utils/dynamodb';\n`;

let tables: TestTables;
let invoke: InvokeDataSource;

beforeAll(async () => {
  tables = testTables(inject('dynamoEndpoint'));
  const dataSource = tables.dataSource(await tables.simple());
  invoke = async (_name, request) => dataSource.invoke(request);
});

afterAll(async () => {
  await tables.dispose();
});

describe('APPSYNC_JS resolvers on DynamoDB Local', () => {
  const create: ResolverConfig = {
    kind: 'UNIT',
    typeName: 'Mutation',
    fieldName: 'placeOrder',
    dataSource: 'orders',
    code: {
      source: 'Mutation.placeOrder.[orders].js',
      code:
        HEADER +
        `export function request(ctx) {\n  return ddb.put({ key: { id: ctx.args.id }, item: { drink: ctx.args.drink }, condition: { id: { attributeExists: false } } });\n}\n` +
        `export function response(ctx) {\n  if (ctx.error) util.error(ctx.error.message, ctx.error.type);\n  return ctx.result;\n}\n`,
    },
  };

  it('writes an item and returns it', async () => {
    const outcome = await new AppSyncJsEngine().runResolver(create, INPUT, invoke);
    expect(outcome).toMatchObject({ value: { id: 'order-1', drink: 'Flat white' }, error: null });
  });

  it('hands a failed condition to the response handler as ctx.error, which raises it', async () => {
    const outcome = await new AppSyncJsEngine().runResolver(create, { ...INPUT, arguments: { id: 'order-2', drink: 'Mocha' } }, invoke);
    expect(outcome.error).toBeNull();
    const again = await new AppSyncJsEngine().runResolver(create, { ...INPUT, arguments: { id: 'order-2', drink: 'Latte' } }, invoke);
    expect(again.value).toBeNull();
    expect(again.error).toMatchObject({ errorType: 'DynamoDB:ConditionalCheckFailedException' });
  });

  it('reads in one pipeline function what an earlier one wrote', async () => {
    const functions: FunctionConfig[] = [
      {
        name: 'save',
        dataSource: 'orders',
        code: {
          source: 'save.js',
          code: HEADER + `export function request(ctx) { return ddb.put({ key: { id: ctx.args.id }, item: { drink: ctx.args.drink } }); }\nexport function response(ctx) { return ctx.result.id; }\n`,
        },
      },
      {
        name: 'load',
        dataSource: 'orders',
        code: {
          source: 'load.js',
          code: HEADER + `export function request(ctx) { return ddb.get({ key: { id: ctx.prev.result } }); }\nexport function response(ctx) { return ctx.result; }\n`,
        },
      },
    ];
    const resolver: ResolverConfig = {
      kind: 'PIPELINE',
      typeName: 'Mutation',
      fieldName: 'placeOrder',
      functions: ['save', 'load'],
      code: { source: 'Mutation.placeOrder/index.js', code: `export function request(ctx) { return {}; }\nexport function response(ctx) { return ctx.prev.result; }\n` },
    };
    const outcome = await new AppSyncJsEngine({ functions }).runResolver(resolver, { ...INPUT, arguments: { id: 'order-3', drink: 'Cortado' } }, invoke);
    expect(outcome.value).toEqual({ id: 'order-3', drink: 'Cortado' });
  });
});
