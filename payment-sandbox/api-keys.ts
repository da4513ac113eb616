import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writePrivateFile } from '../local/src/services/local-state';
import { error, type SandboxAnswer } from './answers';

export const SECRET_KEY_FILE = 'secret-key';

/**
 * The sandbox's secret key, made on first start and kept in `<dataDir>/secret-key` (mode 0600):
 * one per machine, as a Stripe account has one, so nothing else on the machine can move money or
 * read charges without reading that file. `sk_test_` as Stripe's test keys, so logs read alike.
 */
export function ensureSecretKey(dataDir: string): string {
  const file = join(dataDir, SECRET_KEY_FILE);
  if (existsSync(file)) {
    chmodSync(file, 0o600);
    const key = readFileSync(file, 'utf8').trim();
    if (/^sk_test_[A-Za-z0-9]{24,}$/.test(key)) return key;
  }
  const key = `sk_test_${randomBytes(24).toString('base64url').replace(/[-_]/g, '0')}`;
  writePrivateFile(file, `${key}\n`);
  return key;
}

/** Stripe's words when the Authorization header is missing. */
const NO_KEY =
  "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.";

/** Stripe echoes a wrong key masked: the prefix and the last four characters. */
function masked(key: string): string {
  const prefix = /^(sk|pk|rk)_(test|live)_/.exec(key)?.[0] ?? '';
  const tail = key.length - prefix.length > 4 ? key.slice(-4) : '';
  return `${prefix}${'*'.repeat(Math.max(key.length - prefix.length - tail.length, 0))}${tail}`;
}

/** The key a request carries: `Bearer <key>`, or HTTP Basic with the key as user (curl -u sk_...:). */
function presentedKey(authorization: string): string | null {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (bearer?.[1]) return bearer[1];
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization);
  if (basic?.[1]) return Buffer.from(basic[1], 'base64').toString('utf8').split(':')[0] ?? null;
  return null;
}

/** Null when `authorization` carries `secretKey`, else Stripe's 401 answer. */
export function authenticate(authorization: string | null, secretKey: string): SandboxAnswer | null {
  if (!authorization) return error(401, 'invalid_request_error', NO_KEY);
  const key = presentedKey(authorization);
  if (key === null) return error(401, 'invalid_request_error', NO_KEY);
  const given = Buffer.from(key);
  const expected = Buffer.from(secretKey);
  if (given.length === expected.length && timingSafeEqual(given, expected)) return null;
  return error(401, 'invalid_request_error', `Invalid API Key provided: ${masked(key)}`);
}
