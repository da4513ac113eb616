import type { DataSourceConfig } from '../../config';
import type { DataSource } from '../types';
import { LambdaPool } from './pool';

/**
 * AWS_LAMBDA: runs the same handler module CDK deploys. A resolver's request is
 * `{ operation: 'Invoke', payload }`; the payload is the handler's event and the handler's
 * return value becomes ctx.result.
 */
export function createLambdaDataSource(config: Extract<DataSourceConfig, { type: 'AWS_LAMBDA' }>): DataSource {
  const pool = new LambdaPool(config);
  return {
    async invoke(request) {
      const r = (request ?? {}) as { operation?: unknown; payload?: unknown; invocationType?: unknown };
      if (r.operation !== 'Invoke') {
        // BatchInvoke needs AppSync's batching of sibling fields (maxBatchSize), which this runtime
        // does not do; saying so beats silently invoking once per item.
        return {
          error: {
            type: 'Lambda:Unhandled',
            message: r.operation === 'BatchInvoke' ? 'BatchInvoke is not supported by the local runtime.' : `Unsupported operation '${String(r.operation)}'. Lambda data sources support Invoke.`,
          },
        };
      }
      if (r.invocationType === 'Event') {
        void pool.invoke(r.payload ?? null);
        return { result: null };
      }
      return pool.invoke(r.payload ?? null);
    },
    close: () => pool.close(),
  };
}
