import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repairStateFiles } from './cognito-local';

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
