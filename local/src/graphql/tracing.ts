/**
 * Timing of one GraphQL request and of each resolver in it, in the shape of AppSync's field-level
 * "Tracing" log entries (AppSync developer guide, "Using CloudWatch to monitor and log GraphQL API
 * data", log type reference): `path`, `parentType`, `fieldName`, `returnType`, `startOffset` and
 * `duration`, both in nanoseconds from the start of the request, as Apollo tracing counts them.
 *
 * AppSync's entry stops at the resolver. A developer looking for a slow resolver of their own also
 * needs to know whether the time went into their code or into the data source, so each entry
 * carries three local additions: `queuedDuration` (waiting for a slot of the fair scheduler),
 * `dataSourceDuration` (awaiting data-source answers) and `handlerDuration` (the rest of the run:
 * the request and response functions in the sandbox, ctx building, the crossings into the realm).
 *
 * Only created when tracing is switched on: with it off nothing here runs and nothing is kept.
 */
import { hrtime } from 'node:process';

/** What the resolver runner fills in for one resolver run. */
export interface ResolverTiming {
  /** Nanoseconds spent waiting for the scheduler's slot. */
  queuedNs: number;
  /** Nanoseconds from the slot to the outcome (handlers and data source). */
  runNs: number;
  /** Nanoseconds spent awaiting data-source answers, summed over a pipeline's functions. */
  dataSourceNs: number;
}

/** One AppSync "Tracing" entry, with the local breakdown. */
export interface TracingEntry {
  path: Array<string | number>;
  parentType: string;
  fieldName: string;
  returnType: string;
  /** Nanoseconds from the start of the request to the start of the resolver. */
  startOffset: number;
  /** Nanoseconds the resolver took, from the executor's call to its outcome. */
  duration: number;
  queuedDuration: number;
  handlerDuration: number;
  dataSourceDuration: number;
}

export const nowNs = (): bigint => hrtime.bigint();

/** The clock of one request and the resolvers it ran, in the order they finished. */
export class RequestTrace {
  readonly startedAt: bigint = nowNs();
  readonly entries: TracingEntry[] = [];

  /** Nanoseconds since the request started. */
  elapsed(): number {
    return Number(nowNs() - this.startedAt);
  }

  /** Starts timing one resolver; call `done` once its outcome is in. */
  begin(field: { path: Array<string | number>; parentType: string; fieldName: string; returnType: string }): {
    timing: ResolverTiming;
    done: () => void;
  } {
    const started = nowNs();
    const timing: ResolverTiming = { queuedNs: 0, runNs: 0, dataSourceNs: 0 };
    const done = (): void => {
      const duration = Number(nowNs() - started);
      this.entries.push({
        ...field,
        startOffset: Number(started - this.startedAt),
        duration,
        queuedDuration: timing.queuedNs,
        // A run that failed before the runner measured it has no breakdown: all of it is ours.
        handlerDuration: Math.max(0, (timing.runNs || duration - timing.queuedNs) - timing.dataSourceNs),
        dataSourceDuration: timing.dataSourceNs,
      });
    };
    return { timing, done };
  }
}
