import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bundleResolvers, MAX_CODE_LENGTH, toRuntimeResolvers } from './bundle';
import type { WiringEntry } from './wiring';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A project folder holding the given files; returns its root. */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'bundle-'));
  dirs.push(root);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return root;
}

const HELPER = `export function byId(id: string): { id: string } { return { id }; }\n`;
const UNIT = `
import { util, type Context } from '@aws-appsync/utils';
import { get } from '@aws-appsync/utils/dynamodb';
import { byId } from './lib/keys';
type Args = { id: string };
export function request(ctx: Context<Args>) { return get({ key: byId(ctx.args.id) }); }
export function response(ctx: Context<Args>) { if (ctx.error) util.error(ctx.error.message, ctx.error.type); return ctx.result; }
`;
const PASS = `export function request() { return {}; }\nexport function response(ctx: { prev: { result: unknown } }) { return ctx.prev.result; }\n`;

function unit(root: string, file: string): WiringEntry {
  return { kind: 'UNIT', typeName: 'Query', fieldName: 'note', dataSource: 'notes', file: join(root, file) };
}

describe('bundleResolvers', () => {
  it('inlines local helpers, keeps @aws-appsync/utils imports and drops the types', async () => {
    const root = project({ 'resolvers/lib/keys.ts': HELPER, 'resolvers/Query.note.[notes].ts': UNIT });
    const entry = unit(root, 'resolvers/Query.note.[notes].ts');
    const bundles = await bundleResolvers([entry], { rootDir: root });
    const bundle = bundles.get(entry.file);
    expect(bundle?.source).toBe('resolvers/Query.note.[notes].ts');
    expect(bundle?.code).toContain('import { util } from "@aws-appsync/utils";');
    expect(bundle?.code).toContain('import { get } from "@aws-appsync/utils/dynamodb";');
    expect(bundle?.code).toContain('function byId(id) {');
    expect(bundle?.code).toMatch(/export \{\s+request,\s+response\s+\};/);
    expect(bundle?.code).not.toContain('Context<');
  });

  it('refuses a file that bundles to no code, which the runner would take for a Direct Lambda resolver', async () => {
    const root = project({ 'resolvers/Query.note.[notes].ts': '// nothing yet\nexport type Later = string;\n' });
    await expect(bundleResolvers([unit(root, 'resolvers/Query.note.[notes].ts')], { rootDir: root })).rejects.toThrow(
      'resolvers/Query.note.[notes].ts: bundles to no code; export request and response (a Direct Lambda resolver is declared in directLambdaResolvers instead).',
    );
  });

  it('lists every file that does not build, with the place of the error', async () => {
    const root = project({
      'resolvers/Query.a.[x].ts': `import { nothing } from './lib/missing';\nexport const request = nothing;\n`,
      'resolvers/Query.b.[x].ts': `export function request( {\n`,
    });
    const failing = bundleResolvers([unit(root, 'resolvers/Query.a.[x].ts'), unit(root, 'resolvers/Query.b.[x].ts')], { rootDir: root });
    await expect(failing).rejects.toThrow(
      'Could not bundle the resolvers:\n' +
        '  - resolvers/Query.a.[x].ts:1:24: Could not resolve "./lib/missing"\n' +
        '  - resolvers/Query.b.[x].ts:2:0: Expected identifier but found end of file',
    );
  });

  it('refuses a bundle longer than AppSync’s 32,768-character code limit', async () => {
    const big = `export const request = () => ${JSON.stringify('x'.repeat(MAX_CODE_LENGTH))};\n`;
    const root = project({ 'resolvers/Query.big.[x].ts': big });
    await expect(bundleResolvers([unit(root, 'resolvers/Query.big.[x].ts')], { rootDir: root })).rejects.toThrow(
      /resolvers\/Query\.big\.\[x\]\.ts: bundle is \d+ characters; AppSync accepts at most 32768\./,
    );
  });
});

describe('toRuntimeResolvers', () => {
  it('turns unit and pipeline wiring into the runtime’s resolvers and functions', async () => {
    const root = project({
      'resolvers/lib/keys.ts': HELPER,
      'resolvers/Query.note.[notes].ts': UNIT,
      'resolvers/Mutation.addNote/index.ts': PASS,
      'resolvers/Mutation.addNote/1.check.[NONE].ts': PASS,
      'resolvers/Mutation.addNote/2.store.[notes].ts': UNIT.replace('./lib/keys', '../lib/keys'),
    });
    const at = (file: string) => join(root, 'resolvers', file);
    const entries: WiringEntry[] = [
      {
        kind: 'PIPELINE',
        typeName: 'Mutation',
        fieldName: 'addNote',
        file: at('Mutation.addNote/index.ts'),
        functions: [
          { name: 'check', dataSource: 'NONE', file: at('Mutation.addNote/1.check.[NONE].ts') },
          { name: 'store', dataSource: 'notes', file: at('Mutation.addNote/2.store.[notes].ts') },
        ],
      },
      unit(root, 'resolvers/Query.note.[notes].ts'),
    ];
    const bundles = await bundleResolvers(entries, { rootDir: root });
    const { resolvers, functions } = toRuntimeResolvers(entries, bundles);
    const codeOf = (file: string) => ({ source: `resolvers/${file}`, code: expect.stringContaining('function request') });
    expect(resolvers).toEqual([
      { kind: 'PIPELINE', typeName: 'Mutation', fieldName: 'addNote', code: codeOf('Mutation.addNote/index.ts'), functions: ['check', 'store'] },
      { kind: 'UNIT', typeName: 'Query', fieldName: 'note', dataSource: 'notes', code: codeOf('Query.note.[notes].ts') },
    ]);
    expect(functions).toEqual([
      { name: 'check', dataSource: 'NONE', code: codeOf('Mutation.addNote/1.check.[NONE].ts') },
      { name: 'store', dataSource: 'notes', code: codeOf('Mutation.addNote/2.store.[notes].ts') },
    ]);
  });

  it('refuses wiring that was not bundled', () => {
    expect(() => toRuntimeResolvers([unit('/nowhere', 'Query.note.[notes].ts')], new Map())).toThrow(
      'No bundle for /nowhere/Query.note.[notes].ts; bundle the same wiring entries first.',
    );
  });
});
