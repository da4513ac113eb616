import type { DataSourceConfig } from '../../config';
import { LambdaServiceError, type LambdaInvoker } from '../../lambda';
import type { DataSource } from '../types';

/** AppSync's error type for any failure Lambda reports (handler error, timeout, crash). */
const UNHANDLED = 'Lambda:Unhandled';

/**
 * AWS_LAMBDA: a thin AppSync data source over the one local Lambda service. A resolver's request
 * is `{ operation: 'Invoke', payload, invocationType? }`; the payload is the function's event and
 * its result becomes ctx.result. The data source does not own the service, so closing it leaves
 * the functions running for their other callers.
 */
export function createLambdaDataSource(config: Extract<DataSourceConfig, { type: 'AWS_LAMBDA' }>, lambda: LambdaInvoker): DataSource {
  if (!lambda.has(config.function)) {
    throw new Error(`Data source ${config.name} invokes function ${config.function}, which the Lambda service does not have.`);
  }
  return {
    async invoke(request) {
      const r = (request ?? {}) as { operation?: unknown; payload?: unknown; invocationType?: unknown };
      if (r.operation !== 'Invoke') {
        // BatchInvoke is gathered by the resolver runner (batch.ts) and arrives here as an Invoke
        // of the list of payloads; only a caller that bypasses the runner gets this far with it.
        return {
          error: {
            type: UNHANDLED,
            message: r.operation === 'BatchInvoke' ? 'BatchInvoke is not supported by the local runtime.' : `Unsupported operation '${String(r.operation)}'. Lambda data sources support Invoke.`,
          },
        };
      }
      const invocationType = r.invocationType === 'Event' ? 'Event' : 'RequestResponse';
      try {
        const out = await lambda.invoke(config.function, r.payload ?? null, { invocationType });
        if (out.StatusCode === 202) return { result: null };
        if (out.FunctionError) return { error: { type: UNHANDLED, message: out.Payload.errorMessage, data: { errorType: out.Payload.errorType } } };
        return { result: out.Payload };
      } catch (error) {
        // AppSync names Lambda's own refusals (throttling, payload too large) after the Invoke
        // error; the resolver sees them as ctx.error like any other data source failure.
        if (error instanceof LambdaServiceError) return { error: { type: `Lambda:${error.name}`, message: error.message } };
        throw error;
      }
    },
    close: () => undefined,
  };
}
