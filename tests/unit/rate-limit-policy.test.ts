/** The one growing-delay rule (lib/rate-limit/policy.ts) under rules other than sign-in's. */
import { describe, expect, it } from 'vitest';
import { decide, delaySeconds, LONGEST_WINDOW_SECONDS, rateRule, waitMs } from '@/lib/rate-limit';

const NOW = new Date('2026-04-01T10:00:00Z');
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);

describe('rateRule', () => {
  it('accepts a sensible rule and freezes it', () => {
    const rule = rateRule({ free: 1, windowSeconds: 3600, baseDelaySeconds: 60, maxDelaySeconds: 3600 });
    expect(Object.isFrozen(rule)).toBe(true);
  });

  it.each([
    ['a negative allowance', { free: -1, windowSeconds: 60, baseDelaySeconds: 1, maxDelaySeconds: 1 }],
    ['a fractional allowance', { free: 1.5, windowSeconds: 60, baseDelaySeconds: 1, maxDelaySeconds: 1 }],
    ['no window', { free: 1, windowSeconds: 0, baseDelaySeconds: 1, maxDelaySeconds: 1 }],
    [
      'a window longer than hits are kept',
      { free: 1, windowSeconds: LONGEST_WINDOW_SECONDS + 1, baseDelaySeconds: 1, maxDelaySeconds: 1 },
    ],
    ['no delay', { free: 1, windowSeconds: 60, baseDelaySeconds: 0, maxDelaySeconds: 1 }],
    ['a cap below the first delay', { free: 1, windowSeconds: 60, baseDelaySeconds: 10, maxDelaySeconds: 5 }],
  ])('refuses %s', (_label, rule) => {
    expect(() => rateRule(rule)).toThrow(RangeError);
  });
});

describe('one link per address, then a minute, doubling to an hour', () => {
  const rule = rateRule({ free: 1, windowSeconds: 3600, baseDelaySeconds: 60, maxDelaySeconds: 3600 });

  it.each([
    [0, 0],
    [1, 60],
    [2, 120],
    [6, 1920],
    [7, 3600],
    [50, 3600],
  ])('after %i hits: %i s', (hits, seconds) => {
    expect(delaySeconds(hits, rule)).toBe(seconds);
  });

  it('lets the first through, holds the second until a minute after it, and forgets after the window', () => {
    expect(decide([{ hits: [], rule }], NOW)).toEqual({ allowed: true });
    expect(decide([{ hits: [ago(10)], rule }], NOW)).toEqual({ allowed: false, retryAfterSeconds: 50 });
    expect(decide([{ hits: [ago(60)], rule }], NOW)).toEqual({ allowed: true });
    expect(decide([{ hits: Array.from({ length: 9 }, (_, i) => ago(3600 + i)), rule }], NOW)).toEqual({
      allowed: true,
    });
  });

  it('never asks for longer than the cap, whatever the clock says', () => {
    expect(waitMs([new Date(NOW.getTime() + 86_400_000), ago(1)], rule, NOW)).toBe(3600 * 1000);
  });
});

describe('decide over several limits', () => {
  const loose = rateRule({ free: 30, windowSeconds: 900, baseDelaySeconds: 30, maxDelaySeconds: 900 });
  const strict = rateRule({ free: 1, windowSeconds: 3600, baseDelaySeconds: 60, maxDelaySeconds: 3600 });

  it('waits for the longest, and allows only when every limit allows', () => {
    expect(
      decide(
        [
          { hits: [ago(1)], rule: strict },
          { hits: [], rule: loose },
        ],
        NOW,
      ),
    ).toEqual({ allowed: false, retryAfterSeconds: 59 });
    const thirtyTwo = Array.from({ length: 32 }, () => ago(0));
    expect(
      decide(
        [
          { hits: [], rule: strict },
          { hits: thirtyTwo, rule: loose },
        ],
        NOW,
      ),
    ).toEqual({ allowed: false, retryAfterSeconds: 120 });
    expect(
      decide(
        [
          { hits: [], rule: strict },
          { hits: [ago(0)], rule: loose },
        ],
        NOW,
      ),
    ).toEqual({ allowed: true });
    expect(decide([], NOW)).toEqual({ allowed: true });
  });
});
