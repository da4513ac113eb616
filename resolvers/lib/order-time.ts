import { util } from '@aws-appsync/utils';

/**
 * Timestamps of the order domain. They go into sort keys (`<at>#<id>`), so they must sort as
 * strings: always UTC, always with milliseconds. util.time.nowISO8601 leaves the millisecond part
 * to the runtime (Java drops `.000`, which would sort `...:35Z` after `...:35.749Z`), so the
 * pattern is spelled out.
 *
 * The business date is the UTC date of a timestamp. A store time zone is future work: a shop east
 * or west of UTC starts its "day" (order numbers, sales, the changes index) at UTC midnight.
 */
const TIMESTAMP_PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";

export function timestampOf(epochMillis: number): string {
  return util.time.epochMilliSecondsToFormatted(epochMillis, TIMESTAMP_PATTERN, 'UTC');
}

export function nowTimestamp(): string {
  return timestampOf(util.time.nowEpochMilliSeconds());
}

export function epochMillisOf(timestamp: string): number {
  return util.time.parseISO8601ToEpochMilliSeconds(timestamp);
}

/** `2026-11-24T08:15:00.000Z` -> `2026-11-24`. */
export function businessDateOf(timestamp: string): string {
  return timestamp.slice(0, 10);
}

/** The first instant of a business date, as a timestamp. */
export function startOfBusinessDate(businessDate: string): string {
  return `${businessDate}T00:00:00.000Z`;
}

export const MINUTE_MILLIS = 60000;
