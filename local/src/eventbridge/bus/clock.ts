/**
 * The bus's sense of time: what "now" is and how to wait. Schedule rules fire every N minutes and
 * retries back off for up to a day, so tests cannot wait for real time; they inject a ManualClock
 * and move it forward instead. Nothing else in the bus reads Date.now() or calls setTimeout.
 */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export type TimerHandle = { readonly id: number };

export const systemClock: Clock = (() => {
  const timers = new Map<number, NodeJS.Timeout>();
  let next = 0;
  return {
    now: () => Date.now(),
    setTimeout(callback, ms) {
      const id = (next += 1);
      // Node caps timers at 2^31-1 ms (about 24.8 days); longer waits would fire at once.
      const timer = setTimeout(
        () => {
          timers.delete(id);
          callback();
        },
        Math.min(Math.max(0, ms), 2 ** 31 - 1),
      );
      timers.set(id, timer);
      return { id };
    },
    clearTimeout(handle) {
      const timer = timers.get(handle.id);
      if (timer) clearTimeout(timer);
      timers.delete(handle.id);
    },
  };
})();

interface PendingTimer {
  id: number;
  at: number;
  callback: () => void;
}

/** A clock that only moves when told to; timers due by then fire in time order. */
export class ManualClock implements Clock {
  private current: number;
  private readonly timers = new Map<number, PendingTimer>();
  private next = 0;

  constructor(start: Date | number) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const id = (this.next += 1);
    this.timers.set(id, { id, at: this.current + Math.max(0, ms), callback });
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle.id);
  }

  /** How many timers are waiting; a closed bus leaves none. */
  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Moves time forward, firing each timer that falls due on the way at its own instant. */
  advance(ms: number): void {
    const end = this.current + ms;
    for (;;) {
      let due: PendingTimer | undefined;
      for (const timer of this.timers.values()) {
        if (timer.at <= end && (!due || timer.at < due.at || (timer.at === due.at && timer.id < due.id))) due = timer;
      }
      if (!due) break;
      this.timers.delete(due.id);
      this.current = Math.max(this.current, due.at);
      due.callback();
    }
    this.current = end;
  }
}
