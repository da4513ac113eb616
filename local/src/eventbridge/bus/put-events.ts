import { randomUUID } from 'node:crypto';

/**
 * PutEvents as EventBridge answers it: request-level limits throw a service error (the whole call
 * fails, nothing is accepted), entry-level problems become that entry's result and the others go on.
 * Sources: the PutEvents and PutEventsResultEntry API references
 * (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html,
 * .../API_PutEventsResultEntry.html) and "Calculating PutEvents event entry size"
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html). The entry error
 * texts are the ones AWS returns, as recorded by LocalStack's AWS-validated snapshot tests.
 */

export interface PutEventsRequestEntry {
  Source?: string;
  DetailType?: string;
  /** A JSON object, as text. */
  Detail?: string;
  Resources?: string[];
  /** The event's time; over the wire (JSON 1.1) a number of epoch seconds. Defaults to the call's time. */
  Time?: Date | number;
  EventBusName?: string;
  TraceHeader?: string;
}

export type PutEventsResultEntry = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

export interface PutEventsResponse {
  FailedEntryCount: number;
  Entries: PutEventsResultEntry[];
}

/** An event as EventBridge delivers it to rules and targets. */
export type EventBridgeEvent = {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  /** ISO 8601 to the second, UTC: EventBridge drops the milliseconds. */
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
  /** Set on events re-sent by a replay, to the replay's name. */
  'replay-name'?: string;
};

/** A failure of the whole call, in the JSON protocol's terms: `__type` and `message`, and an HTTP status. */
export class EventBridgeServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status: number = 400,
  ) {
    super(message);
    this.name = type;
  }
}

export const MAX_ENTRIES = 10;
/** "The total entry size must be less than 256KB." */
export const MAX_REQUEST_ENTRY_BYTES = 256 * 1024;

const utf8Length = (text: string | undefined): number => (text === undefined ? 0 : Buffer.byteLength(text, 'utf8'));

/** The documented computation: Time counts 14 bytes, the rest their UTF-8 length. */
export function entrySize(entry: PutEventsRequestEntry): number {
  let size = entry.Time === undefined ? 0 : 14;
  size += utf8Length(entry.Source) + utf8Length(entry.DetailType) + utf8Length(entry.Detail);
  for (const resource of entry.Resources ?? []) size += typeof resource === 'string' ? utf8Length(resource) : 0;
  return size;
}

/** The request-level checks; throws before any entry is accepted. */
export function validatePutEventsRequest(entries: readonly PutEventsRequestEntry[]): void {
  if (!Array.isArray(entries) || entries.length < 1) {
    throw new EventBridgeServiceError(
      'ValidationException',
      "1 validation error detected: Value '[]' at 'entries' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  }
  if (entries.length > MAX_ENTRIES) {
    throw new EventBridgeServiceError(
      'ValidationException',
      "1 validation error detected: Value '[PutEventsRequestEntry]' at 'entries' failed to satisfy constraint: " +
        'Member must have length less than or equal to 10',
    );
  }
  const total = entries.reduce((sum, entry) => sum + entrySize(entry), 0);
  if (total >= MAX_REQUEST_ENTRY_BYTES) {
    throw new EventBridgeServiceError('ValidationException', 'Total size of the entries in the request is over the limit.');
  }
}

const invalidArgument = (field: string, reason: string): PutEventsResultEntry => ({
  ErrorCode: 'InvalidArgument',
  ErrorMessage: `Parameter ${field} is not valid. Reason: ${reason}`,
});

/** Second precision, as EventBridge writes `time`. */
export function eventTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function entryTimeMs(time: Date | number): number {
  return time instanceof Date ? time.getTime() : time * 1000;
}

export type BuiltEntry = { ok: true; event: EventBridgeEvent } | { ok: false; result: PutEventsResultEntry };

/** One entry's checks, in the order EventBridge applies them, then the envelope it builds. */
export function buildEvent(
  entry: PutEventsRequestEntry,
  context: { account: string; region: string; nowMs: number },
): BuiltEntry {
  const fail = (result: PutEventsResultEntry): BuiltEntry => ({ ok: false, result });
  if (typeof entry.Source !== 'string' || entry.Source === '') {
    return fail(invalidArgument('Source', 'Source is a required argument.'));
  }
  if (typeof entry.DetailType !== 'string' || entry.DetailType === '') {
    return fail(invalidArgument('DetailType', 'DetailType is a required argument.'));
  }
  if (typeof entry.Detail !== 'string' || entry.Detail === '') {
    return fail(invalidArgument('Detail', 'Detail is a required argument.'));
  }
  let detail: unknown;
  try {
    detail = JSON.parse(entry.Detail);
  } catch {
    detail = undefined;
  }
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
    return fail({ ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' });
  }
  const resources = entry.Resources ?? [];
  if (!Array.isArray(resources) || resources.some((resource) => typeof resource !== 'string')) {
    return fail(invalidArgument('Resources', 'Resources must be a list of strings.'));
  }
  let timeMs = context.nowMs;
  if (entry.Time !== undefined) {
    const parsed = entry.Time instanceof Date || typeof entry.Time === 'number' ? entryTimeMs(entry.Time) : Number.NaN;
    if (!Number.isFinite(parsed)) return fail(invalidArgument('Time', 'Time must be a timestamp.'));
    timeMs = parsed;
  }
  return {
    ok: true,
    event: {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType,
      source: entry.Source,
      account: context.account,
      time: eventTime(timeMs),
      region: context.region,
      resources: [...resources],
      detail: detail as Record<string, unknown>,
    },
  };
}
