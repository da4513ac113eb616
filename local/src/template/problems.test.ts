import { describe, expect, it } from 'vitest';
import { formatProblems } from './index';

describe('the one start-up message for what is not served', () => {
  it('is empty when everything serves', () => {
    expect(formatProblems([])).toBe('');
  });

  it('groups unsupported types one line each, then lists what was left out with what to do', () => {
    const text = formatProblems([
      { logicalId: 'QueueA', type: 'AWS::SQS::Queue', message: 'AWS::SQS::Queue is not supported by the local runtime', hint: 'x' },
      { logicalId: 'QueueB', type: 'AWS::SQS::Queue', message: 'AWS::SQS::Queue is not supported by the local runtime', hint: 'x' },
      { logicalId: 'Get', type: 'AWS::AppSync::Resolver', message: 'resolver Query.get is a VTL mapping template', hint: 'Only APPSYNC_JS code runs locally.' },
    ]);
    expect(text.split('\n')).toEqual([
      '3 parts of the template are not served locally; everything else is.',
      '  Resource types the local runtime does not run (what refers to them is left out, or runs without that value):',
      '  - AWS::SQS::Queue: QueueA, QueueB',
      '      Test those parts against AWS, or give the API a local stand-in (local/docs/template.md lists what runs).',
      '  Left out:',
      '  - Get (AWS::AppSync::Resolver): resolver Query.get is a VTL mapping template.',
      '      Only APPSYNC_JS code runs locally.',
    ]);
  });
});
