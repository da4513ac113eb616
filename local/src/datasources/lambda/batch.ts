/**
 * Lambda BatchInvoke as AppSync does it (resolver-reference-lambda-js.html, "Operation" and
 * "Lambda function batched response"; resolver-mapping-template-reference-lambda.html, "Direct
 * Lambda Resolvers: Batching enabled"):
 *
 * - a request `{ operation: 'BatchInvoke', payload }` is not sent alone: the requests of the same
 *   field in one GraphQL request are gathered, and the function is invoked once per batch of up to
 *   the resolver's maxBatchSize with the list of their payloads as its event;
 * - the function answers a list "matching in size and order"; element i becomes ctx.result of
 *   request i (null elements are valid), so each item's response handler sees its own result,
 *   typically `{ data, errorMessage, errorType }`;
 * - a function error (a throw) fails every item of its batch with the same ctx.error.
 *
 * graphql-js resolves the items of a list concurrently, and every item's request handler runs in
 * the same turn of the event loop, so a batch collects until that turn is over (setImmediate) or
 * until it is full: a DataLoader-style tick batch, keyed by request and field.
 */
import type { DataSourceAnswer, InvokeDataSource } from '../../appsync-js/engine';
import type { DataSourceConfig, ResolverConfig } from '../../config';
import type { DataSource } from '../types';
import type { LambdaFunctionConfig } from './direct';

/** AppSync's batch size before maxBatchSize was configurable, and still when it is not set (AWS blog, 2022). */
export const DEFAULT_MAX_BATCH_SIZE = 5;
/** The API's bound on maxBatchSize (API_Resolver.html: 0..2000). */
export const MAX_BATCH_SIZE_LIMIT = 2000;

const UNHANDLED = 'Lambda:Unhandled';

type InvocationType = 'RequestResponse' | 'Event';

interface OpenBatch {
  dataSource: DataSource;
  invocationType: InvocationType;
  items: Array<{ payload: unknown; resolve: (answer: DataSourceAnswer) => void; reject: (error: unknown) => void }>;
  sent: boolean;
}

/**
 * Who is asking: the GraphQL request (its scheduler lane), the field's resolver and, for a
 * pipeline step, the function (AWS::AppSync::FunctionConfiguration has a MaxBatchSize of its own).
 */
export interface BatchCaller {
  lane: object;
  resolver: ResolverConfig;
  fn?: LambdaFunctionConfig;
}

function checkedSize(label: string, size: number | undefined): number {
  if (size === undefined) return DEFAULT_MAX_BATCH_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_BATCH_SIZE_LIMIT) {
    throw new Error(`${label}: maxBatchSize must be a whole number from 0 to ${MAX_BATCH_SIZE_LIMIT}; got ${String(size)}.`);
  }
  // 0 turns batching off (the guide, for Direct Lambda resolvers): each request goes alone, still as a list.
  return Math.max(size, 1);
}

/** The number of requests one invocation carries for this resolver; throws for a value AppSync refuses. */
export function batchSizeOf(resolver: ResolverConfig): number {
  return checkedSize(`${resolver.typeName}.${resolver.fieldName}`, resolver.kind === 'UNIT' ? resolver.maxBatchSize : undefined);
}

/** The same for a pipeline function's own BatchInvoke requests. */
export function functionBatchSizeOf(fn: LambdaFunctionConfig): number {
  return checkedSize(`function ${fn.name}`, fn.maxBatchSize);
}

/**
 * Wraps the runtime's invoker: BatchInvoke requests to AWS_LAMBDA data sources go through the
 * collector, everything else straight on. Checks every resolver's maxBatchSize up front.
 */
export function createBatchingInvoker(
  invoke: InvokeDataSource,
  dataSources: ReadonlyMap<string, DataSource>,
  configs: readonly DataSourceConfig[],
  resolvers: readonly ResolverConfig[],
  functions: readonly LambdaFunctionConfig[] = [],
): (caller: BatchCaller) => InvokeDataSource {
  for (const resolver of resolvers) batchSizeOf(resolver);
  for (const fn of functions) functionBatchSizeOf(fn);
  const lambdas = new Set(configs.filter((c) => c.type === 'AWS_LAMBDA').map((c) => c.name));
  const collector = new BatchCollector();
  return ({ lane, resolver, fn }) =>
    (name, request) => {
      const r = request as { operation?: unknown; payload?: unknown; invocationType?: unknown } | null;
      const dataSource = dataSources.get(name);
      if (r?.operation !== 'BatchInvoke' || !lambdas.has(name) || !dataSource) return invoke(name, request);
      // A pipeline's steps batch apart from each other: step 2 of item 1 never joins step 1 of item 2.
      const group = `${resolver.typeName}.${resolver.fieldName}|${fn ? `function ${fn.name}` : ''}|${name}`;
      const size = fn ? functionBatchSizeOf(fn) : batchSizeOf(resolver);
      return collector.add(lane, group, dataSource, size, r.payload ?? null, r.invocationType === 'Event' ? 'Event' : 'RequestResponse');
    };
}

class BatchCollector {
  private readonly open = new WeakMap<object, Map<string, OpenBatch>>();

  add(lane: object, group: string, dataSource: DataSource, size: number, payload: unknown, invocationType: InvocationType): Promise<DataSourceAnswer> {
    let batches = this.open.get(lane);
    if (!batches) {
      batches = new Map();
      this.open.set(lane, batches);
    }
    const key = `${group}|${invocationType}`;
    let batch = batches.get(key);
    if (!batch) {
      const created: OpenBatch = { dataSource, invocationType, items: [], sent: false };
      batches.set(key, created);
      setImmediate(() => this.send(lane, key, created));
      batch = created;
    }
    const joined = batch;
    return new Promise<DataSourceAnswer>((resolve, reject) => {
      joined.items.push({ payload, resolve, reject });
      if (joined.items.length >= size) this.send(lane, key, joined);
    });
  }

  private send(lane: object, key: string, batch: OpenBatch): void {
    const batches = this.open.get(lane);
    if (batches?.get(key) === batch) batches.delete(key);
    if (batch.sent) return;
    batch.sent = true;
    const { items } = batch;
    batch.dataSource
      .invoke({ operation: 'Invoke', payload: items.map((item) => item.payload), invocationType: batch.invocationType })
      .then((answer) => {
        const answers = split(answer, items.length, batch.invocationType);
        items.forEach((item, i) => item.resolve(answers[i] ?? { result: null }));
      })
      .catch((error: unknown) => {
        for (const item of items) item.reject(error);
      });
  }
}

/** One answer per request of the batch, from the function's one answer. */
function split(answer: DataSourceAnswer, count: number, invocationType: InvocationType): DataSourceAnswer[] {
  if ('error' in answer) return Array.from({ length: count }, () => ({ error: answer.error }));
  // An Event invocation answers nothing: every field resolves to null (the guide, "Invocation type").
  if (invocationType === 'Event') return Array.from({ length: count }, () => ({ result: null }));
  const results = answer.result;
  if (!Array.isArray(results) || results.length !== count) {
    // AppSync cannot map such an answer back to its requests; the guide names no error for it,
    // so every item fails alike, saying what came back (local/docs/lambda.md, BatchInvoke).
    const got = Array.isArray(results) ? `a list of ${results.length}` : results === null ? 'null' : `a ${typeof results}`;
    const error = { type: UNHANDLED, message: `BatchInvoke expected a list of ${count} results, one per request in order; the function returned ${got}.` };
    return Array.from({ length: count }, () => ({ error }));
  }
  return results.map((result: unknown) => ({ result: result ?? null }));
}
