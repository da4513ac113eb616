import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CodeStore } from './bundle';

const fixture = (file: string): string => fileURLToPath(new URL(`./fixtures/${file}`, import.meta.url));

const stores: CodeStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  vi.restoreAllMocks();
});

function store(): CodeStore {
  const created = new CodeStore();
  stores.push(created);
  return created;
}

describe("the Lambda service's code store", () => {
  it('bundles a TypeScript handler as NodejsFunction does: one CommonJS file, the AWS SDK left out', async () => {
    const code = await store().handler('sender', fixture('handlers.ts'));
    expect(code).toMatchObject({ kind: 'bundle', loadAs: join(dirname(fixture('handlers.ts')), 'handlers.bundle.cjs') });
    if (code.kind !== 'bundle') throw new Error('not a bundle');
    const text = readFileSync(code.file, 'utf8');
    expect(text).toContain('module.exports = __toCommonJS(');
    // Lambda's Node.js runtimes include the SDK, so the bundle imports it at run time.
    expect(text).toContain('import("@aws-sdk/client-sqs")');
    expect(text).not.toContain('class SQSClient');
  });

  it('bundles each function once per service', async () => {
    const codes = store();
    const [first, second] = await Promise.all([codes.handler('a', fixture('handlers.ts')), codes.handler('a', fixture('handlers.ts'))]);
    expect(second).toBe(first);
  });

  it('runs a JavaScript module as it is, as Lambda runs a deployment package', async () => {
    expect(await store().handler('plain', fixture('plain.mjs'))).toEqual({ kind: 'module' });
  });

  it('keeps the sources of a handler that imports a module by a computed name', async () => {
    expect(await store().handler('computed', fixture('computed-import.ts'))).toEqual({ kind: 'source', reason: 'it imports a module by a computed name' });
  });

  it('keeps the sources of a handler esbuild cannot bundle, and says why once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const code = await store().handler('tla', fixture('top-level-await.ts'));
    expect(code).toMatchObject({ kind: 'source', reason: expect.stringContaining('Top-level await is currently not supported with the "cjs" output format') });
    expect(warn).toHaveBeenCalledOnce();
    expect(warn.mock.calls[0]?.[0]).toMatch(/^Lambda function tla runs from its sources through tsx: esbuild cannot bundle it/);
  });

  it('removes its bundles on close', async () => {
    const codes = store();
    const worker = await codes.workerScript();
    expect(existsSync(worker)).toBe(true);
    codes.close();
    expect(existsSync(dirname(worker))).toBe(false);
  });
});
