import type { AttributeValue as StreamAttributeValue, _Record as SdkStreamRecord } from '@aws-sdk/client-dynamodb-streams';

/**
 * A DynamoDB attribute value as JSON carries it in a Lambda or Pipes event: binary values are
 * base64 strings, numbers stay strings ("Filtering DynamoDB streams events" matches them as such).
 */
export type AttributeValueJson =
  | { S: string }
  | { N: string }
  | { B: string }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] }
  | { BOOL: boolean }
  | { NULL: true }
  | { L: AttributeValueJson[] }
  | { M: Record<string, AttributeValueJson> };

export type ItemImage = Record<string, AttributeValueJson>;

export type StreamViewType = 'NEW_AND_OLD_IMAGES' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'KEYS_ONLY';

/**
 * One record of a batch, shaped as Lambda and Pipes deliver it (Lambda developer guide, "Using AWS
 * Lambda with Amazon DynamoDB", example event; EventBridge user guide, "Amazon DynamoDB stream as a
 * source for EventBridge Pipes"): the GetRecords record plus `eventSourceARN`, with
 * ApproximateCreationDateTime in epoch seconds.
 */
export interface PipeStreamRecord {
  eventID: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  eventVersion: string;
  eventSource: 'aws:dynamodb';
  awsRegion: string;
  dynamodb: {
    ApproximateCreationDateTime: number;
    Keys: ItemImage;
    NewImage?: ItemImage;
    OldImage?: ItemImage;
    SequenceNumber: string;
    SizeBytes: number;
    StreamViewType: StreamViewType;
  };
  eventSourceARN: string;
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

export function toAttributeValueJson(value: StreamAttributeValue): AttributeValueJson {
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.SS !== undefined) return { SS: value.SS };
  if (value.NS !== undefined) return { NS: value.NS };
  if (value.BS !== undefined) return { BS: value.BS.map(base64) };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: true };
  if (value.L !== undefined) return { L: value.L.map(toAttributeValueJson) };
  if (value.M !== undefined) return { M: toImage(value.M) };
  throw new Error(`A stream record holds an attribute value of no known type: ${Object.keys(value).join(', ')}.`);
}

function toImage(image: Record<string, StreamAttributeValue>): ItemImage {
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, toAttributeValueJson(value)]));
}

/**
 * The record as a pipe hands it on. `awsRegion` is the pipe's region: DynamoDB Local writes its own
 * pseudo-region `ddblocal` there, which no AWS consumer would ever see.
 */
export function toPipeStreamRecord(record: SdkStreamRecord, streamArn: string, region: string): PipeStreamRecord {
  const change = record.dynamodb;
  if (!change?.SequenceNumber || !record.eventID || !record.eventName || !change.Keys) {
    throw new Error(`A stream record of ${streamArn} lacks its eventID, eventName, Keys or SequenceNumber.`);
  }
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor((change.ApproximateCreationDateTime?.getTime() ?? Date.now()) / 1000),
      Keys: toImage(change.Keys),
      ...(change.NewImage && { NewImage: toImage(change.NewImage) }),
      ...(change.OldImage && { OldImage: toImage(change.OldImage) }),
      SequenceNumber: change.SequenceNumber,
      SizeBytes: change.SizeBytes ?? 0,
      StreamViewType: change.StreamViewType ?? 'NEW_AND_OLD_IMAGES',
    },
    eventSourceARN: streamArn,
  };
}

/**
 * Sequence numbers are decimal strings of up to 40 digits: compared as numbers, not as text, since
 * AWS does not promise a fixed width (DynamoDB Local pads them to 21 digits).
 */
export function compareSequenceNumbers(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
