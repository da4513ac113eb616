import type { EventsDefinition } from '../../project/event-definitions';
import { queueUrl } from '../../sqs';
import { arn, type TemplateContext } from '../context';
import { Unresolved } from '../intrinsics';
import { ACCOUNT, lastName, registerArchives, registerDeliveryStreams, ruleTarget, scheduleOf, type TargetContext } from './event-targets';

/**
 * The template's event-driven resources as the EventsDefinition the local event services run
 * (local/src/events: the bus of local/src/eventbridge, the queues of local/src/sqs), the same
 * objects `npm start` runs from a project's definitions. Two steps, because functions name buses
 * and queues in their environment while rules and event source mappings name functions:
 * registerEventResources before the functions, eventRulesAndMappings after them.
 */
export const EVENT_TYPES = [
  'AWS::Events::EventBus',
  'AWS::Events::Rule',
  'AWS::Events::Archive',
  'AWS::SQS::Queue',
  'AWS::Lambda::EventSourceMapping',
  'AWS::KinesisFirehose::DeliveryStream',
  'AWS::Pipes::Pipe',
];

type Props = Record<string, unknown>;

export function emptyEvents(): EventsDefinition {
  return { buses: {}, rules: {}, queues: {}, queueConsumers: {}, deliveryStreams: {}, pipes: {} };
}

/**
 * AWS::Events::EventBus (Name) and AWS::SQS::Queue (QueueName, else `<stack>-<logicalId>`), with
 * their Ref and GetAtt, then the buses' archives and the delivery streams.
 */
export function registerEventResources(ctx: TemplateContext, def: EventsDefinition): void {
  const { region } = ctx.options;
  for (const [logicalId, resource] of ctx.resourcesOf('AWS::Events::EventBus')) {
    ctx.attempt(logicalId, resource.Type, () => {
      const props = ctx.properties(resource);
      const name = String(props.Name ?? `${ctx.options.stackName}-${logicalId}`);
      def.buses[name] = { description: String(props.Description ?? '') };
      const busArn = `arn:aws:events:${region}:${ACCOUNT}:event-bus/${name}`;
      ctx.physical.set(logicalId, { ref: name, attributes: { Arn: busArn, Name: name } });
    });
  }
  for (const [logicalId, resource] of ctx.resourcesOf('AWS::SQS::Queue')) {
    ctx.attempt(logicalId, resource.Type, () => {
      const props = ctx.properties(resource);
      if (props.FifoQueue) throw new Unresolved('FIFO queues do not run locally', 'Only standard queues run locally (local/docs/sqs.md).');
      const name = String(props.QueueName ?? `${ctx.options.stackName}-${logicalId}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 80));
      // RedrivePolicy names its queue by ARN (aws-resource-sqs-queue.html).
      const redrive = props.RedrivePolicy as { deadLetterTargetArn?: string; maxReceiveCount?: number } | undefined;
      def.queues[name] = {
        visibilityTimeoutSeconds: Number(props.VisibilityTimeout ?? 30),
        ...(props.MessageRetentionPeriod !== undefined && { messageRetentionSeconds: Number(props.MessageRetentionPeriod) }),
        ...(redrive?.deadLetterTargetArn && { redrive: { deadLetterQueue: lastName(redrive.deadLetterTargetArn), maxReceiveCount: Number(redrive.maxReceiveCount ?? 1) } }),
      };
      const url = queueUrl(name, { region, accountId: ACCOUNT });
      ctx.physical.set(logicalId, { ref: url, attributes: { Arn: arn('sqs', region, name), QueueName: name, QueueUrl: url } });
    });
  }
  registerArchives(ctx, def);
  registerDeliveryStreams(ctx, def);
}

/** AWS::Events::Rule and SQS-sourced AWS::Lambda::EventSourceMapping, once the functions they name exist. */
export function eventRulesAndMappings(ctx: TemplateContext, def: EventsDefinition, apiIds: readonly string[]): void {
  const targetContext: TargetContext = { def, apiIds };
  const { region } = ctx.options;
  for (const [logicalId, resource] of ctx.resourcesOf('AWS::Events::Rule')) {
    ctx.attempt(logicalId, resource.Type, () => {
      const props = ctx.properties(resource);
      const name = String(props.Name ?? `${ctx.options.stackName}-${logicalId}`);
      const bus = lastName(props.EventBusName ?? 'default');
      ctx.physical.set(logicalId, { ref: name, attributes: { Arn: `arn:aws:events:${region}:${ACCOUNT}:rule/${bus === 'default' ? '' : `${bus}/`}${name}` } });
      if (props.State === 'DISABLED') return;
      const targets = ((props.Targets ?? []) as Props[]).map((target) => ruleTarget(target, targetContext));
      const description = String(props.Description ?? '');
      if (typeof props.ScheduleExpression === 'string') {
        // rate() or cron(), as the project's own definitions may hold either (ScheduleDefinition).
        def.rules[name] = { description, targets, schedule: scheduleOf(props.ScheduleExpression) };
      } else {
        if (bus === 'default') def.buses.default ??= { description: 'the default bus' };
        def.rules[name] = { description, targets, bus, eventPattern: props.EventPattern as Record<string, unknown> };
      }
    });
  }
  for (const [logicalId, resource] of ctx.resourcesOf('AWS::Lambda::EventSourceMapping')) {
    ctx.attempt(logicalId, resource.Type, () => {
      const props = ctx.properties(resource);
      const source = String(props.EventSourceArn ?? '');
      if (!/^arn:[^:]*:sqs:/.test(source)) throw new Unresolved(`event source ${source} is not an SQS queue`, 'From a template, event source mappings from SQS queues run locally.');
      const scaling = props.ScalingConfig as { MaximumConcurrency?: number } | undefined;
      def.queueConsumers[logicalId] = {
        queue: lastName(source),
        function: lastName(props.FunctionName),
        batchSize: Number(props.BatchSize ?? 10),
        ...(props.MaximumBatchingWindowInSeconds !== undefined && { maximumBatchingWindowSeconds: Number(props.MaximumBatchingWindowInSeconds) }),
        reportBatchItemFailures: ((props.FunctionResponseTypes ?? []) as string[]).includes('ReportBatchItemFailures'),
        ...(scaling?.MaximumConcurrency !== undefined && { maximumConcurrency: Number(scaling.MaximumConcurrency) }),
      };
      ctx.physical.set(logicalId, { ref: logicalId, attributes: { Id: logicalId } });
    });
  }
}
