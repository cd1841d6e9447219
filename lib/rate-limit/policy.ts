/**
 * The one growing-delay rule every limit in Haven uses, pure (the caller loads
 * the recent hits of a key and records new ones: ./store.ts).
 *
 * A rule lets `free` hits through within its window; from then on each attempt
 * must wait `baseDelaySeconds` after the latest hit, doubling with every
 * further hit, up to `maxDelaySeconds`. Hits older than the window no longer
 * count, so the longest wait after the last hit is bounded: slowing down, never
 * a lock that someone else could hold on a person for good.
 */

export interface RateRule {
  /** Hits within the window that need no wait. */
  free: number;
  windowSeconds: number;
  baseDelaySeconds: number;
  maxDelaySeconds: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Hits are kept a day (idle-cleanup): a rule may not look further back than that. */
export const LONGEST_WINDOW_SECONDS = 24 * 3600;

/** A rule, checked once where it is defined: a mistyped rule must fail at start-up, not quietly let everything through. */
export function rateRule(rule: RateRule): Readonly<RateRule> {
  const { free, windowSeconds, baseDelaySeconds, maxDelaySeconds } = rule;
  const ok =
    Number.isInteger(free) &&
    free >= 0 &&
    windowSeconds > 0 &&
    windowSeconds <= LONGEST_WINDOW_SECONDS &&
    baseDelaySeconds > 0 &&
    maxDelaySeconds >= baseDelaySeconds;
  if (!ok) throw new RangeError(`Not a valid rate rule: ${JSON.stringify(rule)}`);
  return Object.freeze({ ...rule });
}

/** Delay required after the `hits`-th hit within the window (0 while under the free allowance). */
export function delaySeconds(hits: number, rule: RateRule): number {
  if (hits < rule.free) return 0;
  const doublings = Math.min(hits - rule.free, 30); // keeps 2^n finite; the cap applies long before
  return Math.min(rule.baseDelaySeconds * 2 ** doublings, rule.maxDelaySeconds);
}

/** Milliseconds still to wait under `rule` given these hits (0 or less: allowed now). */
export function waitMs(hits: readonly Date[], rule: RateRule, now: Date): number {
  const nowMs = now.getTime();
  const windowStart = nowMs - rule.windowSeconds * 1000;
  let count = 0;
  let latest = -Infinity;
  for (const hit of hits) {
    const t = hit.getTime();
    if (!(t > windowStart)) continue; // also drops invalid dates (NaN)
    count += 1;
    latest = Math.max(latest, t);
  }
  const delay = delaySeconds(count, rule);
  if (delay === 0) return 0;
  // Clamped so a hit stamped in the future (clock skew between servers) never means a longer wait.
  return Math.min(latest + delay * 1000 - nowMs, rule.maxDelaySeconds * 1000);
}

/** Several limits at once (e.g. per account and per client): the longest wait decides. */
export function decide(checks: readonly { hits: readonly Date[]; rule: RateRule }[], now: Date): RateDecision {
  const wait = Math.max(0, ...checks.map((c) => waitMs(c.hits, c.rule, now)));
  return wait <= 0 ? { allowed: true } : { allowed: false, retryAfterSeconds: Math.ceil(wait / 1000) };
}

/** "Too many attempts. Try again in 2 minutes." — rounded up, so trying at the stated time works. */
export function retryMessage(retryAfterSeconds: number): string {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  if (seconds < 60) return `Too many attempts. Try again in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}.`;
  const minutes = Math.ceil(seconds / 60);
  return `Too many attempts. Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`;
}
