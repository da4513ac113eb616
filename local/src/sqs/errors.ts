/**
 * SQS's errors: the code is the one the API reference lists per action (and the JSON protocol
 * sends as `__type` "com.amazonaws.sqs#<code>"), the message its wording where AWS publishes one.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/CommonErrors.html
 */
export type SqsErrorCode =
  | 'InvalidParameterValue'
  | 'MissingParameter'
  | 'InvalidMessageContents'
  | 'ReceiptHandleIsInvalid'
  | 'MessageNotInflight'
  | 'TooManyEntriesInBatchRequest'
  | 'EmptyBatchRequest'
  | 'BatchEntryIdsNotDistinct'
  | 'BatchRequestTooLong'
  | 'InvalidBatchEntryId'
  | 'QueueDoesNotExist'
  | 'InvalidAttributeName';

export class SqsError extends Error {
  override readonly name = 'SqsError';
  constructor(
    readonly code: SqsErrorCode,
    message: string,
    /** AWS's SenderFault: the caller's mistake rather than the service's. */
    readonly senderFault = true,
  ) {
    super(message);
  }
}

/** A queue declaration that SQS would refuse at CreateQueue. */
export class QueueConfigError extends Error {
  override readonly name = 'QueueConfigError';
}
