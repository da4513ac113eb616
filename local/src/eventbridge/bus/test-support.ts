import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RuleDefinition } from '../../project/event-definitions';
import type { TargetDeliveries } from './index';

/** What one injected delivery function was called with. */
export interface Call {
  kind: 'lambda' | 'sqs' | 'appsync' | 'firehose';
  name: string;
  payload: string;
}

export interface DeadLetter {
  queue: string;
  body: string;
  attributes: Record<string, string>;
}

type Behaviour = (call: Call, attempt: number) => Promise<unknown> | unknown;

/**
 * Real delivery functions that record what reached them; `behave` makes a named target fail, stall
 * or throw, the way a Lambda service or a queue would.
 */
export function recordingTargets(): {
  targets: TargetDeliveries;
  calls: Call[];
  deadLetters: DeadLetter[];
  behave(name: string, behaviour: Behaviour): void;
  callsTo(name: string): Call[];
} {
  const calls: Call[] = [];
  const deadLetters: DeadLetter[] = [];
  const behaviours = new Map<string, Behaviour>();
  const attempts = new Map<string, number>();
  const record =
    (kind: Call['kind']) =>
    (name: string, payload: string): Promise<unknown> => {
      const call = { kind, name, payload };
      calls.push(call);
      const attempt = (attempts.get(name) ?? 0) + 1;
      attempts.set(name, attempt);
      const behaviour = behaviours.get(name);
      // Called directly, not through a promise, so a behaviour that throws throws out of the delivery function.
      return behaviour ? Promise.resolve(behaviour(call, attempt)) : Promise.resolve();
    };
  return {
    targets: {
      lambda: record('lambda'),
      sqs: record('sqs'),
      appsync: record('appsync'),
      firehose: record('firehose'),
      deadLetter: async (queue, body, attributes) => {
        deadLetters.push({ queue, body, attributes });
      },
    },
    calls,
    deadLetters,
    behave: (name, behaviour) => behaviours.set(name, behaviour),
    callsTo: (name) => calls.filter((call) => call.name === name),
  };
}

export function patternRule(bus: string, eventPattern: Record<string, unknown>, targets: RuleDefinition['targets']): RuleDefinition {
  return { description: 'test rule', bus, eventPattern, targets };
}

export async function tempDir(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'eventbridge-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export const entry = (source: string, detailType: string, detail: Record<string, unknown>, extra: object = {}) => ({
  Source: source,
  DetailType: detailType,
  Detail: JSON.stringify(detail),
  ...extra,
});
