import { iamGraphqlClient, type IamCredentials } from './iam-graphql';
import { sweepOverdueOrders, type SweepResult } from './sweep';

export interface ExpirySweeperOptions {
  /** The local API's GraphQL URL (plain HTTP is fine: SigV4 signs the request, not the channel). */
  graphqlUrl: string;
  /** The local API's IAM pair (bootApi's state.iam). */
  credentials: IamCredentials;
  region: string;
  intervalMs: number;
  /** Each sweep's outcome; by default nothing is printed when nothing expired. */
  onSweep?: (result: SweepResult) => void;
  onError?: (error: unknown) => void;
}

/**
 * What EventBridge does in AWS, for `npm start`: runs a sweep every `intervalMs`, never two at
 * once (the next one is scheduled when the last has finished). Returns a stop function that
 * clears the timer and waits for a sweep under way.
 */
export function startExpirySweeper(options: ExpirySweeperOptions): () => Promise<void> {
  const graphql = iamGraphqlClient(options);
  const onSweep =
    options.onSweep ??
    ((result: SweepResult) => {
      if (result.expired.length > 0) console.log(`[expiry-sweeper] expired ${result.expired.length} uncollected order(s)`);
      if (result.settled.length > 0) console.log(`[expiry-sweeper] settled ${result.settled.length} order(s) (stale payment or refund, or left unpaid)`);
    });
  const onError = options.onError ?? ((error: unknown) => console.error(`[expiry-sweeper] ${error instanceof Error ? error.message : String(error)}`));
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = sweepOverdueOrders(graphql).then(onSweep, onError).finally(schedule);
    }, options.intervalMs);
  };
  schedule();

  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
