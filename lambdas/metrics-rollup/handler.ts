import { DynamoDBClient, TransactWriteItemsCommand, TransactionCanceledException, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { rollupChange, type RollupChange, type RollupEvent } from './rollup';

/**
 * The metrics rollup: consumes the rollup queue (an SQS event source mapping with
 * ReportBatchItemFailures), one transaction per event. A message that fails is reported alone, so
 * the rest of the batch is not redelivered; after the queue's maxReceiveCount it goes to the
 * dead-letter queue.
 *
 * Environment: METRICS_TABLE. Locally AWS_ENDPOINT_URL_DYNAMODB points the SDK at DynamoDB Local.
 */
const client = new DynamoDBClient({});

interface SqsRecord {
  messageId: string;
  body: string;
}

export async function handler(event: { Records: SqsRecord[] }): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> {
  const table = process.env.METRICS_TABLE;
  if (!table) throw new Error('The metrics rollup needs the environment variable METRICS_TABLE.');
  const failures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    try {
      const change = rollupChange(JSON.parse(record.body) as RollupEvent);
      if (change) await apply(table, change);
    } catch (error) {
      console.error(JSON.stringify({ message: 'rollup failed', messageId: record.messageId, error: error instanceof Error ? error.message : String(error) }));
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
}

function addTo(table: string, pk: string, sk: string, counters: Record<string, number>, set: Record<string, string> = {}): TransactWriteItem {
  const names: Record<string, string> = {};
  const values: Record<string, { N: string } | { S: string }> = {};
  const adds = Object.entries(counters).map(([name, value], i) => {
    names[`#a${i}`] = name;
    values[`:a${i}`] = { N: String(value) };
    return `#a${i} :a${i}`;
  });
  const sets = Object.entries(set).map(([name, value], i) => {
    names[`#s${i}`] = name;
    values[`:s${i}`] = { S: value };
    return `#s${i} = :s${i}`;
  });
  return {
    Update: {
      TableName: table,
      Key: { pk: { S: pk }, sk: { S: sk } },
      UpdateExpression: [sets.length ? `SET ${sets.join(', ')}` : '', adds.length ? `ADD ${adds.join(', ')}` : ''].filter(Boolean).join(' '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

async function apply(table: string, change: RollupChange): Promise<void> {
  const day = `DAY#${change.day}`;
  const writes: TransactWriteItem[] = [
    {
      Put: {
        TableName: table,
        Item: { pk: { S: `EVENT#${change.eventId}` }, sk: { S: 'EVENT' }, countedAt: { S: new Date().toISOString() } },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    addTo(table, day, 'TOTAL', change.counters, { businessDate: change.day }),
    addTo(table, day, `HOUR#${change.hour}`, change.counters, { businessDate: change.day, hour: change.hour }),
    ...change.items.map((item) => addTo(table, day, `ITEM#${item.itemId}`, { quantity: item.quantity, revenue: item.revenue }, { itemId: item.itemId, name: item.name })),
  ];
  for (let attempt = 1; ; attempt += 1) {
    try {
      await client.send(new TransactWriteItemsCommand({ TransactItems: writes }));
      return;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code);
      // The guard's condition failed: this event was counted before (a redelivery).
      if (codes[0] === 'ConditionalCheckFailed') return;
      // Every event of a day adds to the same TOTAL and HOUR rows, so two batches in flight collide
      // (TransactionConflict). The SDK does not retry a cancelled transaction; waiting for the
      // queue's visibility timeout (minutes) would stall the rollup, so retry here, with jitter.
      if (!codes.includes('TransactionConflict') || attempt >= MAX_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 50 * 2 ** attempt));
    }
  }
}

/** Attempts of one event's transaction when it collides with another's. */
const MAX_ATTEMPTS = 8;
