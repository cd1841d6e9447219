/**
 * Sign-in throttling, as a pure rule over recent failures (the caller loads them
 * and records new ones). It slows guessing down without ever locking an account
 * for good: a permanent lock would let anyone who knows a DSL's email keep them
 * out of safeguarding records on the day they are needed.
 *
 * Per account: 5 failures in 15 minutes are free; from then on each attempt must
 * wait 30 s after the latest failure, doubling with every further failure (30 s,
 * 60 s, 120 s …) up to 15 minutes. Per IP address the same, from 30 failures
 * (a school's staff share one address, so it must be looser). Failures older
 * than 15 minutes no longer count, so the longest wait after the last failure
 * is 15 minutes.
 */

export const THROTTLE_WINDOW_MINUTES = 15;
export const ACCOUNT_FREE_FAILURES = 5;
export const IP_FREE_FAILURES = 30;
export const BASE_DELAY_SECONDS = 30;
export const MAX_DELAY_SECONDS = 15 * 60;

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export function evaluateThrottle({
  accountFailures,
  ipFailures,
  now,
}: {
  accountFailures: readonly Date[];
  ipFailures: readonly Date[];
  now: Date;
}): ThrottleDecision {
  const wait = Math.max(
    waitMs(accountFailures, ACCOUNT_FREE_FAILURES, now.getTime()),
    waitMs(ipFailures, IP_FREE_FAILURES, now.getTime()),
  );
  return wait <= 0 ? { allowed: true } : { allowed: false, retryAfterSeconds: Math.ceil(wait / 1000) };
}

/** Delay required after the `failures`-th failure within the window (0 while under the free allowance). */
export function delaySeconds(failures: number, freeFailures: number): number {
  if (failures < freeFailures) return 0;
  const doublings = Math.min(failures - freeFailures, 30); // keeps 2^n finite; the cap applies long before
  return Math.min(BASE_DELAY_SECONDS * 2 ** doublings, MAX_DELAY_SECONDS);
}

function waitMs(failures: readonly Date[], freeFailures: number, nowMs: number): number {
  const windowStart = nowMs - THROTTLE_WINDOW_MINUTES * 60_000;
  let count = 0;
  let latest = -Infinity;
  for (const failure of failures) {
    const t = failure.getTime();
    if (!(t > windowStart)) continue; // also drops invalid dates (NaN)
    count += 1;
    latest = Math.max(latest, t);
  }
  const delay = delaySeconds(count, freeFailures);
  if (delay === 0) return 0;
  // Clamped so a failure stamped in the future (clock skew between servers) never means a longer wait.
  return Math.min(latest + delay * 1000 - nowMs, MAX_DELAY_SECONDS * 1000);
}

/** "Too many attempts. Try again in 2 minutes." — rounded up, so trying at the stated time works. */
export function throttleMessage(retryAfterSeconds: number): string {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  if (seconds < 60) return `Too many attempts. Try again in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}.`;
  const minutes = Math.ceil(seconds / 60);
  return `Too many attempts. Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`;
}
