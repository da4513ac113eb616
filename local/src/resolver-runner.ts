import { AppSyncJsEngine, type InvokeDataSource } from './appsync-js/engine';
import type { ResolverConfig, RuntimeConfig } from './config';
import { FairScheduler } from './datasources/fair-scheduler';
import type { DataSource } from './datasources/types';
import type { RunResolver } from './graphql/executor';

/**
 * Binds the APPSYNC_JS engine to this API's resolvers and data sources: the executor asks for a
 * field, this finds its resolver, runs it, and answers data-source requests by name.
 *
 * Each resolver run (its handlers and the data-source calls they make) waits for a slot of the
 * fair scheduler in its request's lane: the whole run, not only the call, because evaluating the
 * handlers is CPU that 9,999 aliased fields would otherwise take in one burst.
 */
export function createResolverRunner(
  config: RuntimeConfig,
  dataSources: ReadonlyMap<string, DataSource>,
  engine: AppSyncJsEngine = new AppSyncJsEngine({ functions: config.functions, timeoutMs: config.evaluationTimeoutMs }),
  scheduler: FairScheduler = new FairScheduler(config.limits?.dataSourceConcurrency),
): RunResolver {
  const byField = new Map<string, ResolverConfig>(config.resolvers.map((r) => [`${r.typeName}.${r.fieldName}`, r]));
  const invoke: InvokeDataSource = async (name, request) => {
    const dataSource = dataSources.get(name);
    if (!dataSource) return { error: { type: 'DataSourceNotFound', message: `Data source ${name} is not configured.` } };
    return dataSource.invoke(request);
  };
  return async (input) => {
    const resolver = byField.get(`${input.typeName}.${input.fieldName}`);
    if (!resolver) throw new Error(`No resolver is wired to ${input.typeName}.${input.fieldName}.`);
    const outcome = await scheduler.run(input.lane, () => engine.runResolver(
      resolver,
      {
        arguments: input.arguments,
        identity: input.identity,
        source: input.source,
        request: input.request,
        info: input.info,
        authType: input.authType,
        env: config.environmentVariables ?? {},
      },
      invoke,
    ));
    return {
      value: outcome.value,
      appendedErrors: outcome.appendedErrors.map((e) => ({ message: e.message, errorType: e.errorType, data: e.data ?? null, errorInfo: e.errorInfo ?? null })),
      error: outcome.error,
      extensions: {
        subscriptionFilter: outcome.extensions.subscriptionFilter,
        subscriptionInvalidationFilter: outcome.extensions.subscriptionInvalidationFilter,
        invalidateSubscriptions: outcome.extensions.invalidateSubscriptions,
      },
    };
  };
}
