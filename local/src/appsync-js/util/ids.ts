/**
 * util.autoId, util.autoUlid and util.autoKsuid. Randomness comes from the host's CSPRNG; the
 * sandbox itself has only Math.random.
 *
 * This file runs INSIDE the sandbox realm.
 */
import { ulid } from 'ulid';
import { hostBridge, randomBytes } from './host';

export function autoId(): string {
  return hostBridge().randomUUID();
}

export function autoUlid(): string {
  const bytes = randomBytes(16);
  let next = 0;
  // ulid() draws one number in [0, 1) per random character (16 of them).
  const prng = (): number => (bytes[next++ % bytes.length] ?? 0) / 256;
  return ulid(Date.now(), prng);
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** KSUID timestamps count seconds from 2014-05-13T16:53:20Z. */
const KSUID_EPOCH_SECONDS = 1_400_000_000;
const KSUID_LENGTH = 27;

/** A KSUID: 4 bytes of time and 16 random bytes, base62, zero-padded to 27 characters. */
export function autoKsuid(): string {
  const seconds = Math.floor(Date.now() / 1000) - KSUID_EPOCH_SECONDS;
  const bytes = [(seconds >>> 24) & 0xff, (seconds >>> 16) & 0xff, (seconds >>> 8) & 0xff, seconds & 0xff, ...randomBytes(16)];
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  let out = '';
  while (value > 0n) {
    out = BASE62.charAt(Number(value % 62n)) + out;
    value /= 62n;
  }
  return out.padStart(KSUID_LENGTH, '0');
}
