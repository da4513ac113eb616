/**
 * The process a Lambda handler runs in, like one Lambda execution environment: its own
 * process.env, one invocation at a time, and a crash or a hang takes down only this worker.
 * pool.ts starts it with plain Node on this file as bundled by bundle.ts, and hands it the
 * function's code as bundle.ts prepared it (the handler's esbuild bundle, a JavaScript module, or
 * the TypeScript sources, when tsx is loaded too).
 */
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { InvokeMessage, WorkerInit, WorkerReply } from './protocol';

/** The CommonJS loader's own steps for one module, as `require` takes them for a file. */
interface CommonJsModule {
  filename: string;
  paths: string[];
  loaded: boolean;
  exports: Record<string, unknown>;
  _compile(code: string, filename: string): void;
}
type CommonJsLoader = { new (id: string): CommonJsModule; _nodeModulePaths(dir: string): string[] };

type Handler = (event: unknown, context: unknown, callback?: (error: unknown, result?: unknown) => void) => unknown;

const init = JSON.parse(process.env.APPSYNC_LOCAL_LAMBDA ?? '{}') as WorkerInit;
delete process.env.APPSYNC_LOCAL_LAMBDA;

function send(message: WorkerReply): void {
  process.send?.(message);
}

function describe(error: unknown): { errorType: string; errorMessage: string } {
  if (error instanceof Error) return { errorType: error.name || 'Error', errorMessage: error.message };
  return { errorType: 'Error', errorMessage: typeof error === 'string' ? error : JSON.stringify(error) };
}

/**
 * The bundle is compiled under a file name beside the handler's sources: what it leaves to run
 * time (the SDK, by `require` or `import()`) resolves from there, as it would from the sources.
 */
function loadBundle(file: string, loadAs: string): Record<string, unknown> {
  const Loader = Module as unknown as CommonJsLoader;
  const mod = new Loader(loadAs);
  mod.filename = loadAs;
  mod.paths = Loader._nodeModulePaths(dirname(loadAs));
  mod._compile(readFileSync(file, 'utf8'), loadAs);
  mod.loaded = true;
  return mod.exports;
}

async function main(): Promise<void> {
  let handler: Handler;
  try {
    const code = init.code;
    const mod = code.kind === 'bundle' ? loadBundle(code.file, code.loadAs) : ((await import(pathToFileURL(init.handlerModule).href)) as Record<string, unknown>);
    const candidate = mod[init.handlerExport];
    if (typeof candidate !== 'function') {
      send({ type: 'load-error', errorType: 'Runtime.HandlerNotFound', errorMessage: `${init.handlerModule}.${init.handlerExport} is undefined or not exported` });
      return;
    }
    handler = candidate as Handler;
  } catch (error) {
    const { errorMessage } = describe(error);
    send({ type: 'load-error', errorType: 'Runtime.ImportModuleError', errorMessage });
    return;
  }
  let busy: number | null = null;
  process.on('message', (raw: InvokeMessage) => {
    if (raw.type !== 'invoke') return;
    busy = raw.id;
    const context = {
      functionName: init.functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: init.invokedFunctionArn,
      memoryLimitInMB: String(init.memoryMB),
      awsRequestId: raw.requestId,
      logGroupName: `/aws/lambda/${init.functionName}`,
      logStreamName: 'local',
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, raw.deadline - Date.now()),
    };
    const settle = (reply: WorkerReply): void => {
      if (busy !== raw.id) return;
      busy = null;
      send(reply);
    };
    try {
      const returned = handler(raw.event, context, (error, result) => {
        if (error) settle({ type: 'error', id: raw.id, ...describe(error) });
        else settle({ type: 'result', id: raw.id, result: result ?? null });
      });
      if (returned && typeof (returned as Promise<unknown>).then === 'function') {
        (returned as Promise<unknown>).then(
          (result) => settle({ type: 'result', id: raw.id, result: result ?? null }),
          (error: unknown) => settle({ type: 'error', id: raw.id, ...describe(error) }),
        );
      }
    } catch (error) {
      settle({ type: 'error', id: raw.id, ...describe(error) });
    }
  });
  // An exception escaping the handler's promise chain is fatal for the environment, as in Lambda:
  // report it for the invocation in flight, then exit so the pool replaces this worker.
  const fatal = (error: unknown): void => {
    if (busy !== null) send({ type: 'error', id: busy, ...describe(error) });
    process.exit(1);
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
  send({ type: 'ready' });
}

void main();
