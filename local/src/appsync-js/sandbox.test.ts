import { describe, expect, it } from 'vitest';
import { FACTS, evaluate, handlerContext, loadCode, runExpression } from '../../test/appsync-js/support';
import { AppSyncJsLoadError } from './sandbox';
import { AppSyncJsCodeError } from './validate';

describe('the sandbox realm', () => {
  it('has no process, require, timers, fetch, Buffer or other Node globals', async () => {
    const names = ['process', 'require', 'module', 'setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'fetch', 'Buffer', 'TextEncoder', 'global'];
    const types = await evaluate(`[${names.map((name) => `typeof ${name}`).join(', ')}]`);
    expect(types).toEqual(names.map(() => 'undefined'));
  });

  it('gives resolver code util, extensions and runtime as globals too', async () => {
    const module = await loadCode(`export function request(ctx) { return [typeof util.autoId, typeof extensions.setSubscriptionFilter, typeof runtime.earlyReturn]; }`);
    expect(module.run('request', handlerContext(), FACTS).result).toEqual({ kind: 'return', value: ['function', 'function', 'function'] });
  });

  it('refuses to compile code from strings, so the Function-constructor escape fails', async () => {
    const { result } = await runExpression(`util.error.constructor('return process')()`);
    expect(result).toMatchObject({ kind: 'error', cause: 'exception', error: { errorType: 'Code' } });
    expect(result.kind === 'error' && result.error.message).toMatch(/^code\.js:3:\d+: EvalError: Code generation from strings disallowed/);
  });

  it('hands resolver code objects of its own realm only', async () => {
    const module = await loadCode(
      `import { util } from '@aws-appsync/utils';\n` +
        `export function request(ctx) { return [util.autoId.constructor === Function, ctx.constructor === Object, ctx.args.list.constructor === Array]; }`,
    );
    const run = module.run('request', handlerContext({ arguments: { list: [1] } }), FACTS);
    expect(run.result).toEqual({ kind: 'return', value: [true, true, true] });
  });

  it('does not let resolver code install a stack-trace hook', async () => {
    const module = await loadCode(`export function request(ctx) { Error.prepareStackTrace = (e, frames) => frames; return new Error('x').stack.length > 0; }`);
    const { result } = module.run('request', handlerContext(), FACTS);
    expect(result).toMatchObject({ kind: 'error', error: { errorType: 'Code' } });
    expect(result.kind === 'error' && result.error.message).toContain("TypeError: Cannot assign to read only property 'prepareStackTrace'");
  });

  it('stops a handler that never ends, with an error, when its time limit passes', async () => {
    const module = await loadCode(
      `const forever = { [Symbol.iterator]: () => ({ next: () => ({ done: false, value: 1 }) }) };\n` +
        `export function request(ctx) { for (const x of forever) { ctx.stash.x = x; } return {}; }\n`,
      200,
    );
    const run = module.run('request', handlerContext(), FACTS);
    expect(run.result).toEqual({
      kind: 'error',
      cause: 'timeout',
      error: { message: 'Execution timed out.', errorType: 'ExecutionTimeout', data: null, errorInfo: null },
    });
    expect(module.run('request', handlerContext(), FACTS).result.kind).toBe('error');
  });

  it('stops a module whose top-level code never ends', async () => {
    const code = `const forever = { [Symbol.iterator]: () => ({ next: () => ({ done: false }) }) };\nfor (const x of forever) { Math.max(1, 2); }\nexport function request(ctx) { return {}; }\n`;
    await expect(loadCode(code, 200)).rejects.toThrow(AppSyncJsLoadError);
  });

  it('reports a runtime failure as AppSync does: errorType Code and code.js:line:column', async () => {
    const module = await loadCode(`export function request(ctx) {\n  const thing = ctx.args.missing;\n  return thing.name;\n}\n`);
    const { result } = module.run('request', handlerContext(), FACTS);
    expect(result).toEqual({
      kind: 'error',
      cause: 'exception',
      error: {
        message: "code.js:3:16: TypeError: Cannot read properties of undefined (reading 'name')",
        errorType: 'Code',
        data: null,
        errorInfo: null,
      },
    });
  });

  it('reports a missing handler as a code error', async () => {
    const module = await loadCode(`export function request(ctx) { return {}; }`);
    expect(module.run('response', handlerContext(), FACTS).result).toMatchObject({ kind: 'error', cause: 'missingHandler', error: { errorType: 'Code' } });
  });

  it('refuses invalid code at load time', async () => {
    await expect(loadCode(`export function request(ctx) { while (true) {} }`)).rejects.toThrow(AppSyncJsCodeError);
  });

  it('returns a blank string from JSON.parse for invalid JSON, as AppSync documents', async () => {
    expect(await evaluate(`[JSON.parse("{oops"), JSON.parse('{"a":1}')]`)).toEqual(['', { a: 1 }]);
  });

  it('turns an undefined return into null', async () => {
    const module = await loadCode(`export function request(ctx) { }`);
    expect(module.run('request', handlerContext(), FACTS).result).toEqual({ kind: 'return', value: null });
  });

  it('logs console.log and console.error in AppSync’s format, at the call’s position', async () => {
    const module = await loadCode(`export function request(ctx) {\n    console.log("hello", ctx.args.n, { a: 1 });\n  console.error("bad");\n  return {};\n}\n`);
    const run = module.run('request', handlerContext({ arguments: { n: 2 } }), FACTS);
    expect(run.logs).toEqual(['INFO - code.js:2:5: "hello" 2 {"a":1}', 'ERROR - code.js:3:3: "bad"']);
  });

  it('carries ctx.stash changes out of the handler', async () => {
    const module = await loadCode(`export function request(ctx) { ctx.stash.count = (ctx.stash.count ?? 0) + 1; return ctx.stash; }`);
    const first = module.run('request', handlerContext(), FACTS);
    const second = module.run('request', handlerContext({ stash: first.stash }), FACTS);
    expect(second.stash).toEqual({ count: 2 });
  });

  it('gives ctx.args and ctx.arguments as the same object', async () => {
    const module = await loadCode(`export function request(ctx) { return ctx.args === ctx.arguments && ctx.args.id === 'a'; }`);
    expect(module.run('request', handlerContext({ arguments: { id: 'a' } }), FACTS).result).toEqual({ kind: 'return', value: true });
  });

  it('records extensions calls', async () => {
    const run = await runExpression(
      `[extensions.setSubscriptionFilter({ filterGroup: [] }), extensions.invalidateSubscriptions({ subscriptionField: 'onX', payload: { id: 1 } }), ` +
        `extensions.evictFromApiCache('Query', 'getX', { 'ctx.args.id': 1 })].length`,
    );
    expect(run.extensions).toEqual({
      subscriptionFilter: { filterGroup: [] },
      invalidateSubscriptions: [{ subscriptionField: 'onX', payload: { id: 1 } }],
      cacheEvictions: [{ typeName: 'Query', fieldName: 'getX', keys: { 'ctx.args.id': 1 } }],
    });
    expect(run.logs[0]).toContain('evictFromApiCache');
  });

  it('keeps util read-only for resolver code', async () => {
    const module = await loadCode(`import { util } from '@aws-appsync/utils';\nexport function request(ctx) { util.autoId = () => 'fixed'; return util.autoId(); }`);
    expect(module.run('request', handlerContext(), FACTS).result).toMatchObject({ kind: 'error', error: { errorType: 'Code' } });
  });

  it('binds imports under other names, as bundlers emit them', async () => {
    const module = await loadCode(
      `import { util as util2, runtime as runtime2 } from '@aws-appsync/utils';\nimport * as ddb from '@aws-appsync/utils/dynamodb';\n` +
        `export function request(ctx) { return [util2.autoId().length, typeof runtime2.earlyReturn, typeof ddb.get]; }`,
    );
    expect(module.run('request', handlerContext(), FACTS).result).toEqual({ kind: 'return', value: [36, 'function', 'function'] });
  });
});
