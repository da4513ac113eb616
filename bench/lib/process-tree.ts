/**
 * Peak RSS of a process we did not start directly (the Node process behind `npx tsx ...`), read
 * from /proc on Linux. Elsewhere the answers are null and the bench says so.
 */
import { readFileSync, readdirSync } from 'node:fs';

function parentOf(pid: number): number | null {
  try {
    // The command name (field 2) may hold spaces and parentheses: parse after its last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return null;
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

export function descendants(root: number): number[] {
  let pids: number[];
  try {
    pids = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const pid of pids) {
    const parent = parentOf(pid);
    if (parent === null) continue;
    children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const next = queue.shift() as number;
    for (const child of children.get(next) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** The deepest process under `root` whose command line contains `marker` (the one doing the work). */
export function findWorker(root: number, marker: string): number | null {
  const matching = [root, ...descendants(root)].filter((pid) => commandLine(pid).includes(marker));
  const deepest = matching.find((pid) => !descendants(pid).some((child) => matching.includes(child)));
  return deepest ?? null;
}

/** VmHWM: the peak resident set size of a live process, in bytes. */
export function peakRss(pid: number): number | null {
  return procBytes(`/proc/${pid}/status`, 'VmHWM');
}

/** A "<field>: <n> kB" line of a /proc file, in bytes; null when the process is gone. */
function procBytes(path: string, field: string): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(path, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * The local Lambda service's workers under `root`, by function: each runs the worker script from
 * the service's temporary folder (appsync-local-lambda-*) with the function's name as its last
 * argument. Other children (esbuild's service process, say) are not Lambda workers.
 */
export function lambdaWorkers(root: number): Array<{ pid: number; functionName: string }> {
  return descendants(root).flatMap((pid) => {
    const args = commandLine(pid).trim().split(' ');
    if (!args.some((arg) => arg.includes('appsync-local-lambda-'))) return [];
    return [{ pid, functionName: args[args.length - 1] ?? '' }];
  });
}

/**
 * PSS of a live process, in bytes: its resident pages with each shared page divided among the
 * processes that map it. Summed over several Node processes it counts the node binary's code
 * once, where summed RSS counts it once per process.
 */
export function proportionalSetSize(pid: number): number | null {
  return procBytes(`/proc/${pid}/smaps_rollup`, 'Pss');
}
