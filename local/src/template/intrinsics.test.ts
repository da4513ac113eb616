import { describe, expect, it } from 'vitest';
import { TemplateContext } from './context';
import { Unresolved } from './intrinsics';
import { parseTemplate } from './parse';

function contextFor(yaml: string): TemplateContext {
  const ctx = new TemplateContext(parseTemplate(yaml), { stackName: 'demo', region: 'local', templateDir: '.', assetsDir: '.' });
  ctx.physical.set('Table', { ref: 'demo-Table', attributes: { Arn: 'arn:aws:dynamodb:local:000000000000:table/demo-Table' } });
  return ctx;
}

const TEMPLATE = `
Parameters:
  Stage: { Type: String, Default: dev }
  Secret: { Type: String }
Conditions:
  IsDev: !Equals [!Ref Stage, dev]
Resources:
  Table: { Type: AWS::DynamoDB::Table }
  Queue: { Type: AWS::SQS::Queue }
  Thing:
    Type: Demo::Thing
    Properties:
      name: !Sub '\${AWS::StackName}-\${Stage}'
      literal: !Sub 'keep \${!Literal}'
      arn: !GetAtt Table.Arn
      joined: !Join [':', [!Ref Table, !Select [0, !Split [',', 'a,b']]]]
      chosen: !If [IsDev, small, large]
      dropped: !If [IsDev, !Ref AWS::NoValue, kept]
      list: [one, !Ref AWS::NoValue, two]
      vars: !Sub ['\${x}/\${Table}', { x: !Ref AWS::Region }]
`;

describe('CloudFormation intrinsics against local values', () => {
  it('reads the short forms and resolves Ref, GetAtt, Sub, Join, Select, Split, If and AWS::NoValue', () => {
    const ctx = contextFor(TEMPLATE);
    const thing = ctx.template.Resources.Thing;
    expect(thing && ctx.properties(thing)).toEqual({
      name: 'demo-dev',
      literal: 'keep ${Literal}',
      arn: 'arn:aws:dynamodb:local:000000000000:table/demo-Table',
      joined: 'demo-Table:a',
      chosen: 'small',
      list: ['one', 'two'],
      vars: 'local/demo-Table',
    });
  });

  it('takes a parameter given on the command line over its default', () => {
    const ctx = new TemplateContext(parseTemplate(TEMPLATE), { stackName: 'demo', region: 'local', templateDir: '.', assetsDir: '.', parameters: { Stage: 'prod' } });
    expect(ctx.ref('Stage')).toBe('prod');
    expect(ctx.condition('IsDev')).toBe(false);
  });

  it('names what it cannot resolve and what to do', () => {
    const ctx = contextFor(TEMPLATE);
    expect(() => ctx.ref('Secret')).toThrow('parameter Secret has no Default');
    try {
      ctx.ref('Secret');
    } catch (error) {
      expect(error instanceof Unresolved && error.hint).toBe('Give it a Default, or pass --parameter Secret=<value>.');
    }
    expect(() => ctx.getAtt('Queue', 'Arn')).toThrow('Fn::GetAtt Queue.Arn: Queue (AWS::SQS::Queue) is not running locally');
    expect(() => ctx.getAtt('Table', 'StreamArn')).toThrow('the local AWS::DynamoDB::Table has no attribute StreamArn');
    const imported = contextFor('Resources:\n  X:\n    Type: Demo::X\n    Properties:\n      v: !ImportValue shared-vpc\n');
    const x = imported.template.Resources.X;
    expect(() => x && imported.properties(x)).toThrow(/Fn::ImportValue/);
  });

  it('reads JSON templates with the same parser', () => {
    const ctx = contextFor('{"Resources": {"Table": {"Type": "AWS::DynamoDB::Table"}, "T": {"Type": "X", "Properties": {"n": {"Fn::Sub": "${Table}!"}}}}}');
    const t = ctx.template.Resources.T;
    expect(t && ctx.properties(t)).toEqual({ n: 'demo-Table!' });
  });
});
