import { describe, expect, it } from 'vitest';
import { compileEventPattern, InvalidEventPatternError } from './index';
import { EC2_EVENT, matches, reason, refusal } from './test-support';

// EventBridge User Guide, "Event pattern syntax" and "Arrays in Amazon EventBridge event patterns".
describe('arrays', () => {
  it('matches when the pattern list and the event array intersect (the guide’s resources example)', () => {
    const pattern = {
      resources: [
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
      ],
    };
    const event = {
      resources: [
        'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate',
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
      ],
    };
    expect(matches(pattern, event)).toBe(true);
    expect(matches(pattern, { resources: ['arn:aws:ec2:us-east-1:999999999999:instance/i-b188560f'] })).toBe(false);
  });

  it('matches nested fields within one array element, never across elements (Ruler’s employees example)', () => {
    const event = {
      employees: [
        { firstName: 'John', lastName: 'Doe' },
        { firstName: 'Anna', lastName: 'Smith' },
        { firstName: 'Peter', lastName: 'Jones' },
      ],
    };
    expect(matches({ employees: { firstName: ['Anna'] } }, event)).toBe(true);
    expect(matches({ employees: { firstName: ['Anna'], lastName: ['Smith'] } }, event)).toBe(true);
    expect(matches({ employees: { firstName: ['Anna'], lastName: ['Jones'] } }, event)).toBe(false);
    expect(matches({ employees: { firstName: ['Peter'] } }, { employees: [[{ firstName: 'John' }], [{ firstName: 'Peter' }]] })).toBe(true);
  });

  it('does not match a nested pattern against an array of plain values', () => {
    expect(matches({ a: { b: ['x'] } }, { a: ['x'] })).toBe(false);
  });
});

// EventBridge User Guide, "Event pattern syntax": the event must have every field, nested alike.
describe('nested objects', () => {
  it('matches fields at their nesting and ignores fields the pattern does not name', () => {
    expect(matches({ detail: { state: ['running'] } }, EC2_EVENT)).toBe(true);
    expect(matches({ state: ['running'] }, EC2_EVENT)).toBe(false);
    expect(matches({ detail: { state: { name: ['running'] } } }, EC2_EVENT)).toBe(false);
  });

  it('refuses a field that is neither an object nor an array, naming it (the "slug" error)', () => {
    expect(refusal({ 'detail-type': ['Build Started'], detail: { pipeline: { slug: 'some-pipeline' } } })).toBe(
      reason('"slug" must be an object or an array'),
    );
    expect(refusal({ source: ['aws.health'], detail: {} })).toBe(reason('Empty objects are not allowed'));
    expect(refusal({ source: [] })).toBe(reason('Empty arrays are not allowed'));
    expect(refusal(['aws.ec2'])).toBe(reason('Filter is not an object'));
    expect(refusal({ s: [{}] })).toBe(reason('Match expression name not found'));
    expect(refusal({ s: [{ contains: 'x' }] })).toBe(reason('Unrecognized match type contains'));
  });

  it('leaves out keys whose value is undefined, as the JSON sent to AWS would', () => {
    expect(matches({ source: ['aws.ec2'], detail: undefined }, EC2_EVENT)).toBe(true);
    expect(refusal({ detail: { state: undefined } })).toBe(reason('Empty objects are not allowed'));
  });

  it('does not treat inherited properties of the event as fields', () => {
    expect(matches({ constructor: [{ exists: true }] }, {})).toBe(false);
    expect(matches({ toString: [{ exists: false }] }, {})).toBe(true);
  });
});

// EventBridge User Guide, "Comparison operators": Or ("$or"); aws/event-ruler README, "The $or Primitive".
describe('$or', () => {
  const cloudwatch = { source: 'aws.cloudwatch', metricName: 'CPUUtilization', namespace: 'AWS/EC2', metricType: 'MetricType' };

  it('matches if any alternative does, ANDed with the other fields (the guide’s Location/Day example)', () => {
    const pattern = { $or: [{ Location: ['New York'] }, { Day: ['Monday'] }] };
    expect(matches(pattern, { Location: 'Boston', Day: 'Monday' })).toBe(true);
    expect(matches(pattern, { Location: 'Boston', Day: 'Tuesday' })).toBe(false);
    const withSource = { source: ['aws.cloudwatch'], $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/ES'] }] };
    expect(matches(withSource, cloudwatch)).toBe(true);
    expect(matches(withSource, { ...cloudwatch, source: 'aws.ec2' })).toBe(false);
  });

  it('nests: an alternative may hold its own $or, and $or may sit inside an object (Ruler’s examples)', () => {
    const nested = {
      source: ['aws.cloudwatch'],
      $or: [
        { metricName: ['ReadLatency'] },
        { metricType: ['MetricType'], namespace: ['AWS/EC2', 'AWS/ES'], $or: [{ metricId: [1234] }, { spaceId: [1000] }] },
        { scope: ['Service'] },
      ],
    };
    expect(matches(nested, { ...cloudwatch, spaceId: 1000 })).toBe(true);
    expect(matches(nested, { ...cloudwatch, spaceId: 999 })).toBe(false);
    const parallel = {
      $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/ES'] }],
      detail: { $or: [{ source: ['aws.cloudwatch'] }, { 'detail-type': ['CloudWatch Alarm State Change'] }] },
    };
    expect(matches(parallel, { ...cloudwatch, detail: { 'detail-type': 'CloudWatch Alarm State Change' } })).toBe(true);
    expect(matches(parallel, { ...cloudwatch, detail: { source: 'aws.ec2' } })).toBe(false);
  });

  it('refuses fewer than two alternatives, non-objects, and Ruler keywords as field names inside', () => {
    expect(refusal({ $or: [{ a: ['x'] }] })).toBe(reason('There must have at least 2 Objects in $or relationship.'));
    expect(refusal({ $or: { a: ['x'] } })).toBe(reason('It must be an Array followed with $or.'));
    expect(refusal({ $or: [{ a: ['x'] }, 'b'] })).toBe(reason('Only JSON object is allowed in array of $or relationship.'));
    expect(refusal({ $or: [{ numeric: [123] }, { prefix: ['abc'] }] })).toBe(reason('numeric is Ruler reserved fieldName which cannot be used inside $or.'));
    expect(refusal({ $or: [{ a: { exists: [true] } }, { b: ['x'] }] })).toBe(reason('exists is Ruler reserved fieldName which cannot be used inside $or.'));
  });

  it('accepts Ruler keywords as field names outside $or', () => {
    expect(matches({ prefix: ['x'] }, { prefix: 'x' })).toBe(true);
  });
});

describe('compileEventPattern', () => {
  it('accepts JSON text and keeps the parsed pattern as source', () => {
    const compiled = compileEventPattern('{"source": ["aws.ec2"]}');
    expect(compiled.source).toEqual({ source: ['aws.ec2'] });
    expect(compiled.matches(EC2_EVENT)).toBe(true);
  });

  it('throws a typed InvalidEventPatternException for text that is not JSON', () => {
    const attempt = (): unknown => compileEventPattern('{"source": [');
    expect(attempt).toThrow(InvalidEventPatternError);
    expect(attempt).toThrow(/^Event pattern is not valid\. Reason: /);
    try {
      attempt();
    } catch (error) {
      expect((error as Error).name).toBe('InvalidEventPatternException');
    }
  });

  it('matches an event that is not an object only through exists: false', () => {
    expect(compileEventPattern({ a: [{ exists: false }] }).matches(null)).toBe(true);
    expect(compileEventPattern({ a: ['x'] }).matches('x')).toBe(false);
  });
});
