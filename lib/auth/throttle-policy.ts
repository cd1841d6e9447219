/**
 * The sign-in limits, in the terms of the one growing-delay rule
 * (lib/rate-limit/policy.ts). They slow guessing down without ever locking an
 * account for good: a permanent lock would let anyone who knows a DSL's email
 * keep them out of safeguarding records on the day they are needed.
 *
 * - Per account, for browsers the person has not signed in from before: 5
 *   failures in 15 minutes are free; then each attempt waits 30 s after the
 *   latest failure, doubling (30 s, 60 s, 120 s …) up to 15 minutes.
 * - Per known device (a browser holding the person's device token, see
 *   device-token.ts): the same numbers, counted for that browser alone, so
 *   failures from elsewhere never hold the owner's own browser.
 * - Per IP address, for unknown browsers: the same, from 30 failures (a
 *   school's staff share one address, so it must be looser).
 * - Second factors (second-factor-limit.ts): the account numbers, per person
 *   across their sessions, but failures are remembered for a day instead of
 *   15 minutes. A code has a million values where a password has far more,
 *   and whoever guesses codes already has the password: the sign-in numbers
 *   would let them try about 600 codes a day, these about 100 (12 in the first
 *   hour), while the person's own wait is still at most 15 minutes.
 */
import {
  decide,
  delaySeconds as ruleDelaySeconds,
  rateRule,
  retryMessage,
  type RateDecision,
} from '@/lib/rate-limit/policy';

export const THROTTLE_WINDOW_MINUTES = 15;
export const ACCOUNT_FREE_FAILURES = 5;
export const IP_FREE_FAILURES = 30;
export const BASE_DELAY_SECONDS = 30;
export const MAX_DELAY_SECONDS = 15 * 60;

const shape = {
  windowSeconds: THROTTLE_WINDOW_MINUTES * 60,
  baseDelaySeconds: BASE_DELAY_SECONDS,
  maxDelaySeconds: MAX_DELAY_SECONDS,
};

export const ACCOUNT_RULE = rateRule({ ...shape, free: ACCOUNT_FREE_FAILURES });
export const DEVICE_RULE = rateRule({ ...shape, free: ACCOUNT_FREE_FAILURES });
export const IP_RULE = rateRule({ ...shape, free: IP_FREE_FAILURES });
export const SECOND_FACTOR_RULE = rateRule({ ...shape, free: ACCOUNT_FREE_FAILURES, windowSeconds: 24 * 3600 });

export type ThrottleDecision = RateDecision;

/** The sign-in decision for an unknown browser: the account's and the address's limits together. */
export function evaluateThrottle({
  accountFailures,
  ipFailures,
  now,
}: {
  accountFailures: readonly Date[];
  ipFailures: readonly Date[];
  now: Date;
}): ThrottleDecision {
  return decide(
    [
      { hits: accountFailures, rule: ACCOUNT_RULE },
      { hits: ipFailures, rule: IP_RULE },
    ],
    now,
  );
}

/** Delay required after the `failures`-th failure within the window (0 while under the free allowance). */
export function delaySeconds(failures: number, freeFailures: number): number {
  return ruleDelaySeconds(failures, { ...shape, free: freeFailures });
}

/** "Too many attempts. Try again in 2 minutes." — rounded up, so trying at the stated time works. */
export const throttleMessage = retryMessage;
