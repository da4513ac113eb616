import { AnswerCache } from './cache';
import type { AnalyticsAnswer, AnalyticsRequest, Engine } from './contract';
import { athenaConfigFrom, createAthenaEngine } from './athena';
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

let engine: Promise<Engine> | undefined;
const cache = new AnswerCache();

async function createEngine(env: NodeJS.ProcessEnv): Promise<Engine> {
  if (env.ATHENA_WORKGROUP) return createAthenaEngine(athenaConfigFrom(env));
  const local = (await import(LOCAL_ENGINE_MODULE)) as typeof import('./local-engine');
  return local.createLocalEngine(env);
}

export async function handler(event: AnalyticsRequest, context?: LambdaContext): Promise<AnalyticsAnswer> {
  engine ??= createEngine(process.env).catch((error: unknown) => {
    engine = undefined;
    throw error;
  });
  const now = Date.now();
  const wait = waitMs(process.env);
  const remaining = context ? context.getRemainingTimeInMillis() - ANSWER_MARGIN_MS : wait;
  return answer(event, { engine: await engine, cache, now: Date.now, deadline: now + Math.min(wait, remaining) });
}
