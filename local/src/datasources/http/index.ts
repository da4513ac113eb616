import type { DataSourceConfig, HttpEndpointConfig } from '../../config';
import type { DataSource, DataSourceOutcome } from '../types';
import { HttpRequestShapeError, toOutgoingRequest, type OutgoingRequest } from './request';
import { signRequest } from './sign';
import { HttpCallError, send, type CallFailure, type HttpResult } from './transport';

export { HttpRequestShapeError, toOutgoingRequest, type OutgoingRequest } from './request';
export type { HttpResult } from './transport';

/** AppSync's request execution limit (Service Quotas); AWS publishes no HTTP-specific timeout. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** AppSync support's 1 MB limit on what a resolver handles (aws-mobile-appsync-sdk-js issue 124). */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * Error types. A timeout is what a user recorded from AppSync's HTTP data source
 * (aws-appsync-community issue 43: "execution timed out", Http:ExecutionTimeoutException).
 * AppSync logs an unreachable endpoint as com.amazonaws.deepdish.http.HttpRequestException
 * (issue 79); what it hands the resolver then is unpublished, so the exception's name is kept
 * under the same Http: prefix (local/docs/http.md).
 */
export const ERROR_TYPES = {
  timeout: 'Http:ExecutionTimeoutException',
  unreachable: 'Http:HttpRequestException',
  tooLarge: 'Http:ResponseTooLargeException',
  request: 'MappingTemplate',
} as const;

function describe(failure: CallFailure, url: URL): { type: string; message: string } {
  switch (failure.kind) {
    case 'timeout':
      return { type: ERROR_TYPES.timeout, message: 'execution timed out' };
    case 'unreachable':
      return { type: ERROR_TYPES.unreachable, message: `Unable to reach ${url.host}: ${failure.code} (${failure.message})` };
    case 'too-large':
      return { type: ERROR_TYPES.tooLarge, message: `The HTTP response from ${url.host} is larger than ${failure.limitBytes} bytes.` };
  }
}

export interface CallOptions {
  timeoutMs?: number;
  maxResponseBytes?: number;
  signing?: { region: string; service: string; credentials: NonNullable<HttpEndpointConfig['credentials']> };
}

/**
 * The core both HTTP-based data sources share: sign (when configured), send, and turn a transport
 * failure into the ctx.error AppSync gives. An answer of any status is a result, not an error:
 * AWS's tutorial reads non-200 answers from ctx.result.statusCode and calls util.appendError itself.
 */
export async function callEndpoint(outgoing: OutgoingRequest, options: CallOptions): Promise<{ result: HttpResult } | { error: { message: string; type: string } }> {
  const ready = options.signing ? await signRequest(outgoing, options.signing) : outgoing;
  try {
    const result = await send(ready, { timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES });
    return { result };
  } catch (error) {
    if (error instanceof HttpCallError) return { error: describe(error.failure, outgoing.url) };
    throw error;
  }
}

type HttpConfig = Extract<DataSourceConfig, { type: 'HTTP' }>;

/** The data source's SigV4 settings, or none; AWS_IAM without a credential pair is a start-up error. */
export function signingFor(config: HttpConfig): CallOptions['signing'] {
  const auth = config.authorizationConfig;
  if (!auth) return undefined;
  if (!config.credentials) throw new Error(`Data source ${config.name} signs with AWS_IAM, but the runtime was given no credentials to sign with (DataSourceConfig.credentials).`);
  return { region: auth.awsIamConfig.signingRegion, service: auth.awsIamConfig.signingServiceName, credentials: config.credentials };
}

/** HTTP: AppSync's HTTP data source over real HTTP(S) calls (local/docs/http.md). */
export function createHttpDataSource(config: HttpConfig): DataSource {
  try {
    new URL(config.endpoint);
  } catch {
    throw new Error(`Data source ${config.name} has endpoint '${config.endpoint}', which is not a URL (scheme, host and port, e.g. https://api.example.com).`);
  }
  const signing = signingFor(config);
  return {
    async invoke(request): Promise<DataSourceOutcome> {
      let outgoing: OutgoingRequest;
      try {
        outgoing = toOutgoingRequest(config.endpoint, request);
      } catch (error) {
        if (error instanceof HttpRequestShapeError) return { error: { type: ERROR_TYPES.request, message: error.message } };
        throw error;
      }
      return callEndpoint(outgoing, { ...(config.timeoutMs !== undefined && { timeoutMs: config.timeoutMs }), ...(signing && { signing }) });
    },
    close() {},
  };
}
