import { randomUUID } from 'node:crypto';
import type { QueueDefinition } from '../project/event-definitions';
import { QueueConfigError, SqsError } from './errors';
import { Journal, type JournalEntry, type StoredAttribute } from './journal';
import { md5OfBody, md5OfMessageAttributes } from './md5';
import type {
  BatchResultErrorEntry,
  DeleteMessageBatchOutput,
  MessageAttributeValue,
  QueueAttributes,
  ReceivedMessage,
  ReceiveMessageInput,
  SendMessageBatchOutput,
  SendMessageInput,
  SendMessageOutput,
} from './types';
import { checkAttributes, checkBatch, cleanBody, intParameter, messageBytes } from './validate';
import { CHUNK_64KB, Usage, chunks, usage } from '../metering/index';

/**
 * One standard SQS queue, in process: SendMessage(Batch), ReceiveMessage with visibility timeout
 * and long polling, DeleteMessage(Batch), ChangeMessageVisibility, retention and the redrive
 * policy, with the API reference's parameters, limits and errors
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/). Optionally journalled
 * to a file so messages outlive the process.
 */

export interface Clock {
  now(): number;
}

export interface QueueOptions {
  clock?: Clock;
  /** Append-only journal; messages survive a kill and a restart (see journal.ts). */
  journalPath?: string;
  /** The queue `def.redrive.deadLetterQueue` names; createQueues wires it. */
  deadLetterQueue?: Queue;
  /** The queue attribute MaximumMessageSize: 1,024..1,048,576 bytes, SQS's default 262,144. */
  maximumMessageSize?: number;
  region?: string;
  accountId?: string;
}

interface Message {
  id: string;
  body: string;
  attributes?: Record<string, MessageAttributeValue>;
  md5: string;
  sentAt: number;
  visibleAt: number;
  receiveCount: number;
  firstReceiveAt?: number;
  receivedAt?: number;
  receipt?: string;
}

interface Waiter {
  input: ReceiveMessageInput;
  max: number;
  visibilityMs: number;
  resolve(messages: ReceivedMessage[]): void;
  timer: NodeJS.Timeout;
}

const DEFAULT_RETENTION_SECONDS = 345_600;
const MAX_VISIBILITY_SECONDS = 43_200;
/** A batch's entries together, SendMessageBatch's quota. */
const MAX_BATCH_BYTES = 1_048_576;
/** Queue names (CreateQueue, QueueName): 1..80 alphanumerics, hyphens and underscores. */
const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;

export class Queue {
  /** True while a batch call runs its entries: SQS bills the batch as one request (per 64 KB). */
  private inBatch = false;
  readonly arn: string;
  readonly maximumMessageSize: number;
  private readonly clock: Clock;
  private readonly messages = new Map<string, Message>();
  private readonly waiters = new Set<Waiter>();
  private readonly retentionMs: number;
  private readonly journal: Journal | null;
  private readonly accountId: string;
  private wake: { at: number; timer: NodeJS.Timeout } | null = null;
  private closed = false;

  constructor(
    readonly name: string,
    readonly definition: QueueDefinition,
    private readonly options: QueueOptions = {},
  ) {
    checkDefinition(name, definition, options);
    this.clock = options.clock ?? Date;
    this.accountId = options.accountId ?? '000000000000';
    this.arn = `arn:aws:sqs:${options.region ?? 'local'}:${this.accountId}:${name}`;
    this.maximumMessageSize = options.maximumMessageSize ?? 262_144;
    this.retentionMs = (definition.messageRetentionSeconds ?? DEFAULT_RETENTION_SECONDS) * 1000;
    if (options.journalPath) {
      for (const entry of Journal.read(options.journalPath)) this.replay(entry);
      this.journal = Journal.rewrite(options.journalPath, [...this.messages.values()].map(snapshot));
    } else {
      this.journal = null;
    }
  }

  sendMessage(input: SendMessageInput): SendMessageOutput {
    this.open();
    const body = cleanBody(input.MessageBody);
    checkAttributes(input.MessageAttributes);
    const delay = intParameter('DelaySeconds', input.DelaySeconds, 0, 900) ?? 0;
    const size = messageBytes(body, input.MessageAttributes);
    if (size > this.maximumMessageSize) {
      throw new SqsError('InvalidParameterValue', `One or more parameters are invalid. Reason: Message must be shorter than ${this.maximumMessageSize} bytes.`);
    }
    if (!this.inBatch) usage.add(Usage.sqsRequests, chunks(size, CHUNK_64KB));
    const now = this.clock.now();
    const attributes = input.MessageAttributes && Object.keys(input.MessageAttributes).length > 0 ? copyAttributes(input.MessageAttributes) : undefined;
    const message: Message = { id: randomUUID(), body, md5: md5OfBody(body), sentAt: now, visibleAt: now + delay * 1000, receiveCount: 0, ...(attributes ? { attributes } : {}) };
    this.journal?.append(snapshot(message));
    this.messages.set(message.id, message);
    this.poke();
    return { MessageId: message.id, MD5OfMessageBody: message.md5, ...(attributes ? { MD5OfMessageAttributes: md5OfMessageAttributes(attributes) } : {}) };
  }

  sendMessageBatch(entries: (SendMessageInput & { Id: string })[]): SendMessageBatchOutput {
    this.open();
    checkBatch(entries, 'SendMessageBatchRequestEntry');
    const total = entries.reduce((sum, e) => sum + (typeof e.MessageBody === 'string' ? messageBytes(e.MessageBody, e.MessageAttributes) : 0), 0);
    if (total > MAX_BATCH_BYTES) throw new SqsError('BatchRequestTooLong', `Batch requests cannot be longer than ${MAX_BATCH_BYTES} bytes. You have sent ${total} bytes.`);
    const out: SendMessageBatchOutput = { Successful: [], Failed: [] };
    usage.add(Usage.sqsRequests, chunks(total, CHUNK_64KB));
    this.inBatch = true;
    try {
      for (const entry of entries) {
        const { Id, ...input } = entry;
        try {
          out.Successful.push({ Id, ...this.sendMessage(input) });
        } catch (error) {
          out.Failed.push(failure(Id, error));
        }
      }
    } finally {
      this.inBatch = false;
    }
    return out;
  }

  async receiveMessage(input: ReceiveMessageInput = {}): Promise<ReceivedMessage[]> {
    this.open();
    const max = intParameter('MaxNumberOfMessages', input.MaxNumberOfMessages, 1, 10) ?? 1;
    const visibility = intParameter('VisibilityTimeout', input.VisibilityTimeout, 0, MAX_VISIBILITY_SECONDS) ?? this.definition.visibilityTimeoutSeconds;
    const wait = intParameter('WaitTimeSeconds', input.WaitTimeSeconds, 0, 20) ?? 0;
    // One request however long it polls: long polling is how SQS keeps empty receives cheap.
    usage.add(Usage.sqsRequests);
    const now = this.take(max, visibility * 1000, input);
    if (now.length > 0 || wait === 0 || input.signal?.aborted) return now;
    return new Promise((resolve) => {
      const waiter: Waiter = {
        input,
        max,
        visibilityMs: visibility * 1000,
        resolve: (messages) => {
          clearTimeout(waiter.timer);
          this.waiters.delete(waiter);
          input.signal?.removeEventListener('abort', onAbort);
          resolve(messages);
        },
        timer: setTimeout(() => waiter.resolve([]), wait * 1000),
      };
      const onAbort = (): void => waiter.resolve([]);
      input.signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(waiter);
      this.scheduleWake();
    });
  }

  /**
   * A handle from an earlier receive of a message received again since is stale: DeleteMessage
   * answers success and the message stays (DeleteMessage: "you must provide the most recently
   * received receipt handle ... otherwise, the request succeeds, but the message will not be
   * deleted"). A message already gone is a success too.
   */
  deleteMessage(receiptHandle: string): void {
    this.open();
    if (!this.inBatch) usage.add(Usage.sqsRequests);
    const message = this.messages.get(this.messageIdOf(receiptHandle));
    if (!message || message.receipt !== receiptHandle) return;
    this.remove(message);
  }

  deleteMessageBatch(entries: { Id: string; ReceiptHandle: string }[]): DeleteMessageBatchOutput {
    this.open();
    checkBatch(entries, 'DeleteMessageBatchRequestEntry');
    const out: DeleteMessageBatchOutput = { Successful: [], Failed: [] };
    usage.add(Usage.sqsRequests);
    this.inBatch = true;
    try {
      for (const entry of entries) {
        try {
          this.deleteMessage(entry.ReceiptHandle);
          out.Successful.push({ Id: entry.Id });
        } catch (error) {
          out.Failed.push(failure(entry.Id, error));
        }
      }
    } finally {
      this.inBatch = false;
    }
    return out;
  }

  changeMessageVisibility(receiptHandle: string, visibilityTimeout: number): void {
    this.open();
    usage.add(Usage.sqsRequests);
    const seconds = intParameter('VisibilityTimeout', visibilityTimeout, 0, MAX_VISIBILITY_SECONDS) ?? 0;
    const message = this.messages.get(this.messageIdOf(receiptHandle));
    if (!message || message.receipt !== receiptHandle) {
      throw new SqsError('InvalidParameterValue', `Value ${receiptHandle} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.`);
    }
    const now = this.clock.now();
    if (message.visibleAt <= now) throw new SqsError('MessageNotInflight', 'The message referred to is not in flight.');
    // The 12 hours count from the receive, however often the timeout is changed (visibility-timeout.html).
    if (now + seconds * 1000 - (message.receivedAt ?? now) > MAX_VISIBILITY_SECONDS * 1000) {
      throw new SqsError('InvalidParameterValue', `Value ${seconds} for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout for the message is beyond the limit [${MAX_VISIBILITY_SECONDS} seconds].`);
    }
    message.visibleAt = now + seconds * 1000;
    this.journal?.append({ op: 'vis', id: message.id, visibleAt: message.visibleAt });
    this.poke();
  }

  /** GetQueueAttributes' approximate counts. */
  attributes(): QueueAttributes {
    const now = this.clock.now();
    let visible = 0;
    let inFlight = 0;
    let delayed = 0;
    for (const m of this.messages.values()) {
      if (m.visibleAt <= now) visible += 1;
      else if (m.receiveCount > 0) inFlight += 1;
      else delayed += 1;
    }
    return { ApproximateNumberOfMessages: visible, ApproximateNumberOfMessagesNotVisible: inFlight, ApproximateNumberOfMessagesDelayed: delayed };
  }

  /** Ends long polls (with no messages), stops timers and closes the journal. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const waiter of [...this.waiters]) waiter.resolve([]);
    if (this.wake) clearTimeout(this.wake.timer);
    this.wake = null;
    this.journal?.close();
  }

  /** Takes in a message the redrive policy of another queue moved here, keeping its id, age and counts (internal to sqs/). */
  acceptDeadLetter(message: Message): void {
    this.open();
    const moved: Message = { ...message, visibleAt: this.clock.now() };
    delete moved.receipt;
    delete moved.receivedAt;
    this.journal?.append(snapshot(moved));
    this.messages.set(moved.id, moved);
    this.poke();
  }

  private take(max: number, visibilityMs: number, input: ReceiveMessageInput): ReceivedMessage[] {
    const now = this.clock.now();
    const out: ReceivedMessage[] = [];
    const redrive = this.definition.redrive;
    for (const message of this.messages.values()) {
      if (out.length >= max) break;
      if (now - message.sentAt >= this.retentionMs) {
        this.remove(message);
        continue;
      }
      if (message.visibleAt > now) continue;
      if (redrive && this.options.deadLetterQueue && message.receiveCount >= redrive.maxReceiveCount) {
        // Written to the dead-letter queue before it leaves this one: a kill in between leaves a
        // duplicate, never a loss.
        this.options.deadLetterQueue.acceptDeadLetter(message);
        this.remove(message);
        continue;
      }
      message.receiveCount += 1;
      message.firstReceiveAt ??= now;
      message.receivedAt = now;
      message.visibleAt = now + visibilityMs;
      message.receipt = Buffer.from(`${this.name}\n${message.id}\n${randomUUID()}`).toString('base64url');
      this.journal?.append({ op: 'recv', id: message.id, n: message.receiveCount, first: message.firstReceiveAt, visibleAt: message.visibleAt, receivedAt: now, rh: message.receipt });
      out.push(this.render(message, input));
    }
    if (out.length > 0) this.scheduleWake();
    return out;
  }

  private render(message: Message, input: ReceiveMessageInput): ReceivedMessage {
    const wanted = new Set(input.MessageSystemAttributeNames ?? []);
    const all = wanted.has('All');
    const system: NonNullable<ReceivedMessage['Attributes']> = {};
    if (all || wanted.has('SenderId')) system.SenderId = this.accountId;
    if (all || wanted.has('SentTimestamp')) system.SentTimestamp = String(message.sentAt);
    if (all || wanted.has('ApproximateReceiveCount')) system.ApproximateReceiveCount = String(message.receiveCount);
    if (all || wanted.has('ApproximateFirstReceiveTimestamp')) system.ApproximateFirstReceiveTimestamp = String(message.firstReceiveAt);
    const selected = selectAttributes(message.attributes, input.MessageAttributeNames ?? []);
    return {
      MessageId: message.id,
      ReceiptHandle: message.receipt as string,
      MD5OfBody: message.md5,
      Body: message.body,
      ...(Object.keys(system).length > 0 ? { Attributes: system } : {}),
      ...(selected ? { MessageAttributes: selected, MD5OfMessageAttributes: md5OfMessageAttributes(selected) } : {}),
    };
  }

  /** Serves long polls that can now be answered, then arms a timer for the next message to become visible. */
  private poke(): void {
    for (const waiter of [...this.waiters]) {
      const got = this.take(waiter.max, waiter.visibilityMs, waiter.input);
      if (got.length > 0) waiter.resolve(got);
    }
    this.scheduleWake();
  }

  private scheduleWake(): void {
    if (this.closed || this.waiters.size === 0) return;
    const now = this.clock.now();
    let next = Infinity;
    for (const m of this.messages.values()) if (m.visibleAt > now && m.visibleAt < next) next = m.visibleAt;
    if (next === Infinity || (this.wake && this.wake.at <= next)) return;
    if (this.wake) clearTimeout(this.wake.timer);
    const timer = setTimeout(() => {
      this.wake = null;
      this.poke();
    }, next - now);
    this.wake = { at: next, timer };
  }

  private remove(message: Message): void {
    this.messages.delete(message.id);
    this.journal?.append({ op: 'del', id: message.id });
  }

  private messageIdOf(receiptHandle: string): string {
    const parts = typeof receiptHandle === 'string' ? Buffer.from(receiptHandle, 'base64url').toString('utf8').split('\n') : [];
    if (parts.length !== 3 || parts[0] !== this.name || !parts[1]) {
      throw new SqsError('ReceiptHandleIsInvalid', `The input receipt handle "${String(receiptHandle)}" is not a valid receipt handle.`);
    }
    return parts[1];
  }

  private replay(entry: JournalEntry): void {
    switch (entry.op) {
      case 'send': {
        const attributes = entry.attrs ? fromStored(entry.attrs) : undefined;
        this.messages.set(entry.id, {
          id: entry.id,
          body: entry.body,
          md5: md5OfBody(entry.body),
          sentAt: entry.sentAt,
          visibleAt: entry.visibleAt,
          receiveCount: entry.n ?? 0,
          ...(entry.first !== undefined ? { firstReceiveAt: entry.first } : {}),
          ...(attributes ? { attributes } : {}),
        });
        return;
      }
      case 'recv': {
        const message = this.messages.get(entry.id);
        if (!message) return;
        Object.assign(message, { receiveCount: entry.n, firstReceiveAt: entry.first, visibleAt: entry.visibleAt, receivedAt: entry.receivedAt, receipt: entry.rh });
        return;
      }
      case 'vis': {
        const message = this.messages.get(entry.id);
        if (message) message.visibleAt = entry.visibleAt;
        return;
      }
      case 'del':
        this.messages.delete(entry.id);
    }
  }

  private open(): void {
    if (this.closed) throw new SqsError('QueueDoesNotExist', 'The specified queue does not exist.');
  }
}

function checkDefinition(name: string, def: QueueDefinition, options: QueueOptions): void {
  if (!QUEUE_NAME.test(name)) throw new QueueConfigError(`Queue name ${JSON.stringify(name)} is invalid: 1 to 80 letters, digits, hyphens or underscores.`);
  const range = (what: string, value: number | undefined, min: number, max: number): void => {
    if (value !== undefined && (!Number.isInteger(value) || value < min || value > max)) {
      throw new QueueConfigError(`Queue ${name}: ${what} must be between ${min} and ${max}, not ${value}.`);
    }
  };
  range('VisibilityTimeout', def.visibilityTimeoutSeconds, 0, MAX_VISIBILITY_SECONDS);
  range('MessageRetentionPeriod', def.messageRetentionSeconds, 60, 1_209_600);
  range('MaximumMessageSize', options.maximumMessageSize, 1024, 1_048_576);
  if (def.redrive) {
    range('maxReceiveCount', def.redrive.maxReceiveCount, 1, 1000);
    if (!options.deadLetterQueue) throw new QueueConfigError(`Queue ${name}: its redrive policy names ${def.redrive.deadLetterQueue}, which was not given.`);
    if (options.deadLetterQueue.name !== def.redrive.deadLetterQueue) {
      throw new QueueConfigError(`Queue ${name}: its redrive policy names ${def.redrive.deadLetterQueue}, not ${options.deadLetterQueue.name}.`);
    }
  }
}

function failure(id: string, error: unknown): BatchResultErrorEntry {
  if (error instanceof SqsError) return { Id: id, SenderFault: error.senderFault, Code: error.code, Message: error.message };
  throw error;
}

function copyAttributes(attributes: Record<string, MessageAttributeValue>): Record<string, MessageAttributeValue> {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, v]) => [
      name,
      { DataType: v.DataType, ...(v.BinaryValue !== undefined ? { BinaryValue: Uint8Array.from(v.BinaryValue) } : { StringValue: v.StringValue ?? '' }) },
    ]),
  );
}

/** ReceiveMessage's MessageAttributeNames: `All`, `.*`, a prefix ending `.*`, or exact names. */
function selectAttributes(attributes: Record<string, MessageAttributeValue> | undefined, names: readonly string[]): Record<string, MessageAttributeValue> | undefined {
  if (!attributes || names.length === 0) return undefined;
  const matches = (name: string): boolean =>
    names.some((wanted) => wanted === 'All' || wanted === '.*' || wanted === name || (wanted.endsWith('.*') && name.startsWith(wanted.slice(0, -1))));
  const picked = Object.entries(attributes).filter(([name]) => matches(name));
  return picked.length > 0 ? Object.fromEntries(picked) : undefined;
}

function snapshot(message: Message): JournalEntry {
  return {
    op: 'send',
    id: message.id,
    body: message.body,
    sentAt: message.sentAt,
    visibleAt: message.visibleAt,
    ...(message.attributes ? { attrs: toStored(message.attributes) } : {}),
    ...(message.receiveCount > 0 ? { n: message.receiveCount } : {}),
    ...(message.firstReceiveAt !== undefined ? { first: message.firstReceiveAt } : {}),
  };
}

function toStored(attributes: Record<string, MessageAttributeValue>): Record<string, StoredAttribute> {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, v]) => [
      name,
      { DataType: v.DataType, ...(v.BinaryValue !== undefined ? { BinaryValue: Buffer.from(v.BinaryValue).toString('base64') } : { StringValue: v.StringValue ?? '' }) },
    ]),
  );
}

function fromStored(attributes: Record<string, StoredAttribute>): Record<string, MessageAttributeValue> {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, v]) => [
      name,
      { DataType: v.DataType, ...(v.BinaryValue !== undefined ? { BinaryValue: new Uint8Array(Buffer.from(v.BinaryValue, 'base64')) } : { StringValue: v.StringValue ?? '' }) },
    ]),
  );
}
