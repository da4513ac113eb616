import { timingSafeEqual } from 'node:crypto';
import type { ApiKeyConfig } from '../config';
import { invalidApiKey, type AuthFailure } from './failures';

/**
 * Checks an x-api-key value against the API's keys. AppSync gives the same answer for an unknown
 * key and an expired one, so the caller cannot tell which.
 */
export function verifyApiKey(presented: string, keys: readonly ApiKeyConfig[], now: Date): AuthFailure | null {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const match = keys.find((key) => sameSecret(key.id, presented));
  if (!match || match.expires <= nowSeconds) return invalidApiKey();
  return null;
}

function sameSecret(expected: string, presented: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
