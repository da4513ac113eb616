/**
 * The custom response headers of one GraphQL operation, merged across its resolvers' runs as
 * "HTTP helpers in util.http" describes them
 * (https://docs.aws.amazon.com/appsync/latest/devguide/http-helpers-in-utils-http-js.html):
 * "You should define each response header once per GraphQL operation. However, if you define a
 * custom header with the same name multiple times, the most recent definition appears in the
 * response. All headers count towards the header size limit regardless of naming", and that
 * limit is 4 KB of names and values. So every definition, a repeated name included, adds to the
 * operation's total, and one that would pass 4 KB is ignored with a ResponseHeaderError.
 *
 * The realm (appsync-js/util/http.ts) has already refused bad names and null values; this is
 * transport-free: the HTTP server only copies `toRecord()` onto its answer.
 */

/** "The size of custom response headers can't exceed 4 KB. This includes header names and values." */
export const MAX_RESPONSE_HEADER_BYTES = 4096;

export const RESPONSE_HEADER_ERROR_TYPE = 'ResponseHeaderError';

export class ResponseHeaders {
  /** By lower-cased name: HTTP names are case-insensitive, so `X-A` then `x-a` is one header, the later one. */
  private readonly byName = new Map<string, { name: string; value: string }>();
  private bytes = 0;

  /** Adds one run's headers in call order; answers the errors for those past the limit. */
  add(headers: ReadonlyArray<{ name: string; value: string }>): Array<{ message: string; errorType: string }> {
    const refused: Array<{ message: string; errorType: string }> = [];
    for (const header of headers) {
      const size = Buffer.byteLength(header.name) + Buffer.byteLength(header.value);
      if (this.bytes + size > MAX_RESPONSE_HEADER_BYTES) {
        refused.push({
          message: `Response header ${JSON.stringify(header.name)} was ignored: custom response headers may not exceed 4 KB in total.`,
          errorType: RESPONSE_HEADER_ERROR_TYPE,
        });
        continue;
      }
      this.bytes += size;
      const key = header.name.toLowerCase();
      // Re-inserted so the response lists headers in the order of their latest definition.
      this.byName.delete(key);
      this.byName.set(key, header);
    }
    return refused;
  }

  get size(): number {
    return this.byName.size;
  }

  toRecord(): Record<string, string> {
    return Object.fromEntries([...this.byName.values()].map((h) => [h.name, h.value]));
  }
}
