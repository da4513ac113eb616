import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ProvisionedPool } from './provision';

/**
 * What a local system must remember between starts so that clients keep working: the user pool
 * (its id is in every token), the API key and the IAM credential pair handed to backend callers.
 */
export interface LocalState {
  pool?: ProvisionedPool;
  apiKey?: { id: string; expires: number };
  iam?: { accessKeyId: string; secretAccessKey: string };
}

export function readState(file: string): LocalState {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LocalState;
  } catch {
    return {};
  }
}

export function writeState(file: string, state: LocalState): void {
  mkdirSync(dirname(file), { recursive: true });
  // Written whole and renamed into place: a kill mid-write must not leave half a file.
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(temporary, file);
}

/** An API key in AppSync's format: "da2-" and 26 lower-case base32 characters. */
export function newApiKey(expiresAfterDays: number): { id: string; expires: number } {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const bytes = randomBytes(26);
  const id = `da2-${[...bytes].map((b) => alphabet[b % 32]).join('')}`;
  // AppSync rounds an API key's expiry down to the hour.
  const expires = Math.floor((Date.now() / 1000 + expiresAfterDays * 86_400) / 3600) * 3600;
  return { id, expires };
}

/** An IAM-shaped credential pair, local only: "AKIA" + 16 characters and a 40-character secret. */
export function newIamCredentials(): { accessKeyId: string; secretAccessKey: string } {
  const upper = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const accessKeyId = `AKIA${[...randomBytes(16)].map((b) => upper[b % 32]).join('')}`;
  const secretAccessKey = randomBytes(30).toString('base64');
  return { accessKeyId, secretAccessKey };
}
