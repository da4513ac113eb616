import { describe, expect, it } from 'vitest';
import { AbandonedError, BACKSTOP_MS, untilReady, type AnalyticsAnswer, type ExecutionWatch } from './delivery';

type Answer = AnalyticsAnswer & { figures?: number };

/** A field whose execution ends when the test says so; it records the executionId of each ask. */
function field(): { ask: (id: string | undefined) => Promise<Answer>; asked: (string | undefined)[]; finish(): void } {
  const asked: (string | undefined)[] = [];
  let done = false;
  return {
    asked,
    finish: () => (done = true),
    ask(id) {
      asked.push(id);
      return Promise.resolve(done ? { status: 'READY', executionId: null, figures: 42 } : { status: 'PENDING', executionId: 'exec-1' });
    },
  };
}

/** A subscription the test drives: acknowledge() is AppSync's start_ack, announce() the notice. */
function watcher() {
  const watched: string[] = [];
  let closed = 0;
  let acknowledge = () => {};
  let announce = () => {};
  const watch = (executionId: string): ExecutionWatch => {
    watched.push(executionId);
    return {
      ready: new Promise<void>((resolve) => (acknowledge = resolve)),
      ended: new Promise<void>((resolve) => (announce = resolve)),
      close: () => (closed += 1),
    };
  };
  return { watch, watched, closed: () => closed, acknowledge: () => acknowledge(), announce: () => announce() };
}

const never = () => new Promise<void>(() => {});
const turn = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('untilReady: a PENDING answer delivered by subscription', () => {
  it('answers at once when the first answer is READY, subscribing to nothing', async () => {
    const f = field();
    f.finish();
    const w = watcher();
    expect(await untilReady(f.ask, { watch: w.watch })).toMatchObject({ status: 'READY', figures: 42 });
    expect(f.asked).toEqual([undefined]);
    expect(w.watched).toEqual([]);
  });

  it('subscribes on PENDING, asks again once the subscription is in place, then only when the end is announced', async () => {
    const f = field();
    const w = watcher();
    let pendings = 0;
    const answer = untilReady(f.ask, { watch: w.watch, wait: never, onPending: () => (pendings += 1) });
    await turn();
    expect(w.watched).toEqual(['exec-1']);
    expect(f.asked).toEqual([undefined]);
    w.acknowledge();
    await turn();
    // The ask that closes the race: the execution could have ended before the subscription began.
    expect(f.asked).toEqual([undefined, 'exec-1']);
    await turn();
    expect(f.asked).toHaveLength(2);
    f.finish();
    w.announce();
    expect(await answer).toMatchObject({ status: 'READY', figures: 42 });
    expect(f.asked).toEqual([undefined, 'exec-1', 'exec-1']);
    expect(pendings).toBe(1);
    expect(w.closed()).toBe(1);
  });

  it('picks the answer up on the ask after the acknowledgement when the query ended before the subscription', async () => {
    const f = field();
    const w = watcher();
    const answer = untilReady(f.ask, { watch: w.watch, wait: never });
    await turn();
    f.finish();
    w.acknowledge();
    expect(await answer).toMatchObject({ status: 'READY' });
    expect(f.asked).toEqual([undefined, 'exec-1']);
  });

  it('asks again after the backstop when no notice comes (Athena publishes on a best-effort basis)', async () => {
    const f = field();
    const w = watcher();
    const waits: number[] = [];
    let elapse = () => {};
    const wait = (ms: number) => {
      waits.push(ms);
      return new Promise<void>((resolve) => (elapse = resolve));
    };
    const answer = untilReady(f.ask, { watch: w.watch, wait });
    await turn();
    w.acknowledge();
    await turn();
    f.finish();
    elapse();
    expect(await answer).toMatchObject({ status: 'READY' });
    expect(waits).toEqual([BACKSTOP_MS]);
    expect(f.asked).toEqual([undefined, 'exec-1', 'exec-1']);
  });

  it('fails on a PENDING answer that gives no executionId to wait for', async () => {
    const ask = () => Promise.resolve<Answer>({ status: 'PENDING', executionId: null });
    await expect(untilReady(ask, { watch: watcher().watch })).rejects.toThrow('without an execution id');
  });

  it('stops quietly, and unsubscribes, once the answer is no longer wanted', async () => {
    const controller = new AbortController();
    const f = field();
    const w = watcher();
    const answer = untilReady(f.ask, { watch: w.watch, wait: never, signal: controller.signal });
    await turn();
    controller.abort();
    await expect(answer).rejects.toBeInstanceOf(AbandonedError);
    expect(f.asked).toEqual([undefined]);
    expect(w.closed()).toBe(1);
  });
});
