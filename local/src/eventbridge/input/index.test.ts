import { describe, expect, it } from 'vitest';
import { compileTargetInput, InvalidTargetInputError } from './index';

// The example event of "Amazon EventBridge input transformation" (EventBridge User Guide).
const EVENT = {
  version: '0',
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '123456789012',
  time: '2015-11-11T21:29:54Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111'],
  detail: { 'instance-id': 'i-0123456789', state: 'RUNNING' },
};
const PATHS = { timestamp: '$.time', instance: '$.detail.instance-id', state: '$.detail.state' };
const CONTEXT = { ruleArn: 'arn:aws:events:us-east-2:123456789012:rule/example', ruleName: 'example', ingestionTime: '2015-11-11T21:29:55Z' };

const transform = (inputTemplate: string, inputPathsMap: Record<string, string> = PATHS, event: Record<string, unknown> = EVENT): string =>
  compileTargetInput({ inputTransformer: { inputPathsMap, inputTemplate } })(event, CONTEXT);

describe('no input settings', () => {
  it('passes the whole event as JSON', () => {
    expect(JSON.parse(compileTargetInput(undefined)(EVENT))).toEqual(EVENT);
  });
});

// PutTargets reference, Target.Input: "Valid JSON text passed to the target".
describe('input', () => {
  it('passes the constant text and nothing from the event', () => {
    expect(compileTargetInput({ input: '{"kind": "constant"}' })(EVENT)).toBe('{"kind": "constant"}');
  });

  it('refuses text that is not JSON, when compiled', () => {
    expect(() => compileTargetInput({ input: 'not json' })).toThrow(InvalidTargetInputError);
  });
});

// PutTargets reference, Target.InputPath; the guide's note on the JSONPath syntax it supports.
describe('inputPath', () => {
  it('passes the part of the event the path selects, as JSON', () => {
    expect(JSON.parse(compileTargetInput({ inputPath: '$.detail' })(EVENT))).toEqual(EVENT.detail);
    expect(compileTargetInput({ inputPath: '$.detail.state' })(EVENT)).toBe('"RUNNING"');
    expect(compileTargetInput({ inputPath: '$.resources[0]' })(EVENT)).toBe('"arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"');
    expect(compileTargetInput({ inputPath: "$['detail-type']" })(EVENT)).toBe('"EC2 Instance State-change Notification"');
  });

  it('passes null when the path leads nowhere', () => {
    expect(compileTargetInput({ inputPath: '$.detail.missing' })(EVENT)).toBe('null');
  });

  it('refuses a path that is not one, and one past 256 characters', () => {
    expect(() => compileTargetInput({ inputPath: 'detail' })).toThrow(InvalidTargetInputError);
    expect(() => compileTargetInput({ inputPath: '$..detail' })).toThrow('Invalid JSON path: $..detail');
    expect(() => compileTargetInput({ inputPath: `$.${'a'.repeat(256)}` })).toThrow(/less than or equal to 256/);
  });
});

// "Amazon EventBridge input transformation": the Input transform examples table, and the
// PutTargets reference's InputTransformer.
describe('inputTransformer', () => {
  it('fills a string template in plain text (the "Simple string" and escaped-quotes examples)', () => {
    expect(transform('"instance <instance> is in <state>"')).toBe('"instance i-0123456789 is in RUNNING"');
    expect(transform('"instance \\"<instance>\\" is in <state>"')).toBe('"instance \\"i-0123456789\\" is in RUNNING"');
    expect(transform('<instance> is in state <state>')).toBe('i-0123456789 is in state RUNNING');
  });

  it('quotes string values placed as JSON values, not inside JSON strings (the "Simple JSON" examples)', () => {
    expect(transform('{\n  "instance" : <instance>,\n  "state": <state>\n}')).toBe('{"instance":"i-0123456789","state":"RUNNING"}');
    expect(transform('{\n "instance" : <instance>,\n "state": "<state>",\n "instanceStatus": "instance \\"<instance>\\" is in <state>"\n}')).toBe(
      '{"instance":"i-0123456789","state":"RUNNING","instanceStatus":"instance \\"i-0123456789\\" is in RUNNING"}',
    );
    expect(transform('{\n  "instance" : <instance>,\n  "state": [ 9, <state>, true ],\n  "Transformed" : "Yes"\n}')).toBe(
      '{"instance":"i-0123456789","state":[9,"RUNNING",true],"Transformed":"Yes"}',
    );
  });

  it('fills the reserved variables (the "Including reserved variables" examples)', () => {
    const output = JSON.parse(
      transform('{"instance": <instance>, "ruleArn": <aws.events.rule-arn>, "ruleName": <aws.events.rule-name>, "originalEvent": <aws.events.event>, "at": <aws.events.event.ingestion-time>, "whole": <aws.events.event.json>}'),
    );
    expect(output.ruleArn).toBe(CONTEXT.ruleArn);
    expect(output.ruleName).toBe('example');
    expect(output.at).toBe(CONTEXT.ingestionTime);
    expect(output.originalEvent).toEqual({ ...EVENT, detail: undefined });
    expect(output.originalEvent).not.toHaveProperty('detail');
    expect(output.whole).toEqual(EVENT);
    expect(transform('"<aws.events.rule-name> triggered"')).toBe('"example triggered"');
  });

  it('keeps numbers, booleans and objects as JSON outside quotes, and drops quotes of objects inside', () => {
    const event = { ...EVENT, detail: { count: 3, ok: true, nested: { a: 'b' } } };
    const paths = { count: '$.detail.count', ok: '$.detail.ok', nested: '$.detail.nested' };
    expect(transform('{"count": <count>, "ok": <ok>, "nested": <nested>}', paths, event)).toBe('{"count":3,"ok":true,"nested":{"a":"b"}}');
    expect(transform('{"text": "<count> <ok> <nested>"}', paths, event)).toBe('{"text":"3 true {a:b}"}');
  });

  it('gives null for a path not in the event in JSON, and nothing in text', () => {
    expect(transform('{"missing": <missing>}', { missing: '$.detail.nope' })).toBe('{"missing":null}');
    expect(transform('missing: [<missing>]', { missing: '$.detail.nope' })).toBe('missing: []');
  });

  it('selects lists with wildcards and leaves unknown <tags> as text', () => {
    const event = { ...EVENT, detail: { items: [{ id: 'a' }, { id: 'b' }] } };
    expect(transform('{"ids": <ids>}', { ids: '$.detail.items[*].id' }, event)).toBe('{"ids":["a","b"]}');
    expect(transform('<b>hello</b> <state>')).toBe('<b>hello</b> RUNNING');
  });

  it('refuses what PutTargets refuses, when compiled', () => {
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`v${i}`, '$.id']));
    expect(() => transform('<v0>', many)).toThrow(/less than or equal to 100/);
    expect(() => transform('<a.b>', { 'a.b': '$.id' })).toThrow(InvalidTargetInputError);
    expect(() => transform('{<state>: 1}')).toThrow('cannot be used as an object key');
    expect(() => transform('{"e": "copy of <aws.events.event>"}')).toThrow('can only be used as the value of a JSON field');
    expect(() => transform('<aws.events.event.json>')).toThrow('can only be used as the value of a JSON field');
    expect(() => transform('<state>', { state: 'detail.state' })).toThrow('Invalid JSON path: detail.state');
    expect(() => transform('')).toThrow('InputTemplate is required.');
  });
});
