import { describe, expect, it } from 'vitest';
import { dynamodb } from './dynamodb';

// Expected values are AWS's answers (EvaluateCode, APPSYNC_JS 1.0.0) to the reference page's examples.
const json = (value: unknown): string => JSON.stringify(value);

describe('util.dynamodb', () => {
  it('turns a string into an S attribute', () => {
    expect(json(dynamodb.toDynamoDB('test'))).toBe('{"S":"test"}');
  });

  it('keeps a number a JSON number inside N', () => {
    expect(json(dynamodb.toDynamoDB(12345))).toBe('{"N":12345}');
    expect(json(dynamodb.toNumber(12345))).toBe('{"N":12345}');
  });

  it('turns a boolean into BOOL', () => {
    expect(json(dynamodb.toDynamoDB(true))).toBe('{"BOOL":true}');
    expect(json(dynamodb.toBoolean(true))).toBe('{"BOOL":true}');
  });

  it('turns null into NULL', () => {
    expect(json(dynamodb.toDynamoDB(null))).toBe('{"NULL":null}');
    expect(json(dynamodb.toNull())).toBe('{"NULL":null}');
  });

  it('converts an object into a map whose lists stay lists, never sets', () => {
    expect(json(dynamodb.toDynamoDB({ foo: 'bar', baz: 1234, beep: ['boop'] }))).toBe(
      '{"M":{"foo":{"S":"bar"},"baz":{"N":1234},"beep":{"L":[{"S":"boop"}]}}}',
    );
  });

  it('converts a mixed list element by element', () => {
    expect(json(dynamodb.toList(['foo', 123, { bar: 'baz' }]))).toBe('{"L":[{"S":"foo"},{"N":123},{"M":{"bar":{"S":"baz"}}}]}');
  });

  it('answers toMap with the M wrapper and toMapValues without it', () => {
    const input = { foo: 'bar', baz: 1234, beep: ['boop'] };
    expect(json(dynamodb.toMap(input))).toBe('{"M":{"foo":{"S":"bar"},"baz":{"N":1234},"beep":{"L":[{"S":"boop"}]}}}');
    expect(json(dynamodb.toMapValues(input))).toBe('{"foo":{"S":"bar"},"baz":{"N":1234},"beep":{"L":[{"S":"boop"}]}}');
  });

  it('builds sets only when asked, numbers staying numbers', () => {
    expect(json(dynamodb.toStringSet(['foo', 'bar', 'baz']))).toBe('{"SS":["foo","bar","baz"]}');
    expect(json(dynamodb.toNumberSet([1, 23, 4.56]))).toBe('{"NS":[1,23,4.56]}');
    expect(json(dynamodb.toBinarySet(['foo', 'bar', 'baz']))).toBe('{"BS":["foo","bar","baz"]}');
  });

  it('passes binary data through as its base64 text', () => {
    expect(json(dynamodb.toBinary('foo'))).toBe('{"B":"foo"}');
  });

  it('answers null for a missing value instead of an attribute', () => {
    expect(dynamodb.toString(null)).toBeNull();
    expect(dynamodb.toNumber(undefined)).toBeNull();
    expect(dynamodb.toStringSet(null)).toBeNull();
    expect(dynamodb.toList('not a list')).toBeNull();
    expect(dynamodb.toMapValues(null)).toBeNull();
  });

  it('leaves undefined properties out of a map', () => {
    expect(json(dynamodb.toMapValues({ a: 1, b: undefined }))).toBe('{"a":{"N":1}}');
  });

  it('serialises an S3 pointer compactly, with the version only when given', () => {
    expect(json(dynamodb.toS3Object('foo', 'bar', 'baz'))).toBe('{"S":"{\\"s3\\":{\\"key\\":\\"foo\\",\\"bucket\\":\\"bar\\",\\"region\\":\\"baz\\"}}"}');
    expect(dynamodb.toS3Object('foo', 'bar', 'baz', 'beep')).toEqual({
      S: '{"s3":{"key":"foo","bucket":"bar","region":"baz","version":"beep"}}',
    });
  });

  it('reads an S3 pointer back into its key, bucket, region and version', () => {
    const stored = dynamodb.toS3Object('foo', 'bar', 'baz', 'beep').S;
    expect(dynamodb.fromS3ObjectJson(stored)).toEqual({ key: 'foo', bucket: 'bar', region: 'baz', version: 'beep' });
    expect(dynamodb.fromS3ObjectJson('not json')).toBeNull();
  });
});
