/**
 * Scenario 6, second half: how long `npm start` takes, in a fresh folder and again in the same
 * (warm) folder. Kept apart from the idle half so that a broken `npm start` does not hide it.
 */
import { timeNpmStart, type StartTiming } from '../lib/npm-start';
import { summarize } from '../lib/stats';
import type { BenchContext, Row, Scenario } from '../lib/types';

const scenario: Scenario = {
  id: '6',
  title: 'Start-up: npm start to ready',
  async run(context: BenchContext) {
    const startRuns = context.size(2, 1);
    const rows: Row[] = [];
    const starts: { fresh: StartTiming[]; warm: StartTiming[] } = { fresh: [], warm: [] };
    for (let run = 0; run < startRuns; run += 1) {
      const dir = context.tempDir(`npm-start-${run}`);
      starts.fresh.push(await timeNpmStart(dir));
      starts.warm.push(await timeNpmStart(dir));
    }
    const startRow = (kind: 'fresh' | 'warm', timings: StartTiming[]): Row => {
      const ready = summarize(timings.map((t) => t.readyMs));
      const peaks = timings.map((t) => t.peakRssBytes).filter((v): v is number => v !== null);
      return {
        group: 'start-up',
        label: `npm start to "Press Ctrl-C to stop.", ${kind === 'fresh' ? 'fresh folder' : 'warm folder (second start)'}`,
        reference: kind === 'warm',
        throughput: null,
        p50Ms: ready.p50,
        p99Ms: ready.max,
        peakRssBytes: peaks.length > 0 ? Math.max(...peaks) : null,
        note: `${timings.length} run${timings.length > 1 ? 's' : ''}: ${timings.map((t) => `${(t.readyMs / 1000).toFixed(1)} s`).join(', ')} (p99 column: the slowest)`,
        detail: { timings },
      };
    };
    rows.push(startRow('warm', starts.warm), startRow('fresh', starts.fresh));
    context.log(`  start-up: fresh ${starts.fresh.map((t) => (t.readyMs / 1000).toFixed(1)).join(', ')} s, warm ${starts.warm.map((t) => (t.readyMs / 1000).toFixed(1)).join(', ')} s`);

    return {
      rows,
      notes: [
        'Start-up: `npx tsx scripts/start.ts` with BREWLINE_LOCAL_DIR and BREWLINE_OUTPUTS_FILE in a temporary folder and free ports, timed from spawn to its "Press Ctrl-C to stop." line; this includes npx and tsx, starting DynamoDB Local (a JVM) and cognito-local, provisioning, the local certificate (fresh only), demo users and the seeded menu. Each fresh start is followed by a warm one in the same folder. Stopped with SIGINT to its process group, as Ctrl-C does. Peak RSS is that of the Node process running scripts/start.ts (read from /proc), not of the JVM.',
      ],
    };
  },
};

export default scenario;
