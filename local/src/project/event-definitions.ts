/**
 * The event-driven half of a project as plain data: Lambda functions, queues, event buses, rules,
 * pipes and delivery streams. A CDK stack builds AWS resources from these objects; the local
 * runtime runs the very same objects (local/src/lambda, sqs, eventbridge, pipes, firehose). The
 * names and settings are AWS's own (Lambda event source mappings, EventBridge targets, Pipes), so
 * a reader who knows AWS knows what each does. Every reference between them is a logical name,
 * resolved to a physical name or URL by whoever deploys them. Nothing here is specific to a product.
 */

/** An EventBridge event pattern (also Pipes' and event source mappings' filter criteria). */
export type EventPattern = Record<string, unknown>;

/** A value of a function's environment: a literal, or a resource known only once it exists. */
export type FunctionEnvironmentValue =
  | string
  | { tableName: string }
  | { busName: string }
  | { queueUrl: string }
  /** The API's GraphQL URL. */
  | { graphqlUrl: true };

/** A Lambda function, declared once; data sources, rules, queues, pipes and schedules name it. */
export interface FunctionDefinition {
  /** Module path relative to the project root, e.g. lambdas/<name>/handler.ts. */
  handler: string;
  export: string;
  timeoutSeconds: number;
  memoryMB?: number;
  /**
   * Lambda's reserved concurrency: at most this many invocations at once, and this many are always
   * available to the function. Locally, the size of its worker pool.
   */
  reservedConcurrency?: number;
  environment?: Record<string, FunctionEnvironmentValue>;
  /** The only API fields the function's role may call over IAM (appsync:GraphQL). */
  apiAccess?: { Query?: string[]; Mutation?: string[] };
}

/** A standard SQS queue. */
export interface QueueDefinition {
  visibilityTimeoutSeconds: number;
  /** SQS's default is 4 days (345600). */
  messageRetentionSeconds?: number;
  /** The redrive policy: a message received this many times without being deleted moves there. */
  redrive?: { deadLetterQueue: string; maxReceiveCount: number };
}

/** A Lambda event source mapping from an SQS queue. */
export interface QueueConsumerDefinition {
  queue: string;
  function: string;
  /** 1..10, or up to 10,000 with a batching window. */
  batchSize: number;
  maximumBatchingWindowSeconds?: number;
  /** FunctionResponseTypes ReportBatchItemFailures: the handler answers `{ batchItemFailures }`. */
  reportBatchItemFailures: boolean;
  /** ScalingConfig.MaximumConcurrency (2..1000): at most this many batches in flight. */
  maximumConcurrency?: number;
}

/** How a target receives the event: EventBridge's Input, InputPath or InputTransformer. */
export type TargetInput =
  | { input: string }
  | { inputPath: string }
  | { inputTransformer: { inputPathsMap?: Record<string, string>; inputTemplate: string } };

export interface RetryPolicy {
  /** 0..185; EventBridge's default is 185. */
  maximumRetryAttempts: number;
  /** 60..86400; EventBridge's default is 86400. */
  maximumEventAgeSeconds: number;
}

interface TargetCommon {
  /** The target's Id within its rule. */
  id: string;
  input?: TargetInput;
  retryPolicy?: RetryPolicy;
  /** Logical name of the queue that receives what could not be delivered. */
  deadLetterQueue?: string;
}

export type RuleTargetDefinition = TargetCommon &
  (
    | { type: 'LAMBDA'; function: string }
    | { type: 'SQS'; queue: string }
    /**
     * EventBridge's AppSync target: runs `graphQLOperation` over IAM; the (transformed) input is its
     * variables. `apiId` is the API the target's ARN names; without it, the project's one API.
     */
    | { type: 'APPSYNC'; graphQLOperation: string; apiId?: string }
    | { type: 'FIREHOSE'; deliveryStream: string }
  );

/**
 * A schedule rule's ScheduleExpression: `rate(<n> minutes)` as a whole number of minutes, or
 * EventBridge's six-field cron (`cron(0 8 ? * MON-FRI *)` is `{ cron: '0 8 ? * MON-FRI *' }`), UTC.
 */
export type ScheduleDefinition = { rateMinutes: number } | { cron: string };

/** An EventBridge rule: an event pattern on a bus, or a schedule on the default bus. */
export type RuleDefinition = {
  description: string;
  targets: RuleTargetDefinition[];
} & ({ bus: string; eventPattern: EventPattern } | { schedule: ScheduleDefinition });

export interface EventBusDefinition {
  description: string;
  /** An archive of the bus's events, from which they can be replayed. */
  archive?: { retentionDays: number; eventPattern?: EventPattern };
}

/** A Firehose delivery stream writing to S3 (locally, to a folder with the same key layout). */
export interface DeliveryStreamDefinition {
  /** S3 key prefix; Firehose's `!{timestamp:yyyy-MM-dd}` namespace is supported. */
  prefix: string;
  errorOutputPrefix: string;
  bufferingIntervalSeconds: number;
  bufferingSizeMB: number;
  compression: 'GZIP' | 'UNCOMPRESSED';
  /** Firehose's AppendDelimiterToRecord processor: a newline after each record, for JSON lines. */
  appendNewline?: boolean;
}

/** An EventBridge Pipe from a table's stream (DynamoDB stream source parameters, named as AWS names them). */
export interface PipeDefinition {
  description: string;
  source: {
    /** Logical table name; the table must declare a stream. */
    table: string;
    startingPosition: 'TRIM_HORIZON' | 'LATEST';
    /** 1..10000. */
    batchSize: number;
    maximumBatchingWindowSeconds?: number;
    /** -1 (forever) or 0..10000. */
    maximumRetryAttempts: number;
    /** -1 (forever) or 60..604800. */
    maximumRecordAgeSeconds: number;
    onPartialBatchItemFailure?: 'AUTOMATIC_BISECT';
    /** Logical queue name of the on-failure destination. */
    deadLetterQueue: string;
    /** FilterCriteria: a record passes if it matches any pattern. */
    filters?: EventPattern[];
  };
  /** The target: a function invoked synchronously with the batch (an array of stream records). */
  target: { function: string };
}

export interface EventsDefinition {
  buses: Record<string, EventBusDefinition>;
  rules: Record<string, RuleDefinition>;
  queues: Record<string, QueueDefinition>;
  queueConsumers: Record<string, QueueConsumerDefinition>;
  deliveryStreams: Record<string, DeliveryStreamDefinition>;
  pipes: Record<string, PipeDefinition>;
}
