import { describe, expect, it } from 'vitest';
import { toRuntimeDataSources } from './data-sources';

describe('toRuntimeDataSources', () => {
  it('points table data sources at the physical table and Lambda ones at the handler module, with the SDK pointed at DynamoDB Local', () => {
    const configs = toRuntimeDataSources(
      {
        notesTable: { type: 'AMAZON_DYNAMODB', table: 'notes', access: 'readWrite' },
        search: { type: 'AWS_LAMBDA', handler: 'lambdas/search/handler.ts', export: 'handler', timeoutSeconds: 6, environment: { MODE: 'x' } },
        NONE: { type: 'NONE' },
      },
      { rootDir: '/project', tableName: (name) => `dev-${name}`, dynamoEndpoint: 'http://127.0.0.1:8000', region: 'local' },
    );
    expect(configs).toEqual([
      { type: 'AMAZON_DYNAMODB', name: 'notesTable', tableName: 'dev-notes', endpoint: 'http://127.0.0.1:8000', region: 'local' },
      {
        type: 'AWS_LAMBDA',
        name: 'search',
        handlerModule: '/project/lambdas/search/handler.ts',
        handlerExport: 'handler',
        timeoutMs: 6000,
        environment: {
          MODE: 'x',
          AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000',
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
        },
      },
      { type: 'NONE', name: 'NONE' },
    ]);
  });
});
