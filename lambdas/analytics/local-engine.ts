import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AnalyticsError, type Engine } from './contract';
import { openDuckDbLake, type DuckDbLake } from './duckdb';
import { readDuckDbCompat, readNamedQueries } from './files';
import { eventBridgePublisher, LocalExecutions } from './local-executions';

/**
 * The local world's engine: DuckDB over the local delivery stream's folder, the named queries
 * read from analytics/, each run an execution as on Athena (local-executions.ts): past the
 * deadline the field answers PENDING, the query goes on, and its end is published on the local
 * default bus. Loaded by the handler only when no Athena workgroup is configured, so the deployed
 * bundle never carries DuckDB's native binding.
 *
 * Environment, besides ANALYTICS_LAKE_DIR:
 *   ANALYTICS_RESULTS_DIR         where executions are kept (default: <lake>/.athena-results; DuckDB
 *                                 reads only <lake>/events/)
 *   AWS_ENDPOINT_URL_EVENTBRIDGE  the local bus; without it (a world with no event services) no
 *                                 event is published and a PENDING field is picked up by asking again
 *
 * `wrapLake` wraps the DuckDB lake every execution runs on (handler.ts analyticsHandler's
 * `localLake` seam): a handler built around this one can time or log queries, and
 * test/events/analytics-delivery.test.ts holds a query running until its manager has subscribed.
 */
const analyticsDir = join(dirname(dirname(dirname(fileURLToPath(import.meta.url)))), 'analytics');

export interface LocalEngineOptions {
  wrapLake?: (lake: DuckDbLake) => DuckDbLake;
}

export async function createLocalEngine(env: NodeJS.ProcessEnv, options: LocalEngineOptions = {}): Promise<Engine> {
  const lakeDir = env.ANALYTICS_LAKE_DIR;
  if (!lakeDir) {
    throw new Error(
      'ANALYTICS_LAKE_DIR is not set: point it at the folder the local `analytics` delivery stream writes to (<events dir>/lake, which holds events/dt=YYYY-MM-DD/), or set ATHENA_WORKGROUP to query Athena.',
    );
  }
  const queries = readNamedQueries(analyticsDir);
  const opened = await openDuckDbLake(resolve(lakeDir), readDuckDbCompat(analyticsDir));
  const lake = options.wrapLake ? options.wrapLake(opened) : opened;
  const executions = new LocalExecutions({
    dir: resolve(env.ANALYTICS_RESULTS_DIR || join(lakeDir, '.athena-results')),
    ...(env.AWS_ENDPOINT_URL_EVENTBRIDGE && { publish: eventBridgePublisher() }),
    log: (line) => console.error(line),
  });
  return {
    name: 'duckdb',
    queries: () => Promise.resolve(queries),
    async run(query, values, options) {
      let executionId = options.executionId;
      if (executionId) {
        // Only an execution of this very query with these very values may be picked up.
        const found = executions.read(executionId);
        if (!found) throw new AnalyticsError('UNKNOWN_EXECUTION', `No execution ${executionId}.`);
        if (found.query !== query.name || JSON.stringify(found.values) !== JSON.stringify(values)) {
          throw new AnalyticsError('UNKNOWN_EXECUTION', `Execution ${executionId} is not this query's.`);
        }
      } else {
        executionId = executions.start(query.name, values, () => lake.run(query, values));
      }
      const execution = await executions.until(executionId, options.deadline);
      if (!execution) throw new AnalyticsError('UNKNOWN_EXECUTION', `No execution ${executionId}.`);
      switch (execution.state) {
        case 'SUCCEEDED':
          return { state: 'DONE', rows: execution.rows ?? [] };
        case 'FAILED':
          throw new AnalyticsError('ANALYTICS_QUERY_FAILED', `${query.name}: FAILED: ${execution.reason ?? 'no reason given'}`);
        default:
          return { state: 'PENDING', executionId };
      }
    },
  };
}
