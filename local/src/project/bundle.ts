import { relative } from 'node:path';
import { build, type Message } from 'esbuild';
import type { FunctionConfig, JsCode, ResolverConfig } from '../config';
import type { WiringEntry } from './wiring';

/** AppSync's limit on the `code` of one resolver or function, in characters. */
export const MAX_CODE_LENGTH = 32_768;

/** Bundled code per resolver or step file, keyed by the file's absolute path. */
export type ResolverBundles = ReadonlyMap<string, JsCode>;

export interface BundleOptions {
  /** JsCode.source is given relative to this folder; the current directory by default. */
  rootDir?: string;
}

function filesOf(entries: WiringEntry[]): string[] {
  return entries.flatMap((entry) =>
    entry.kind === 'UNIT' ? [entry.file] : [entry.file, ...entry.functions.map((fn) => fn.file)],
  );
}

function describe(source: string, message: Message): string {
  const at = message.location;
  return at ? `${at.file}:${at.line}:${at.column}: ${message.text}` : `${source}: ${message.text}`;
}

function buildErrors(error: unknown): Message[] | undefined {
  if (typeof error !== 'object' || error === null || !('errors' in error)) return undefined;
  return Array.isArray(error.errors) ? (error.errors as Message[]) : undefined;
}

/**
 * Bundles each resolver and pipeline step into one ES module, as AppSync's APPSYNC_JS runtime
 * takes it: @aws-appsync/utils stays an import (AppSync provides it), everything else is inlined.
 * Throws one error listing every file that failed to build or exceeds AppSync's code limit.
 */
export async function bundleResolvers(entries: WiringEntry[], options: BundleOptions = {}): Promise<ResolverBundles> {
  const rootDir = options.rootDir ?? process.cwd();
  const results = await Promise.all(
    filesOf(entries).map(async (file): Promise<{ bundle?: [string, JsCode]; problems: string[] }> => {
      const source = relative(rootDir, file);
      try {
        const result = await build({
          entryPoints: [file],
          // Error locations then read relative to the project root, like JsCode.source.
          absWorkingDir: rootDir,
          bundle: true,
          write: false,
          format: 'esm',
          platform: 'neutral',
          target: 'es2022',
          external: ['@aws-appsync/utils', '@aws-appsync/utils/*'],
          sourcemap: false,
          minify: false,
          treeShaking: true,
          logLevel: 'silent',
        });
        const code = result.outputFiles[0]?.text ?? '';
        // Empty code means "no code" to the runner (a Direct Lambda resolver); a file must not say that by accident.
        if (code.trim() === '') return { problems: [`${source}: bundles to no code; export request and response (a Direct Lambda resolver is declared in directLambdaResolvers instead).`] };
        if (code.length > MAX_CODE_LENGTH) {
          return { problems: [`${source}: bundle is ${code.length} characters; AppSync accepts at most ${MAX_CODE_LENGTH}.`] };
        }
        return { bundle: [file, { source, code }], problems: [] };
      } catch (error) {
        const messages = buildErrors(error);
        if (!messages) throw error;
        return { problems: messages.map((message) => describe(source, message)) };
      }
    }),
  );
  const problems = results.flatMap((result) => result.problems);
  if (problems.length > 0) throw new Error(`Could not bundle the resolvers:\n  - ${problems.join('\n  - ')}`);
  return new Map(results.flatMap((result) => (result.bundle ? [result.bundle] : [])));
}

/** The runtime's resolvers and functions (RuntimeConfig.resolvers / .functions) for bundled wiring. */
export function toRuntimeResolvers(
  entries: WiringEntry[],
  bundles: ResolverBundles,
): { resolvers: ResolverConfig[]; functions: FunctionConfig[] } {
  const codeOf = (file: string): JsCode => {
    const code = bundles.get(file);
    if (!code) throw new Error(`No bundle for ${file}; bundle the same wiring entries first.`);
    return code;
  };
  const resolvers: ResolverConfig[] = [];
  const functions: FunctionConfig[] = [];
  for (const entry of entries) {
    const { typeName, fieldName } = entry;
    if (entry.kind === 'UNIT') {
      resolvers.push({ kind: 'UNIT', typeName, fieldName, dataSource: entry.dataSource, code: codeOf(entry.file) });
      continue;
    }
    for (const fn of entry.functions) {
      functions.push({ name: fn.name, dataSource: fn.dataSource, code: codeOf(fn.file) });
    }
    resolvers.push({
      kind: 'PIPELINE',
      typeName,
      fieldName,
      code: codeOf(entry.file),
      functions: entry.functions.map((fn) => fn.name),
    });
  }
  return { resolvers, functions };
}
