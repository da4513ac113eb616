/**
 * The floor of a GraphQL request's data work: the DynamoDB calls the runtime made for it
 * (recorded by local/src/metering/capture.ts), sent again with the plain SDK to copies of the
 * tables taken just before they were first made, in the same order per lane. Each call finds the
 * state it found the first time, so conditions hold as they did, and the time is what DynamoDB
 * (Local) and the SDK need for those calls with no runtime around them.
 */
import { performance } from 'node:perf_hooks';
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  paginateScan,
  type BatchGetItemCommandInput,
  type BatchWriteItemCommandInput,
  type CreateTableCommandInput,
  type DeleteItemCommandInput,
  type GetItemCommandInput,
  type PutItemCommandInput,
  type QueryCommandInput,
  type ScanCommandInput,
  type TransactGetItemsCommandInput,
  type TransactWriteItemsCommandInput,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { CapturedCall } from '../../local/src/metering/capture';

const LOCAL = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

type Send = (client: DynamoDBClient, input: never) => Promise<unknown>;
/** One sender per operation: each casts the recorded input to its command's input type. */
const SENDERS: Record<string, Send> = {
  GetItem: (c, input: GetItemCommandInput) => c.send(new GetItemCommand(input)),
  PutItem: (c, input: PutItemCommandInput) => c.send(new PutItemCommand(input)),
  UpdateItem: (c, input: UpdateItemCommandInput) => c.send(new UpdateItemCommand(input)),
  DeleteItem: (c, input: DeleteItemCommandInput) => c.send(new DeleteItemCommand(input)),
  Query: (c, input: QueryCommandInput) => c.send(new QueryCommand(input)),
  Scan: (c, input: ScanCommandInput) => c.send(new ScanCommand(input)),
  BatchGetItem: (c, input: BatchGetItemCommandInput) => c.send(new BatchGetItemCommand(input)),
  BatchWriteItem: (c, input: BatchWriteItemCommandInput) => c.send(new BatchWriteItemCommand(input)),
  TransactGetItems: (c, input: TransactGetItemsCommandInput) => c.send(new TransactGetItemsCommand(input)),
  TransactWriteItems: (c, input: TransactWriteItemsCommandInput) => c.send(new TransactWriteItemsCommand(input)),
};

export function replayClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, ...LOCAL });
}

/** Copies each table (keys, indexes, items) to `<name><suffix>`; returns the name mapping. */
export async function copyTables(client: DynamoDBClient, names: string[], suffix: string): Promise<Map<string, string>> {
  const mapping = new Map<string, string>();
  for (const name of names) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    if (!Table) throw new Error(`no table ${name}`);
    const copy = `${name}${suffix}`;
    const input: CreateTableCommandInput = {
      TableName: copy,
      KeySchema: Table.KeySchema,
      AttributeDefinitions: Table.AttributeDefinitions,
      BillingMode: 'PAY_PER_REQUEST',
      ...(Table.GlobalSecondaryIndexes?.length && {
        GlobalSecondaryIndexes: Table.GlobalSecondaryIndexes.map((index) => ({ IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection })),
      }),
      ...(Table.LocalSecondaryIndexes?.length && {
        LocalSecondaryIndexes: Table.LocalSecondaryIndexes.map((index) => ({ IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection })),
      }),
    };
    await client.send(new CreateTableCommand(input));
    for await (const page of paginateScan({ client }, { TableName: name, ConsistentRead: true })) {
      const items = page.Items ?? [];
      for (let start = 0; start < items.length; start += 25) {
        let pending: Record<string, { PutRequest: { Item: NonNullable<typeof items>[number] } }[]> | undefined = {
          [copy]: items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })),
        };
        while (pending && Object.keys(pending).length > 0) {
          const out = await client.send(new BatchWriteItemCommand({ RequestItems: pending }));
          pending = out.UnprocessedItems as typeof pending;
        }
      }
    }
    mapping.set(name, copy);
  }
  return mapping;
}

/** The same value with every table name (TableName fields, RequestItems keys) mapped. */
export function renameTables(value: unknown, mapping: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((entry) => renameTables(entry, mapping));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (key === 'TableName' && typeof entry === 'string') out[key] = mapping.get(entry) ?? entry;
    else if (key === 'RequestItems' && typeof entry === 'object' && entry !== null) {
      out[key] = Object.fromEntries(Object.entries(entry).map(([table, request]) => [mapping.get(table) ?? table, request]));
    } else out[key] = renameTables(entry, mapping);
  }
  return out;
}

export interface ReplayStep {
  /** What the step is called in the report (place, pay...). */
  step: string;
  calls: CapturedCall[];
}

export interface ReplayResult {
  /** Milliseconds per step, by step name. */
  durations: Map<string, number[]>;
  /** Calls DynamoDB refused (a condition, a cancelled transaction): a replay that drifted. */
  failures: string[];
  calls: number;
}

/**
 * Sends each lane's steps in order, the lanes at once (as the clients ran: one lane per
 * customer), the calls of a step one after another as the pipeline made them.
 */
export async function replay(client: DynamoDBClient, lanes: ReplayStep[][], mapping: Map<string, string>): Promise<ReplayResult> {
  const durations = new Map<string, number[]>();
  const failures: string[] = [];
  let calls = 0;
  const prepared = lanes.map((lane) =>
    lane.map((step) => ({
      step: step.step,
      commands: step.calls.map((call) => {
        const send = SENDERS[call.operation];
        if (!send) throw new Error(`the floor cannot replay ${call.operation}`);
        const input = renameTables(call.input, mapping) as never;
        return () => send(client, input);
      }),
    })),
  );
  await Promise.all(
    prepared.map(async (lane) => {
      for (const step of lane) {
        const started = performance.now();
        for (const command of step.commands) {
          calls += 1;
          try {
            await command();
          } catch (error) {
            failures.push(`${step.step}: ${(error as Error).name}: ${(error as Error).message.slice(0, 160)}`);
          }
        }
        const list = durations.get(step.step) ?? [];
        list.push(performance.now() - started);
        durations.set(step.step, list);
      }
    }),
  );
  return { durations, failures, calls };
}
