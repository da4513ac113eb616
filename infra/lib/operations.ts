import { Duration, type Stack } from 'aws-cdk-lib';
import type { GraphqlApi } from 'aws-cdk-lib/aws-appsync';
import { Alarm, ComparisonOperator, Dashboard, GraphWidget, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { EventResources } from './event-aggregator';

/**
 * What an operator watches: alarms on what a customer would notice (API 5xx, latency) and on
 * what silently loses work (failed pipe executions and rule invocations, dead letters, a queue
 * falling behind, function errors), and one dashboard of the same metrics. The alarms have no
 * action: subscribe an SNS topic (or a chat integration) to them after deploy.
 */
export function watchOperations(stack: Stack, r: { api: GraphqlApi; functions: Record<string, NodejsFunction>; events: EventResources }): void {
  const period = Duration.minutes(5);
  const apiMetric = (metricName: string, statistic: string) =>
    new Metric({ namespace: 'AWS/AppSync', metricName, dimensionsMap: { GraphQLAPIId: r.api.apiId }, statistic, period });
  const alarm = (id: string, metric: IMetric, threshold: number, description: string) =>
    new Alarm(stack, `Alarm_${id}`, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });

  const api5xx = apiMetric('5XXError', 'Sum');
  const apiLatency = apiMetric('Latency', 'p99');
  alarm('Api5xx', api5xx, 5, 'AppSync answered 5xx (a data source or resolver failed) 5 times in 5 minutes.');
  alarm('ApiLatency', apiLatency, 3000, 'AppSync p99 latency at or above 3 s over 5 minutes.');

  const pipeFailures = Object.entries(r.events.pipes).map(([name, pipe]) => {
    const metric = new Metric({ namespace: 'AWS/EventBridge/Pipes', metricName: 'ExecutionFailed', dimensionsMap: { PipeName: pipe.ref }, statistic: 'Sum', period });
    alarm(`PipeFailed_${name}`, metric, 1, `Pipe ${name} failed to deliver a batch (its records are retried, then dead-lettered).`);
    return metric;
  });
  const ruleFailures = Object.entries(r.events.rules).map(([name, rule]) => {
    const metric = new Metric({ namespace: 'AWS/Events', metricName: 'FailedInvocations', dimensionsMap: { RuleName: rule.ruleName }, statistic: 'Sum', period });
    alarm(`RuleFailed_${name}`, metric, 1, `Rule ${name} could not deliver to a target (the event went to the dead-letter queue).`);
    return metric;
  });
  const deadLetters: IMetric[] = [];
  const queueAges: IMetric[] = [];
  for (const [name, queue] of Object.entries(r.events.queues)) {
    if (/DeadLetters$/.test(name)) {
      const depth = queue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' });
      alarm(`DeadLetters_${name}`, depth, 1, `Queue ${name} holds events nobody could process: look, fix, redrive.`);
      deadLetters.push(depth);
    } else {
      const age = queue.metricApproximateAgeOfOldestMessage({ period, statistic: 'Maximum' });
      alarm(`QueueAge_${name}`, age, 300, `Queue ${name}'s oldest message is 5 minutes old: its consumer is behind or failing.`);
      queueAges.push(age);
    }
  }
  const functionErrors = Object.entries(r.functions).map(([name, fn]) => {
    const metric = fn.metricErrors({ period, statistic: 'Sum' });
    alarm(`FunctionErrors_${name}`, metric, 5, `Function ${name} failed 5 times in 5 minutes.`);
    return metric;
  });

  const graph = (title: string, left: IMetric[]) => new GraphWidget({ title, left, width: 12 });
  new Dashboard(stack, 'Dashboard', {
    widgets: [
      [graph('API 5xx', [api5xx]), graph('API latency p99 (ms)', [apiLatency])],
      [graph('Pipe failures', pipeFailures), graph('Rule delivery failures', ruleFailures)],
      [graph('Dead letters', deadLetters), graph('Oldest message age (s)', queueAges)],
      [graph('Function errors', functionErrors)],
    ],
  });
}
