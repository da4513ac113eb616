import { LocalDate } from '@js-joda/core';
import type { ParamType } from './catalog';

/**
 * A client's arguments, checked and turned into the only values a named query may be bound to.
 * A date is a real calendar date in YYYY-MM-DD; a granularity one of a fixed list. Anything else is
 * refused with a typed error before any engine is asked, so nothing a client sends reaches the SQL
 * except these checked values, and those only as bound parameters.
 */
export class BadArgumentError extends Error {
  readonly type = 'BAD_ANALYTICS_ARGUMENT';
  constructor(message: string) {
    super(message);
    this.name = 'BadArgumentError';
  }
}

/** The API's Granularity enum, to date_trunc's unit (the same word on both engines). */
export const GRANULARITIES = { HOUR: 'hour', DAY: 'day' } as const;
export type Granularity = keyof typeof GRANULARITIES;

/** A year and a day: a year against the one before, with room for the leap day. */
export const MAX_RANGE_DAYS = 366;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function date(name: string, value: unknown): LocalDate {
  if (typeof value !== 'string' || !DATE.test(value)) throw new BadArgumentError(`${name} must be a date as YYYY-MM-DD.`);
  try {
    return LocalDate.parse(value);
  } catch {
    throw new BadArgumentError(`${name} ${value} is not a calendar date.`);
  }
}

/**
 * The first partition (`dt`) that can hold an event of the business date `from`: the day before.
 * Firehose names an object after the arrival of its OLDEST record (local/docs/firehose.md), and an
 * object is open for up to the 900 s buffering interval, so an event of 00:05 may sit in the object
 * begun at 23:55 the day before. Nothing arrives before it happened, so no earlier partition can
 * hold an event of the range: every query filters `dt >= :dt_from` and Athena reads no earlier day.
 */
export function firstPartition(from: LocalDate): string {
  return from.minusDays(1).toString();
}

/** The bound values of a query's parameters, by name, from the field's arguments. */
export function bindValues(params: { name: string; type: ParamType }[], args: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const p of params) {
    const value = args[p.name];
    if (p.type === 'date') values[p.name] = date(p.name, value).toString();
    else if (p.type === 'first_partition') values[p.name] = firstPartition(date('from', args.from));
    else {
      if (typeof value !== 'string' || !Object.hasOwn(GRANULARITIES, value)) {
        throw new BadArgumentError(`granularity must be one of ${Object.keys(GRANULARITIES).join(', ')}.`);
      }
      values[p.name] = GRANULARITIES[value as Granularity];
    }
  }
  if ('from' in values && 'to' in values) {
    const from = LocalDate.parse(values.from ?? '');
    const to = LocalDate.parse(values.to ?? '');
    if (to.isBefore(from)) throw new BadArgumentError(`from ${values.from} is after to ${values.to}.`);
    if (from.plusDays(MAX_RANGE_DAYS).isBefore(to.plusDays(1))) throw new BadArgumentError(`A range covers at most ${MAX_RANGE_DAYS} days.`);
  }
  return values;
}
