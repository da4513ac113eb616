import { existsSync } from 'node:fs';
import type { DuckDbLake } from '../../../lambdas/analytics/duckdb';
import { analyticsHandler } from '../../../lambdas/analytics/handler';

/**
 * The production analytics handler with one test seam: every local query runs only once the file
 * named by HELD_ANALYTICS_FILE is gone, so test/events/analytics-delivery.test.ts can keep a query
 * genuinely running (its execution RUNNING, the field PENDING) until the manager has subscribed,
 * then let it finish, without racing a clock. Everything else (the executions, their results kept
 * by id, the "Athena Query State Change" event on the local bus) is the production code path.
 * The test swaps this module in as the `analytics` function's handler.
 */
const CHECK_MS = 50;

function holdWhileFileExists(lake: DuckDbLake): DuckDbLake {
  return {
    async run(query, values) {
      const file = process.env.HELD_ANALYTICS_FILE;
      while (file && existsSync(file)) await new Promise((done) => setTimeout(done, CHECK_MS));
      return lake.run(query, values);
    },
    close: () => lake.close(),
  };
}

export const handler = analyticsHandler({ localLake: holdWhileFileExists });
