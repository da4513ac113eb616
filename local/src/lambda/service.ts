import { AsyncInvokeQueue, type AsyncInvokeConfig } from './async-invoke';
import { CodeStore } from './bundle';
import { LambdaConfigError, LambdaServiceError } from './errors';
import { LambdaPool, type PoolOutcome } from './pool';

/**
 * One local Lambda service: every function a project declares, run the same way whoever invokes
 * it (a data source, a rule, a queue, a pipe, a schedule). Each function has its own pool of
 * worker processes (its execution environments) and its own environment; the answers have the
 * shapes of Lambda's Invoke API (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html).
 */

export interface LambdaFunctionConfig {
  /** Absolute path of the module that exports the handler CDK deploys. */
  handlerModule: string;
  handlerExport: string;
  timeoutMs: number;
  /**
   * The variables the handler sees, as CDK sets them. A function is read the first time the
   * function is invoked, so values known only once other services listen (a queue URL, the
   * GraphQL URL) can be filled in after the service is built.
   */
  environment?: Record<string, string> | (() => Record<string, string>);
  /** Lambda's reserved concurrency: the size of the function's worker pool. */
  reservedConcurrency?: number;
  /** Lambda's default is 128. */
  memoryMB?: number;
}

export interface LambdaServiceOptions {
  functions: Record<string, LambdaFunctionConfig>;
  /** How `Event` invocations retry and where their failures go. */
  asyncInvoke?: AsyncInvokeConfig;
  region?: string;
  accountId?: string;
}

export type InvocationType = 'RequestResponse' | 'Event';

/** The error payload Lambda puts in the response body of a failed invocation. */
export interface FunctionErrorPayload {
  errorType: string;
  errorMessage: string;
}

/** Invoke's response: StatusCode 200 with Payload (and FunctionError on failure), or 202 for Event. */
export type InvokeResult =
  | { StatusCode: 200; ExecutedVersion: '$LATEST'; Payload: unknown; FunctionError?: undefined }
  | { StatusCode: 200; ExecutedVersion: '$LATEST'; Payload: FunctionErrorPayload; FunctionError: 'Unhandled' }
  | { StatusCode: 202; Payload?: undefined; FunctionError?: undefined };

/** What rules, queues, pipes and data sources need of the service. */
export interface LambdaInvoker {
  invoke(functionName: string, event: unknown, options?: { invocationType?: InvocationType }): Promise<InvokeResult>;
  has(functionName: string): boolean;
}

export interface LambdaService extends LambdaInvoker {
  readonly functionNames: readonly string[];
  arn(functionName: string): string;
  close(): Promise<void>;
}

/** Today's pool size, kept as the default for functions without reserved concurrency. */
const DEFAULT_CONCURRENCY = 8;
const DEFAULT_MEMORY_MB = 128;
/** Invoke's payload quotas: 6 MB synchronous, 1 MB asynchronous (API_Invoke.html). */
const MAX_SYNC_PAYLOAD_BYTES = 6 * 1024 * 1024;
const MAX_ASYNC_PAYLOAD_BYTES = 1024 * 1024;
/** Lambda's function name pattern and length (API_CreateFunction.html, FunctionName). */
const FUNCTION_NAME = /^[a-zA-Z0-9-_]{1,64}$/;

export function createLambdaService(options: LambdaServiceOptions): LambdaService {
  const region = options.region ?? 'local';
  const accountId = options.accountId ?? '000000000000';
  const arn = (name: string): string => `arn:aws:lambda:${region}:${accountId}:function:${name}`;
  const configs = new Map<string, LambdaFunctionConfig>();
  for (const [name, config] of Object.entries(options.functions)) {
    validate(name, config);
    configs.set(name, config);
  }
  const pools = new Map<string, LambdaPool>();
  let closed = false;
  // Every function is bundled as the service starts, as cdk synth bundles it before a deploy: the
  // first invocation does not wait for esbuild, and a handler that cannot be bundled is reported
  // at once. What fails here is observed again by the invocation that needs it.
  const store = new CodeStore();
  for (const [name, config] of configs) void store.handler(name, config.handlerModule).catch(() => undefined);
  if (configs.size > 0) void store.workerScript().catch(() => undefined);

  function pool(name: string): LambdaPool {
    const existing = pools.get(name);
    if (existing) return existing;
    const config = configs.get(name);
    if (!config) throw notFound(name);
    let environment: Record<string, string>;
    try {
      environment = typeof config.environment === 'function' ? config.environment() : (config.environment ?? {});
    } catch (error) {
      // Not cached: the next invocation asks again, in case what was missing has started since.
      throw new LambdaServiceError('ServiceException', `Function ${name} cannot start: ${(error as Error).message}`);
    }
    const created = new LambdaPool(
      {
        name,
        arn: arn(name),
        region,
        handlerModule: config.handlerModule,
        handlerExport: config.handlerExport,
        timeoutMs: config.timeoutMs,
        memoryMB: config.memoryMB ?? DEFAULT_MEMORY_MB,
        environment,
      },
      config.reservedConcurrency ?? DEFAULT_CONCURRENCY,
      store,
    );
    pools.set(name, created);
    return created;
  }

  function notFound(name: string): LambdaServiceError {
    return new LambdaServiceError('ResourceNotFoundException', `Function not found: ${arn(name)}`);
  }

  async function run(name: string, event: unknown): Promise<PoolOutcome> {
    return pool(name).invoke(event);
  }

  const asyncQueue = new AsyncInvokeQueue(run, arn, options.asyncInvoke);

  return {
    functionNames: [...configs.keys()],
    arn,
    has: (name) => configs.has(name),
    async invoke(name, event, invokeOptions = {}) {
      if (closed) throw new LambdaServiceError('ServiceException', 'The local Lambda service is shut down.');
      const config = configs.get(name);
      if (!config) throw notFound(name);
      if (config.reservedConcurrency === 0) {
        // Reserved concurrency 0 is how AWS users switch a function off: every invocation throttles.
        throw new LambdaServiceError('TooManyRequestsException', 'Rate Exceeded.', 'ReservedFunctionConcurrentInvocationLimitExceeded');
      }
      const invocationType = invokeOptions.invocationType ?? 'RequestResponse';
      const size = payloadBytes(event);
      const limit = invocationType === 'Event' ? MAX_ASYNC_PAYLOAD_BYTES : MAX_SYNC_PAYLOAD_BYTES;
      if (size > limit) {
        throw new LambdaServiceError('RequestTooLargeException', `Request must be smaller than ${limit} bytes for the InvokeFunction operation`);
      }
      if (invocationType === 'Event') {
        asyncQueue.enqueue(name, event ?? null);
        return { StatusCode: 202 };
      }
      return toInvokeResult(await run(name, event ?? null));
    },
    async close() {
      closed = true;
      asyncQueue.close();
      await Promise.all([...pools.values()].map((p) => p.close()));
      store.close();
    },
  };
}

export function toInvokeResult(outcome: PoolOutcome): InvokeResult {
  if (outcome.ok) return { StatusCode: 200, ExecutedVersion: '$LATEST', Payload: outcome.payload };
  return {
    StatusCode: 200,
    ExecutedVersion: '$LATEST',
    FunctionError: 'Unhandled',
    Payload: { errorType: outcome.errorType, errorMessage: outcome.errorMessage },
  };
}

function payloadBytes(event: unknown): number {
  let text: string | undefined;
  try {
    text = JSON.stringify(event ?? null);
  } catch (error) {
    // Lambda receives bytes that must parse as JSON; an unserialisable event could never get there.
    throw new LambdaServiceError('InvalidRequestContentException', `Could not parse request body into json: ${(error as Error).message}`);
  }
  return Buffer.byteLength(text ?? 'null');
}

function validate(name: string, config: LambdaFunctionConfig): void {
  if (!FUNCTION_NAME.test(name)) {
    throw new LambdaConfigError(`Function name ${JSON.stringify(name)} is not a Lambda function name: 1 to 64 letters, digits, hyphens or underscores.`);
  }
  if (!Number.isFinite(config.timeoutMs) || config.timeoutMs < 1000 || config.timeoutMs > 900_000) {
    // Lambda's timeout is 1 to 900 seconds (API_CreateFunction.html, Timeout).
    throw new LambdaConfigError(`Function ${name}: the timeout must be between 1 and 900 seconds, not ${config.timeoutMs / 1000}.`);
  }
  const reserved = config.reservedConcurrency;
  if (reserved !== undefined && (!Number.isInteger(reserved) || reserved < 0)) {
    throw new LambdaConfigError(`Function ${name}: reserved concurrency must be a whole number of at least 0, not ${reserved}.`);
  }
  const memory = config.memoryMB;
  if (memory !== undefined && (!Number.isInteger(memory) || memory < 128 || memory > 10_240)) {
    // Lambda's memory is 128 to 10,240 MB (API_CreateFunction.html, MemorySize).
    throw new LambdaConfigError(`Function ${name}: memory must be between 128 and 10240 MB, not ${memory}.`);
  }
}
