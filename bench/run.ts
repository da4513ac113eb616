/**
 * `npm run bench` (full size; writes bench/results.md and bench/results.json) and
 * `npm run bench:smoke` (tiny size, seconds; writes to a temporary folder). Options:
 *   --smoke            tiny sizes
 *   --out <dir>        where to write results.md and results.json
 *   --only <ids>       comma-separated scenario ids, e.g. --only 1,3
 * The smoke run asserts nothing about speed: it fails only when a scenario throws.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { ensureLocalTls } from '../local/src/server/tls';
import { startCognitoLocal } from '../local/src/services/cognito-local';
import { startDynamoDbLocal } from '../local/src/services/dynamodb-local';
import { startBenchProcess } from './lib/child';
import { machineDetails } from './lib/machine';
import { REPO_ROOT } from './lib/paths';
import { loadScenarios } from './lib/registry';
import { type BenchReport, quoteInReadme, renderMarkdown, withRatios } from './lib/report';
import type { BenchContext, BenchMode } from './lib/types';
import type { RuntimeServerInfo, RuntimeServerOptions } from './servers/runtime';

const { values } = parseArgs({
  options: { smoke: { type: 'boolean', default: false }, out: { type: 'string' }, only: { type: 'string' } },
});
const mode: BenchMode = values.smoke ? 'smoke' : 'full';
const only = values.only ? new Set(values.only.split(',').map((id) => id.trim())) : null;
const runDir = mkdtempSync(join(tmpdir(), 'brewline-bench-'));
const BENCH_DIR = join(REPO_ROOT, 'bench');
const outDir = values.out ? resolve(values.out) : mode === 'smoke' ? join(runDir, 'results') : BENCH_DIR;

const log = (message: string): void => {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
};

process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));

async function main(): Promise<number> {
  const began = performance.now();
  const scenarios = (await loadScenarios()).filter((scenario) => only === null || only.has(scenario.id));
  log(`${mode} run of scenarios ${[...new Set(scenarios.map((s) => s.id))].join(', ')}; temporary files in ${runDir}`);
  const tlsDir = join(runDir, 'tls');
  // Made once here, so that the server processes reuse it instead of racing to create it.
  ensureLocalTls(tlsDir);
  const [dynamo, cognito] = await Promise.all([startDynamoDbLocal(), startCognitoLocal({ dataDir: join(runDir, 'cognito') })]);
  log(`DynamoDB Local at ${dynamo.endpoint}, cognito-local at ${cognito.endpoint}`);

  let folders = 0;
  const context: BenchContext = {
    mode,
    size: (full, smoke) => (mode === 'full' ? full : smoke),
    dynamodbEndpoint: dynamo.endpoint,
    cognitoEndpoint: cognito.endpoint,
    tlsDir,
    tempDir(name) {
      folders += 1;
      const dir = join(runDir, `${String(folders).padStart(2, '0')}-${name}`);
      mkdirSync(dir, { recursive: true });
      return dir;
    },
    startRuntime: () =>
      startBenchProcess<RuntimeServerInfo>('servers/runtime.ts', {
        dynamodbEndpoint: dynamo.endpoint,
        cognitoEndpoint: cognito.endpoint,
        stateFile: join(runDir, 'runtime-state.json'),
        tlsDir,
      } satisfies RuntimeServerOptions),
    log,
  };

  const report: BenchReport = { mode, machine: machineDetails(), loadAtEnd: 0, seconds: 0, scenarios: [] };
  try {
    for (const scenario of scenarios) {
      log(`scenario ${scenario.id}: ${scenario.title}`);
      const started = performance.now();
      try {
        const result = await scenario.run(context);
        report.scenarios.push({
          id: scenario.id,
          title: scenario.title,
          seconds: (performance.now() - started) / 1000,
          error: null,
          notes: result.notes ?? [],
          rows: withRatios(result),
        });
      } catch (error) {
        const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
        log(`scenario ${scenario.id} failed: ${text}`);
        report.scenarios.push({ id: scenario.id, title: scenario.title, seconds: (performance.now() - started) / 1000, error: text, notes: [], rows: [] });
      }
    }
  } finally {
    await Promise.all([dynamo.stop(), cognito.stop()]);
  }

  report.seconds = (performance.now() - began) / 1000;
  report.loadAtEnd = Math.round((loadavg()[0] ?? 0) * 100) / 100;
  mkdirSync(outDir, { recursive: true });
  const markdown = renderMarkdown(report);
  writeFileSync(join(outDir, 'results.md'), markdown);
  writeFileSync(join(outDir, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
  // Only a full run of every scenario, written to bench/, speaks for the README.
  if (mode === 'full' && only === null && outDir === BENCH_DIR) {
    const readme = join(BENCH_DIR, 'README.md');
    writeFileSync(readme, quoteInReadme(readFileSync(readme, 'utf8'), report));
  }
  console.log(`\n${markdown}`);
  log(`wrote ${join(outDir, 'results.md')} and results.json`);
  const failed = report.scenarios.filter((s) => s.error !== null);
  if (failed.length > 0) log(`failed: scenario ${failed.map((s) => s.id).join(', ')}`);
  return failed.length > 0 ? 1 : 0;
}

/** Removes the run's temporary files, keeping a smoke run's results if they were written there. */
function cleanUp(): void {
  for (const entry of readdirSync(runDir)) {
    if (join(runDir, entry) !== outDir) rmSync(join(runDir, entry), { recursive: true, force: true });
  }
  if (readdirSync(runDir).length === 0) rmSync(runDir, { recursive: true, force: true });
}

main()
  .then((code) => {
    cleanUp();
    process.exit(code);
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
