/**
 * A poller in a process of its own, for the SIGKILL test: prints each batch as a JSON line and never
 * acknowledges it, so the batch is in flight when the parent kills it.
 */
import { startStreamPipe } from './poller';
import { fast, keyOf, source } from './test-support';

const [endpoint, tableName, checkpointPath] = process.argv.slice(2);
if (!endpoint || !tableName || !checkpointPath) throw new Error('usage: test-kill-child <endpoint> <table> <checkpoint>');

await startStreamPipe({
  name: 'killed',
  tableName,
  endpoint,
  region: 'local',
  // The window gathers the three writes of the test into one batch.
  def: source({ batchSize: 10, maximumBatchingWindowSeconds: 1 }),
  checkpointPath,
  log: () => undefined,
  ...fast,
  target: async (records) => {
    process.stdout.write(`${JSON.stringify({ batch: records.map(keyOf) })}\n`);
    await new Promise(() => undefined);
  },
  deadLetter: async () => undefined,
});
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
