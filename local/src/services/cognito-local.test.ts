import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SIGNING_KEY_FILE } from './cognito-keys';
import { repairStateFiles, startCognitoLocal } from './cognito-local';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cognito-state-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'db'));
  return dir;
}

describe("cognito-local's state files after a crash", () => {
  it('backs up files that parse and leaves them as they are', () => {
    const dir = stateDir();
    writeFileSync(join(dir, 'db', 'pool.json'), '{"Users":{"a":1}}');
    expect(repairStateFiles(dir)).toEqual([]);
    expect(readFileSync(join(dir, 'db', 'pool.json.bak'), 'utf8')).toBe('{"Users":{"a":1}}');
  });

  it('puts back the last good copy of a file a kill left half-written', () => {
    const dir = stateDir();
    const pool = join(dir, 'db', 'pool.json');
    writeFileSync(pool, '{"Users":{"a":1}}');
    repairStateFiles(dir);
    writeFileSync(pool, '{"Users":{"a":1,"b"');
    expect(repairStateFiles(dir)).toEqual([pool]);
    expect(JSON.parse(readFileSync(pool, 'utf8'))).toEqual({ Users: { a: 1 } });
  });

  it('moves a damaged file without a good copy aside, so cognito-local starts fresh for it', () => {
    const dir = stateDir();
    writeFileSync(join(dir, 'config.json'), '{"trunc');
    expect(repairStateFiles(dir)).toHaveLength(1);
    expect(readdirSync(dir).some((name) => name.startsWith('config.json.corrupt-'))).toBe(true);
    expect(readdirSync(dir)).not.toContain('config.json');
  });
});

describe("cognito-local's signing key", () => {
  it('is made on first start (mode 0600), served in the JWKS instead of the shipped key, and kept across restarts', async () => {
    const dir = stateDir();
    const shipped = (JSON.parse(readFileSync(join(dirname(createRequire(import.meta.url).resolve('cognito-local/package.json')), 'lib/keys/cognitoLocal.public.json'), 'utf8')) as { jwk: { n: string } }).jwk.n;
    const served = async (): Promise<string[]> => {
      const cognito = await startCognitoLocal({ dataDir: dir });
      try {
        const jwks = (await (await fetch(cognito.jwksUriFor('local_pool'))).json()) as { keys: Array<{ n: string; kid: string }> };
        return jwks.keys.map((key) => key.n);
      } finally {
        await cognito.stop();
      }
    };
    const first = await served();
    expect(first).toHaveLength(1);
    expect(first).not.toContain(shipped);
    expect(statSync(join(dir, SIGNING_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(await served()).toEqual(first);
  });
});
