import { describe, expect, it } from 'vitest';
import { CHUNK_64KB, Usage, UsageMeter, chunks, usageBetween } from './index';

describe('UsageMeter', () => {
  it('adds a counter and its breakdown entry', () => {
    const meter = new UsageMeter();
    meter.addFor(Usage.lambdaInvocations, 'payments');
    meter.addFor(Usage.lambdaInvocations, 'payments');
    expect(meter.snapshot()).toMatchObject({ [Usage.lambdaInvocations]: 2, [`${Usage.lambdaInvocations}:payments`]: 2 });
  });

  it('counts connection time of open and closed connections', () => {
    let now = 1_000;
    const meter = new UsageMeter(() => now);
    const closeFirst = meter.connectionOpened();
    now = 61_000;
    meter.connectionOpened();
    closeFirst();
    closeFirst();
    now = 121_000;
    // The first lived 60 s and closed once; the second is still open after 60 s.
    expect(meter.snapshot()[Usage.appsyncConnectionMs]).toBe(120_000);
    meter.reset();
    now = 181_000;
    expect(meter.snapshot()[Usage.appsyncConnectionMs]).toBe(60_000);
  });

  it('bills a payload in 64 KB chunks, at least one', () => {
    expect(chunks(0, CHUNK_64KB)).toBe(1);
    expect(chunks(CHUNK_64KB, CHUNK_64KB)).toBe(1);
    expect(chunks(CHUNK_64KB + 1, CHUNK_64KB)).toBe(2);
  });

  it('gives what changed between two snapshots', () => {
    expect(usageBetween({ a: 1, b: 2 }, { a: 1, b: 5, c: 1 })).toEqual({ b: 3, c: 1 });
  });
});
