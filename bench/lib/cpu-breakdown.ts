/**
 * CPU time by process, from /proc/<pid>/stat (utime + stime, in clock ticks), so a scenario can
 * say where the CPU of one unit of work went: the server, its Lambda workers, DynamoDB Local,
 * cognito-local and the bench process itself. Linux only; elsewhere every reading is null.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { findWorker, lambdaWorkers } from './process-tree';

let ticksPerSecond: number | null = null;

function clockTicks(): number {
  if (ticksPerSecond === null) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** utime + stime of a live process in ms, or null when it is gone (or not Linux). */
export function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks();
  } catch {
    return null;
  }
}

export interface ProcessGroups {
  runtime: number;
  /** Read each time: workers start on demand. */
  lambdaWorkers: () => number[];
  dynamodbLocal: number | null;
  cognitoLocal: number | null;
  loadGenerator: number;
}

export type CpuReading = Record<'runtime' | 'lambdaWorkers' | 'dynamodbLocal' | 'cognitoLocal' | 'loadGenerator', Map<number, number>>;

/** The processes of a scenario under the bench process: the server and its forks, and the shared services. */
export function processGroups(serverPid: number): ProcessGroups {
  return {
    runtime: serverPid,
    lambdaWorkers: () => lambdaWorkers(serverPid).map((worker) => worker.pid),
    dynamodbLocal: findWorker(process.pid, 'DynamoDBLocal'),
    cognitoLocal: findWorker(process.pid, 'cognito-local'),
    loadGenerator: process.pid,
  };
}

export function readCpu(groups: ProcessGroups): CpuReading {
  const read = (pids: (number | null)[]): Map<number, number> => {
    const out = new Map<number, number>();
    for (const pid of pids) {
      if (pid === null) continue;
      const ms = cpuMs(pid);
      if (ms !== null) out.set(pid, ms);
    }
    return out;
  };
  return {
    runtime: read([groups.runtime]),
    lambdaWorkers: read(groups.lambdaWorkers()),
    dynamodbLocal: read([groups.dynamodbLocal]),
    cognitoLocal: read([groups.cognitoLocal]),
    loadGenerator: read([groups.loadGenerator]),
  };
}

/** CPU ms spent per group between two readings (a process absent before started at 0). */
export function cpuBetween(before: CpuReading, after: CpuReading): Record<keyof CpuReading, number> {
  const result = {} as Record<keyof CpuReading, number>;
  for (const group of Object.keys(after) as (keyof CpuReading)[]) {
    let sum = 0;
    for (const [pid, ms] of after[group]) sum += ms - (before[group].get(pid) ?? 0);
    result[group] = sum;
  }
  return result;
}
