export { createLambdaService, toInvokeResult } from './service';
export type { FunctionErrorPayload, InvocationType, InvokeResult, LambdaFunctionConfig, LambdaInvoker, LambdaService, LambdaServiceOptions } from './service';
export type { AsyncInvocationRecord, AsyncInvokeConfig } from './async-invoke';
export { LambdaConfigError, LambdaServiceError } from './errors';
