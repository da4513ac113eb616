import type { Shard } from '@aws-sdk/client-dynamodb-streams';
import { describe, expect, it } from 'vitest';
import type { Checkpoint } from './checkpoint';
import { shardsToStart, vanishedShards } from './shards';

// Shard lists shaped as DescribeStream answers them after a split: a closed parent, two children.
const parent: Shard = { ShardId: 'shardId-1', SequenceNumberRange: { StartingSequenceNumber: '100', EndingSequenceNumber: '199' } };
const left: Shard = { ShardId: 'shardId-2', ParentShardId: 'shardId-1', SequenceNumberRange: { StartingSequenceNumber: '200' } };
const right: Shard = { ShardId: 'shardId-3', ParentShardId: 'shardId-1', SequenceNumberRange: { StartingSequenceNumber: '210' } };
const at = (shards: Checkpoint['shards']): Checkpoint => ({ version: 1, streamArn: 'arn', shards });

describe('shardsToStart', () => {
  it('reads a parent before its children', () => {
    expect(shardsToStart([parent, left, right], at({}), new Set())).toEqual(['shardId-1']);
    expect(shardsToStart([parent, left, right], at({ 'shardId-1': { after: '150' } }), new Set())).toEqual(['shardId-1']);
  });

  it('starts the children once the parent is read to its end, and never the ended parent again', () => {
    expect(shardsToStart([parent, left, right], at({ 'shardId-1': { after: '199', ended: true } }), new Set())).toEqual(['shardId-2', 'shardId-3']);
  });

  it('starts a child whose parent the stream no longer lists', () => {
    expect(shardsToStart([left], at({}), new Set())).toEqual(['shardId-2']);
  });

  it('does not start a shard that is being read', () => {
    expect(shardsToStart([parent], at({}), new Set(['shardId-1']))).toEqual([]);
  });
});

describe('vanishedShards', () => {
  it('names the checkpointed shards the stream lost, and whether records may have been lost with them', () => {
    const checkpoint = at({ 'shardId-0': { after: '50' }, 'shardId-9': { ended: true }, 'shardId-1': {} });
    expect(vanishedShards([parent], checkpoint)).toEqual([
      { shardId: 'shardId-0', unfinished: true },
      { shardId: 'shardId-9', unfinished: false },
    ]);
  });
});
