import { AnswerCache } from './cache';
import type { AnalyticsAnswer, AnalyticsRequest, Engine } from './contract';
import { athenaConfigFrom, createAthenaEngine } from './athena';
import type { DuckDbLake } from './duckdb';
import { answer } from './service';

/**
 * The analytics Lambda behind the `analytics` data source: each analytics field's resolver
 * invokes it with an AnalyticsRequest (contract.ts) and gets an AnalyticsAnswer.
 *
 * Environment:
 *   ATHENA_WORKGROUP, GLUE_DATABASE, ANALYTICS_NAMED_QUERIES  on AWS (infra/lib/analytics.ts): Athena
 *   ANALYTICS_LAKE_DIR  locally, without ATHENA_WORKGROUP: DuckDB over this folder (the local
 *                       delivery stream's, which holds events/dt=YYYY-MM-DD/)
 *
 *   ANALYTICS_WAIT_MS   how long to wait for the engine before answering PENDING (default 20000;
 *                       0 answers every new query PENDING, which tests use)
 *
 * AppSync gives a resolver 30 s; Athena may take longer. The handler waits for the engine until
 * ANALYTICS_WAIT_MS has passed or the function's time nearly runs out, whichever comes first, then
 * answers PENDING with the execution id. The query goes on; when it ends, Athena's query state
 * change reaches the manager by subscription (infra/api/events.ts analyticsExecutions), and the
 * client asks again with the id to pick the result up.
 */
const WAIT_MS = 20_000;

function waitMs(env: NodeJS.ProcessEnv): number {
  const text = env.ANALYTICS_WAIT_MS;
  if (text === undefined || text === '') return WAIT_MS;
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms < 0) throw new Error(`ANALYTICS_WAIT_MS must be a whole number of ms, not ${text}.`);
  return ms;
}
const ANSWER_MARGIN_MS = 2_000;

interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

// The local engine is imported by name, not by a literal path: the deployed bundle then never
// pulls in DuckDB's native binding, which only the local world uses.
const LOCAL_ENGINE_MODULE = './local-engine.ts';

/**
 * Seams for a handler built around the production one (`analyticsHandler`): `localLake` wraps the
 * local engine's DuckDB lake (local-engine.ts), for instance to log or time each query, or, in a
 * test, to hold a query running until the test lets it go. Athena on AWS is never wrapped.
 */
export interface AnalyticsHandlerSeams {
  localLake?: (lake: DuckDbLake) => DuckDbLake;
}

async function createEngine(env: NodeJS.ProcessEnv, seams: AnalyticsHandlerSeams): Promise<Engine> {
  if (env.ATHENA_WORKGROUP) return createAthenaEngine(athenaConfigFrom(env));
  const local = (await import(LOCAL_ENGINE_MODULE)) as typeof import('./local-engine');
  return local.createLocalEngine(env, seams.localLake && { wrapLake: seams.localLake });
}

/** The analytics Lambda's handler: one engine and one answer cache per execution environment. */
export function analyticsHandler(seams: AnalyticsHandlerSeams = {}): (event: AnalyticsRequest, context?: LambdaContext) => Promise<AnalyticsAnswer> {
  let engine: Promise<Engine> | undefined;
  const cache = new AnswerCache();
  return async (event, context) => {
    engine ??= createEngine(process.env, seams).catch((error: unknown) => {
      engine = undefined;
      throw error;
    });
    const now = Date.now();
    const wait = waitMs(process.env);
    const remaining = context ? context.getRemainingTimeInMillis() - ANSWER_MARGIN_MS : wait;
    return answer(event, { engine: await engine, cache, now: Date.now, deadline: now + Math.min(wait, remaining) });
  };
}

export const handler = analyticsHandler();
