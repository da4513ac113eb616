import { join } from 'node:path';
import type { QueueDefinition } from '../project/event-definitions';
import { QueueConfigError, SqsError } from './errors';
import { Queue, type Clock } from './queue';

/**
 * A queue's URL in SQS's format. On AWS: https://sqs.<region>.amazonaws.com/<account>/<name>;
 * against a local endpoint (the form the SDKs accept with an endpoint override): <endpoint>/<account>/<name>.
 */
export function queueUrl(name: string, options: { endpoint?: string; region?: string; accountId?: string } = {}): string {
  const account = options.accountId ?? '000000000000';
  const base = options.endpoint ? options.endpoint.replace(/\/+$/, '') : `https://sqs.${options.region ?? 'local'}.amazonaws.com`;
  return `${base}/${account}/${name}`;
}

/** The queue name a URL of either form ends with. */
export function queueNameOf(url: string): string {
  const name = /\/([A-Za-z0-9_-]{1,80})\/?$/.exec(url)?.[1];
  if (!name) throw new SqsError('QueueDoesNotExist', 'The specified queue does not exist.');
  return name;
}

export interface QueueRegistry {
  readonly names: readonly string[];
  get(name: string): Queue;
  /** The queue a QueueUrl names, or SQS's QueueDoesNotExist. */
  byUrl(url: string): Queue;
  close(): void;
}

/**
 * Every declared queue, dead-letter queues created before the queues that redrive to them. A
 * redrive to an undeclared queue, or a cycle of redrives, is a declaration error. With
 * `journalDir`, each queue journals to `<journalDir>/<name>.jsonl`.
 */
export function createQueues(defs: Record<string, QueueDefinition>, options: { clock?: Clock; journalDir?: string; region?: string; accountId?: string } = {}): QueueRegistry {
  const queues = new Map<string, Queue>();
  const building = new Set<string>();
  const build = (name: string): Queue => {
    const existing = queues.get(name);
    if (existing) return existing;
    const def = defs[name];
    if (!def) throw new QueueConfigError(`No queue named ${name} is declared.`);
    if (building.has(name)) throw new QueueConfigError(`Queue ${name} is in a cycle of redrive policies.`);
    building.add(name);
    const dlqName = def.redrive?.deadLetterQueue;
    if (dlqName !== undefined && !defs[dlqName]) throw new QueueConfigError(`Queue ${name}'s redrive policy names ${dlqName}, which is not declared.`);
    const queue = new Queue(name, def, {
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.journalDir ? { journalPath: join(options.journalDir, `${name}.jsonl`) } : {}),
      ...(dlqName !== undefined ? { deadLetterQueue: build(dlqName) } : {}),
      ...(options.region ? { region: options.region } : {}),
      ...(options.accountId ? { accountId: options.accountId } : {}),
    });
    building.delete(name);
    queues.set(name, queue);
    return queue;
  };
  try {
    for (const name of Object.keys(defs)) build(name);
  } catch (error) {
    for (const queue of queues.values()) queue.close();
    throw error;
  }
  return {
    names: [...queues.keys()],
    get(name) {
      const queue = queues.get(name);
      if (!queue) throw new SqsError('QueueDoesNotExist', 'The specified queue does not exist.');
      return queue;
    },
    byUrl(url) {
      return this.get(queueNameOf(url));
    },
    close() {
      for (const queue of queues.values()) queue.close();
    },
  };
}
