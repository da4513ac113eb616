import { check } from './validate';
import { toResolverMap, toSdkMap, type ResolverAttributeMap, type SdkAttributeMap } from './attribute-values';

/**
 * AppSync's nextToken is opaque (an encrypted blob in the real service). Locally it is the
 * LastEvaluatedKey, as typed values in JSON, in base64url: opaque enough that clients cannot rely
 * on its shape, and stable across restarts of the runtime.
 */
export function encodeNextToken(lastEvaluatedKey: SdkAttributeMap | undefined): string | null {
  if (lastEvaluatedKey === undefined || Object.keys(lastEvaluatedKey).length === 0) return null;
  return Buffer.from(JSON.stringify(toResolverMap(lastEvaluatedKey))).toString('base64url');
}

export const INVALID_NEXT_TOKEN = 'Invalid pagination token given.';

/** The ExclusiveStartKey a token stands for, undefined for no token, or null when it is not ours. */
export function decodeNextToken(token: string | undefined): SdkAttributeMap | undefined | null {
  if (token === undefined || token === '') return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (check(decoded, { kind: 'attributeMap' }) !== null) return null;
  return toSdkMap(decoded as ResolverAttributeMap);
}
