import { resolve } from 'node:path';
import type { DataSourceConfig } from '../config';
import type { DataSourceDefinition } from './definitions';

export interface LocalDataSourceOptions {
  /** Project root, against which Lambda handler paths are resolved. */
  rootDir: string;
  /** Physical name of each logical table, e.g. with a per-run prefix. */
  tableName(logicalName: string): string;
  dynamoEndpoint: string;
  region: string;
}

/** The runtime's data sources for a project's logical definitions, pointed at local endpoints. */
export function toRuntimeDataSources(
  defs: Record<string, DataSourceDefinition>,
  options: LocalDataSourceOptions,
): DataSourceConfig[] {
  return Object.entries(defs).map(([name, def]): DataSourceConfig => {
    switch (def.type) {
      case 'AMAZON_DYNAMODB':
        return {
          type: 'AMAZON_DYNAMODB',
          name,
          tableName: options.tableName(def.table),
          endpoint: options.dynamoEndpoint,
          region: options.region,
        };
      case 'AWS_LAMBDA':
        return {
          type: 'AWS_LAMBDA',
          name,
          handlerModule: resolve(options.rootDir, def.handler),
          handlerExport: def.export,
          timeoutMs: def.timeoutSeconds * 1000,
          // The AWS SDK reads service endpoints and credentials from these standard variables, so
          // handler code needs no local-only branch to reach DynamoDB Local.
          environment: {
            ...def.environment,
            AWS_ENDPOINT_URL_DYNAMODB: options.dynamoEndpoint,
            AWS_ACCESS_KEY_ID: 'local',
            AWS_SECRET_ACCESS_KEY: 'local',
          },
        };
      case 'NONE':
        return { type: 'NONE', name };
    }
  });
}
