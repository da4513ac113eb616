import { describe, expect, it } from 'vitest';
import { InvalidEventPatternError } from './index';
import { testEventPattern, TestEventPatternValidationError } from './test-event-pattern';

// API reference, TestEventPattern: the event's mandatory envelope fields and the 4,096 limit.
describe('testEventPattern', () => {
  const event = { id: '1', account: '111111111111', source: 'aws.ec2', time: '2017-10-02T16:24:49Z', region: 'us-east-1', 'detail-type': 'x' };

  it('answers whether the event matches', () => {
    expect(testEventPattern('{"source": ["aws.ec2"]}', JSON.stringify(event))).toBe(true);
    expect(testEventPattern('{"source": ["aws.s3"]}', JSON.stringify(event))).toBe(false);
  });

  it('refuses an event that is not JSON, not an object, or lacks an envelope field', () => {
    for (const text of ['not json', '[]', JSON.stringify({ ...event, id: undefined })]) {
      expect(() => testEventPattern('{"source": ["aws.ec2"]}', text)).toThrow(new TestEventPatternValidationError('Parameter Event is not valid.'));
    }
  });

  it('refuses the pattern before the event: too long is a ValidationException, invalid an InvalidEventPatternException', () => {
    expect(() => testEventPattern(JSON.stringify({ s: ['x'.repeat(4096)] }), 'not json')).toThrow(TestEventPatternValidationError);
    expect(() => testEventPattern('{"s": "x"}', 'not json')).toThrow(InvalidEventPatternError);
  });
});
