/**
 * Fair queuing of resolver work across GraphQL requests. AppSync lets one request run up to
 * 10,000 resolvers; run all at once, a request of 9,999 aliased reads puts every other caller's
 * read behind its own (four such requests made a one-field read wait 95 s). Here each request is
 * a lane: a lane runs at most `maxPerLane` tasks at a time, all lanes together `maxConcurrent`,
 * and a freed slot goes to the lanes in turn (round-robin), so a light request waits for at most
 * one turn of the busy ones, however many resolvers they queued.
 *
 * AppSync publishes no per-request concurrency; its data sources scale out instead. The local
 * runtime has one process and one DynamoDB Local, so it shares them (see local/docs/graphql-http.md).
 */
export interface FairSchedulerOptions {
  /** Tasks running at once, all requests together. */
  maxConcurrent: number;
  /** Tasks one request runs at once. */
  maxPerLane: number;
}

export const DEFAULT_FAIR_SCHEDULER: FairSchedulerOptions = { maxConcurrent: 64, maxPerLane: 16 };

interface Lane {
  running: number;
  waiting: Array<() => void>;
}

export interface SchedulerLoad {
  running: number;
  waiting: number;
  /** Requests with work running or queued. */
  lanes: number;
}

export class FairScheduler {
  private readonly lanes = new Map<object, Lane>();
  /** Lanes with queued work, in the order they get the next free slot. */
  private readonly turn: Lane[] = [];
  private running = 0;
  private waiting = 0;

  constructor(private readonly options: FairSchedulerOptions = DEFAULT_FAIR_SCHEDULER) {
    if (!(options.maxConcurrent >= 1 && options.maxPerLane >= 1)) throw new Error('FairScheduler needs maxConcurrent >= 1 and maxPerLane >= 1.');
  }

  /** Runs `task` when `laneKey`'s request gets a slot; the slot is freed however the task ends. */
  async run<T>(laneKey: object, task: () => Promise<T>): Promise<T> {
    const lane = this.laneFor(laneKey);
    if (lane.waiting.length > 0 || !this.hasRoomFor(lane)) {
      await new Promise<void>((resolve) => {
        if (lane.waiting.length === 0) this.turn.push(lane);
        lane.waiting.push(resolve);
        this.waiting += 1;
      });
    } else {
      this.start(lane);
    }
    try {
      return await task();
    } finally {
      lane.running -= 1;
      this.running -= 1;
      if (lane.running === 0 && lane.waiting.length === 0) this.lanes.delete(laneKey);
      this.pump();
    }
  }

  load(): SchedulerLoad {
    return { running: this.running, waiting: this.waiting, lanes: this.lanes.size };
  }

  private laneFor(key: object): Lane {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { running: 0, waiting: [] };
      this.lanes.set(key, lane);
    }
    return lane;
  }

  private hasRoomFor(lane: Lane): boolean {
    return this.running < this.options.maxConcurrent && lane.running < this.options.maxPerLane;
  }

  private start(lane: Lane): void {
    lane.running += 1;
    this.running += 1;
  }

  /** Hands free slots to waiting lanes in turn; a lane served goes to the back of the turn. */
  private pump(): void {
    let scanned = 0;
    while (this.running < this.options.maxConcurrent && scanned < this.turn.length) {
      const lane = this.turn.shift() as Lane;
      if (lane.running >= this.options.maxPerLane) {
        this.turn.push(lane);
        scanned += 1;
        continue;
      }
      const next = lane.waiting.shift() as () => void;
      this.waiting -= 1;
      this.start(lane);
      if (lane.waiting.length > 0) this.turn.push(lane);
      scanned = 0;
      next();
    }
  }
}
