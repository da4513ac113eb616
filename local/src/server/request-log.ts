/**
 * Request logs: one JSON line per GraphQL request over HTTP, and on request one per resolver,
 * shaped like the CloudWatch entries AppSync writes (AppSync developer guide, "Using CloudWatch to
 * monitor and log GraphQL API data", log type reference):
 *
 * - `RequestSummary`: requestId, graphQLAPIId, statusCode, latency (nanoseconds). AppSync puts the
 *   operation and the auth mode in other entries (the "GraphQL Query" and verbose header entries);
 *   here they ride on the summary as `operationName` and `authorizationType`, so one line answers
 *   "which request was slow, and whose".
 * - `Tracing` (AppSync's field log level ALL): resolverArn, path, parentType, fieldName,
 *   returnType, startOffset and duration, plus the local breakdown of tracing.ts.
 *
 * Off unless asked for (AppSync's logging is off until configured too): with no options the
 * runtime creates no clock and writes nothing.
 */
import type { TracingEntry } from '../graphql/tracing';

/** AppSync's LogConfig.fieldLogLevel, of which the local runtime honours NONE and ALL. */
export type FieldLogLevel = 'NONE' | 'ALL';

export interface RequestLogOptions {
  /** ALL adds one Tracing line per resolver run; NONE (the default) logs request summaries only. */
  fieldLogLevel?: FieldLogLevel;
  /** Receives each line (JSON, no newline); the default writes it to stdout. */
  write?: (line: string) => void;
}

export interface RequestSummary {
  logType: 'RequestSummary';
  requestId: string;
  graphQLAPIId: string;
  statusCode: number;
  /** Nanoseconds, as AppSync reports it. */
  latency: number;
  operationName: string | null;
  /** The auth mode the request was authenticated with; null when authentication failed. */
  authorizationType: string | null;
}

export interface TracingLine extends TracingEntry {
  logType: 'Tracing';
  requestId: string;
  graphQLAPIId: string;
  resolverArn: string;
}

/** DynamoDB Local's account, used for every local ARN (pipes, SQS, Lambda do the same). */
const LOCAL_ACCOUNT = '000000000000';

/** AppSync's resolver ARN layout: `arn:aws:appsync:<region>:<account>:apis/<apiId>/types/<type>/resolvers/<field>`. */
export function resolverArn(apiId: string, typeName: string, fieldName: string): string {
  return `arn:aws:appsync:local:${LOCAL_ACCOUNT}:apis/${apiId}/types/${typeName}/resolvers/${fieldName}`;
}

export class RequestLogger {
  readonly tracing: boolean;
  private readonly write: (line: string) => void;

  constructor(
    private readonly apiId: string,
    options: RequestLogOptions,
  ) {
    this.tracing = options.fieldLogLevel === 'ALL';
    this.write = options.write ?? ((line) => void process.stdout.write(`${line}\n`));
  }

  /** Tracing lines first, as AppSync's stream shows them before the summary that closes a request. */
  request(summary: Omit<RequestSummary, 'logType' | 'graphQLAPIId'>, entries: readonly TracingEntry[]): void {
    for (const entry of entries) {
      const line: TracingLine = {
        logType: 'Tracing',
        requestId: summary.requestId,
        graphQLAPIId: this.apiId,
        resolverArn: resolverArn(this.apiId, entry.parentType, entry.fieldName),
        ...entry,
      };
      this.write(JSON.stringify(line));
    }
    const line: RequestSummary = { logType: 'RequestSummary', graphQLAPIId: this.apiId, ...summary };
    this.write(JSON.stringify(line));
  }
}

export class RequestLogOptionError extends Error {
  override readonly name = 'RequestLogOptionError';
}

/**
 * Options from `npm start`'s flag `--request-log` (summaries) or `--request-log=all` (and
 * tracing), or the environment variable BREWLINE_REQUEST_LOG=request|all; the flag wins.
 * Undefined when neither asks for logs.
 */
export function requestLogOptionsFrom(argv: readonly string[], env: Record<string, string | undefined>): RequestLogOptions | undefined {
  const flag = argv.find((a) => a === '--request-log' || a.startsWith('--request-log='));
  const raw = flag !== undefined ? (flag.includes('=') ? flag.slice(flag.indexOf('=') + 1) : 'request') : env.BREWLINE_REQUEST_LOG;
  if (raw === undefined || raw === '' || raw === 'off') return undefined;
  if (raw === 'request') return { fieldLogLevel: 'NONE' };
  if (raw === 'all') return { fieldLogLevel: 'ALL' };
  throw new RequestLogOptionError(`Request log level '${raw}' is not one of: request, all, off.`);
}
