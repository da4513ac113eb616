import { parseValue } from 'graphql';
import { describe, expect, it } from 'vitest';
import { AWSDate, AWSDateTime, AWSEmail, AWSIPAddress, AWSJSON, AWSPhone, AWSTime, AWSTimestamp, AWSURL, ScalarSerializationError } from './scalars';

const accepts = (scalar: { parseValue(v: unknown): unknown }, value: unknown) => expect(() => scalar.parseValue(value)).not.toThrow();
const rejects = (scalar: { parseValue(v: unknown): unknown }, value: unknown) => expect(() => scalar.parseValue(value)).toThrow(/^Unable to parse `.*` as a valid /);

describe("AppSync's scalars", () => {
  it('AWSDate takes YYYY-MM-DD with an optional offset and rejects impossible dates', () => {
    for (const ok of ['1970-01-01', '1970-01-01Z', '1970-01-01-07:00', '1970-01-01+05:30', '2024-02-29']) accepts(AWSDate, ok);
    for (const bad of ['1970-1-1', '2023-02-29', '1970-13-01', '19700101', 'tomorrow', 20240101]) rejects(AWSDate, bad);
  });

  it('AWSTime takes hh:mm with optional seconds, fraction and offset', () => {
    for (const ok of ['12:00', '12:00:00', '12:00:00.123', '12:00:00Z', '23:59:59.999-08:00']) accepts(AWSTime, ok);
    for (const bad of ['24:00', '12', '12:60', 'noon']) rejects(AWSTime, bad);
  });

  it('AWSDateTime requires an offset, which may carry seconds', () => {
    for (const ok of ['1930-01-01T16:00:00Z', '1970-01-01T12:00:00.2-07:00', '1970-01-01T12:00-07:00:01', '2018-02-06T19:01:35.749Z']) accepts(AWSDateTime, ok);
    for (const bad of ['1970-01-01T12:00:00', '1970-01-01 12:00:00Z', '2023-02-30T00:00:00Z']) rejects(AWSDateTime, bad);
  });

  it('AWSTimestamp is an integer number of seconds', () => {
    expect(AWSTimestamp.parseValue(1700000000)).toBe(1700000000);
    rejects(AWSTimestamp, 1.5);
    rejects(AWSTimestamp, '1700000000');
  });

  it('AWSEmail, AWSPhone, AWSURL and AWSIPAddress validate their formats', () => {
    accepts(AWSEmail, 'john@example.com');
    rejects(AWSEmail, 'john@');
    accepts(AWSPhone, '+1 555 123 4567');
    accepts(AWSPhone, '555-123-4567');
    rejects(AWSPhone, 'call me');
    accepts(AWSURL, 'https://www.amazon.com/dp/B000NZW3KC/');
    accepts(AWSURL, 'mailto:example@example.com');
    rejects(AWSURL, 'www.amazon.com');
    rejects(AWSURL, 'https://example.com/a//b');
    accepts(AWSIPAddress, '127.0.0.1');
    accepts(AWSIPAddress, '10.0.0.0/8');
    accepts(AWSIPAddress, '::1');
    rejects(AWSIPAddress, '10.0.0.0/33');
    rejects(AWSIPAddress, '999.0.0.1');
  });

  it('AWSJSON arrives parsed in resolvers and leaves as a string', () => {
    expect(AWSJSON.parseValue('{"a":[1,2]}')).toEqual({ a: [1, 2] });
    expect(AWSJSON.serialize({ a: 1 })).toBe('{"a":1}');
    expect(AWSJSON.serialize('{"a":1}')).toBe('{"a":1}');
    rejects(AWSJSON, '{not json');
  });

  it('AWSJSON takes a literal only as a string of JSON, as AppSync does', () => {
    expect(AWSJSON.parseLiteral(parseValue('"{\\"a\\":1}"'), undefined)).toEqual({ a: 1 });
    expect(() => AWSJSON.parseLiteral(parseValue('{a: 1}'), undefined)).toThrow();
    expect(() => AWSJSON.parseLiteral(parseValue('"{a: 1}"'), undefined)).toThrow();
  });

  it('words parse and serialise failures as AppSync’s coercing does', () => {
    expect(() => AWSDateTime.parseValue('2019')).toThrow('Unable to parse `2019` as a valid DateTime Object.');
    expect(() => AWSDate.parseValue('2019-12-24T04:15:57.798Z')).toThrow('Unable to parse `2019-12-24T04:15:57.798Z` as a valid date.');
    expect(() => AWSDateTime.serialize('2020-05-23T06:4:37.000Z')).toThrow(ScalarSerializationError);
    expect(() => AWSDateTime.serialize('2020-05-23T06:4:37.000Z')).toThrow('Unable to serialize `2020-05-23T06:4:37.000Z` as a valid DateTime Object.');
  });
});
