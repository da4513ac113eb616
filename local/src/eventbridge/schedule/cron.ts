/**
 * EventBridge's cron() schedule expressions, in UTC, as the EventBridge user guide's "Cron
 * expressions reference" (eb-cron-expressions.html) defines them: six fields separated by white
 * space, Minutes Hours Day-of-month Month Day-of-week Year.
 *
 * | field        | values            | wildcards      |
 * | ------------ | ----------------- | -------------- |
 * | Minutes      | 0-59              | , - * /        |
 * | Hours        | 0-23              | , - * /        |
 * | Day-of-month | 1-31              | , - * ? / L W  |
 * | Month        | 1-12 or JAN-DEC   | , - * /        |
 * | Day-of-week  | 1-7 or SUN-SAT    | , - * ? L #    |
 * | Year         | 1970-2199         | , - * /        |
 *
 * One of Day-of-month and Day-of-week must be `?` and the other not. `#` allows one expression only
 * in Day-of-week ("3#1,6#3" is invalid). What the guide leaves unsaid is refused rather than
 * guessed: a range that wraps (FRI-MON), `/` in Day-of-week, `LW`. `nL` in Day-of-week (the last
 * such weekday of the month) is Quartz's meaning, which the guide's examples do not contradict.
 * No public library parses this variant and is kept up (aws-cron-parser fails on `? * L`), hence
 * this file.
 */

export class CronExpressionError extends Error {
  override name = 'ValidationException';
}

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const FIELDS = {
  minutes: { name: 'Minutes', min: 0, max: 59 },
  hours: { name: 'Hours', min: 0, max: 23 },
  dayOfMonth: { name: 'Day-of-month', min: 1, max: 31 },
  month: { name: 'Month', min: 1, max: 12, names: MONTHS },
  dayOfWeek: { name: 'Day-of-week', min: 1, max: 7, names: DAYS },
  year: { name: 'Year', min: 1970, max: 2199 },
} satisfies Record<string, FieldSpec>;

/** Day-of-month or Day-of-week, whichever is not `?`: the days of a month it picks. */
type DayRule =
  | { kind: 'dayOfMonth'; days: Set<number>; last: boolean; nearestWeekday: number[] }
  | { kind: 'dayOfWeek'; weekdays: Set<number>; lastOf: number[]; nth: { weekday: number; n: number } | null };

export interface CronSchedule {
  readonly expression: string;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly years: ReadonlySet<number>;
  readonly day: DayRule;
}

function fail(expression: string, why: string): never {
  throw new CronExpressionError(`Parameter ScheduleExpression is not valid: cron(${expression}): ${why}.`);
}

function value(text: string, spec: FieldSpec, expression: string): number {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return named + 1;
  if (!/^\d+$/.test(text)) fail(expression, `${spec.name}: "${text}" is not a value`);
  const n = Number(text);
  if (n < spec.min || n > spec.max) fail(expression, `${spec.name}: ${n} is outside ${spec.min}-${spec.max}`);
  return n;
}

/** The `, - * /` part every field shares; `extra` takes the items only some fields allow (L, W, #). */
function parseList(text: string, spec: FieldSpec, expression: string, extra?: (item: string) => boolean): Set<number> {
  const out = new Set<number>();
  for (const item of text.split(',')) {
    if (item === '') fail(expression, `${spec.name}: empty item in "${text}"`);
    if (extra?.(item)) continue;
    const [range = '', stepText, ...more] = item.split('/');
    if (more.length > 0) fail(expression, `${spec.name}: "${item}" has more than one /`);
    let from: number;
    let to: number;
    if (range === '*') {
      from = spec.min;
      to = spec.max;
    } else if (range.includes('-')) {
      const [a = '', b = '', ...rest] = range.split('-');
      if (rest.length > 0) fail(expression, `${spec.name}: "${range}" is not a range`);
      from = value(a, spec, expression);
      to = value(b, spec, expression);
      if (from > to) fail(expression, `${spec.name}: the range ${range} runs backwards (the local runtime does not guess whether AWS wraps it)`);
    } else {
      from = value(range, spec, expression);
      // `a/n`: from a to the field's end by n (the guide's "1/10": minutes 1, 11, 21...).
      to = stepText === undefined ? from : spec.max;
    }
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) < 1) fail(expression, `${spec.name}: "/${stepText}" is not a positive increment`);
      step = Number(stepText);
    }
    for (let n = from; n <= to; n += step) out.add(n);
  }
  return out;
}

function parseDayOfMonth(text: string, expression: string): DayRule {
  let last = false;
  const nearestWeekday: number[] = [];
  const days = parseList(text, FIELDS.dayOfMonth, expression, (item) => {
    if (item === 'L') return (last = true);
    const w = /^(\d+)W$/.exec(item);
    if (w) {
      nearestWeekday.push(value(w[1] ?? '', FIELDS.dayOfMonth, expression));
      return true;
    }
    if (/[LW?#]/.test(item)) fail(expression, `Day-of-month: "${item}" is not L, nW or a value`);
    return false;
  });
  return { kind: 'dayOfMonth', days, last, nearestWeekday };
}

function parseDayOfWeek(text: string, expression: string): DayRule {
  const lastOf: number[] = [];
  let nth: { weekday: number; n: number } | null = null;
  let lastDayOfWeek = false;
  if (text.includes('#') && text.includes(',')) fail(expression, 'Day-of-week: with # the field takes one expression only');
  const weekdays = parseList(text, FIELDS.dayOfWeek, expression, (item) => {
    if (item.includes('/')) fail(expression, 'Day-of-week: / is not among its wildcards');
    // L alone is the last day of the week: Saturday.
    if (item === 'L') return (lastDayOfWeek = true);
    const l = /^(\w+)L$/.exec(item);
    if (l) {
      lastOf.push(value(l[1] ?? '', FIELDS.dayOfWeek, expression));
      return true;
    }
    const hash = /^(\w+)#(\d)$/.exec(item);
    if (hash) {
      const n = Number(hash[2]);
      if (n < 1 || n > 5) fail(expression, `Day-of-week: "${item}": a month has at most five of a weekday`);
      nth = { weekday: value(hash[1] ?? '', FIELDS.dayOfWeek, expression), n };
      return true;
    }
    if (/[L#W?]/.test(item.toUpperCase().replace(/SUN|MON|TUE|WED|THU|FRI|SAT/g, '0'))) fail(expression, `Day-of-week: "${item}" is not L, nL, n#k or a value`);
    return false;
  });
  if (lastDayOfWeek) weekdays.add(7);
  return { kind: 'dayOfWeek', weekdays, lastOf, nth };
}

/** Parses the inside of `cron(...)`; throws CronExpressionError with what is wrong. */
export function parseCron(expression: string): CronSchedule {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 6) fail(expression, `it has ${fields.length} fields, not the six Minutes Hours Day-of-month Month Day-of-week Year`);
  const [minutes = '', hours = '', dayOfMonth = '', month = '', dayOfWeek = '', year = ''] = fields;
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) fail(expression, 'exactly one of Day-of-month and Day-of-week must be ?');
  for (const [text, spec] of [
    [minutes, FIELDS.minutes],
    [hours, FIELDS.hours],
    [month, FIELDS.month],
    [year, FIELDS.year],
  ] as Array<[string, FieldSpec]>) {
    if (/[?LW#]/i.test(text.replace(/[A-Z]{3}/gi, (m) => (spec.names?.includes(m.toUpperCase()) ? '0' : m)))) fail(expression, `${spec.name}: only , - * / are allowed`);
  }
  return {
    expression,
    minutes: parseList(minutes, FIELDS.minutes, expression),
    hours: parseList(hours, FIELDS.hours, expression),
    months: parseList(month, FIELDS.month, expression),
    years: parseList(year, FIELDS.year, expression),
    day: dayOfMonth === '?' ? parseDayOfWeek(dayOfWeek, expression) : parseDayOfMonth(dayOfMonth, expression),
  };
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 1 (Sunday) to 7 (Saturday), as the Day-of-week field counts. */
function weekdayOf(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
}

/** The weekday nearest to `day` within its month (Quartz's W, which the guide's "3W" describes). */
function nearestWeekday(year: number, month: number, day: number): number {
  const last = daysIn(year, month);
  const target = Math.min(day, last);
  const weekday = weekdayOf(year, month, target);
  if (weekday === 7) return target === 1 ? target + 2 : target - 1;
  if (weekday === 1) return target === last ? target - 2 : target + 1;
  return target;
}

function dayMatches(rule: DayRule, year: number, month: number, day: number): boolean {
  const last = daysIn(year, month);
  if (rule.kind === 'dayOfMonth') {
    if (rule.days.has(day) || (rule.last && day === last)) return true;
    return rule.nearestWeekday.some((d) => nearestWeekday(year, month, d) === day);
  }
  const weekday = weekdayOf(year, month, day);
  if (rule.weekdays.has(weekday)) return true;
  if (rule.lastOf.includes(weekday) && day + 7 > last) return true;
  return rule.nth !== null && rule.nth.weekday === weekday && Math.ceil(day / 7) === rule.nth.n;
}

const MINUTE = 60_000;

/**
 * The first time strictly after `afterMs` the schedule fires (whole minutes, UTC), or null when it
 * never fires again (its years are past, or it names a day no month has, like 31 in February only).
 */
export function nextCronTime(schedule: CronSchedule, afterMs: number): number | null {
  const start = new Date(Math.floor(afterMs / MINUTE) * MINUTE + MINUTE);
  const minutes = [...schedule.minutes].sort((a, b) => a - b);
  const hours = [...schedule.hours].sort((a, b) => a - b);
  let year = start.getUTCFullYear();
  let month = start.getUTCMonth() + 1;
  let day = start.getUTCDate();
  let fromMinute = start.getUTCHours() * 60 + start.getUTCMinutes();
  for (; year <= FIELDS.year.max; year += 1, month = 1, day = 1, fromMinute = 0) {
    if (!schedule.years.has(year)) continue;
    for (; month <= 12; month += 1, day = 1, fromMinute = 0) {
      if (!schedule.months.has(month)) continue;
      for (const last = daysIn(year, month); day <= last; day += 1, fromMinute = 0) {
        if (!dayMatches(schedule.day, year, month, day)) continue;
        for (const hour of hours) {
          for (const minute of minutes) {
            if (hour * 60 + minute >= fromMinute) return Date.UTC(year, month - 1, day, hour, minute);
          }
        }
      }
    }
  }
  return null;
}
