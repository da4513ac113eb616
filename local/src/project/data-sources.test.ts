import { describe, expect, it } from 'vitest';
import { projectFunctions, toLambdaFunctions, toRuntimeDataSources } from './data-sources';
import type { DataSourceDefinition } from './definitions';

const local = { tableName: (name: string) => `dev-${name}`, dynamoEndpoint: 'http://127.0.0.1:8000' };

describe('toRuntimeDataSources', () => {
  it('points table data sources at the physical table and Lambda ones at the function they name', () => {
    const configs = toRuntimeDataSources(
      {
        notesTable: { type: 'AMAZON_DYNAMODB', table: 'notes', access: 'readWrite' },
        search: { type: 'AWS_LAMBDA', function: 'searchFn' },
        legacy: { type: 'AWS_LAMBDA', handler: 'lambdas/legacy.ts', export: 'handler', timeoutSeconds: 6 },
        NONE: { type: 'NONE' },
      },
      { ...local, region: 'local' },
    );
    expect(configs).toEqual([
      { type: 'AMAZON_DYNAMODB', name: 'notesTable', tableName: 'dev-notes', endpoint: 'http://127.0.0.1:8000', region: 'local' },
      { type: 'AWS_LAMBDA', name: 'search', function: 'searchFn' },
      { type: 'AWS_LAMBDA', name: 'legacy', function: 'legacy' },
      { type: 'NONE', name: 'NONE' },
    ]);
  });
});

describe('projectFunctions', () => {
  it('adds an implicit function, named after the data source, for each inline Lambda data source', () => {
    const functions = projectFunctions(
      { searchFn: { handler: 'lambdas/search.ts', export: 'handler', timeoutSeconds: 5 } },
      {
        search: { type: 'AWS_LAMBDA', function: 'searchFn' },
        legacy: { type: 'AWS_LAMBDA', handler: 'lambdas/legacy.ts', export: 'main', timeoutSeconds: 6, environment: { MODE: 'x' } },
      },
    );
    expect(functions).toEqual({
      searchFn: { handler: 'lambdas/search.ts', export: 'handler', timeoutSeconds: 5 },
      legacy: { handler: 'lambdas/legacy.ts', export: 'main', timeoutSeconds: 6, environment: { MODE: 'x' } },
    });
  });

  it('rejects a data source naming an undeclared function, and an inline one shadowing a declared function', () => {
    expect(() => projectFunctions({}, { search: { type: 'AWS_LAMBDA', function: 'nope' } })).toThrow(
      'Data source search invokes function nope, which ApiDefinition.functions does not declare.',
    );
    expect(() =>
      projectFunctions({ search: { handler: 'a.ts', export: 'handler', timeoutSeconds: 1 } }, { search: { type: 'AWS_LAMBDA', handler: 'b.ts', export: 'handler', timeoutSeconds: 1 } }),
    ).toThrow(/already has a function named search/);
    const both = { type: 'AWS_LAMBDA', function: 'searchFn', handler: 'other.ts', export: 'handler', timeoutSeconds: 1 } as unknown as DataSourceDefinition;
    expect(() => projectFunctions({ searchFn: { handler: 'a.ts', export: 'handler', timeoutSeconds: 1 } }, { search: both })).toThrow(
      'Data source search names function searchFn and also declares a handler inline; change ApiDefinition.functions.searchFn instead.',
    );
  });
});

describe('toLambdaFunctions', () => {
  it('resolves handler paths, table names and the SDK variables, and defers what other services answer until asked', () => {
    const asked: unknown[] = [];
    const functions = toLambdaFunctions(
      {
        rollup: {
          handler: 'lambdas/rollup.ts',
          export: 'handler',
          timeoutSeconds: 30,
          reservedConcurrency: 2,
          memoryMB: 256,
          environment: { MODE: 'x', TABLE: { tableName: 'rollups' }, QUEUE: { queueUrl: 'metrics' }, API: { graphqlUrl: true } },
        },
      },
      {
        ...local,
        rootDir: '/project',
        extraEnvironment: { SANDBOX: 'http://127.0.0.1:9' },
        resolveResource: (ref) => {
          asked.push(ref);
          return 'queueUrl' in ref ? `http://127.0.0.1:1/000000000000/${ref.queueUrl}` : 'http://127.0.0.1:2/graphql';
        },
      },
    );
    const rollup = functions['rollup'];
    expect(rollup).toMatchObject({ handlerModule: '/project/lambdas/rollup.ts', handlerExport: 'handler', timeoutMs: 30_000, reservedConcurrency: 2, memoryMB: 256 });
    expect(asked).toEqual([]);
    const environment = typeof rollup?.environment === 'function' ? rollup.environment() : rollup?.environment;
    expect(environment).toEqual({
      MODE: 'x',
      TABLE: 'dev-rollups',
      QUEUE: 'http://127.0.0.1:1/000000000000/metrics',
      API: 'http://127.0.0.1:2/graphql',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      SANDBOX: 'http://127.0.0.1:9',
    });
  });

  it('builds a function needing a resource nothing resolves, and names the variable when its environment is read', () => {
    const functions = toLambdaFunctions({ f: { handler: 'f.ts', export: 'handler', timeoutSeconds: 1, environment: { BUS: { busName: 'orders' } } } }, { ...local, rootDir: '/p' });
    const environment = functions['f']?.environment;
    expect(typeof environment).toBe('function');
    expect(() => (typeof environment === 'function' ? environment() : environment)).toThrow(
      "Function f's variable BUS needs the name of bus orders, and nothing resolves it locally (bootApi's resolveResource option).",
    );
  });
});
