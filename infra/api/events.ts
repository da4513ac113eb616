import { print } from 'graphql';
import { OrderFieldsFragmentDoc } from '../../generated/client-operations';
import { ANALYTICS_WORKGROUP_SUFFIX } from '../../lambdas/analytics/contract';
import type { EventsDefinition } from '../../local/src/project/definitions';
import type { FunctionName } from './functions';
import type { TableName } from './tables';

/**
 * The event aggregator as data (README "Events" draws it): the tables' streams are read by pipes
 * whose target shapes each change into a domain event on the `domain` bus; rules fan the events
 * out to the metrics rollup (a queue and a Lambda), to the apps (EventBridge's AppSync target) and
 * to the analytics lake (Firehose); an archive keeps them for replay. A schedule rule runs the
 * expiry sweeper. CDK builds these objects into AWS resources; `npm start` runs the same objects.
 */

const fn = (name: FunctionName) => name;
const table = (name: TableName) => name;

// The AppSync target's mutation selects the apps' own OrderFields, so every subscriber gets every
// field it selects (a field missing from the mutation's selection reaches subscribers as null).
const NOTIFY_ORDER_CHANGED = `mutation NotifyOrderChanged($orderId: ID!) {
  notifyOrderChanged(orderId: $orderId) {
    ...OrderFields
  }
}

${print(OrderFieldsFragmentDoc)}`;

// The analytics fields' PENDING answers end here: the subscription's executionId filter finds the
// manager waiting for this execution (analytics/README.md "Long queries").
const PUBLISH_ANALYTICS_EXECUTION = `mutation PublishAnalyticsExecution($executionId: ID!, $state: AnalyticsExecutionState!) {
  publishAnalyticsExecution(executionId: $executionId, state: $state) {
    executionId
    state
  }
}`;

/** What a target may try before its event goes to the dead-letter queue. */
const RETRY = { maximumRetryAttempts: 20, maximumEventAgeSeconds: 3600 };

export const events = {
  buses: {
    domain: {
      description: "Brewline's domain events: orders, payments, store and menu.",
      // Everything, for a year: rollups and the lake can be rebuilt by replaying it.
      archive: { retentionDays: 365 },
    },
  },
  rules: {
    // Every event that moves money or time, to the rollups.
    metricsRollup: {
      description: 'Order and payment events to the metrics rollup queue.',
      bus: 'domain',
      eventPattern: { source: ['brewline.orders', 'brewline.payments'] },
      targets: [{ id: 'rollupQueue', type: 'SQS', queue: 'metricsRollup', retryPolicy: RETRY, deadLetterQueue: 'targetDeadLetters' }],
    },
    // What no mutation publishes: a declined payment (payOrder answers an error) and an expiry.
    // Not for seeded history (scripts/seed/history.ts): its orders exist only as events, so
    // notifyOrderChanged would find no order to read and the events would end as dead letters.
    pushUnpublishedChanges: {
      description: 'Payment Failed and Order Expired to the apps, through notifyOrderChanged.',
      bus: 'domain',
      eventPattern: {
        source: ['brewline.orders', 'brewline.payments'],
        'detail-type': ['Payment Failed', 'Order Expired'],
        detail: { orderId: [{ 'anything-but': { prefix: 'history-' } }] },
      },
      targets: [
        {
          id: 'notifyOrderChanged',
          type: 'APPSYNC',
          graphQLOperation: NOTIFY_ORDER_CHANGED,
          input: { inputTransformer: { inputPathsMap: { orderId: '$.detail.orderId' }, inputTemplate: '{"orderId": <orderId>}' } },
          retryPolicy: RETRY,
          deadLetterQueue: 'targetDeadLetters',
        },
      ],
    },
    analyticsSink: {
      description: 'Every domain event to the analytics lake.',
      bus: 'domain',
      eventPattern: { source: [{ prefix: 'brewline.' }] },
      targets: [{ id: 'lake', type: 'FIREHOSE', deliveryStream: 'analytics', retryPolicy: RETRY, deadLetterQueue: 'targetDeadLetters' }],
    },
    // Athena puts its query state changes on the account's default bus (best effort; the docs'
    // "Monitor Athena query events with EventBridge"). Only the terminal states of our workgroup:
    // `${stackName}-analytics` on AWS, DuckDB's stand-in locally (ANALYTICS_WORKGROUP_SUFFIX).
    analyticsExecutions: {
      description: 'An analytics query that ended, to the manager waiting for it, through publishAnalyticsExecution.',
      bus: 'default',
      eventPattern: {
        source: ['aws.athena'],
        'detail-type': ['Athena Query State Change'],
        detail: { workgroupName: [{ suffix: ANALYTICS_WORKGROUP_SUFFIX }], currentState: ['SUCCEEDED', 'FAILED', 'CANCELLED'] },
      },
      targets: [
        {
          id: 'publishAnalyticsExecution',
          type: 'APPSYNC',
          graphQLOperation: PUBLISH_ANALYTICS_EXECUTION,
          input: {
            inputTransformer: {
              inputPathsMap: { executionId: '$.detail.queryExecutionId', state: '$.detail.currentState' },
              inputTemplate: '{"executionId": <executionId>, "state": <state>}',
            },
          },
          // A manager waits on the page: a notice older than a few minutes finds no one.
          retryPolicy: { maximumRetryAttempts: 5, maximumEventAgeSeconds: 300 },
          deadLetterQueue: 'targetDeadLetters',
        },
      ],
    },
    expirySweeper: {
      description: 'Expires uncollected orders and settles overdue payments, every minute.',
      schedule: { rateMinutes: 1 },
      // A missed sweep is made up by the next one a minute later: two quick retries, then the
      // dead-letter queue, where a sweeper that keeps failing shows (and alarms).
      targets: [
        {
          id: 'sweeper',
          type: 'LAMBDA',
          function: fn('expirySweeper'),
          retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeSeconds: 60 },
          deadLetterQueue: 'targetDeadLetters',
        },
      ],
    },
  },
  queues: {
    // Six times the consumer's timeout, as the Lambda guide advises for SQS event sources.
    metricsRollup: { visibilityTimeoutSeconds: 180, redrive: { deadLetterQueue: 'metricsRollupDeadLetters', maxReceiveCount: 5 } },
    metricsRollupDeadLetters: { visibilityTimeoutSeconds: 30, messageRetentionSeconds: 14 * 24 * 3600 },
    targetDeadLetters: { visibilityTimeoutSeconds: 30, messageRetentionSeconds: 14 * 24 * 3600 },
    pipeDeadLetters: { visibilityTimeoutSeconds: 30, messageRetentionSeconds: 14 * 24 * 3600 },
  },
  queueConsumers: {
    metricsRollup: {
      queue: 'metricsRollup',
      function: fn('metricsRollup'),
      batchSize: 10,
      maximumBatchingWindowSeconds: 1,
      reportBatchItemFailures: true,
      maximumConcurrency: 2,
    },
  },
  deliveryStreams: {
    analytics: {
      prefix: 'events/dt=!{timestamp:yyyy-MM-dd}/',
      errorOutputPrefix: 'errors/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/',
      // Firehose's maximum: 48 objects a day instead of 720, and Athena reads every object of the
      // partitions it scans, so a dashboard load costs $0.004 of S3 GETs instead of $0.054
      // (analytics/README.md). Trends run up to 15 minutes behind; the live figures are
      // dailyMetrics. The local stand-in buffers as long; tests and seeding flush.
      bufferingIntervalSeconds: 900,
      bufferingSizeMB: 5,
      compression: 'GZIP',
      // JSON lines: Athena and DuckDB read one event per line.
      appendNewline: true,
    },
  },
  pipes: {
    orderChanges: {
      description: 'Order and store changes to domain events.',
      source: {
        table: table('orders'),
        startingPosition: 'TRIM_HORIZON',
        batchSize: 25,
        maximumBatchingWindowSeconds: 1,
        maximumRetryAttempts: 10,
        maximumRecordAgeSeconds: 86400,
        onPartialBatchItemFailure: 'AUTOMATIC_BISECT',
        deadLetterQueue: 'pipeDeadLetters',
        // Orders and the store only: counters, idempotency keys and the audit trail are bookkeeping.
        filters: [{ eventName: ['INSERT', 'MODIFY'], dynamodb: { Keys: { sk: { S: ['ORDER', 'STORE'] } } } }],
      },
      target: { function: fn('domainEvents') },
    },
    menuChanges: {
      description: 'Menu item and category changes to domain events.',
      source: {
        table: table('menu'),
        startingPosition: 'TRIM_HORIZON',
        batchSize: 25,
        maximumBatchingWindowSeconds: 1,
        maximumRetryAttempts: 10,
        maximumRecordAgeSeconds: 86400,
        onPartialBatchItemFailure: 'AUTOMATIC_BISECT',
        deadLetterQueue: 'pipeDeadLetters',
        filters: [{ dynamodb: { Keys: { sk: { S: [{ prefix: 'ITEM#' }, { prefix: 'CATEGORY#' }] } } } }],
      },
      target: { function: fn('domainEvents') },
    },
  },
} satisfies EventsDefinition;
