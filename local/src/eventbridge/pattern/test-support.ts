/** Helpers for the operator tests: each example is a pattern, and events it does or does not match. */
import { compileEventPattern, InvalidEventPatternError } from './index';

export function matches(pattern: unknown, event: unknown): boolean {
  return compileEventPattern(pattern).matches(event);
}

/** The InvalidEventPatternException message a pattern is refused with (fails if it is accepted). */
export function refusal(pattern: unknown): string {
  try {
    compileEventPattern(pattern);
  } catch (error) {
    if (error instanceof InvalidEventPatternError) return error.message;
    throw error;
  }
  throw new Error(`pattern was accepted: ${JSON.stringify(pattern)}`);
}

export const reason = (text: string): string => `Event pattern is not valid. Reason: ${text}`;

/** The sample event of aws/event-ruler's README ("Ruler by Example"), used by the guide too. */
export const EC2_EVENT = {
  version: '0',
  id: 'ddddd4-aaaa-7777-4444-345dd43cc333',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '012345679012',
  time: '2017-10-02T16:24:49Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000'],
  detail: {
    'c-count': 5,
    'd-count': 3,
    'x-limit': 301.8,
    'source-ip': '10.0.0.33',
    'instance-id': 'i-000000aaaaaa00000',
    state: 'running',
  },
};

/** EC2_EVENT with some detail fields replaced. */
export function withDetail(detail: Record<string, unknown>): Record<string, unknown> {
  return { ...EC2_EVENT, detail: { ...EC2_EVENT.detail, ...detail } };
}
