/**
 * `appsync-local evaluate-code`: AWS's `aws appsync evaluate-code` against the local APPSYNC_JS
 * engine. Same flags (`--runtime name=APPSYNC_JS,runtimeVersion=1.0.0 --code file://x.js
 * --function request|response --context file://ctx.json`, values inline or `file://`), same
 * output: the EvaluateCode response as the AWS CLI prints it (JSON, 4-space indent), with
 * `evaluationResult` and `stash` as JSON strings and `outErrors` for util.appendError.
 *
 * Like the AWS CLI, a handler that calls util.error still exits 0 (the call itself succeeded; the
 * failure is in `error`); bad arguments exit 252 and a refused request 254.
 * `--code` may also be unbundled TypeScript or ESM (relative imports): it is bundled with esbuild
 * first, as a project's build would.
 */
import { dirname, extname } from 'node:path';
import { build } from 'esbuild';
import { SandboxModule, type HandlerContext } from '../appsync-js/sandbox';
import type { HandlerName } from '../appsync-js/types';
import { AVAILABLE_MODULES, AppSyncJsCodeError, analyseAppSyncJs } from '../appsync-js/validate';

import { parseArgs, readParameter, runCommand, ServiceError, UsageError, type CliIo, type ParameterValue } from './aws-cli';

export { EXIT_OK, EXIT_SERVICE_ERROR, EXIT_USAGE, type CliIo } from './aws-cli';

const USAGE = `usage: appsync-local evaluate-code --runtime name=APPSYNC_JS,runtimeVersion=1.0.0 --code <value> --context <value> [--function request|response]`;

/** `name=APPSYNC_JS,runtimeVersion=1.0.0` (shorthand) or `{"name": ..., "runtimeVersion": ...}`. */
function parseRuntime(text: string): { name: string; runtimeVersion: string } {
  let fields: Record<string, unknown> = {};
  if (text.trim().startsWith('{')) {
    try {
      fields = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new UsageError(`Error parsing parameter '--runtime': Invalid JSON: ${text}`);
    }
  } else {
    for (const pair of text.split(',')) {
      const [key, value] = pair.split('=', 2);
      if (key === undefined || value === undefined) throw new UsageError(`Error parsing parameter '--runtime': Expected: '=', received: EOF for input: ${text}`);
      fields[key.trim()] = value.trim();
    }
  }
  if (typeof fields.name !== 'string' || typeof fields.runtimeVersion !== 'string') {
    throw new UsageError(`Error parsing parameter '--runtime': name and runtimeVersion are required`);
  }
  return { name: fields.name, runtimeVersion: fields.runtimeVersion };
}

/** TypeScript, or ESM with imports of its own, is bundled the way projects build resolvers. */
async function bundledCode(code: ParameterValue): Promise<string> {
  const isTypeScript = code.path !== null && ['.ts', '.mts', '.cts', '.tsx'].includes(extname(code.path));
  const { program } = analyseAppSyncJs(code.text);
  const importsOwnFiles =
    program?.body.some(
      (node) => node.type === 'ImportDeclaration' && !(AVAILABLE_MODULES as readonly string[]).includes(String(node.source.value)),
    ) ?? false;
  if (!isTypeScript && !importsOwnFiles) return code.text;
  const result = await build({
    stdin: {
      contents: code.text,
      loader: isTypeScript ? 'ts' : 'js',
      resolveDir: code.path === null ? process.cwd() : dirname(code.path),
      sourcefile: code.path ?? 'code.js',
    },
    bundle: true,
    format: 'esm',
    external: ['@aws-appsync/utils'],
    target: 'esnext',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? code.text;
}

function handlerContext(context: Record<string, unknown>): HandlerContext {
  const handlerCtx: HandlerContext = {
    arguments: (context.arguments ?? context.args ?? {}) as Record<string, unknown>,
    identity: context.identity ?? null,
    source: context.source ?? null,
    info: context.info ?? {},
    request: context.request ?? { headers: {}, domainName: null },
    stash: (context.stash ?? {}) as Record<string, unknown>,
  };
  if (context.prev !== undefined) handlerCtx.prev = context.prev as { result: unknown };
  if (context.result !== undefined) handlerCtx.result = context.result;
  if (context.error !== undefined) handlerCtx.error = context.error as HandlerContext['error'];
  return handlerCtx;
}

export interface EvaluateCodeResponse {
  evaluationResult?: string;
  error?: { message: string; codeErrors?: AppSyncJsCodeError['codeErrors'] };
  logs?: string[];
  stash?: string;
  outErrors?: string;
}

export async function evaluateCode(argv: string[], cwd: string): Promise<EvaluateCodeResponse> {
  const args = parseArgs(argv, { known: ['runtime', 'code', 'context', 'function'], required: ['runtime', 'code', 'context'] });
  const runtime = parseRuntime((await readParameter(args.get('runtime') ?? '', cwd)).text);
  if (runtime.name !== 'APPSYNC_JS') throw new ServiceError('BadRequestException', `Runtime ${runtime.name} is not supported.`);
  if (runtime.runtimeVersion !== '1.0.0') {
    throw new ServiceError('BadRequestException', `Runtime version ${runtime.runtimeVersion} is not supported for runtime APPSYNC_JS.`);
  }
  const fn = args.get('function') ?? 'request';
  if (fn !== 'request' && fn !== 'response') throw new ServiceError('BadRequestException', `Function ${fn} is not valid. Valid values are request and response.`);
  const code = await readParameter(args.get('code') ?? '', cwd);
  const contextText = (await readParameter(args.get('context') ?? '', cwd)).text;
  let context: Record<string, unknown>;
  try {
    context = JSON.parse(contextText) as Record<string, unknown>;
  } catch {
    throw new ServiceError('BadRequestException', 'The context is not valid JSON.');
  }
  let module: SandboxModule;
  try {
    module = await SandboxModule.load({ source: code.path ?? 'code.js', code: await bundledCode(code) });
  } catch (error) {
    if (error instanceof AppSyncJsCodeError) return { error: { message: 'The code contains one or more errors.', codeErrors: error.codeErrors } };
    return { error: { message: error instanceof Error ? error.message : String(error) } };
  }
  const info = (context.info ?? {}) as { fieldName?: string; parentTypeName?: string };
  const run = module.run(fn as HandlerName, handlerContext(context), {
    fieldName: info.fieldName ?? '',
    parentTypeName: info.parentTypeName ?? '',
    authType: null,
  });
  const response: EvaluateCodeResponse = {};
  if (run.result.kind === 'error') response.error = { message: run.result.error.message };
  else response.evaluationResult = JSON.stringify(run.result.value);
  response.logs = run.logs;
  response.stash = JSON.stringify(run.stash);
  response.outErrors = JSON.stringify(run.appendedErrors);
  return response;
}

/** Runs the command; returns the exit code. */
export function runEvaluateCode(argv: string[], io: CliIo): Promise<number> {
  return runCommand({ operation: 'EvaluateCode', usage: USAGE, run: () => evaluateCode(argv, io.cwd) }, io);
}
