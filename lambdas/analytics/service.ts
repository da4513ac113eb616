import { LocalDate } from '@js-joda/core';
import { AnswerCache, cacheKey, ttlFor } from './cache';
import { AnalyticsError, type AnalyticsAnswer, type AnalyticsRequest, type Engine } from './contract';
import { BadArgumentError, bindValues } from './params';
import { ANALYTICS_FIELDS, PENDING_PARTS } from './shape';

/** Athena's query execution ids are UUIDs; anything else cannot be one of ours. */
const EXECUTION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * One analytics field answered: its arguments checked and bound, the cache asked, the engine run
 * until the deadline, the rows shaped. The handler gives it the engine of its world.
 */
export async function answer(request: AnalyticsRequest, deps: { engine: Engine; cache: AnswerCache; now: () => number; deadline: number }): Promise<AnalyticsAnswer> {
  const field = ANALYTICS_FIELDS[request.field];
  // The resolvers name their own field: an unknown one is a wiring bug, not a client's mistake.
  if (!field) throw new Error(`No analytics field ${request.field}.`);
  const query = (await deps.engine.queries()).get(field.query);
  if (!query) throw new Error(`The named query ${field.query} is not in the catalog.`);
  let values: Record<string, string>;
  try {
    values = bindValues(query.params, request.arguments);
    if (field.maxDays && values.from && values.to && LocalDate.parse(values.from).plusDays(field.maxDays).isBefore(LocalDate.parse(values.to).plusDays(1))) {
      throw new BadArgumentError(`${request.field} covers at most ${field.maxDays} days.`);
    }
  } catch (error) {
    if (error instanceof BadArgumentError) return { error: { type: error.type, message: error.message } };
    throw error;
  }
  const asked = request.arguments.executionId;
  if (asked !== undefined && asked !== null && (typeof asked !== 'string' || !EXECUTION_ID.test(asked))) {
    return { error: { type: 'BAD_ANALYTICS_ARGUMENT', message: 'executionId is not an execution id this API gave out.' } };
  }
  const range = { from: values.from ?? null, to: values.to ?? null, granularity: request.arguments.granularity ?? null };
  const key = cacheKey(query.name, values);
  const now = deps.now();
  const cached = deps.cache.get(key, now);
  if (cached && 'rows' in cached) {
    return { data: { status: 'READY', executionId: null, computedAt: cached.computedAt, ...range, ...field.shape(cached.rows, values) } };
  }
  const executionId = typeof asked === 'string' ? asked : cached?.executionId;
  try {
    const execution = await deps.engine.run(query, values, { deadline: deps.deadline, ...(executionId && { executionId }) });
    const ttl = ttlFor(values, now);
    if (execution.state === 'PENDING') {
      deps.cache.set(key, { executionId: execution.executionId, expires: now + ttl });
      return { data: { status: 'PENDING', executionId: execution.executionId, computedAt: null, ...range, ...PENDING_PARTS[request.field] } };
    }
    const computedAt = new Date(deps.now()).toISOString();
    deps.cache.set(key, { rows: execution.rows, computedAt, expires: now + ttl });
    return { data: { status: 'READY', executionId: null, computedAt, ...range, ...field.shape(execution.rows, values) } };
  } catch (error) {
    if (error instanceof AnalyticsError) {
      deps.cache.delete(key);
      return { error: { type: error.type, message: error.message } };
    }
    throw error;
  }
}
