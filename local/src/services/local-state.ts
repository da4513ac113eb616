import { randomBytes } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

/** The state holds the IAM secret and the API key: readable by this user only. */
export function writeState(file: string, state: LocalState): void {
  writePrivateFile(file, `${JSON.stringify(state, null, 2)}\n`);
}

/** Written whole (mode 0600) and renamed into place: a kill mid-write must not leave half a file. */
export function writePrivateFile(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}

/**
 * Makes `dir` and everything under it this user's only: directories 0700, files 0600. The local
 * folder holds the IAM secret, the signing and CA keys, and cognito-local's user files, which
 * keep passwords in plain text (issue 10, point 16). Run at every start, so folders made by an
 * older version, or by a child with a looser umask, are closed too. Symbolic links are not followed.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const visit = (path: string): void => {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return;
    if (stat.isDirectory()) {
      if ((stat.mode & 0o777) !== 0o700) chmodSync(path, 0o700);
      for (const name of readdirSync(path)) visit(join(path, name));
    } else if ((stat.mode & 0o077) !== 0) {
      chmodSync(path, stat.mode & 0o700);
    }
  };
  visit(dir);
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
