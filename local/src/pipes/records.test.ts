import { DeleteTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { _Record as SdkStreamRecord } from '@aws-sdk/client-dynamodb-streams';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { readStreamRaw } from './raw-reader';
import { compareSequenceNumbers, toPipeStreamRecord } from './records';
import { createStreamTable, dynamoClient } from './test-support';

const endpoint = inject('dynamoEndpoint');
const client = dynamoClient(endpoint);
const tableName = `pipes-records-${process.pid}-${Date.now()}`;

afterAll(async () => {
  await client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
  client.destroy();
});

describe('stream records as a pipe delivers them', () => {
  it('keeps every attribute type in DynamoDB JSON, binary as base64, as read raw from DynamoDB Local', async () => {
    const streamArn = await createStreamTable(client, tableName);
    const bytes = new Uint8Array([0, 1, 254, 255]);
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          pk: { S: 'all-types' },
          n: { N: '12.50' },
          b: { B: bytes },
          ss: { SS: ['x', 'y'] },
          ns: { NS: ['1', '2'] },
          bs: { BS: [bytes] },
          ok: { BOOL: true },
          nothing: { NULL: true },
          list: { L: [{ S: 'a' }, { N: '1' }, { M: { deep: { B: bytes } } }] },
          map: { M: { inner: { L: [{ BOOL: false }] } } },
        },
      }),
    );
    const seen: SdkStreamRecord[] = [];
    const result = await readStreamRaw({ endpoint, region: 'local', streamArn, count: 1, timeoutMs: 10_000, onRecords: (records) => seen.push(...records) });
    expect(result.records).toBe(1);
    const [raw] = seen;
    if (!raw) throw new Error('no record read');
    const record = toPipeStreamRecord(raw, streamArn, 'eu-west-1');
    const base64 = Buffer.from(bytes).toString('base64');
    expect(record.dynamodb.NewImage).toEqual({
      pk: { S: 'all-types' },
      // DynamoDB stores numbers normalised, as AWS does: trailing zeros go.
      n: { N: '12.5' },
      b: { B: base64 },
      ss: { SS: ['x', 'y'] },
      ns: { NS: ['1', '2'] },
      bs: { BS: [base64] },
      ok: { BOOL: true },
      nothing: { NULL: true },
      list: { L: [{ S: 'a' }, { N: '1' }, { M: { deep: { B: base64 } } }] },
      map: { M: { inner: { L: [{ BOOL: false }] } } },
    });
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
    expect(record.awsRegion).toBe('eu-west-1');
    expect(record.eventSourceARN).toBe(streamArn);
  });

  it('orders sequence numbers as numbers, whatever their width', () => {
    expect(compareSequenceNumbers('000000000000000000009', '10')).toBe(-1);
    expect(compareSequenceNumbers('300000000000000000000000000000000000001', '300000000000000000000000000000000000001')).toBe(0);
    expect(compareSequenceNumbers('20', '3')).toBe(1);
  });
});
