import { AppSyncJsEngine, type InvokeDataSource, type ResolverInput } from './appsync-js/engine';
import type { ResolverConfig, RuntimeConfig } from './config';
import { FairScheduler } from './datasources/fair-scheduler';
import { createBatchingInvoker } from './datasources/lambda/batch';
import { withDirectLambda, type LambdaFunctionConfig } from './datasources/lambda/direct';
import type { DataSource } from './datasources/types';
import type { ResolverContextInput, RunResolver } from './graphql/executor';
import { nowNs, type ResolverTiming } from './graphql/tracing';

/**
 * Binds the APPSYNC_JS engine to this API's resolvers and data sources: the executor asks for a
 * field, this finds its resolver, runs it, and answers data-source requests by name.
 *
 * Each resolver run (its handlers and the data-source calls they make) waits for a slot of the
 * fair scheduler in its request's lane: the whole run, not only the call, because evaluating the
 * handlers is CPU that 9,999 aliased fields would otherwise take in one burst.
 *
 * A resolver or pipeline function without code on an AWS_LAMBDA data source is a Direct Lambda
 * resolver (datasources/lambda/direct.ts): its code is supplied here. Pipeline functions reach
 * the engine under an alias of their data source (`function <name>`), so that the invoker knows
 * which function asks and batches its BatchInvoke by that function's own maxBatchSize.
 */
export function createResolverRunner(
  config: RuntimeConfig,
  dataSources: ReadonlyMap<string, DataSource>,
  /** For tests; the default is built from config with the Direct Lambda code and aliases above. */
  engine?: AppSyncJsEngine,
  scheduler: FairScheduler = new FairScheduler(config.limits?.dataSourceConcurrency),
): RunResolver {
  const direct = withDirectLambda(config.resolvers, config.functions as LambdaFunctionConfig[], config.dataSources);
  const byAlias = new Map(direct.functions.map((fn) => [`function ${fn.name}`, fn]));
  const aliased = [...byAlias].map(([alias, fn]) => ({ ...fn, dataSource: alias }));
  const sandbox = engine ?? new AppSyncJsEngine({ functions: aliased, timeoutMs: config.evaluationTimeoutMs });
  const context = (input: ResolverContextInput): ResolverInput => ({
    arguments: input.arguments,
    identity: input.identity,
    source: input.source,
    request: input.request,
    info: input.info,
    authType: input.authType,
    env: config.environmentVariables ?? {},
  });
  const byField = new Map<string, ResolverConfig>(direct.resolvers.map((r) => [`${r.typeName}.${r.fieldName}`, r]));
  const invoke: InvokeDataSource = async (name, request) => {
    const dataSource = dataSources.get(name);
    if (!dataSource) return { error: { type: 'DataSourceNotFound', message: `Data source ${name} is not configured.` } };
    return dataSource.invoke(request);
  };
  // BatchInvoke gathers the same field's requests across a list's items (datasources/lambda/batch.ts).
  const invokeFor = createBatchingInvoker(invoke, dataSources, config.dataSources, direct.resolvers, direct.functions);
  return async (input) => {
    const resolver = byField.get(`${input.typeName}.${input.fieldName}`);
    if (!resolver) throw new Error(`No resolver is wired to ${input.typeName}.${input.fieldName}.`);
    const timing = input.timing;
    const called = timing ? nowNs() : 0n;
    const unitInvoke = invokeFor({ lane: input.lane, resolver });
    const fieldInvoke: InvokeDataSource = (name, request) => {
      const fn = byAlias.get(name);
      return fn ? invokeFor({ lane: input.lane, resolver, fn })(fn.dataSource, request) : unitInvoke(name, request);
    };
    const outcome = await scheduler.run(input.lane, () => {
      if (!timing) return sandbox.runResolver(resolver, context(input), fieldInvoke);
      const started = nowNs();
      timing.queuedNs = Number(started - called);
      return sandbox.runResolver(resolver, context(input), timedInvoke(fieldInvoke, timing)).finally(() => {
        timing.runNs = Number(nowNs() - started);
      });
    });
    return {
      value: outcome.value,
      appendedErrors: outcome.appendedErrors.map((e) => ({ message: e.message, errorType: e.errorType, data: e.data ?? null, errorInfo: e.errorInfo ?? null })),
      error: outcome.error,
      extensions: {
        subscriptionFilter: outcome.extensions.subscriptionFilter,
        subscriptionInvalidationFilter: outcome.extensions.subscriptionInvalidationFilter,
        invalidateSubscriptions: outcome.extensions.invalidateSubscriptions,
        cacheEvictions: outcome.extensions.cacheEvictions,
        ...(outcome.extensions.responseHeaders && { responseHeaders: outcome.extensions.responseHeaders }),
      },
    };
  };
}

/** The invoker, with the time spent awaiting each answer added to the run's timing. */
function timedInvoke(invoke: InvokeDataSource, timing: ResolverTiming): InvokeDataSource {
  return async (name, request) => {
    const started = nowNs();
    try {
      return await invoke(name, request);
    } finally {
      timing.dataSourceNs += Number(nowNs() - started);
    }
  };
}
