import type { NamedQuery } from './catalog';
import type { Row } from './rows';

/**
 * What the analytics resolvers send the analytics Lambda, and what it answers. The resolver names
 * one field; the Lambda knows which named query answers it (shape.ts), so no client text ever
 * chooses SQL. Bad arguments and failed queries are answers with a type, for the resolver to turn
 * into a GraphQL error with util.error.
 */
export interface AnalyticsRequest {
  field: string;
  arguments: Record<string, unknown>;
}

/**
 * How the analytics workgroup's name ends, in both worlds: `${stackName}-analytics` on AWS
 * (infra/lib/analytics.ts), `local-analytics` for DuckDB. The rule that turns the workgroup's
 * query state changes into notices matches on it (infra/api/events.ts analyticsExecutions).
 */
export const ANALYTICS_WORKGROUP_SUFFIX = '-analytics';
export const LOCAL_WORKGROUP = `local${ANALYTICS_WORKGROUP_SUFFIX}`;

export type AnalyticsAnswer = { data: Record<string, unknown> } | { error: { type: string; message: string } };

export type Execution = { state: 'DONE'; rows: Row[] } | { state: 'PENDING'; executionId: string };

/** One world's SQL engine: Athena on AWS, DuckDB locally. */
export interface Engine {
  readonly name: 'athena' | 'duckdb';
  queries(): Promise<Map<string, NamedQuery>>;
  /**
   * Runs the query, or picks up the execution `executionId` started earlier for the very same
   * query and values, waiting until `deadline` (epoch ms) at most.
   */
  run(query: NamedQuery, values: Record<string, string>, options: { deadline: number; executionId?: string }): Promise<Execution>;
}

/** Errors an engine reports as the caller's fault or the query's, never a bug. */
export class AnalyticsError extends Error {
  constructor(
    readonly type: 'UNKNOWN_EXECUTION' | 'ANALYTICS_QUERY_FAILED' | 'BAD_ANALYTICS_ARGUMENT',
    message: string,
  ) {
    super(message);
    this.name = 'AnalyticsError';
  }
}
