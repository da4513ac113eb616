/**
 * DynamoDB's part of the meter: a middleware on an SDK client that asks DynamoDB for
 * ReturnConsumedCapacity TOTAL on every call and counts the units DynamoDB (Local) reports, so
 * the item-size rounding, the consistency and the transaction doubling are DynamoDB's own rules,
 * not ours. The answer the caller sees is unchanged apart from the ConsumedCapacity field, which
 * no data source operation reads.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { recordCall } from './capture';
import { Usage, usage, type UsageMeter } from './index';

interface Consumed {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

/** Operations whose CapacityUnits are read units when DynamoDB does not split them. */
const READS = new Set(['GetItemCommand', 'BatchGetItemCommand', 'QueryCommand', 'ScanCommand', 'TransactGetItemsCommand']);
/** The data-plane calls that take ReturnConsumedCapacity; control-plane calls are not billed per call. */
const METERED = new Set([
  ...READS,
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
  'ExecuteStatementCommand',
]);

function count(meter: UsageMeter, command: string, consumed: Consumed): void {
  if (consumed.ReadCapacityUnits !== undefined || consumed.WriteCapacityUnits !== undefined) {
    meter.add(Usage.dynamodbReadUnits, consumed.ReadCapacityUnits ?? 0);
    meter.add(Usage.dynamodbWriteUnits, consumed.WriteCapacityUnits ?? 0);
    return;
  }
  meter.add(READS.has(command) ? Usage.dynamodbReadUnits : Usage.dynamodbWriteUnits, consumed.CapacityUnits ?? 0);
}

/** Counts every call `client` makes, and the capacity DynamoDB reports for it, into `meter`. */
export function meterDynamoDbClient(client: DynamoDBClient, meter: UsageMeter = usage): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? '';
      if (!METERED.has(command)) return next(args);
      const input = args.input as { ReturnConsumedCapacity?: string };
      if (input.ReturnConsumedCapacity === undefined) input.ReturnConsumedCapacity = 'TOTAL';
      meter.addFor(Usage.dynamodbCalls, command.replace(/Command$/, ''));
      recordCall(command.replace(/Command$/, ''), args.input);
      let result: Awaited<ReturnType<typeof next>>;
      try {
        result = await next(args);
      } catch (error) {
        // AWS bills a refused conditional write or a cancelled transaction too, but DynamoDB
        // reports no capacity with the error: such calls are counted, their units are not.
        meter.addFor(Usage.dynamodbFailedCalls, command.replace(/Command$/, ''));
        throw error;
      }
      const reported = (result.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity;
      if (Array.isArray(reported)) for (const entry of reported) count(meter, command, entry);
      else if (reported) count(meter, command, reported);
      return result;
    },
    { step: 'initialize', name: 'brewlineUsageMeter' },
  );
}
