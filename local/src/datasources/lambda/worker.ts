/**
 * The process a Lambda handler runs in, like one Lambda execution environment: its own
 * process.env, one invocation at a time, and a crash or a hang takes down only this worker.
 * Started by pool.ts with tsx loaded, so the very TypeScript module CDK bundles is imported as is.
 */
import { pathToFileURL } from 'node:url';
import type { InvokeMessage, WorkerInit, WorkerReply } from './protocol';

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

async function main(): Promise<void> {
  let handler: Handler;
  try {
    const mod = (await import(pathToFileURL(init.handlerModule).href)) as Record<string, unknown>;
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
      invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${init.functionName}`,
      memoryLimitInMB: '128',
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
