import { arn, type TemplateContext } from '../context';

/**
 * Resource types whose work is AWS's own and that an API needs nothing of locally: permissions
 * (the local services do not enforce IAM), logging, alarms, dashboards, the firewall. They get a
 * Ref and an Arn so what names them still resolves, and are listed once as skipped.
 */
export const AWS_SIDE_ONLY = new Set([
  'AWS::CDK::Metadata',
  'AWS::IAM::Role',
  'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy',
  'AWS::Lambda::Permission',
  'AWS::SQS::QueuePolicy',
  'AWS::Logs::LogGroup',
  'AWS::Logs::LogStream',
  'AWS::CloudWatch::Alarm',
  'AWS::CloudWatch::Dashboard',
  'AWS::WAFv2::WebACL',
  'AWS::WAFv2::WebACLAssociation',
  'AWS::AppSync::DomainName',
  'AWS::AppSync::DomainNameApiAssociation',
  'Custom::LogRetention',
]);

const ARN_SERVICE: Record<string, string> = { IAM: 'iam', Lambda: 'lambda', Logs: 'logs', CloudWatch: 'cloudwatch', WAFv2: 'wafv2', AppSync: 'appsync', SQS: 'sqs' };

/** Registers the AWS-side-only resources; returns how many of each type were skipped. */
export function registerAwsSideOnly(ctx: TemplateContext): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [logicalId, resource] of ctx.resourcesOf(...AWS_SIDE_ONLY)) {
    counts[resource.Type] = (counts[resource.Type] ?? 0) + 1;
    const service = ARN_SERVICE[resource.Type.split('::')[1] ?? ''] ?? 'local';
    const name = `${ctx.options.stackName}-${logicalId}`;
    const resourceArn = service === 'iam' ? `arn:aws:iam::000000000000:role/${name}` : arn(service, ctx.options.region, name);
    ctx.physical.set(logicalId, { ref: name, attributes: { Arn: resourceArn, RoleId: name, Id: name } });
  }
  return counts;
}

/** Every resource of a type no part of the loader handles: one problem each, with what to do. */
export function reportUnsupported(ctx: TemplateContext, handled: ReadonlySet<string>): void {
  for (const [logicalId, resource] of Object.entries(ctx.template.Resources)) {
    if (handled.has(resource.Type) || AWS_SIDE_ONLY.has(resource.Type)) continue;
    const hint = 'It does not run locally; what refers to it is left out. Point the API at a local stand-in, or leave that part untested locally.';
    ctx.problem(logicalId, resource.Type, `${resource.Type} is not supported by the local runtime`, hint);
  }
}
