import { afterEach, describe, expect, it } from 'vitest';
import { createQueue, createQueues, md5OfBody, md5OfMessageAttributes, Queue, QueueConfigError, queueUrl, SqsError, type QueueRegistry } from './index';

const open: (Queue | QueueRegistry)[] = [];
afterEach(() => {
  for (const q of open.splice(0)) q.close();
});

function queue(def: ConstructorParameters<typeof Queue>[1] = { visibilityTimeoutSeconds: 30 }, options: ConstructorParameters<typeof Queue>[2] = {}): Queue {
  const q = createQueue('q', def, options);
  open.push(q);
  return q;
}

/** A clock the test moves by hand, so visibility and retention are asserted without waiting. */
function manualClock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const ALL = { MessageSystemAttributeNames: ['All' as const], MessageAttributeNames: ['All'] };

describe('an SQS queue', () => {
  it('answers SendMessage with the id and the MD5s of body and attributes, and delivers them', async () => {
    const q = queue();
    const attributes = { kind: { DataType: 'String', StringValue: 'order' }, blob: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2, 3]) } };
    const sent = q.sendMessage({ MessageBody: 'hello', MessageAttributes: attributes });
    expect(sent).toEqual({ MessageId: expect.any(String), MD5OfMessageBody: '5d41402abc4b2a76b9719d911017c592', MD5OfMessageAttributes: md5OfMessageAttributes(attributes) });
    const [got] = await q.receiveMessage(ALL);
    expect(got).toMatchObject({ MessageId: sent.MessageId, Body: 'hello', MD5OfBody: md5OfBody('hello'), MessageAttributes: attributes, MD5OfMessageAttributes: sent.MD5OfMessageAttributes });
    expect(got?.Attributes).toEqual({ SenderId: '000000000000', SentTimestamp: expect.any(String), ApproximateReceiveCount: '1', ApproximateFirstReceiveTimestamp: expect.any(String) });
  });

  it('computes the attribute MD5 over names in sorted order, so it does not depend on the order given', () => {
    const a = { b: { DataType: 'String', StringValue: 'x' }, a: { DataType: 'Number', StringValue: '1' } };
    const b = { a: { DataType: 'Number', StringValue: '1' }, b: { DataType: 'String', StringValue: 'x' } };
    expect(md5OfMessageAttributes(a)).toBe(md5OfMessageAttributes(b));
    expect(md5OfMessageAttributes(a)).not.toBe(md5OfMessageAttributes({ ...a, b: { DataType: 'String', StringValue: 'y' } }));
  });

  it('returns only the system and message attributes asked for', async () => {
    const q = queue();
    q.sendMessage({ MessageBody: 'x', MessageAttributes: { 'trace.id': { DataType: 'String', StringValue: 't' }, other: { DataType: 'String', StringValue: 'o' } } });
    const [got] = await q.receiveMessage({ MessageSystemAttributeNames: ['ApproximateReceiveCount'], MessageAttributeNames: ['trace.*'] });
    expect(got?.Attributes).toEqual({ ApproximateReceiveCount: '1' });
    expect(Object.keys(got?.MessageAttributes ?? {})).toEqual(['trace.id']);
  });

  it('refuses a message over 256 KiB, counting its attributes, and bad parameters, changing nothing', async () => {
    const q = queue();
    const body = 'x'.repeat(262_144 - 4);
    expect(() => q.sendMessage({ MessageBody: body, MessageAttributes: { ab: { DataType: 'String', StringValue: 'cde' } } })).toThrow(
      'One or more parameters are invalid. Reason: Message must be shorter than 262144 bytes.',
    );
    expect(() => q.sendMessage({ MessageBody: '' })).toThrow(expect.objectContaining({ code: 'MissingParameter' }));
    expect(() => q.sendMessage({ MessageBody: 'x', MessageAttributes: { 'AWS.x': { DataType: 'String', StringValue: 'v' } } })).toThrow(SqsError);
    expect(() => q.sendMessage({ MessageBody: 'x', MessageAttributes: { n: { DataType: 'Number', StringValue: 'ten' } } })).toThrow(/valid number/);
    await expect(q.receiveMessage({ MaxNumberOfMessages: 11 })).rejects.toThrow('Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.');
    expect(q.attributes().ApproximateNumberOfMessages).toBe(0);
    expect(q.sendMessage({ MessageBody: body })).toMatchObject({ MessageId: expect.any(String) });
  });

  it('replaces characters SQS does not allow with U+FFFD, and refuses a body with nothing valid', async () => {
    const q = queue();
    q.sendMessage({ MessageBody: 'a\u0001b' });
    expect((await q.receiveMessage())[0]?.Body).toBe('a\uFFFDb');
    expect(() => q.sendMessage({ MessageBody: '\u0001\u0002' })).toThrow(expect.objectContaining({ code: 'InvalidMessageContents' }));
  });

  it('sends a batch entry by entry, reporting each failure by its Id, and refuses malformed batches whole', () => {
    const q = queue();
    const out = q.sendMessageBatch([
      { Id: 'ok', MessageBody: 'fine' },
      { Id: 'bad', MessageBody: 'x', DelaySeconds: 901 },
    ]);
    expect(out.Successful.map((s) => s.Id)).toEqual(['ok']);
    expect(out.Failed).toEqual([{ Id: 'bad', SenderFault: true, Code: 'InvalidParameterValue', Message: 'Value 901 for parameter DelaySeconds is invalid. Reason: Must be between 0 and 900, if provided.' }]);
    expect(() => q.sendMessageBatch(Array.from({ length: 11 }, (_, i) => ({ Id: `m${i}`, MessageBody: 'x' })))).toThrow(expect.objectContaining({ code: 'TooManyEntriesInBatchRequest' }));
    expect(() => q.sendMessageBatch([{ Id: 'a', MessageBody: 'x' }, { Id: 'a', MessageBody: 'y' }])).toThrow(expect.objectContaining({ code: 'BatchEntryIdsNotDistinct' }));
    expect(() => q.sendMessageBatch([])).toThrow(expect.objectContaining({ code: 'EmptyBatchRequest' }));
    expect(q.attributes().ApproximateNumberOfMessages).toBe(1);
  });

  it('hides a received message for the visibility timeout, then delivers it again with a higher receive count', async () => {
    const clock = manualClock();
    const q = queue({ visibilityTimeoutSeconds: 30 }, { clock });
    q.sendMessage({ MessageBody: 'once' });
    const [first] = await q.receiveMessage(ALL);
    expect(await q.receiveMessage()).toEqual([]);
    clock.advance(29_999);
    expect(await q.receiveMessage()).toEqual([]);
    clock.advance(1);
    const [second] = await q.receiveMessage(ALL);
    expect(second?.MessageId).toBe(first?.MessageId);
    expect(second?.Attributes?.ApproximateReceiveCount).toBe('2');
    expect(second?.Attributes?.ApproximateFirstReceiveTimestamp).toBe(first?.Attributes?.ApproximateFirstReceiveTimestamp);
    expect(second?.ReceiptHandle).not.toBe(first?.ReceiptHandle);
  });

  it('treats a receipt handle from before a redelivery as stale: delete succeeds but keeps the message', async () => {
    const clock = manualClock();
    const q = queue({ visibilityTimeoutSeconds: 10 }, { clock });
    q.sendMessage({ MessageBody: 'm' });
    const [first] = await q.receiveMessage();
    clock.advance(10_000);
    const [second] = await q.receiveMessage();
    q.deleteMessage(first?.ReceiptHandle as string);
    expect(q.attributes()).toMatchObject({ ApproximateNumberOfMessagesNotVisible: 1 });
    expect(() => q.changeMessageVisibility(first?.ReceiptHandle as string, 0)).toThrow(/Message does not exist or is not available for visibility timeout change/);
    q.deleteMessage(second?.ReceiptHandle as string);
    expect(q.attributes()).toEqual({ ApproximateNumberOfMessages: 0, ApproximateNumberOfMessagesNotVisible: 0, ApproximateNumberOfMessagesDelayed: 0 });
    expect(() => q.deleteMessage('not-a-handle')).toThrow(expect.objectContaining({ code: 'ReceiptHandleIsInvalid' }));
  });

  it('changes a message’s visibility: 0 makes it receivable at once; a message not in flight is refused', async () => {
    const clock = manualClock();
    const q = queue({ visibilityTimeoutSeconds: 30 }, { clock });
    q.sendMessage({ MessageBody: 'm' });
    const [got] = await q.receiveMessage();
    q.changeMessageVisibility(got?.ReceiptHandle as string, 0);
    const [again] = await q.receiveMessage();
    expect(again?.MessageId).toBe(got?.MessageId);
    clock.advance(30_000);
    expect(() => q.changeMessageVisibility(again?.ReceiptHandle as string, 10)).toThrow(expect.objectContaining({ code: 'MessageNotInflight' }));
  });

  it('long-polls: a waiting receive answers as soon as a message is sent', async () => {
    const q = queue();
    const waiting = q.receiveMessage({ WaitTimeSeconds: 20 });
    setTimeout(() => q.sendMessage({ MessageBody: 'late' }), 50);
    expect((await waiting).map((m) => m.Body)).toEqual(['late']);
  });

  it('long-polls: a waiting receive gets a message whose visibility timeout runs out while it waits', async () => {
    const q = queue({ visibilityTimeoutSeconds: 1 });
    q.sendMessage({ MessageBody: 'back' });
    await q.receiveMessage();
    const [got] = await q.receiveMessage({ WaitTimeSeconds: 5, ...ALL });
    expect(got?.Attributes?.ApproximateReceiveCount).toBe('2');
  });

  it('ends a long poll with no messages when the queue closes', async () => {
    const q = queue();
    const waiting = q.receiveMessage({ WaitTimeSeconds: 20 });
    q.close();
    expect(await waiting).toEqual([]);
    expect(() => q.sendMessage({ MessageBody: 'x' })).toThrow(expect.objectContaining({ code: 'QueueDoesNotExist' }));
  });

  it('drops messages older than the retention period', async () => {
    const clock = manualClock();
    const q = queue({ visibilityTimeoutSeconds: 30, messageRetentionSeconds: 60 }, { clock });
    q.sendMessage({ MessageBody: 'old' });
    clock.advance(60_000);
    expect(await q.receiveMessage()).toEqual([]);
    expect(q.attributes().ApproximateNumberOfMessages).toBe(0);
  });

  it('moves a message to the dead-letter queue after maxReceiveCount receives, keeping its id and counts', async () => {
    const clock = manualClock();
    const queues = createQueues(
      { work: { visibilityTimeoutSeconds: 5, redrive: { deadLetterQueue: 'dead', maxReceiveCount: 3 } }, dead: { visibilityTimeoutSeconds: 30 } },
      { clock },
    );
    open.push(queues);
    const work = queues.get('work');
    const { MessageId } = work.sendMessage({ MessageBody: 'poison' });
    for (let i = 1; i <= 3; i += 1) {
      const [got] = await work.receiveMessage(ALL);
      expect(got?.Attributes?.ApproximateReceiveCount).toBe(String(i));
      clock.advance(5_000);
    }
    expect(await work.receiveMessage()).toEqual([]);
    const [dead] = await queues.get('dead').receiveMessage(ALL);
    expect(dead).toMatchObject({ MessageId, Body: 'poison', Attributes: { ApproximateReceiveCount: '4' } });
  });

  it('refuses redrive policies naming undeclared queues or forming a cycle, and invalid settings', () => {
    expect(() => createQueues({ a: { visibilityTimeoutSeconds: 1, redrive: { deadLetterQueue: 'nope', maxReceiveCount: 1 } } })).toThrow("Queue a's redrive policy names nope, which is not declared.");
    expect(() =>
      createQueues({
        a: { visibilityTimeoutSeconds: 1, redrive: { deadLetterQueue: 'b', maxReceiveCount: 1 } },
        b: { visibilityTimeoutSeconds: 1, redrive: { deadLetterQueue: 'a', maxReceiveCount: 1 } },
      }),
    ).toThrow(/cycle/);
    expect(() => createQueue('q', { visibilityTimeoutSeconds: 43_201 })).toThrow(QueueConfigError);
    expect(() => createQueue('bad name', { visibilityTimeoutSeconds: 1 })).toThrow(QueueConfigError);
  });

  it('names queues with SQS’s URL format, on AWS and at a local endpoint', () => {
    expect(queueUrl('orders', { region: 'eu-west-1', accountId: '123456789012' })).toBe('https://sqs.eu-west-1.amazonaws.com/123456789012/orders');
    expect(queueUrl('orders', { endpoint: 'http://127.0.0.1:4566/' })).toBe('http://127.0.0.1:4566/000000000000/orders');
    const queues = createQueues({ orders: { visibilityTimeoutSeconds: 1 } });
    open.push(queues);
    expect(queues.byUrl('http://127.0.0.1:4566/000000000000/orders').arn).toBe('arn:aws:sqs:local:000000000000:orders');
    expect(() => queues.byUrl('http://127.0.0.1:4566/000000000000/other')).toThrow(expect.objectContaining({ code: 'QueueDoesNotExist' }));
  });
});
