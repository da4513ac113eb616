import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../test/appsync-js/support';

// Expected values are the AppSync developer guide's own examples ("Time helpers in $util.time").
const EPOCH_MILLIS = 1517943695758;

describe('util.time', () => {
  it('converts epoch milliseconds to seconds as the guide shows', async () => {
    expect(await evaluate(`util.time.epochMilliSecondsToSeconds(${EPOCH_MILLIS})`)).toBe(1517943695);
  });

  it('converts epoch milliseconds to ISO 8601 as the guide shows', async () => {
    expect(await evaluate(`util.time.epochMilliSecondsToISO8601(${EPOCH_MILLIS})`)).toBe('2018-02-06T19:01:35.758Z');
  });

  it('formats epoch milliseconds with a Java pattern in UTC', async () => {
    expect(await evaluate(`util.time.epochMilliSecondsToFormatted(${EPOCH_MILLIS}, "yyyy-MM-dd HH:mm:ssZ")`)).toBe('2018-02-06 19:01:35+0000');
  });

  it('formats epoch milliseconds in a fixed offset', async () => {
    expect(await evaluate(`util.time.epochMilliSecondsToFormatted(${EPOCH_MILLIS}, "yyyy-MM-dd HH:mm:ssZ", "+08:00")`)).toBe(
      '2018-02-07 03:01:35+0800',
    );
  });

  it('formats epoch milliseconds in a region time zone', async () => {
    expect(await evaluate(`util.time.epochMilliSecondsToFormatted(${EPOCH_MILLIS}, "yyyy-MM-dd HH:mm:ssZ", "Australia/Perth")`)).toBe(
      '2018-02-07 03:01:35+0800',
    );
  });

  it('follows daylight saving time in a region time zone', async () => {
    const july = Date.UTC(2018, 6, 1, 12, 0, 0);
    expect(await evaluate(`util.time.epochMilliSecondsToFormatted(${july}, "yyyy-MM-dd HH:mm:ssZ", "Europe/Berlin")`)).toBe(
      '2018-07-01 14:00:00+0200',
    );
  });

  it('parses an ISO 8601 timestamp with an offset as the guide shows', async () => {
    expect(await evaluate(`util.time.parseISO8601ToEpochMilliSeconds("2018-02-01T17:21:05.180+08:00")`)).toBe(1517476865180);
  });

  it('parses a formatted timestamp that carries its offset as the guide shows', async () => {
    expect(await evaluate(`util.time.parseFormattedToEpochMilliSeconds("2018-02-02 01:19:22+0800", "yyyy-MM-dd HH:mm:ssZ")`)).toBe(
      1517505562000,
    );
  });

  it('parses a formatted timestamp in the time zone given as the guide shows', async () => {
    expect(
      await evaluate(`util.time.parseFormattedToEpochMilliSeconds("2018-02-02 01:19:22", "yyyy-MM-dd HH:mm:ss", "+08:00")`),
    ).toBe(1517505562000);
  });

  it('moves a local time inside a spring-forward gap later, as java.time does', async () => {
    // 02:30 does not exist in Berlin on 2024-03-31; java.time resolves it to 03:30+02:00.
    expect(
      await evaluate(`util.time.parseFormattedToEpochMilliSeconds("2024-03-31 02:30:00", "yyyy-MM-dd HH:mm:ss", "Europe/Berlin")`),
    ).toBe(Date.UTC(2024, 2, 31, 1, 30, 0));
  });

  it('takes the earlier offset for a local time in an autumn overlap, as java.time does', async () => {
    expect(
      await evaluate(`util.time.parseFormattedToEpochMilliSeconds("2024-10-27 02:30:00", "yyyy-MM-dd HH:mm:ss", "Europe/Berlin")`),
    ).toBe(Date.UTC(2024, 9, 27, 0, 30, 0));
  });

  it('prints the current time in ISO 8601 with milliseconds', async () => {
    expect(await evaluate('util.time.nowISO8601()')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('gives the current time in epoch seconds and milliseconds', async () => {
    const before = Date.now();
    const [seconds, millis] = (await evaluate('[util.time.nowEpochSeconds(), util.time.nowEpochMilliSeconds()]')) as number[];
    expect(millis).toBeGreaterThanOrEqual(before);
    expect(seconds).toBe(Math.floor((millis ?? 0) / 1000));
  });

  it('keeps optional offset sections as the guide shows for AWSDate and AWSDateTime', async () => {
    expect(await evaluate(`util.time.nowFormatted("yyyy-MM-dd[XXX]", "-07:00:30")`)).toMatch(/^\d{4}-\d\d-\d\d-07:00$/);
    expect(await evaluate(`util.time.nowFormatted("yyyy-MM-dd'T'HH:mm:ss[XXXXX]", "-07:00:30")`)).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-07:00:30$/,
    );
  });

  it('reports an unknown time zone as a code error', async () => {
    await expect(evaluate(`util.time.nowFormatted("yyyy", "Mars/Olympus")`)).rejects.toThrow(/Unknown time-zone ID: Mars\/Olympus/);
  });
});
