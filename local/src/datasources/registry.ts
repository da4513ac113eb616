import type { DataSourceConfig } from '../config';
import type { LambdaInvoker } from '../lambda';
import { createDynamoDbDataSource } from './dynamodb';
import { createEventBridgeDataSource, type EventBusLookup } from './eventbridge';
import { createHttpDataSource } from './http';
import { createLambdaDataSource } from './lambda';
import { createNoneDataSource } from './none';
import { createOpenSearchDataSource } from './opensearch';
import { createRdsDataSource } from './rds';
import type { DataSource } from './types';

/** One live data source per configured one, by name; AWS_LAMBDA ones invoke `services.lambda`. */
export function createDataSources(configs: readonly DataSourceConfig[], services: { lambda?: LambdaInvoker; eventBuses?: EventBusLookup } = {}): Map<string, DataSource> {
  const out = new Map<string, DataSource>();
  for (const config of configs) {
    if (out.has(config.name)) throw new Error(`Data source ${config.name} is configured twice.`);
    switch (config.type) {
      case 'AMAZON_DYNAMODB':
        out.set(config.name, createDynamoDbDataSource(config));
        break;
      case 'AWS_LAMBDA':
        if (!services.lambda) throw new Error(`Data source ${config.name} invokes function ${config.function}, but the runtime was given no Lambda service.`);
        out.set(config.name, createLambdaDataSource(config, services.lambda));
        break;
      case 'AMAZON_EVENTBRIDGE':
        // Looked up per request: the buses may start after the runtime.
        out.set(config.name, createEventBridgeDataSource(config, (name) => services.eventBuses?.(name)));
        break;
      case 'NONE':
        out.set(config.name, createNoneDataSource());
        break;
      case 'AMAZON_RDS':
        // Refuses (throws) an Aurora MySQL cluster: only PostgreSQL runs locally.
        out.set(config.name, createRdsDataSource(config));
        break;
      case 'HTTP':
        out.set(config.name, createHttpDataSource(config));
        break;
      case 'AMAZON_OPENSEARCH_SERVICE':
      case 'AMAZON_ELASTICSEARCH':
        // Refuses (throws, naming the field) when no endpoint is configured.
        out.set(config.name, createOpenSearchDataSource(config));
        break;
    }
  }
  return out;
}
