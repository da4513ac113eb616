/** SQS's request and response shapes, with the API reference's field names. */

export interface MessageAttributeValue {
  /** String, Number or Binary, optionally with a custom suffix (`Number.int`). */
  DataType: string;
  StringValue?: string;
  BinaryValue?: Uint8Array;
}

export interface SendMessageInput {
  MessageBody: string;
  MessageAttributes?: Record<string, MessageAttributeValue>;
  /** 0..900. */
  DelaySeconds?: number;
}

export interface SendMessageOutput {
  MessageId: string;
  MD5OfMessageBody: string;
  MD5OfMessageAttributes?: string;
}

export interface BatchResultErrorEntry {
  Id: string;
  SenderFault: boolean;
  Code: string;
  Message: string;
}

export interface SendMessageBatchOutput {
  Successful: (SendMessageOutput & { Id: string })[];
  Failed: BatchResultErrorEntry[];
}

/** The system attributes a receive can ask for. */
export type MessageSystemAttributeName = 'All' | 'SenderId' | 'SentTimestamp' | 'ApproximateReceiveCount' | 'ApproximateFirstReceiveTimestamp';

export interface ReceiveMessageInput {
  /** 1..10, default 1. */
  MaxNumberOfMessages?: number;
  /** 0..43200; the queue's default when absent. */
  VisibilityTimeout?: number;
  /** 0..20; long polling when above 0. */
  WaitTimeSeconds?: number;
  MessageSystemAttributeNames?: MessageSystemAttributeName[];
  /** Names, `All`, `.*`, or prefixes such as `trace.*`. */
  MessageAttributeNames?: string[];
  /** Ends a long poll early (a consumer stopping). */
  signal?: AbortSignal;
}

export interface ReceivedMessage {
  MessageId: string;
  ReceiptHandle: string;
  MD5OfBody: string;
  Body: string;
  Attributes?: Partial<Record<Exclude<MessageSystemAttributeName, 'All'>, string>>;
  MessageAttributes?: Record<string, MessageAttributeValue>;
  MD5OfMessageAttributes?: string;
}

export interface DeleteMessageBatchOutput {
  Successful: { Id: string }[];
  Failed: BatchResultErrorEntry[];
}

export interface QueueAttributes {
  ApproximateNumberOfMessages: number;
  ApproximateNumberOfMessagesNotVisible: number;
  ApproximateNumberOfMessagesDelayed: number;
}
