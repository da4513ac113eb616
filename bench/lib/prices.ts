/**
 * AWS list prices, us-east-1, on-demand, as written on 2026-12-02 from the pricing pages named
 * beside each (check them before relying on a figure: prices change, and free tiers are left
 * out here except where a line says so). USD.
 *
 * analytics/generate.ts keeps its own Firehose, S3 and Athena prices for now (its engineer was
 * editing that file when this one was written); the Firehose figure here is the same one.
 */
export const PRICES = {
  written: '2026-12-02',
  region: 'us-east-1',
  appsync: {
    /** "AWS AppSync pricing": query and data modification operations, $4.00 per million. */
    perRequest: 4.0 / 1e6,
    /** Real-time updates, $2.00 per million, metered in 5 KB increments. */
    perRealtimeMessage: 2.0 / 1e6,
    /** Real-time connection-minutes, $0.08 per million. */
    perConnectionMinute: 0.08 / 1e6,
  },
  dynamodb: {
    /** "Amazon DynamoDB pricing for on-demand capacity" (since 2024-11-01): $0.625 per million WRU. */
    perWriteUnit: 0.625 / 1e6,
    /** $0.125 per million RRU. */
    perReadUnit: 0.125 / 1e6,
  },
  lambda: {
    /** "AWS Lambda pricing": $0.20 per million requests. */
    perInvocation: 0.2 / 1e6,
    /** x86, the first 6 billion GB-seconds a month: $0.0000166667 per GB-second. */
    perGbSecond: 0.0000166667,
  },
  eventbridge: {
    /** "Amazon EventBridge pricing": custom events, $1.00 per million (64 KB chunks). */
    perEvent: 1.0 / 1e6,
    /** EventBridge Pipes: $0.40 per million requests after filtering (64 KB chunks). */
    perPipesRequest: 0.4 / 1e6,
  },
  sqs: {
    /** "Amazon SQS pricing": standard queues, $0.40 per million requests (64 KB chunks). */
    perRequest: 0.4 / 1e6,
  },
  firehose: {
    /** "Amazon Data Firehose pricing": Direct PUT, first 500 TB a month, $0.029 per GB (records rounded up to 5 KB). */
    perGB: 0.029,
  },
  cognito: {
    /** "Amazon Cognito pricing": Essentials tier (CDK's default feature plan), $0.015 per MAU after 10,000 free MAUs. */
    essentialsPerMau: 0.015,
    /** Lite tier, $0.0055 per MAU (10,001 to 100,000), for a pool switched to Lite. */
    litePerMau: 0.0055,
    freeMaus: 10_000,
  },
} as const;
