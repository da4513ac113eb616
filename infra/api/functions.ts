import type { FunctionDefinition } from '../../local/src/project/definitions';
import type { TableName } from './tables';

/**
 * Every Lambda function, declared once. The payments data source, the rules, the queue consumer
 * and the pipe name them; CDK deploys each once and `npm start` runs each in one local Lambda
 * service (local/src/lambda), whoever invokes it. Memory is declared, never defaulted in one
 * world only: Lambda bills duration times memory, and both worlds must run (and count) the same.
 */
export const functions = {
  payments: {
    handler: 'lambdas/payments/handler.ts',
    export: 'handler',
    timeoutSeconds: 10,
    memoryMB: 256,
  },
  expirySweeper: {
    handler: 'lambdas/expiry-sweeper/handler.ts',
    export: 'handler',
    timeoutSeconds: 60,
    memoryMB: 256,
    environment: { GRAPHQL_URL: { graphqlUrl: true } },
    apiAccess: { Query: ['overdueOrders', 'dueOrders'], Mutation: ['expireOrder', 'settleOrder'] },
  },
  // The table streams' pipe target: shapes changes into domain events and puts them on the bus.
  domainEvents: {
    handler: 'lambdas/domain-events/handler.ts',
    export: 'handler',
    timeoutSeconds: 30,
    memoryMB: 256,
    environment: { EVENT_BUS_NAME: { busName: 'domain' } },
  },
  // Reserved concurrency 2: the rollup must never take the account's Lambda concurrency from the
  // order path (payments), and two writers keep up with a busy shop (bench: events per second).
  metricsRollup: {
    handler: 'lambdas/metrics-rollup/handler.ts',
    export: 'handler',
    timeoutSeconds: 30,
    memoryMB: 256,
    reservedConcurrency: 2,
    environment: { METRICS_TABLE: { tableName: 'metrics' satisfies TableName } },
  },
  // The analytics fields' named queries (analytics/). On AWS infra/lib/analytics.ts adds the
  // Athena workgroup, database and named queries; locally ANALYTICS_LAKE_DIR names the folder the
  // `analytics` delivery stream writes (npm start sets it), and DuckDB reads it. 25 s: AppSync gives
  // a resolver 30 s, and the handler answers PENDING after ~20 s of waiting for Athena.
  analytics: {
    handler: 'lambdas/analytics/handler.ts',
    export: 'handler',
    timeoutSeconds: 25,
    memoryMB: 512,
    environment: { ANALYTICS_LAKE_DIR: '' },
  },
} satisfies Record<string, FunctionDefinition>;

export type FunctionName = keyof typeof functions;
