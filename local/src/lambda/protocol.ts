import type { HandlerCode } from './bundle';

/** Messages between the Lambda service and a worker process (one invocation at a time per worker). */
export interface InvokeMessage {
  type: 'invoke';
  id: number;
  event: unknown;
  /** Epoch ms at which Lambda would stop the invocation; context.getRemainingTimeInMillis reads it. */
  deadline: number;
  requestId: string;
}

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'error'; id: number; errorType: string; errorMessage: string }
  | { type: 'load-error'; errorType: string; errorMessage: string };

export interface WorkerInit {
  handlerModule: string;
  /** How to load the handler (bundle.ts). */
  code: HandlerCode;
  handlerExport: string;
  functionName: string;
  timeoutMs: number;
  memoryMB: number;
  invokedFunctionArn: string;
}
