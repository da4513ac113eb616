import { describe, expect, it } from 'vitest';
import type { FunctionConfig, ResolverConfig } from '../config';
import { createNoneDataSource } from '../datasources/none';
import { AppSyncJsEngine, type InvokeDataSource, type ResolverInput } from './engine';

const INPUT: ResolverInput = {
  arguments: { id: 'a1' },
  identity: null,
  source: null,
  request: { headers: {}, domainName: null },
  info: { fieldName: 'thing', parentTypeName: 'Query', variables: {}, selectionSetList: [], selectionSetGraphQL: '' },
  authType: 'API_KEY',
};

const IMPORTS = `import { util, runtime, extensions } from '@aws-appsync/utils';\n`;

/** The real NONE data source, with a record of the requests it was sent. */
function noneDataSource(): { invoke: InvokeDataSource; sent: unknown[] } {
  const none = createNoneDataSource();
  const sent: unknown[] = [];
  return {
    sent,
    invoke: async (_name, request) => {
      sent.push(request);
      return none.invoke(request);
    },
  };
}

function unit(code: string): ResolverConfig {
  return { kind: 'UNIT', typeName: 'Query', fieldName: 'thing', dataSource: 'none', code: { source: 'Query.thing.js', code: IMPORTS + code } };
}

function pipeline(code: string, functions: string[]): ResolverConfig {
  return { kind: 'PIPELINE', typeName: 'Query', fieldName: 'thing', functions, code: { source: 'Query.thing/index.js', code: IMPORTS + code } };
}

function fn(name: string, code: string): FunctionConfig {
  return { name, dataSource: 'none', code: { source: `${name}.js`, code: IMPORTS + code } };
}

describe('a unit resolver', () => {
  it('runs request, the data source and response, with the stash shared between them', async () => {
    const ds = noneDataSource();
    const resolver = unit(`
      export function request(ctx) { ctx.stash.from = 'request'; return { payload: { id: ctx.args.id } }; }
      export function response(ctx) { return { ...ctx.result, from: ctx.stash.from }; }`);
    const outcome = await new AppSyncJsEngine().runResolver(resolver, INPUT, ds.invoke);
    expect(outcome).toMatchObject({ value: { id: 'a1', from: 'request' }, error: null, appendedErrors: [] });
    expect(ds.sent).toEqual([{ payload: { id: 'a1' } }]);
  });

  it('gives every handler the API\'s environment variables as ctx.env', async () => {
    const ds = noneDataSource();
    const resolver = unit(`
      export function request(ctx) { return { payload: ctx.env.TABLE }; }
      export function response(ctx) { return ctx.result + '/' + ctx.env.TABLE; }`);
    const outcome = await new AppSyncJsEngine().runResolver(resolver, { ...INPUT, env: { TABLE: 'orders-1' } }, ds.invoke);
    expect(outcome.value).toBe('orders-1/orders-1');
  });

  it('skips the data source and response when the request returns early', async () => {
    const ds = noneDataSource();
    const resolver = unit(`
      export function request(ctx) { runtime.earlyReturn({ early: true }); }
      export function response(ctx) { return 'RESPONSE_RAN'; }`);
    const outcome = await new AppSyncJsEngine().runResolver(resolver, INPUT, ds.invoke);
    expect(outcome.value).toEqual({ early: true });
    expect(ds.sent).toEqual([]);
  });

  it('aborts the field with util.error, keeping errors appended before it', async () => {
    const resolver = unit(`
      export function request(ctx) { util.appendError('first', 'Warn'); return { payload: 1 }; }
      export function response(ctx) { util.error('No thing', 'NotFound', { id: ctx.args.id }); }`);
    const outcome = await new AppSyncJsEngine().runResolver(resolver, INPUT, noneDataSource().invoke);
    expect(outcome).toMatchObject({
      value: null,
      error: { message: 'No thing', errorType: 'NotFound', data: { id: 'a1' }, errorInfo: null },
      appendedErrors: [{ message: 'first', errorType: 'Warn', data: null, errorInfo: null }],
    });
  });

  it('resolves the value while reporting appended errors', async () => {
    const resolver = unit(`
      export function request(ctx) { return { payload: 'v' }; }
      export function response(ctx) { util.appendError('partial', 'Partial'); return ctx.result; }`);
    const outcome = await new AppSyncJsEngine().runResolver(resolver, INPUT, noneDataSource().invoke);
    expect(outcome).toMatchObject({ value: 'v', error: null, appendedErrors: [{ message: 'partial', errorType: 'Partial' }] });
  });
});

describe('a pipeline resolver', () => {
  it('chains ctx.prev.result from the before step through every function to the after step', async () => {
    const ds = noneDataSource();
    const functions = [
      fn('addOne', `export function request(ctx) { return { payload: ctx.prev.result.n + 1 }; }\nexport function response(ctx) { ctx.stash.trail.push(ctx.result); return { n: ctx.result }; }`),
      fn('double', `export function request(ctx) { return { payload: ctx.prev.result.n * 2 }; }\nexport function response(ctx) { ctx.stash.trail.push(ctx.result); return { n: ctx.result }; }`),
    ];
    const resolver = pipeline(
      `export function request(ctx) { ctx.stash.trail = []; return { n: 1 }; }\nexport function response(ctx) { return { prev: ctx.prev.result, result: ctx.result, trail: ctx.stash.trail }; }`,
      ['addOne', 'double'],
    );
    const outcome = await new AppSyncJsEngine({ functions }).runResolver(resolver, INPUT, ds.invoke);
    expect(outcome.value).toEqual({ prev: { n: 4 }, result: { n: 4 }, trail: [2, 4] });
    expect(ds.sent).toEqual([{ payload: 2 }, { payload: 4 }]);
  });

  it('continues with the next function when a function returns early', async () => {
    const functions = [
      fn('skipper', `export function request(ctx) { runtime.earlyReturn('SKIPPED'); }\nexport function response(ctx) { return 'RESPONSE_SHOULD_BE_SKIPPED'; }`),
      fn('setter', `export function request(ctx) { ctx.stash.seen = ctx.prev.result; return { payload: 'SECOND_RAN' }; }\nexport function response(ctx) { return ctx.result; }`),
    ];
    const resolver = pipeline(`export function request(ctx) { return {}; }\nexport function response(ctx) { return [ctx.prev.result, ctx.stash.seen]; }`, ['skipper', 'setter']);
    const outcome = await new AppSyncJsEngine({ functions }).runResolver(resolver, INPUT, noneDataSource().invoke);
    expect(outcome.value).toEqual(['SECOND_RAN', 'SKIPPED']);
  });

  it('skips every function but still runs the after step when the before step returns early', async () => {
    const ds = noneDataSource();
    const functions = [fn('never', `export function request(ctx) { ctx.stash.ran = true; return { payload: 1 }; }\nexport function response(ctx) { return ctx.result; }`)];
    const resolver = pipeline(
      `export function request(ctx) { runtime.earlyReturn({ short: true }); }\nexport function response(ctx) { return { ran: ctx.stash.ran ?? false, prev: ctx.prev.result }; }`,
      ['never'],
    );
    const outcome = await new AppSyncJsEngine({ functions }).runResolver(resolver, INPUT, ds.invoke);
    expect(outcome.value).toEqual({ ran: false, prev: { short: true } });
    expect(ds.sent).toEqual([]);
  });

  it("skips the remaining functions on earlyReturn with skipTo 'END'", async () => {
    const functions = [
      fn('ender', `export function request(ctx) { runtime.earlyReturn('ENDED', { skipTo: 'END' }); }\nexport function response(ctx) { return ctx.result; }`),
      fn('shouldNotRun', `export function request(ctx) { ctx.stash.ran = true; return { payload: 1 }; }\nexport function response(ctx) { return ctx.result; }`),
    ];
    const resolver = pipeline(`export function request(ctx) { return {}; }\nexport function response(ctx) { return ctx.stash.ran ? 'SECOND_RAN' : ctx.prev.result; }`, ['ender', 'shouldNotRun']);
    const outcome = await new AppSyncJsEngine({ functions }).runResolver(resolver, INPUT, noneDataSource().invoke);
    expect(outcome.value).toBe('ENDED');
  });

  it('aborts at a function’s util.error without running the rest', async () => {
    const ds = noneDataSource();
    const functions = [
      fn('guard', `export function request(ctx) { util.appendError('noted'); util.error('Denied', 'Unauthorized'); }\nexport function response(ctx) { return null; }`),
      fn('write', `export function request(ctx) { return { payload: 'written' }; }\nexport function response(ctx) { return ctx.result; }`),
    ];
    const resolver = pipeline(`export function request(ctx) { return {}; }\nexport function response(ctx) { return 'AFTER_RAN'; }`, ['guard', 'write']);
    const outcome = await new AppSyncJsEngine({ functions }).runResolver(resolver, INPUT, ds.invoke);
    expect(outcome).toMatchObject({ value: null, error: { message: 'Denied', errorType: 'Unauthorized' }, appendedErrors: [{ message: 'noted' }] });
    expect(ds.sent).toEqual([]);
  });

  it('collects extensions calls from every step', async () => {
    const functions = [
      fn('invalidate', `export function request(ctx) { extensions.invalidateSubscriptions({ subscriptionField: 'onThing', payload: { id: ctx.args.id } }); return { payload: 1 }; }\nexport function response(ctx) { return ctx.result; }`),
    ];
    const resolver = pipeline(
      `export function request(ctx) { return {}; }\nexport function response(ctx) { extensions.setSubscriptionFilter({ filterGroup: [{ filters: [{ fieldName: 'id', operator: 'eq', value: 'a1' }] }] }); return ctx.prev.result; }`,
      ['invalidate'],
    );
    const outcome = await new AppSyncJsEngine({ functions }).runResolver(resolver, INPUT, noneDataSource().invoke);
    expect(outcome.extensions).toEqual({
      subscriptionFilter: { filterGroup: [{ filters: [{ fieldName: 'id', operator: 'eq', value: 'a1' }] }] },
      invalidateSubscriptions: [{ subscriptionField: 'onThing', payload: { id: 'a1' } }],
      cacheEvictions: [],
    });
  });
});

describe('the engine', () => {
  it('compiles each distinct code text once', async () => {
    const engine = new AppSyncJsEngine();
    const code = { source: 'a.js', code: 'export function request(ctx) { return {}; }' };
    const first = await engine.module(code);
    expect(await engine.module({ ...code, source: 'b.js' })).toBe(first);
    expect(await engine.module({ source: 'c.js', code: `${code.code}\n` })).not.toBe(first);
  });

  it('passes util.authType and util.unauthorized the request’s facts', async () => {
    const resolver = unit(`export function request(ctx) { runtime.earlyReturn(util.authType()); }\nexport function response(ctx) { return null; }`);
    const engine = new AppSyncJsEngine();
    expect((await engine.runResolver(resolver, INPUT, noneDataSource().invoke)).value).toBe('API Key Authorization');
    const denied = unit(`export function request(ctx) { util.unauthorized(); }\nexport function response(ctx) { return null; }`);
    expect((await engine.runResolver(denied, INPUT, noneDataSource().invoke)).error).toEqual({
      message: 'Not Authorized to access thing on type Query',
      errorType: 'Unauthorized',
      data: null,
      errorInfo: null,
    });
  });
});
