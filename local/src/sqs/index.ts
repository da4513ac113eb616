export { Queue, type Clock, type QueueOptions } from './queue';
export { createQueues, queueNameOf, queueUrl, type QueueRegistry } from './registry';
export { batchItemFailures, startQueueConsumer, type BatchSummary, type QueueConsumer, type QueueConsumerOptions, type SqsEventRecord } from './consumer';
export { QueueConfigError, SqsError, type SqsErrorCode } from './errors';
export { md5OfBody, md5OfMessageAttributes } from './md5';
export type * from './types';

import type { QueueDefinition } from '../project/event-definitions';
import { Queue, type QueueOptions } from './queue';

/** One queue; createQueues builds a project's queues with their redrive targets wired. */
export function createQueue(name: string, def: QueueDefinition, options: QueueOptions = {}): Queue {
  return new Queue(name, def, options);
}
export { startSqsEndpoint, type SqsEndpoint } from './http/server';
