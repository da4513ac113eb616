/**
 * The Data API's own limits on one ExecuteStatement call, as AppSync meets them (sources in
 * local/docs/rds.md, "The Data API's limits"):
 * - the response: "The response size limit is 1 MiB. If the call returns more than 1 MiB of
 *   response data, the call is terminated" (Aurora user guide, data-api.limitations). AppSync
 *   hands the resolver `RDSHttp:{"message":"Database returned more than the allowed response size
 *   limit"}` with type `400 Bad Request` (aws/aws-appsync-community#139, the BadRequestException
 *   the Data API raises);
 * - the statement timeout: "By default, the Data API cancels an operation and returns a timeout
 *   error if the operation doesn't finish processing within 45 seconds. In that case, the data
 *   isn't inserted" (data-api-timeouts). AppSync's request carries no continueAfterTimeout, so
 *   the statement is cancelled. The exception is StatementTimeoutException; its message, as
 *   Data API clients report it, is `Request timed out`.
 */

/** The Data API's statement timeout; a data source may set a shorter one locally (localStatementTimeoutMs). */
export const DATA_API_STATEMENT_TIMEOUT_MS = 45_000;

/** 1 MiB: measured on the call's JSON response (records and column metadata), UTF-8 bytes. */
export const DATA_API_RESPONSE_LIMIT_BYTES = 1024 * 1024;

export const RESPONSE_TOO_LARGE = 'Database returned more than the allowed response size limit';
export const STATEMENT_TIMED_OUT = 'Request timed out';

/** The statement ran past the data source's statement timeout and was cancelled (its changes undone). */
export class StatementTimeout extends Error {}

/** Whether one statement's result, as the Data API would send it, is past the 1 MiB limit. */
export function overResponseLimit(result: Record<string, unknown>): boolean {
  return Buffer.byteLength(JSON.stringify(result), 'utf8') > DATA_API_RESPONSE_LIMIT_BYTES;
}
