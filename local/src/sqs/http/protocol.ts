import { SqsError } from '../errors';
import type { Queue } from '../queue';
import type { QueueRegistry } from '../registry';
import { queueUrl } from '../registry';
import type { MessageAttributeValue, MessageSystemAttributeName, ReceivedMessage } from '../types';

/**
 * SQS's AWS JSON 1.0 protocol, apart from any socket: `X-Amz-Target: AmazonSQS.<Operation>`, a
 * JSON body with the API reference's field names, binary values as base64, and errors as
 * `{ "__type": "com.amazonaws.sqs#<Code>", "message" }` with the query-compatible
 * `x-amzn-query-error: <Code>;Sender` header (sqs-json-api-responses.html), which is what
 * `@aws-sdk/client-sqs` speaks.
 */

export interface ProtocolReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

interface WireAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

type Body = Record<string, unknown>;

export function errorReply(error: SqsError): ProtocolReply {
  return {
    status: 400,
    body: { __type: `com.amazonaws.sqs#${error.code}`, message: error.message },
    headers: { 'x-amzn-query-error': `${error.code};${error.senderFault ? 'Sender' : 'Receiver'}` },
  };
}

export async function dispatch(queues: QueueRegistry, target: string | undefined, body: Body, context: { endpoint: string; signal: AbortSignal }): Promise<ProtocolReply> {
  const operation = target?.startsWith('AmazonSQS.') ? target.slice('AmazonSQS.'.length) : undefined;
  try {
    switch (operation) {
      case 'GetQueueUrl': {
        const name = text(body, 'QueueName');
        queues.get(name);
        return ok({ QueueUrl: queueUrl(name, { endpoint: context.endpoint }) });
      }
      case 'SendMessage':
        return ok(queue(queues, body).sendMessage({ MessageBody: text(body, 'MessageBody'), ...sendOptions(body) }));
      case 'SendMessageBatch': {
        const entries = list(body, 'Entries').map((entry) => ({ Id: text(entry, 'Id'), MessageBody: text(entry, 'MessageBody'), ...sendOptions(entry) }));
        return ok(queue(queues, body).sendMessageBatch(entries));
      }
      case 'ReceiveMessage': {
        const names = [...stringList(body, 'MessageSystemAttributeNames'), ...stringList(body, 'AttributeNames')] as MessageSystemAttributeName[];
        const messages = await queue(queues, body).receiveMessage({
          ...numberField(body, 'MaxNumberOfMessages'),
          ...numberField(body, 'VisibilityTimeout'),
          ...numberField(body, 'WaitTimeSeconds'),
          MessageSystemAttributeNames: names,
          MessageAttributeNames: stringList(body, 'MessageAttributeNames'),
          signal: context.signal,
        });
        return ok(messages.length > 0 ? { Messages: messages.map(toWire) } : {});
      }
      case 'DeleteMessage':
        queue(queues, body).deleteMessage(text(body, 'ReceiptHandle'));
        return ok({});
      case 'DeleteMessageBatch':
        return ok(queue(queues, body).deleteMessageBatch(list(body, 'Entries').map((entry) => ({ Id: text(entry, 'Id'), ReceiptHandle: text(entry, 'ReceiptHandle') }))));
      case 'ChangeMessageVisibility':
        queue(queues, body).changeMessageVisibility(text(body, 'ReceiptHandle'), Number(body['VisibilityTimeout']));
        return ok({});
      case 'GetQueueAttributes': {
        const counts = queue(queues, body).attributes();
        return ok({ Attributes: Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, String(v)])) });
      }
      default:
        return {
          status: 400,
          body: { __type: 'com.amazonaws.sqs#UnsupportedOperation', message: `The local SQS endpoint does not support ${operation ?? String(target)}.` },
          headers: { 'x-amzn-query-error': 'AWS.SimpleQueueService.UnsupportedOperation;Sender' },
        };
    }
  } catch (error) {
    if (error instanceof SqsError) return errorReply(error);
    throw error;
  }
}

function ok(body: unknown): ProtocolReply {
  return { status: 200, body };
}

function queue(queues: QueueRegistry, body: Body): Queue {
  return queues.byUrl(text(body, 'QueueUrl'));
}

function text(body: unknown, field: string): string {
  const value = typeof body === 'object' && body !== null ? (body as Body)[field] : undefined;
  if (typeof value !== 'string') throw new SqsError('MissingParameter', `The request must contain the parameter ${field}.`);
  return value;
}

function list(body: Body, field: string): Body[] {
  const value = body[field];
  if (!Array.isArray(value)) throw new SqsError('MissingParameter', `The request must contain the parameter ${field}.`);
  return value.filter((v): v is Body => typeof v === 'object' && v !== null);
}

function stringList(body: Body, field: string): string[] {
  const value = body[field];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function numberField<K extends string>(body: Body, field: K): Partial<Record<K, number>> {
  const value = body[field];
  return typeof value === 'number' ? ({ [field]: value } as Record<K, number>) : {};
}

function sendOptions(body: Body): { MessageAttributes?: Record<string, MessageAttributeValue>; DelaySeconds?: number } {
  const attributes = body['MessageAttributes'];
  return {
    ...numberField(body, 'DelaySeconds'),
    ...(typeof attributes === 'object' && attributes !== null ? { MessageAttributes: fromWire(attributes as Record<string, WireAttribute>) } : {}),
  };
}

function fromWire(attributes: Record<string, WireAttribute>): Record<string, MessageAttributeValue> {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, v]) => [
      name,
      {
        DataType: String(v?.DataType ?? ''),
        ...(typeof v?.BinaryValue === 'string' ? { BinaryValue: new Uint8Array(Buffer.from(v.BinaryValue, 'base64')) } : {}),
        ...(typeof v?.StringValue === 'string' ? { StringValue: v.StringValue } : {}),
      },
    ]),
  );
}

function toWire(m: ReceivedMessage): Record<string, unknown> {
  return {
    ...m,
    ...(m.MessageAttributes
      ? {
          MessageAttributes: Object.fromEntries(
            Object.entries(m.MessageAttributes).map(([name, v]) => [
              name,
              { DataType: v.DataType, ...(v.BinaryValue !== undefined ? { BinaryValue: Buffer.from(v.BinaryValue).toString('base64') } : { StringValue: v.StringValue }) },
            ]),
          ),
        }
      : {}),
  };
}
