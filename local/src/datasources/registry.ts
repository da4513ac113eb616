import type { DataSourceConfig } from '../config';
import { createDynamoDbDataSource } from './dynamodb';
import { createLambdaDataSource } from './lambda';
import { createNoneDataSource } from './none';
import type { DataSource } from './types';

/** One live data source per configured one, by name. */
export function createDataSources(configs: readonly DataSourceConfig[]): Map<string, DataSource> {
  const out = new Map<string, DataSource>();
  for (const config of configs) {
    if (out.has(config.name)) throw new Error(`Data source ${config.name} is configured twice.`);
    switch (config.type) {
      case 'AMAZON_DYNAMODB':
        out.set(config.name, createDynamoDbDataSource(config));
        break;
      case 'AWS_LAMBDA':
        out.set(config.name, createLambdaDataSource(config));
        break;
      case 'NONE':
        out.set(config.name, createNoneDataSource());
        break;
    }
  }
  return out;
}
