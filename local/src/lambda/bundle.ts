import { createHash } from 'node:crypto';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type Message } from 'esbuild';

/**
 * How a worker loads a function's code:
 * - `bundle`: the TypeScript handler bundled once by esbuild with NodejsFunction's settings, run by
 *   plain Node, as CDK deploys and Lambda runs it.
 * - `module`: a JavaScript file (a cdk.out asset, a SAM CodeUri, inline ZipFile code) imported as
 *   it is, as Lambda runs the files of a deployment package.
 * - `source`: the handler's sources through tsx, for code esbuild cannot bundle faithfully.
 */
export type HandlerCode =
  | { kind: 'bundle'; file: string; loadAs: string }
  | { kind: 'module' }
  | { kind: 'source'; reason: string };

const TYPESCRIPT = new Set(['.ts', '.mts', '.cts', '.tsx']);

/**
 * CDK's NodejsFunction defaults (aws-cdk-lib/aws-lambda-nodejs/lib/bundling.js), which
 * infra/lib/functions.ts keeps: `--bundle --platform=node --target=<runtime>`, CommonJS (no
 * `format` given), no minification, no source map, and the AWS SDK left out because the Node.js
 * runtimes include it: `@aws-sdk/*`, plus `@smithy/*` under the feature flag
 * `@aws-cdk/aws-lambda-nodejs:sdkV3ExcludeSmithyPackages` that cdk.json sets. The target is the
 * Node that runs the workers here (CDK's is the function's runtime, nodejs22.x for this project):
 * the bundle must run on this Node, and esbuild lowers nothing between the two.
 */
export const NODEJS_FUNCTION_BUILD = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: `node${process.versions.node.split('.')[0]}`,
  external: ['@aws-sdk/*', '@smithy/*'],
  minify: false,
  sourcemap: false,
  write: false,
  logLevel: 'silent',
} satisfies BuildOptions;

/**
 * A module named by a computed string (`import(name)`, `require(name)`) is left for run time by
 * esbuild, and a bundle written elsewhere cannot find it. esbuild rewrites every call with a
 * literal, so what is left unquoted is computed. Matches inside strings or comments err toward
 * running the sources, never toward a broken bundle.
 */
const COMPUTED_IMPORT = /(?<![.\w$])(?:import|require)\s*\(\s*(?!["'`])/;

/** Folders of stores not yet closed, removed when the process exits without closing them. */
const liveDirs = new Set<string>();
let exitHookInstalled = false;
function removeOnExit(dir: string): void {
  liveDirs.add(dir);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const live of liveDirs) rmSync(live, { recursive: true, force: true });
  });
}

/**
 * Where a service's bundles live while it runs: one temporary folder, removed on close (or when
 * the process exits). The worker runtime (worker.ts) is bundled there too, so no worker needs
 * tsx to start.
 */
export class CodeStore {
  private dir: string | undefined;
  private closed = false;
  private worker: Promise<string> | undefined;
  private readonly prepared = new Map<string, Promise<HandlerCode>>();

  /** The worker runtime as one CommonJS file for plain Node. */
  workerScript(): Promise<string> {
    this.worker ??= build({
      ...NODEJS_FUNCTION_BUILD,
      entryPoints: [fileURLToPath(new URL('./worker.ts', import.meta.url))],
    }).then((result) => this.write('worker', result.outputFiles[0]?.text ?? ''));
    return this.worker;
  }

  /** The code of one function, prepared once per service. */
  handler(name: string, handlerModule: string): Promise<HandlerCode> {
    let code = this.prepared.get(name);
    if (!code) {
      code = this.prepare(name, handlerModule);
      this.prepared.set(name, code);
    }
    return code;
  }

  close(): void {
    this.closed = true;
    if (!this.dir) return;
    rmSync(this.dir, { recursive: true, force: true });
    liveDirs.delete(this.dir);
  }

  private async prepare(name: string, handlerModule: string): Promise<HandlerCode> {
    if (!TYPESCRIPT.has(extname(handlerModule))) return { kind: 'module' };
    let text: string;
    try {
      const result = await build({ ...NODEJS_FUNCTION_BUILD, entryPoints: [handlerModule] });
      text = result.outputFiles[0]?.text ?? '';
    } catch (error) {
      // cdk synth would stop here; locally the sources still run, and the reason is printed once.
      const reason = `esbuild cannot bundle it (${describe(error)})`;
      console.warn(`Lambda function ${name} runs from its sources through tsx: ${reason}.`);
      return { kind: 'source', reason };
    }
    if (COMPUTED_IMPORT.test(text)) return { kind: 'source', reason: 'it imports a module by a computed name' };
    // Loaded under a name beside the handler's sources, so the packages left out of the bundle
    // (the SDK) resolve from the project's node_modules, as the runtime's own copy does on AWS.
    const loadAs = join(dirname(handlerModule), `${basename(handlerModule, extname(handlerModule))}.bundle.cjs`);
    return { kind: 'bundle', file: this.write(name, text), loadAs };
  }

  private write(name: string, text: string): string {
    if (this.closed) throw new Error('The local Lambda service is shut down.');
    if (!this.dir) {
      this.dir = mkdtempSync(join(tmpdir(), 'appsync-local-lambda-'));
      removeOnExit(this.dir);
    }
    const hash = createHash('sha256').update(text).digest('hex').slice(0, 12);
    const file = join(this.dir, `${name}-${hash}.cjs`);
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, text);
    renameSync(partial, file);
    return file;
  }
}

function describe(error: unknown): string {
  const errors = typeof error === 'object' && error !== null && 'errors' in error && Array.isArray(error.errors) ? (error.errors as Message[]) : [];
  const first = errors[0];
  if (!first) return error instanceof Error ? error.message : String(error);
  const at = first.location ? `${first.location.file}:${first.location.line}: ` : '';
  return `${at}${first.text}${errors.length > 1 ? ` and ${errors.length - 1} more` : ''}`;
}
