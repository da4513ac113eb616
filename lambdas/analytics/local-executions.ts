import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { LOCAL_WORKGROUP } from './contract';
import type { Row } from './rows';

/**
 * The local world's stand-in for Athena's query executions, so DuckDB behaves as Athena does for
 * the API: every run is an execution with an id; it keeps running after the Lambda has answered
 * PENDING; its outcome is kept in a results folder (the workgroup's result location) that any
 * execution environment reads back by id (GetQueryExecution, GetQueryResults); and when it ends,
 * an "Athena Query State Change" event goes to the default bus, shaped as the Athena user guide's
 * examples ("Monitor Athena query events with EventBridge"): source aws.athena, detail with
 * currentState, previousState, queryExecutionId, workgroupName, statementType, sequenceNumber.
 *
 * Unlike Athena: only the terminal state change is published (the rule matches nothing else), and
 * a FAILED event carries no athenaError (the reason is read back with the execution). An execution
 * whose worker died while it ran stays RUNNING; its field then answers PENDING until the cache
 * forgets it (cache.ts).
 */
export type ExecutionState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';

export interface ExecutionRecord {
  executionId: string;
  workgroupName: string;
  query: string;
  values: Record<string, string>;
  state: ExecutionState;
  reason?: string;
  rows?: Row[];
  submittedAt: string;
  completedAt?: string;
}

export interface LocalExecutionsOptions {
  dir: string;
  /** Puts a terminal state change on the default bus; none when the world has no event services. */
  publish?: (record: ExecutionRecord) => Promise<void>;
  log?: (line: string) => void;
}

export class LocalExecutions {
  private readonly running = new Map<string, Promise<ExecutionRecord>>();

  constructor(private readonly options: LocalExecutionsOptions) {
    mkdirSync(options.dir, { recursive: true });
  }

  /** Starts an execution of `run` and answers its id at once; the run goes on in the background. */
  start(query: string, values: Record<string, string>, run: () => Promise<Row[]>): string {
    const executionId = randomUUID();
    const queued: ExecutionRecord = { executionId, workgroupName: LOCAL_WORKGROUP, query, values, state: 'QUEUED', submittedAt: new Date().toISOString() };
    this.write(queued);
    const done = (async (): Promise<ExecutionRecord> => {
      this.write({ ...queued, state: 'RUNNING' });
      let ended: ExecutionRecord;
      try {
        ended = { ...queued, state: 'SUCCEEDED', rows: await run(), completedAt: new Date().toISOString() };
      } catch (error) {
        ended = { ...queued, state: 'FAILED', reason: (error as Error).message, completedAt: new Date().toISOString() };
      }
      this.write(ended);
      this.running.delete(executionId);
      // Best effort, as Athena's events are: a lost event leaves the result readable by id.
      await this.options.publish?.(ended).catch((error: unknown) => this.options.log?.(`analytics: the state change of ${executionId} was not published: ${(error as Error).message}`));
      return ended;
    })();
    this.running.set(executionId, done);
    return executionId;
  }

  /** The execution as it stands, or undefined when no execution has this id. */
  read(executionId: string): ExecutionRecord | undefined {
    const path = this.path(executionId);
    if (!existsSync(path)) return undefined;
    return JSON.parse(readFileSync(path, 'utf8')) as ExecutionRecord;
  }

  /** The execution once it ends or at `deadline` (epoch ms), whichever comes first. */
  async until(executionId: string, deadline: number): Promise<ExecutionRecord | undefined> {
    const inProcess = this.running.get(executionId);
    const left = deadline - Date.now();
    if (inProcess && left > 0) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<undefined>((done) => (timer = setTimeout(() => done(undefined), left)));
      const ended = await Promise.race([inProcess, timeout]);
      clearTimeout(timer);
      if (ended) return ended;
    }
    return this.read(executionId);
  }

  private path(executionId: string): string {
    return join(this.options.dir, `${executionId}.json`);
  }

  /** Written whole, then renamed: a reader in another environment never sees half a record. */
  private write(record: ExecutionRecord): void {
    const path = this.path(record.executionId);
    writeFileSync(`${path}.tmp`, JSON.stringify(record));
    renameSync(`${path}.tmp`, path);
  }
}

/** Athena's event for an execution that ended, put on the default bus through the SDK (AWS_ENDPOINT_URL_EVENTBRIDGE). */
export function eventBridgePublisher(client = new EventBridgeClient({})): (record: ExecutionRecord) => Promise<void> {
  return async (record) => {
    const detail = {
      versionId: '0',
      currentState: record.state,
      previousState: 'RUNNING',
      statementType: 'DML',
      queryExecutionId: record.executionId,
      workgroupName: record.workgroupName,
      sequenceNumber: '3',
    };
    const answer = await client.send(
      new PutEventsCommand({ Entries: [{ Source: 'aws.athena', DetailType: 'Athena Query State Change', Detail: JSON.stringify(detail), EventBusName: 'default' }] }),
    );
    if (answer.FailedEntryCount) throw new Error(`PutEvents refused it: ${JSON.stringify(answer.Entries)}`);
  };
}
