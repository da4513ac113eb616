/**
 * What the protocol core needs from a socket and a clock. The `ws` adapter
 * (local/src/server/realtime-ws.ts) provides the transport; tests can drive both by hand.
 */
export interface Transport {
  send(text: string): void;
  close(code: number, reason: string): void;
  /** Bytes accepted by send() but not yet handed to the operating system. */
  bufferedAmount(): number;
}

export type TimerHandle = ReturnType<typeof setTimeout>;

export interface Timers {
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  setInterval(callback: () => void, ms: number): TimerHandle;
  clearInterval(handle: TimerHandle): void;
}

/** Resolves the global timer functions at call time, so fake timers installed later still apply. */
export const globalTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle),
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (handle) => clearInterval(handle),
};
