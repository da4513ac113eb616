import { CfnOutput, Duration, type Stack } from 'aws-cdk-lib';
import type { GraphqlApi } from 'aws-cdk-lib/aws-appsync';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { join, resolve } from 'node:path';
import type { FunctionDefinition, FunctionEnvironmentValue } from '../../local/src/project/definitions';
import type { FunctionDeployment } from '../api/deployment';

/** What a function's environment may name, once the stack has created it. */
export interface FunctionResources {
  tables: Record<string, TableV2>;
  buses: Record<string, IEventBus>;
  queues: Record<string, Queue>;
  api: GraphqlApi;
}

/**
 * Each function of ApiDefinition.functions, deployed once, whoever invokes it (a data source, a
 * rule, a queue, a pipe). Its role gets only what its environment names: the tables it writes, the
 * bus it puts on, the API fields it calls, its secrets.
 */
export function createFunctions(
  stack: Stack,
  rootDir: string,
  defs: Record<string, FunctionDefinition>,
  resources: FunctionResources,
  deployment: Record<string, FunctionDeployment>,
): Record<string, NodejsFunction> {
  const created: Record<string, NodejsFunction> = {};
  for (const [name, def] of Object.entries(defs)) {
    const aws = deployment[name] ?? {};
    const fn = new NodejsFunction(stack, `Function_${name}`, {
      entry: resolve(rootDir, def.handler),
      handler: def.export,
      runtime: Runtime.NODEJS_22_X,
      timeout: Duration.seconds(def.timeoutSeconds),
      // Lambda's own default (128 MB) when a definition names none, as the local Lambda service runs it.
      ...(def.memoryMB !== undefined && { memorySize: def.memoryMB }),
      ...(def.reservedConcurrency !== undefined && { reservedConcurrentExecutions: def.reservedConcurrency }),
      environment: { ...aws.environment },
      tracing: Tracing.ACTIVE,
      logGroup: new LogGroup(stack, `Logs_${name}`, { retention: RetentionDays.ONE_MONTH }),
      projectRoot: rootDir,
      depsLockFilePath: join(rootDir, 'package-lock.json'),
    });
    for (const [key, value] of Object.entries(def.environment ?? {})) fn.addEnvironment(key, environmentValue(name, key, value, fn, resources));
    if (def.apiAccess?.Query?.length) resources.api.grantQuery(fn, ...def.apiAccess.Query);
    if (def.apiAccess?.Mutation?.length) resources.api.grantMutation(fn, ...def.apiAccess.Mutation);
    // Secrets exist only on AWS: the function gets each one's ARN and may read that secret only.
    for (const wanted of aws.secrets ?? []) {
      const secret = new Secret(stack, `Secret_${name}_${wanted.environmentVariable}`, { description: wanted.description });
      secret.grantRead(fn);
      fn.addEnvironment(wanted.environmentVariable, secret.secretArn);
      new CfnOutput(stack, wanted.output, { value: secret.secretArn });
    }
    created[name] = fn;
  }
  return created;
}

function environmentValue(fnName: string, key: string, value: FunctionEnvironmentValue, fn: NodejsFunction, r: FunctionResources): string {
  const missing = (what: string): never => {
    throw new Error(`Function ${fnName}: environment variable ${key} names ${what}, which is not defined.`);
  };
  if (typeof value === 'string') return value;
  if ('tableName' in value) {
    const table = r.tables[value.tableName] ?? missing(`table ${value.tableName}`);
    table.grantReadWriteData(fn);
    return table.tableName;
  }
  if ('busName' in value) {
    const bus = r.buses[value.busName] ?? missing(`bus ${value.busName}`);
    bus.grantPutEventsTo(fn);
    return bus.eventBusName;
  }
  if ('queueUrl' in value) {
    const queue = r.queues[value.queueUrl] ?? missing(`queue ${value.queueUrl}`);
    queue.grantSendMessages(fn);
    return queue.queueUrl;
  }
  return r.api.graphqlUrl;
}
