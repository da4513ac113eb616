import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { FACTS, handlerContext, loadCode } from '../../test/appsync-js/support';
import { AppSyncJsCodeError, MAX_CODE_LENGTH, analyseAppSyncJs, validateAppSyncJs } from './validate';

/** Wraps a body so the construct under test sits on line 3. */
function inRequest(body: string): string {
  return `import { util } from '@aws-appsync/utils';\nexport function request(ctx) {\n  ${body}\n  return {};\n}\nexport function response(ctx) { return ctx.result; }\n`;
}

const REFUSED: Array<[construct: string, code: string, message: string]> = [
  ['try/catch', inRequest('try { util.autoId(); } catch (e) {}'), 'Try statements are not supported.'],
  ['try/finally', inRequest('try { util.autoId(); } finally {}'), 'Try statements are not supported.'],
  ['throw', inRequest('throw new Error("x");'), 'Throw statements are not supported. Use util.error() instead.'],
  ['while', inRequest('while (ctx.args.x) {}'), 'While statements are not supported.'],
  ['do-while', inRequest('do {} while (ctx.args.x);'), 'do...while statements are not supported.'],
  ['C-style for', inRequest('for (let i = 0; i < 3; i += 1) {}'), 'For statements are not supported.'],
  ['continue', inRequest('for (const x of ctx.args.list) { if (x) continue; }'), 'Continue statements are not supported'],
  ['labels', inRequest('outer: for (const x of ctx.args.list) { break outer; }'), 'Labeled statements are not supported.'],
  ['async functions', inRequest('const f = async () => 1;'), 'Async functions are not supported.'],
  ['await', inRequest('const f = async () => { await 1; };'), 'The `await` keyword is not supported'],
  ['generators', inRequest('function* g() {}'), 'Generator functions are not supported.'],
  ['yield', inRequest('function* g() { yield 1; }'), 'Yield statements are not supported'],
  ['Promises', inRequest('const p = new Promise((resolve) => resolve(1));'), 'Promise is not supported'],
  ['classes', inRequest('class A {}'), 'Class declarations are not supported.'],
  ['class expressions', inRequest('const A = class {};'), 'Class declarations are not supported.'],
  ['this', inRequest('const self = this;'), 'This expressions are not supported.'],
  ['regex literals', inRequest('const r = /a+/;'), 'Regex literals are not supported.'],
  ['++', inRequest('let i = 0; i++;'), 'The operator ++ is not supported'],
  ['--', inRequest('let i = 0; --i;'), 'The operator -- is not supported'],
  ['~', inRequest('const x = ~ctx.args.n;'), 'The operator ~ is not supported'],
  ['in', inRequest('const has = "a" in ctx.args;'), 'in operator is not supported. Use Object.hasOwn().'],
  ['instanceof', inRequest('const isArray = ctx.args instanceof Array;'), 'The operator instanceof is not supported'],
  ['direct recursion', inRequest('function f(n) { return n ? f(n - 1) : 0; }'), 'Recursive function calls not supported. Detected cycle in f <-f'],
  [
    'indirect recursion',
    inRequest('const a = (n) => b(n); const b = (n) => a(n);'),
    'Recursive function calls not supported. Detected cycle in a <-b <-a',
  ],
  ['passing a function', inRequest('const f = (x) => x; const g = (h) => 1; g(f);'), 'Functions can not be passed as an argument'],
  ['passing a callback to sort', inRequest('ctx.args.list.sort((a, b) => a - b);'), 'Functions can not be passed as an argument'],
  ['returning a function', inRequest('const f = () => { return () => 1; };'), 'returning a function is not allowed'],
  ['an arrow returning a function', inRequest('const f = () => () => 1;'), 'returning a function is not allowed'],
  ['re-assigning a function', inRequest('function f() {} const g = f;'), 're-assigning function is not allowed'],
  ['writing to ctx', inRequest('ctx.result = 1;'), 'ctx is readonly. Adding/Updating result is not supported.'],
  ['re-assigning ctx', inRequest('ctx = {};'), 'ctx is readonly and re-assignment is not supported.'],
  ['Object.defineProperty', inRequest('Object.defineProperty(ctx.stash, "a", { value: 1 });'), 'Method ObjectConstructor.defineProperty is not implemented'],
  ['Object.freeze', inRequest('const frozen = Object.freeze({});'), 'Method ObjectConstructor.freeze is not implemented'],
  ['dynamic import', inRequest('const m = import("x");'), 'Dynamic import is not supported.'],
  ['runtime internals', inRequest('const l = __appsyncLocal;'), 'Identifiers starting with __appsync are reserved by the runtime.'],
];

describe('validateAppSyncJs', () => {
  it.each(REFUSED)('refuses %s, naming the source, line and column', (_construct, code, message) => {
    let thrown: unknown;
    try {
      validateAppSyncJs({ source: 'resolvers/Query.getThing.[things].ts', code });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppSyncJsCodeError);
    const error = thrown as AppSyncJsCodeError;
    expect(error.codeErrors.map((codeError) => codeError.value)).toContain(message);
    const codeError = error.codeErrors.find((candidate) => candidate.value === message);
    expect(codeError?.errorType).toBe('LINT_ERROR');
    expect(codeError?.location.line).toBe(3);
    expect(error.message).toContain(`resolvers/Query.getThing.[things].ts:3:${codeError?.location.column}: ${message}`);
  });

  it('accepts what the guide allows: for-of, for-in, spread, optional chaining, callbacks to array methods', () => {
    const code = inRequest(
      'const out = []; for (const x of ctx.args.list ?? []) { out.push(x?.id); } for (const k in ctx.args) { out.push(k); } ' +
        'const ids = out.filter((x) => x).map((x) => `${x}`); const all = { ...ctx.args, ids }; ' +
        'switch (all.kind) { case 1: break; default: break; } const has = Object.hasOwn(all, "ids");',
    );
    expect(() => validateAppSyncJs({ source: 'ok.js', code })).not.toThrow();
  });

  it('accepts writing into ctx.stash and a shadowing local named ctx', () => {
    const code = inRequest('ctx.stash.seen = true; const inner = (ctx) => { ctx = 1; return ctx; };');
    expect(() => validateAppSyncJs({ source: 'ok.js', code })).not.toThrow();
  });

  it('accepts what esbuild emits for a typical TypeScript resolver bundle', async () => {
    const source = `
      import { util, runtime, type Context } from '@aws-appsync/utils';
      import * as ddb from '@aws-appsync/utils/dynamodb';
      import { get as ddbGet } from '@aws-appsync/utils/dynamodb';
      const keyOf = (id: string) => ({ pk: \`ITEM#\${id}\` });
      export function request(ctx: Context<{ id: string; tags?: string[] }>) {
        if (!ctx.args.id) runtime.earlyReturn(null);
        const tags: string[] = [];
        for (const tag of ctx.args.tags ?? []) tags.push(tag.toUpperCase());
        ctx.stash.tags = tags;
        return ctx.args.tags ? ddb.put({ item: { ...keyOf(ctx.args.id), tags }, condition: { pk: { attributeExists: false } } }) : ddbGet({ key: keyOf(ctx.args.id) });
      }
      export const response = (ctx: Context) => {
        if (ctx.error) util.error(ctx.error.message, ctx.error.type);
        return ctx.result?.items?.map((item: { id: string }) => item.id) ?? ctx.result;
      };
    `;
    const result = await build({
      stdin: { contents: source, loader: 'ts', resolveDir: process.cwd() },
      bundle: true,
      format: 'esm',
      external: ['@aws-appsync/utils'],
      write: false,
    });
    const code = result.outputFiles[0]?.text ?? '';
    expect(analyseAppSyncJs(code).codeErrors).toEqual([]);
  });

  it('loads and runs what the guide lists as supported (operators, statements, literals, functions, Object)', async () => {
    // "Supported runtime features", AppSync developer guide: bitwise, void, typeof, ??, ?., spread,
    // template literals, arrow functions, rest parameters, switch/break, for-in/for-of, Object.*, delete.
    const module = await loadCode(
      `export function request(ctx) {\n` +
        `  const n = ctx.args.n;\n` +
        `  const bits = [n & 6, n | 1, n ^ 3, n << 2, n >> 1, -n >>> 28, n ** 2, n % 4];\n` +
        `  const types = [typeof n, void n, ctx.args.missing?.deep ?? 'none'];\n` +
        `  const sum = (...xs) => xs.reduce((a, b) => a + b, 0);\n` +
        `  const { a, ...rest } = { a: 1, b: 2, c: 3 };\n` +
        `  const copy = { ...rest, [\`k\${a}\`]: \`line\n\${\`nested \${a}\`}\` };\n` +
        `  delete copy.b;\n` +
        `  let keys = '';\n` +
        `  for (const k in copy) keys += k;\n` +
        `  var label;\n` +
        `  switch (n) { case 5: label = 'five'; break; default: label = 'other'; }\n` +
        `  return { bits, types, total: sum(...[1, 2, 3]), keys, entries: Object.entries(copy), has: Object.hasOwn(copy, 'c'), label };\n` +
        `}\n`,
    );
    const { result } = module.run('request', handlerContext({ arguments: { n: 5 } }), FACTS);
    expect(result).toEqual({
      kind: 'return',
      value: {
        bits: [4, 5, 6, 20, 2, 15, 25, 1],
        types: ['number', null, 'none'],
        total: 6,
        keys: 'ck1',
        entries: [['c', 3], ['k1', 'line\nnested 1']],
        has: true,
        label: 'five',
      },
    });
  });

  it('loads and runs a function handed to a constructor, which the plugin does not refuse', async () => {
    const module = await loadCode(`export function request(ctx) {\n  const one = () => 1;\n  const list = new Array(one);\n  return list.length + list[0]();\n}\n`);
    expect(module.run('request', handlerContext(), FACTS).result).toEqual({ kind: 'return', value: 2 });
  });

  it('loads and runs the Object methods the plugin lists but never reports', async () => {
    const module = await loadCode(`export function request(ctx) {\n  return [Object.hasOwnProperty('keys'), Object.propertyIsEnumerable('keys'), Object.isPrototypeOf({})];\n}\n`);
    expect(module.run('request', handlerContext(), FACTS).result).toEqual({ kind: 'return', value: [true, false, false] });
  });

  it('loads and runs a function handed to a method of a local object literal, which the plugin does not refuse', async () => {
    const module = await loadCode(`export function request(ctx) {\n  const helpers = { twice: (f) => f(f(1)), inc(x) { return x + 1; } };\n  return helpers.twice(helpers.inc) + helpers.twice((x) => x * 3);\n}\n`);
    expect(module.run('request', handlerContext(), FACTS).result).toEqual({ kind: 'return', value: 12 });
  });

  it('reports a syntax error as a parser error with its position', () => {
    const { codeErrors } = analyseAppSyncJs('export function request(ctx) {\n  return "unterminated;\n}\n');
    expect(codeErrors).toEqual([{ errorType: 'PARSER_ERROR', value: 'Parsing error: Unterminated string constant', location: { line: 2, column: 10, span: -1 } }]);
  });

  // AWS documents nothing about import.meta and the plugin has no rule for it (local/docs/appsync-js.md):
  // the validator lets it through, and the load fails because the module runs as a script. These
  // two pin that, so a change to either is a decision, not an accident.
  it('does not refuse import.meta (AWS has no rule for it)', () => {
    expect(analyseAppSyncJs('export function request(ctx) {\n  return typeof import.meta;\n}\n').codeErrors).toEqual([]);
  });

  it('fails to load code that reads import.meta, naming the construct', async () => {
    await expect(loadCode('export function request(ctx) {\n  return typeof import.meta;\n}\n')).rejects.toThrow("Cannot use 'import.meta' outside a module");
  });

  it('refuses imports of modules AppSync does not provide', () => {
    expect(() => validateAppSyncJs({ source: 'x.js', code: `import { v4 } from 'uuid';\nexport function request() { return v4(); }\n` })).toThrow(
      "x.js:1:1: Cannot find module 'uuid'",
    );
  });

  it(`refuses code longer than ${MAX_CODE_LENGTH} characters`, () => {
    const code = `export function request(ctx) { return {}; }\n//${'x'.repeat(MAX_CODE_LENGTH)}\n`;
    expect(() => validateAppSyncJs({ source: 'big.js', code })).toThrow(`APPSYNC_JS allows at most ${MAX_CODE_LENGTH}`);
  });
});
