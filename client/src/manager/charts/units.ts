import type { DayRange } from './chart-card';

/**
 * Days and hours as the analytics fields count them: UTC, like the business date and the rollups
 * (analytics/README.md), so "today" here is the lake's today whatever the browser's zone.
 */
export const todayUtc = (now = new Date()): string => now.toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

/** The last `days` days up to and including today. */
export const lastDays = (days: number, now = new Date()): DayRange => ({ from: addDays(todayUtc(now), -(days - 1)), to: todayUtc(now) });

export const hourLabel = (hour: number): string => `${String(hour).padStart(2, '0')}:00`;

/** "14:15" from an AWSDateTime, in UTC like the axis it sits on. */
export const clockOf = (iso: string): string => iso.slice(11, 16);

/** Seconds as "4 min" or "45 s", for the wait-time charts and their summaries. */
export function durationLabel(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return 'no data';
  return seconds < 60 ? `${seconds} s` : `${Math.round((seconds / 60) * 10) / 10} min`;
}

export const rangeCaption = (range: DayRange): string => (range.from === range.to ? `${range.from}, UTC` : `${range.from} to ${range.to}, UTC`);

/** "1 order", "3 orders": the text alternatives are read aloud. */
export const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
