import type { _Record as SdkStreamRecord } from '@aws-sdk/client-dynamodb-streams';
import { getRecords, listShards, shardIterator, type StreamEndpoint, streamsClient } from './stream';

export interface RawReadOptions extends StreamEndpoint {
  streamArn: string;
  /** Stop once this many records were read. */
  count: number;
  /** Give up after this long, with what was read so far. */
  timeoutMs: number;
  onRecords?: (records: SdkStreamRecord[]) => void;
  /** Wait when a shard has nothing new; 0 spins. */
  idleMs?: number;
}

export interface RawReadResult {
  records: number;
  getRecordsCalls: number;
  elapsedMs: number;
}

/**
 * The floor a pipe is measured against: GetRecords in a loop from each shard's trim horizon, with
 * no filtering, conversion, batching, delivery or checkpoint. Shards are read parent first, and all
 * shards open at once are read round-robin.
 */
export async function readStreamRaw(options: RawReadOptions): Promise<RawReadResult> {
  const client = streamsClient(options);
  const started = performance.now();
  let records = 0;
  let calls = 0;
  const iterators = new Map<string, string | undefined>();
  const finished = new Set<string>();
  let listedAt = Number.NEGATIVE_INFINITY;
  try {
    while (records < options.count && performance.now() - started < options.timeoutMs) {
      // DescribeStream is not what is measured: looked at once a second, or when every shard ended.
      const { shards } = iterators.size > 0 && performance.now() - listedAt < 1000 ? { shards: [] } : await listShards(client, options.streamArn);
      if (shards.length > 0) listedAt = performance.now();
      const listed = new Set(shards.map((s) => s.ShardId));
      for (const shard of shards) {
        const id = shard.ShardId;
        if (!id || finished.has(id) || iterators.has(id)) continue;
        if (shard.ParentShardId && listed.has(shard.ParentShardId) && !finished.has(shard.ParentShardId)) continue;
        iterators.set(id, await shardIterator(client, options.streamArn, id, undefined));
      }
      let progressed = false;
      for (const [id, iterator] of iterators) {
        if (!iterator) {
          iterators.delete(id);
          finished.add(id);
          continue;
        }
        const page = await getRecords(client, iterator);
        calls += 1;
        records += page.records.length;
        if (page.records.length > 0) {
          progressed = true;
          options.onRecords?.(page.records);
        }
        iterators.set(id, page.next);
        if (records >= options.count) break;
      }
      if (!progressed && (options.idleMs ?? 50) > 0) await new Promise((resolve) => setTimeout(resolve, options.idleMs ?? 50));
    }
  } finally {
    client.destroy();
  }
  return { records, getRecordsCalls: calls, elapsedMs: performance.now() - started };
}
