import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_FREE_FAILURES,
  BASE_DELAY_SECONDS,
  IP_FREE_FAILURES,
  MAX_DELAY_SECONDS,
  THROTTLE_WINDOW_MINUTES,
  delaySeconds,
  evaluateThrottle,
  throttleMessage,
} from '@/lib/auth/throttle-policy';

const NOW = new Date('2025-05-06T08:30:00Z');
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);
/** `n` failures, the latest `latestSecondsAgo` before NOW, one second apart going back. */
const failures = (n: number, latestSecondsAgo = 0) => Array.from({ length: n }, (_, i) => ago(latestSecondsAgo + i));

describe('throttle policy constants', () => {
  it('are the documented numbers', () => {
    expect([
      THROTTLE_WINDOW_MINUTES,
      ACCOUNT_FREE_FAILURES,
      IP_FREE_FAILURES,
      BASE_DELAY_SECONDS,
      MAX_DELAY_SECONDS,
    ]).toEqual([15, 5, 30, 30, 900]);
  });
});

describe('delaySeconds', () => {
  it.each([
    [0, 0],
    [4, 0],
    [5, 30],
    [6, 60],
    [7, 120],
    [8, 240],
    [9, 480],
    [10, 900],
    [11, 900],
    [1000, 900],
  ])('after %i account failures: %i s', (count, delay) => {
    expect(delaySeconds(count, ACCOUNT_FREE_FAILURES)).toBe(delay);
  });
});

describe('evaluateThrottle per account', () => {
  it.each([
    ['no failures', 0, 0, { allowed: true }],
    ['4 failures just now', 4, 0, { allowed: true }],
    ['5 failures just now: wait 30 s', 5, 0, { allowed: false, retryAfterSeconds: 30 }],
    ['5 failures, latest 10 s ago: 20 s left', 5, 10, { allowed: false, retryAfterSeconds: 20 }],
    ['5 failures, latest 30 s ago: allowed again', 5, 30, { allowed: true }],
    ['6 failures just now: 60 s', 6, 0, { allowed: false, retryAfterSeconds: 60 }],
    ['7 failures just now: 120 s', 7, 0, { allowed: false, retryAfterSeconds: 120 }],
    ['7 failures, latest 119.5 s ago: rounds up to 1 s', 7, 119.5, { allowed: false, retryAfterSeconds: 1 }],
    ['20 failures just now: capped at 15 minutes', 20, 0, { allowed: false, retryAfterSeconds: 900 }],
    ['20 failures, latest 14 min ago: 1 minute left', 20, 14 * 60, { allowed: false, retryAfterSeconds: 60 }],
  ])('%s', (_label, count, latestAgo, expected) => {
    expect(evaluateThrottle({ accountFailures: failures(count, latestAgo), ipFailures: [], now: NOW })).toEqual(
      expected,
    );
  });

  it('forgets failures older than 15 minutes, so nothing is ever locked for good', () => {
    const old = failures(50, THROTTLE_WINDOW_MINUTES * 60); // all exactly 15 minutes or more ago
    expect(evaluateThrottle({ accountFailures: old, ipFailures: old, now: NOW })).toEqual({ allowed: true });
    // 4 old + 4 recent = 4 in the window: still under the allowance.
    expect(
      evaluateThrottle({ accountFailures: [...failures(4, 16 * 60), ...failures(4)], ipFailures: [], now: NOW }),
    ).toEqual({ allowed: true });
  });

  it('never asks for more than 15 minutes, even after a failure stamped in the future', () => {
    const future = [new Date(NOW.getTime() + 3_600_000), ...failures(10)];
    expect(evaluateThrottle({ accountFailures: future, ipFailures: [], now: NOW })).toEqual({
      allowed: false,
      retryAfterSeconds: 900,
    });
  });

  it('ignores invalid dates', () => {
    expect(
      evaluateThrottle({
        accountFailures: Array.from({ length: 9 }, () => new Date(Number.NaN)),
        ipFailures: [],
        now: NOW,
      }),
    ).toEqual({ allowed: true });
  });
});

describe('evaluateThrottle per IP address', () => {
  it.each([
    ['29 failures', 29, { allowed: true }],
    ['30 failures: wait 30 s', 30, { allowed: false, retryAfterSeconds: 30 }],
    ['31 failures: 60 s', 31, { allowed: false, retryAfterSeconds: 60 }],
    ['100 failures: 15 minutes', 100, { allowed: false, retryAfterSeconds: 900 }],
  ])('%s', (_label, count, expected) => {
    expect(evaluateThrottle({ accountFailures: [], ipFailures: failures(count), now: NOW })).toEqual(expected);
  });

  it('takes the longer wait when both limits apply', () => {
    expect(evaluateThrottle({ accountFailures: failures(5), ipFailures: failures(32), now: NOW })).toEqual({
      allowed: false,
      retryAfterSeconds: 120,
    });
    expect(evaluateThrottle({ accountFailures: failures(8), ipFailures: failures(30), now: NOW })).toEqual({
      allowed: false,
      retryAfterSeconds: 240,
    });
  });
});

describe('throttleMessage', () => {
  it.each([
    [1, 'Too many attempts. Try again in 1 second.'],
    [30, 'Too many attempts. Try again in 30 seconds.'],
    [59, 'Too many attempts. Try again in 59 seconds.'],
    [60, 'Too many attempts. Try again in 1 minute.'],
    [61, 'Too many attempts. Try again in 2 minutes.'],
    [120, 'Too many attempts. Try again in 2 minutes.'],
    [900, 'Too many attempts. Try again in 15 minutes.'],
    [0, 'Too many attempts. Try again in 1 second.'],
  ])('%i s → %s', (seconds, message) => {
    expect(throttleMessage(seconds)).toBe(message);
  });
});
