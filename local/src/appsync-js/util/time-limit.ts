/**
 * The time limit of a handler run, checked from inside the realm: instrumented resolver code
 * calls `tick` at every function entry and loop iteration (instrument.ts). Past the deadline
 * `tick` throws, and keeps throwing at every later check of the run, so a built-in that swallows
 * one exception (JSON.parse's wrapper around a `toString`, say) cannot let a loop go on; the
 * invoker reports the run as timed out whatever the code did afterwards.
 *
 * This file runs INSIDE the sandbox realm. The clock is captured before resolver code loads, so
 * replacing `Date.now` cannot stop it.
 */
const clock = Date.now;

/** Ticks between two clock reads: a tick is a counter step, the clock read costs more. */
const TICKS_PER_CLOCK_READ = 256;

/** What `tick` throws past the deadline; never an Error, so nothing mistakes it for the code's own failure. */
const EXPIRED = Object.freeze({ appsyncTimeLimit: true });

let deadline = Number.POSITIVE_INFINITY;
let countdown = TICKS_PER_CLOCK_READ;
let expired = false;

/** Starts a run's time limit. */
export function startTimeLimit(limitMs: number): void {
  deadline = clock() + limitMs;
  countdown = TICKS_PER_CLOCK_READ;
  expired = false;
}

/** Ends the run; whether it went past its deadline. */
export function endTimeLimit(): boolean {
  deadline = Number.POSITIVE_INFINITY;
  return expired;
}

export function tick(): void {
  if (expired) throw EXPIRED;
  countdown -= 1;
  if (countdown > 0) return;
  countdown = TICKS_PER_CLOCK_READ;
  if (clock() > deadline) {
    expired = true;
    throw EXPIRED;
  }
}
