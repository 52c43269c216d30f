// A step timeout longer than a JavaScript timer holds (2^31 − 1 ms, about 24.8 days) fires
// when it is due, not at once.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { after } from '../../src/run/timer.ts';

const DAY = 24 * 3600 * 1000;

describe('after', () => {
  afterEach(() => vi.useRealTimers());

  it('fires a 30-day delay after 30 days, not before', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    let fired = 0;
    after(30 * DAY, () => fired++);
    vi.advanceTimersByTime(1);
    expect(fired).toBe(0);
    vi.advanceTimersByTime(30 * DAY - 2);
    expect(fired).toBe(0);
    vi.advanceTimersByTime(1);
    expect(fired).toBe(1);
  });

  it('is cancelled in any link of its chain', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    let fired = 0;
    const cancel = after(60 * DAY, () => fired++);
    vi.advanceTimersByTime(26 * DAY);
    cancel();
    vi.advanceTimersByTime(60 * DAY);
    expect(fired).toBe(0);
  });
});
