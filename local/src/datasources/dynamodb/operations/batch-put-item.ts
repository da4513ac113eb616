import type { Operation } from '../context';
import type { BatchPutItemRequest } from '../requests';
import { batchWrite } from './batch-write';

export const batchPutItem: Operation<BatchPutItemRequest> = (request, context) =>
  batchWrite(
    request.tables,
    {
      toRequest: (item) => ({ PutRequest: { Item: item } }),
      fromRequest: (write) => write.PutRequest?.Item,
      unprocessedField: 'unprocessedItems',
    },
    context,
  );
