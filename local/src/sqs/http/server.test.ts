import { ChangeMessageVisibilityCommand, DeleteMessageCommand, GetQueueUrlCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createLambdaService } from '../../lambda';
import { createQueues, queueUrl, type QueueRegistry } from '../index';
import { startSqsEndpoint, type SqsEndpoint } from './server';

const handlers = fileURLToPath(new URL('../../lambda/fixtures/handlers.ts', import.meta.url));

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function endpoint(): Promise<{ queues: QueueRegistry; server: SqsEndpoint; sqs: SQSClient; url: string }> {
  const queues = createQueues({ orders: { visibilityTimeoutSeconds: 30 } });
  cleanups.push(() => queues.close());
  const server = await startSqsEndpoint(queues);
  cleanups.push(() => server.close());
  const sqs = new SQSClient({ endpoint: server.url, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  cleanups.push(() => sqs.destroy());
  return { queues, server, sqs, url: queueUrl('orders', { endpoint: server.url }) };
}

describe('the local SQS endpoint, called by @aws-sdk/client-sqs', () => {
  it('sends, long-polls, receives with attributes and deletes, and the SDK accepts its body MD5', async () => {
    const { sqs, url, queues } = await endpoint();
    expect((await sqs.send(new GetQueueUrlCommand({ QueueName: 'orders' }))).QueueUrl).toBe(url);
    const polling = sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 10, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'] }));
    // The SDK checks MD5OfMessageBody against what it sent (middleware-sdk-sqs), and throws on a mismatch.
    const sent = await sqs.send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: 'order placed', MessageAttributes: { kind: { DataType: 'String', StringValue: 'placed' }, raw: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 255]) } } }),
    );
    const received = await polling;
    expect(received.Messages).toHaveLength(1);
    const [message] = received.Messages ?? [];
    expect(message).toMatchObject({ MessageId: sent.MessageId, Body: 'order placed', Attributes: { ApproximateReceiveCount: '1' }, MessageAttributes: { kind: { StringValue: 'placed' } } });
    expect([...(message?.MessageAttributes?.['raw']?.BinaryValue ?? [])]).toEqual([0, 255]);
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: message?.ReceiptHandle, VisibilityTimeout: 60 }));
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message?.ReceiptHandle }));
    expect(queues.get('orders').attributes()).toEqual({ ApproximateNumberOfMessages: 0, ApproximateNumberOfMessagesNotVisible: 0, ApproximateNumberOfMessagesDelayed: 0 });
    const batch = await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'a', MessageBody: 'one' }, { Id: 'b', MessageBody: 'two' }] }));
    expect(batch.Successful?.map((s) => s.Id)).toEqual(['a', 'b']);
  });

  it('answers SQS errors the SDK turns into named exceptions', async () => {
    const { sqs, server } = await endpoint();
    await expect(sqs.send(new SendMessageCommand({ QueueUrl: queueUrl('missing', { endpoint: server.url }), MessageBody: 'x' }))).rejects.toMatchObject({ name: 'QueueDoesNotExist' });
    await expect(sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl('orders', { endpoint: server.url }), ReceiptHandle: 'nonsense' }))).rejects.toMatchObject({ name: 'ReceiptHandleIsInvalid' });
  });

  it('lets a Lambda handler that uses the SDK send to a local queue unmodified', async () => {
    const { url, queues, server } = await endpoint();
    const lambda = createLambdaService({
      functions: { sender: { handlerModule: handlers, handlerExport: 'sqsSender', timeoutMs: 10_000, environment: { QUEUE_URL: url, AWS_ENDPOINT_URL_SQS: server.url, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' } } },
    });
    cleanups.push(() => lambda.close());
    const out = await lambda.invoke('sender', { body: 'from a handler' });
    expect(out).toMatchObject({ StatusCode: 200, Payload: { messageId: expect.any(String) } });
    const [message] = await queues.get('orders').receiveMessage({ MessageAttributeNames: ['All'] });
    expect(message).toMatchObject({ Body: 'from a handler', MessageAttributes: { via: { StringValue: 'sdk' } } });
  });
});
