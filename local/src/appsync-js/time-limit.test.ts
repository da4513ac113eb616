import { describe, expect, it } from 'vitest';
import { FACTS, handlerContext, loadCode } from '../../test/appsync-js/support';
import { mayRunOwnRegExp } from './instrument';
import { validateAppSyncJs } from './validate';

/**
 * The time limit of a handler run, checked at every function entry and loop iteration of the
 * instrumented code (instrument.ts) instead of by a `vm` watchdog thread per run.
 */

const TIMED_OUT = {
  kind: 'error',
  cause: 'timeout',
  error: { message: 'Execution timed out.', errorType: 'ExecutionTimeout', data: null, errorInfo: null },
};

/**
 * A loop that never ends and allocates nothing: a Map iterator visits entries added while it
 * runs. (Growing an array instead would reach V8's array size limit within the time limit, a
 * fatal error for the whole process: time limits do not bound memory, see local/docs/appsync-js.md.)
 */
const FOREVER = `const m = new Map([[0, 0]]); for (const [n] of m) { m.delete(n); m.set(n + 1, 0); }`;

describe('the time limit of a handler run', () => {
  it('stops a for-of that never ends', async () => {
    const module = await loadCode(`export function request(ctx) { ${FOREVER} return {}; }`, 100);
    const run = module.run('request', handlerContext({ stash: { kept: 1 } }), FACTS);
    expect(run.result).toEqual(TIMED_OUT);
    expect(run.stash).toEqual({ kept: 1 });
    expect(run.logs).toEqual(['ERROR - code.js: request did not finish within 100 ms']);
  });

  it('stops a single-statement loop body and a for-in body too', async () => {
    const module = await loadCode(
      `export function request(ctx) { const m = new Map([[0, 0]]); for (const [n] of m) m.delete(n), m.set(n + 1, 0); return {}; }\n` +
        `export function response(ctx) { const m = new Map([[0, 0]]); for (const k in { a: 1 }) for (const [n] of m) m.delete(n), m.set(n + 1, k); return {}; }\n`,
      100,
    );
    expect(module.run('request', handlerContext(), FACTS).result).toEqual(TIMED_OUT);
    expect(module.run('response', handlerContext(), FACTS).result).toEqual(TIMED_OUT);
  });

  it('stops work made only of array callbacks, counted at each callback entry', async () => {
    const module = await loadCode(
      `export function request(ctx) { const big = [...Array(20000).keys()]; return big.some((a) => big.some((b) => a * b < 0)); }\n`,
      50,
    );
    expect(module.run('request', handlerContext(), FACTS).result).toEqual(TIMED_OUT);
  });

  it('stops a runaway toJSON while the returned value is serialised', async () => {
    const module = await loadCode(`export function request(ctx) { return { toJSON() { ${FOREVER} return 1; } }; }`, 100);
    expect(module.run('request', handlerContext(), FACTS).result).toEqual(TIMED_OUT);
  });

  it('reports a time-out even when a built-in swallowed the check’s exception', async () => {
    const module = await loadCode(`export function request(ctx) { const v = JSON.parse({ toString() { ${FOREVER} return '1'; } }); return { v }; }`, 100);
    expect(module.run('request', handlerContext(), FACTS).result).toEqual(TIMED_OUT);
  });

  it('starts each run with a fresh limit, so the next run of the module succeeds', async () => {
    const module = await loadCode(`export function request(ctx) { if (ctx.args.spin) { ${FOREVER} } return 'done'; }`, 100);
    expect(module.run('request', handlerContext({ arguments: { spin: true } }), FACTS).result).toEqual(TIMED_OUT);
    expect(module.run('request', handlerContext({ arguments: { spin: false } }), FACTS).result).toEqual({ kind: 'return', value: 'done' });
  });

  it('keeps error positions as written on a line the checks were inserted into', async () => {
    const code = `export function request(ctx) { const a = [1].map((x) => x); for (const y of a) { ctx.stash.y = y; } return a.b.c; }`;
    const module = await loadCode(code);
    const { result } = module.run('request', handlerContext(), FACTS);
    expect(result.kind === 'error' && result.error.message).toBe(`code.js:1:${code.indexOf('.c;') + 2}: TypeError: Cannot read properties of undefined (reading 'c')`);
  });

  it('keeps console positions as written on a line the checks were inserted into', async () => {
    const code = `export function request(ctx) { [1].forEach((x) => console.log(x)); return {}; }`;
    const module = await loadCode(code);
    expect(module.run('request', handlerContext(), FACTS).logs).toEqual([`INFO - code.js:1:${code.indexOf('console') + 1}: 1`]);
  });

  it('stops a catastrophically backtracking regular expression with the vm watchdog, kept for modules that may run their own', async () => {
    const module = await loadCode(`import { util } from '@aws-appsync/utils';\nexport function request(ctx) { return util.matches('(a+)+b', 'a'.repeat(40)); }`, 100);
    expect(module.run('request', handlerContext(), FACTS).result).toEqual(TIMED_OUT);
  });
});

describe('which modules keep the vm watchdog', () => {
  const keeps = (code: string) => mayRunOwnRegExp(validateAppSyncJs({ source: 'code.js', code }));

  it('keeps it where the code names a way to run a pattern of its own', () => {
    expect(keeps(`export function request(ctx) { return ctx.args.s.match(ctx.args.p); }`)).toBe(true);
    expect(keeps(`export function request(ctx) { return util.matches('a+', ctx.args.s); }`)).toBe(true);
    expect(keeps(`export function request(ctx) { return ctx.args.s['search']('x'); }`)).toBe(true);
    expect(keeps(`export function request(ctx) { return ctx.args.s[ctx.args.method]('x'); }`)).toBe(true);
  });

  it('drops it where the code has no way to reach the regular-expression engine', () => {
    expect(keeps(`export function request(ctx) { return ctx.args.s.split(',').map((x) => x.replace('a', 'b')); }`)).toBe(false);
    expect(keeps(`export function request(ctx) { return { payload: ctx.args[ctx.args.key] }; }`)).toBe(false);
  });
});
