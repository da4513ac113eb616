import type { Shard } from '@aws-sdk/client-dynamodb-streams';
import type { Checkpoint } from './checkpoint';

/**
 * Which shards may be read now. A child shard holds the changes that follow its parent's, so it
 * waits until the parent is read to its end (Lambda and Pipes keep order per partition key across
 * splits the same way); a parent the stream no longer lists (trimmed after 24 hours) holds it back
 * no more.
 */
export function shardsToStart(listed: readonly Shard[], checkpoint: Checkpoint, running: ReadonlySet<string>): string[] {
  const known = new Set(listed.flatMap((s) => (s.ShardId ? [s.ShardId] : [])));
  const ready: string[] = [];
  for (const shard of listed) {
    const id = shard.ShardId;
    if (!id || running.has(id) || checkpoint.shards[id]?.ended) continue;
    const parent = shard.ParentShardId;
    if (parent && known.has(parent) && checkpoint.shards[parent]?.ended !== true) continue;
    ready.push(id);
  }
  return ready;
}

/** Shards the checkpoint names that the stream no longer lists, and whether each was still being read. */
export function vanishedShards(listed: readonly Shard[], checkpoint: Checkpoint): { shardId: string; unfinished: boolean }[] {
  const known = new Set(listed.map((s) => s.ShardId));
  return Object.entries(checkpoint.shards)
    .filter(([id]) => !known.has(id))
    .map(([shardId, position]) => ({ shardId, unfinished: !position.ended }));
}
