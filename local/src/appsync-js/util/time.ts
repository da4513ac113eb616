/**
 * util.time. AppSync documents its format strings as Java DateTimeFormatter patterns, so they
 * are interpreted by js-joda, a port of java.time: `yyyy-MM-dd HH:mm:ssZ`, optional sections
 * (`[XXX]`), zone ids (`Australia/Perth`, resolved through Intl) and offsets (`+08:00`, `-07:00:30`)
 * behave as in Java.
 * Known gap: text fields (EEE, MMM, a, z) need js-joda's locale data and are refused.
 *
 * This file runs INSIDE the sandbox realm.
 */
import {
  DateTimeFormatter,
  Instant,
  LocalDate,
  LocalDateTime,
  ZonedDateTime,
  ZoneId,
  ZoneOffset,
  type TemporalAccessor,
} from '@js-joda/core';
import { useIntlTimeZones } from './time-zones';

useIntlTimeZones();

const formatters = new Map<string, DateTimeFormatter>();

function formatter(pattern: string): DateTimeFormatter {
  let cached = formatters.get(pattern);
  if (cached === undefined) {
    cached = DateTimeFormatter.ofPattern(String(pattern));
    formatters.set(pattern, cached);
  }
  return cached;
}

function zone(timezone: string | undefined): ZoneId {
  return timezone === undefined || timezone === null ? ZoneOffset.UTC : ZoneId.of(String(timezone));
}

/** ISO 8601 in UTC with millisecond precision: 2018-02-06T19:01:35.749Z. */
function iso8601(epochMillis: number): string {
  return new Date(epochMillis).toISOString();
}

function format(epochMillis: number, pattern: string, timezone?: string): string {
  return ZonedDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), zone(timezone)).format(formatter(pattern));
}

/** A parsed temporal as an instant: its own zone or offset first, then the given zone, then UTC. */
function toEpochMillis(parsed: TemporalAccessor, timezone?: string): number {
  const attempts: Array<() => ZonedDateTime> = [
    () => ZonedDateTime.from(parsed),
    () => LocalDateTime.from(parsed).atZone(zone(timezone)),
    () => LocalDate.from(parsed).atStartOfDay(zone(timezone)),
  ];
  let failure: unknown = null;
  for (const attempt of attempts) {
    try {
      return attempt().toInstant().toEpochMilli();
    } catch (error) {
      failure ??= error;
    }
  }
  throw failure;
}

export const time = {
  nowISO8601(): string {
    return iso8601(Date.now());
  },
  nowEpochSeconds(): number {
    return Math.floor(Date.now() / 1000);
  },
  nowEpochMilliSeconds(): number {
    return Date.now();
  },
  nowFormatted(pattern: string, timezone?: string): string {
    return format(Date.now(), pattern, timezone);
  },
  parseFormattedToEpochMilliSeconds(timestamp: string, pattern: string, timezone?: string): number {
    return toEpochMillis(formatter(pattern).parse(String(timestamp)), timezone);
  },
  parseISO8601ToEpochMilliSeconds(timestamp: string): number {
    return toEpochMillis(DateTimeFormatter.ISO_DATE_TIME.parse(String(timestamp)));
  },
  epochMilliSecondsToSeconds(epochMillis: number): number {
    return Math.trunc(Number(epochMillis) / 1000);
  },
  epochMilliSecondsToISO8601(epochMillis: number): string {
    return iso8601(Number(epochMillis));
  },
  epochMilliSecondsToFormatted(epochMillis: number, pattern: string, timezone?: string): string {
    return format(Number(epochMillis), pattern, timezone);
  },
};
