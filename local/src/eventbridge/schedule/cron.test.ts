import { describe, expect, it } from 'vitest';
import { CronExpressionError, nextCronTime, parseCron } from './cron';

/** The next `count` firings after `from`, as ISO strings. */
function firings(expression: string, from: string, count = 3): string[] {
  const schedule = parseCron(expression);
  const out: string[] = [];
  let at = Date.parse(from);
  for (let i = 0; i < count; i += 1) {
    const next = nextCronTime(schedule, at);
    if (next === null) break;
    out.push(new Date(next).toISOString().replace('.000Z', 'Z'));
    at = next;
  }
  return out;
}

// 2026-12-02 is a Wednesday.
const WEDNESDAY_1023 = '2026-12-02T10:23:00Z';

describe("cron(): the EventBridge user guide's examples (eb-cron-expressions.html), in UTC", () => {
  it('0 10 * * ? *: 10:00 every day', () => {
    expect(firings('0 10 * * ? *', WEDNESDAY_1023)).toEqual(['2026-12-03T10:00:00Z', '2026-12-04T10:00:00Z', '2026-12-05T10:00:00Z']);
  });
  it('15 12 * * ? *: 12:15 every day', () => {
    expect(firings('15 12 * * ? *', WEDNESDAY_1023)).toEqual(['2026-12-02T12:15:00Z', '2026-12-03T12:15:00Z', '2026-12-04T12:15:00Z']);
  });
  it('0 18 ? * MON-FRI *: 18:00 Monday to Friday', () => {
    expect(firings('0 18 ? * MON-FRI *', WEDNESDAY_1023, 4)).toEqual(['2026-12-02T18:00:00Z', '2026-12-03T18:00:00Z', '2026-12-04T18:00:00Z', '2026-12-07T18:00:00Z']);
  });
  it('0 8 1 * ? *: 8:00 on the first day of every month', () => {
    expect(firings('0 8 1 * ? *', WEDNESDAY_1023)).toEqual(['2027-01-01T08:00:00Z', '2027-02-01T08:00:00Z', '2027-03-01T08:00:00Z']);
  });
  it('0/15 * * * ? *: every 15 minutes', () => {
    expect(firings('0/15 * * * ? *', WEDNESDAY_1023)).toEqual(['2026-12-02T10:30:00Z', '2026-12-02T10:45:00Z', '2026-12-02T11:00:00Z']);
  });
  it('0/10 * ? * MON-FRI *: every 10 minutes Monday to Friday (not into the weekend)', () => {
    expect(firings('0/10 * ? * MON-FRI *', '2026-12-04T23:45:00Z', 2)).toEqual(['2026-12-04T23:50:00Z', '2026-12-07T00:00:00Z']);
  });
  it('0/5 8-17 ? * MON-FRI *: every 5 minutes from 8:00 to 17:55, Monday to Friday', () => {
    expect(firings('0/5 8-17 ? * MON-FRI *', '2026-12-02T17:50:00Z', 2)).toEqual(['2026-12-02T17:55:00Z', '2026-12-03T08:00:00Z']);
  });
  it('0 9 ? * 2#1 *: 9:00 on the first Monday of each month', () => {
    expect(firings('0 9 ? * 2#1 *', WEDNESDAY_1023)).toEqual(['2026-12-07T09:00:00Z', '2027-01-04T09:00:00Z', '2027-02-01T09:00:00Z']);
  });
});

describe('cron(): each wildcard', () => {
  it(', adds values; JAN-DEC and SUN-SAT name them', () => {
    expect(firings('0 0 1 JAN,MAR ? *', WEDNESDAY_1023)).toEqual(['2027-01-01T00:00:00Z', '2027-03-01T00:00:00Z', '2028-01-01T00:00:00Z']);
    expect(firings('30 6 ? * SUN,7 *', WEDNESDAY_1023)).toEqual(['2026-12-05T06:30:00Z', '2026-12-06T06:30:00Z', '2026-12-12T06:30:00Z']);
  });
  it('1/10 is the 1st, 11th, 21st... minute (the guide’s example of /)', () => {
    expect(firings('1/10 * * * ? *', '2026-12-02T10:00:00Z', 6)).toEqual([
      '2026-12-02T10:01:00Z',
      '2026-12-02T10:11:00Z',
      '2026-12-02T10:21:00Z',
      '2026-12-02T10:31:00Z',
      '2026-12-02T10:41:00Z',
      '2026-12-02T10:51:00Z',
    ]);
  });
  it('a-b/n steps within the range', () => {
    expect(firings('0 9-17/4 * * ? *', WEDNESDAY_1023)).toEqual(['2026-12-02T13:00:00Z', '2026-12-02T17:00:00Z', '2026-12-03T09:00:00Z']);
  });
  it('L in Day-of-month is the last day of the month (February of a leap year too)', () => {
    expect(firings('0 0 L * ? *', '2028-01-15T00:00:00Z')).toEqual(['2028-01-31T00:00:00Z', '2028-02-29T00:00:00Z', '2028-03-31T00:00:00Z']);
  });
  it('nW is the weekday nearest day n, within the month', () => {
    // 2027-01-03 is a Sunday: Monday the 4th. 2027-05-01 is a Saturday: not April 30 but Monday the 3rd.
    expect(firings('0 0 3W * ? *', WEDNESDAY_1023)).toEqual(['2026-12-03T00:00:00Z', '2027-01-04T00:00:00Z', '2027-02-03T00:00:00Z']);
    expect(firings('0 0 1W 5 ? *', WEDNESDAY_1023, 1)).toEqual(['2027-05-03T00:00:00Z']);
  });
  it('L in Day-of-week is Saturday; 6L is the last Friday of the month', () => {
    expect(firings('0 0 ? * L *', WEDNESDAY_1023, 2)).toEqual(['2026-12-05T00:00:00Z', '2026-12-12T00:00:00Z']);
    expect(firings('0 0 ? * 6L *', WEDNESDAY_1023)).toEqual(['2026-12-25T00:00:00Z', '2027-01-29T00:00:00Z', '2027-02-26T00:00:00Z']);
  });
  it('the Year field bounds the schedule; past its years it never fires', () => {
    expect(firings('0 12 25 12 ? 2026-2027', WEDNESDAY_1023, 5)).toEqual(['2026-12-25T12:00:00Z', '2027-12-25T12:00:00Z']);
    expect(firings('0 0 30 2 ? *', WEDNESDAY_1023)).toEqual([]);
  });
  it('fires strictly after the given time, on whole minutes', () => {
    expect(firings('23 10 * * ? *', '2026-12-02T10:23:00Z', 1)).toEqual(['2026-12-03T10:23:00Z']);
    expect(firings('* * * * ? *', '2026-12-02T10:23:30.500Z', 1)).toEqual(['2026-12-02T10:24:00Z']);
  });
});

describe('cron(): what the guide refuses', () => {
  it.each([
    ['0 10 * * *', /five fields|5 fields/],
    ['0 10 * * * *', /exactly one of Day-of-month and Day-of-week/],
    ['0 10 ? * ? *', /exactly one of Day-of-month and Day-of-week/],
    ['60 10 * * ? *', /Minutes: 60 is outside 0-59/],
    ['0 24 * * ? *', /Hours: 24/],
    ['0 0 32 * ? *', /Day-of-month: 32/],
    ['0 0 ? 13 MON *', /Month: 13/],
    ['0 0 ? * 8 *', /Day-of-week: 8/],
    ['0 0 1 * ? 2200', /Year: 2200/],
    ['0 0 ? * 3#1,6#3 *', /one expression only/],
    ['0 0 ? * MON/2 *', /not among its wildcards/],
    ['0 L * * ? *', /Hours: only , - \* \/ are allowed/],
    ['0 0 ? * FRI-MON *', /runs backwards/],
    ['0/0 * * * ? *', /positive increment/],
  ])('%s', (expression, message) => {
    expect(() => parseCron(expression)).toThrow(CronExpressionError);
    expect(() => parseCron(expression)).toThrow(message);
  });
});
