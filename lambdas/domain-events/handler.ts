import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { toDomainEvents, type StreamRecord } from './shape';

/**
 * The target of the table streams' Pipe: shapes each change into domain events and puts them on
 * the bus. A Pipe's EventBridge target takes one fixed detail-type per pipe, and the domain has
 * fourteen, so the shaping and the PutEvents call are here (see README "Events").
 *
 * Partial batch failure: a record whose events the bus refused (FailedEntryCount) or that the
 * call never reached is reported by its sequence number; the Pipe retries from the lowest one, so
 * a later record may arrive twice and consumers drop duplicates by detail.eventId.
 *
 * Environment: EVENT_BUS_NAME. Locally AWS_ENDPOINT_URL_EVENTBRIDGE points the SDK at the local bus.
 */
const client = new EventBridgeClient({});
/** PutEvents takes at most 10 entries. */
const MAX_ENTRIES = 10;

export interface BatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

export async function handler(records: StreamRecord[]): Promise<BatchResponse> {
  const busName = process.env.EVENT_BUS_NAME;
  if (!busName) throw new Error('The domain-events publisher needs the environment variable EVENT_BUS_NAME.');
  const entries: { record: string; entry: PutEventsRequestEntry }[] = [];
  for (const record of records) {
    const sequence = record.dynamodb?.SequenceNumber ?? '';
    for (const event of toDomainEvents(record)) {
      entries.push({
        record: sequence,
        entry: { EventBusName: busName, Source: event.source, DetailType: event.detailType, Time: new Date(event.time), Detail: JSON.stringify(event.detail) },
      });
    }
  }
  const failed = new Set<string>();
  for (let start = 0; start < entries.length; start += MAX_ENTRIES) {
    const chunk = entries.slice(start, start + MAX_ENTRIES);
    try {
      const answer = await client.send(new PutEventsCommand({ Entries: chunk.map((c) => c.entry) }));
      // A 200 answer may still refuse entries one by one: FailedEntryCount and ErrorCode per entry.
      if (answer.FailedEntryCount) {
        answer.Entries?.forEach((result, index) => {
          if (result.ErrorCode) failed.add(chunk[index]?.record ?? '');
        });
      }
    } catch (error) {
      console.error(JSON.stringify({ message: 'PutEvents failed', error: error instanceof Error ? error.message : String(error) }));
      for (const c of chunk) failed.add(c.record);
    }
  }
  return { batchItemFailures: [...failed].map((itemIdentifier) => ({ itemIdentifier })) };
}
