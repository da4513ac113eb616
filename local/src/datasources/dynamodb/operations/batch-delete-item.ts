import type { Operation } from '../context';
import type { BatchDeleteItemRequest } from '../requests';
import { batchWrite } from './batch-write';

export const batchDeleteItem: Operation<BatchDeleteItemRequest> = (request, context) =>
  batchWrite(
    request.tables,
    {
      toRequest: (key) => ({ DeleteRequest: { Key: key } }),
      fromRequest: (write) => write.DeleteRequest?.Key,
      unprocessedField: 'unprocessedKeys',
    },
    context,
  );
