import { readFileSync } from 'node:fs';
import { writePrivateFile } from '../services/local-state';

/**
 * Where a pipe stands in each shard. `after` is the last sequence number whose record was
 * acknowledged by the target, sent to the dead-letter destination, or filtered out; without it the
 * shard is read from its trim horizon. `ended` marks a closed shard read to its end, so its
 * children may start.
 */
export interface ShardCheckpoint {
  after?: string;
  ended?: true;
}

export interface Checkpoint {
  version: 1;
  /** The stream these positions belong to: a table re-created, or its stream re-enabled, has another ARN. */
  streamArn: string;
  shards: Record<string, ShardCheckpoint>;
}

export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

function isShardCheckpoint(value: unknown): value is ShardCheckpoint {
  if (typeof value !== 'object' || value === null) return false;
  const { after, ended } = value as Record<string, unknown>;
  return (after === undefined || (typeof after === 'string' && /^\d{1,40}$/.test(after))) && (ended === undefined || ended === true);
}

/** The checkpoint written earlier, undefined when there is none; a file that is not one is an error, never silently reset. */
export function readCheckpoint(file: string): Checkpoint | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CheckpointError(`Checkpoint ${file} is not JSON; move it away to read the stream afresh.`);
  }
  const candidate = parsed as Partial<Checkpoint>;
  if (
    candidate.version !== 1 ||
    typeof candidate.streamArn !== 'string' ||
    typeof candidate.shards !== 'object' ||
    candidate.shards === null ||
    !Object.values(candidate.shards).every(isShardCheckpoint)
  ) {
    throw new CheckpointError(`Checkpoint ${file} is not a version 1 pipe checkpoint; move it away to read the stream afresh.`);
  }
  return candidate as Checkpoint;
}

/** Written whole to a temporary file and renamed into place: a SIGKILL mid-write leaves the previous checkpoint. */
export function writeCheckpoint(file: string, checkpoint: Checkpoint): void {
  writePrivateFile(file, `${JSON.stringify(checkpoint, null, 2)}\n`);
}
