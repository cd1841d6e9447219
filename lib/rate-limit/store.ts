/**
 * The memory of rate limits: hits by key in `rate_limit_hits`, read and written
 * inside the caller's transaction (so a refusal and its audit row, or a hit and
 * the work it counted, commit together). Keys are `<limit>:<sha-256 of the
 * value>`: the table holds no address, IP or token.
 */
import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import { and, gte, inArray, sql } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { rateLimitHits } from '@/db/schema';
import { decide, type RateDecision, type RateRule } from './policy';

const LIMIT_NAME = /^[a-z][a-z0-9-]{1,40}$/;

/** The stored key of `value` under the limit `name` (e.g. `sign-in-account`, an email address). */
export function rateLimitKey(name: string, value: string): string {
  if (!LIMIT_NAME.test(name)) throw new RangeError(`Not a rate limit name: ${name}`);
  return `${name}:${createHash('sha256').update(value, 'utf8').digest('hex')}`;
}

/** One limit to check: the key it counts and the rule it applies. */
export interface RateLimit {
  key: string;
  rule: RateRule;
}

/**
 * Serialises transactions that check and then record hits of the same keys,
 * until this transaction ends: without it, 300 requests arriving together
 * would all read "no hits yet" and all pass. Keys are taken in a fixed order,
 * so two transactions locking overlapping keys cannot deadlock.
 */
export async function lockRateLimitKeys(tx: Tx, keys: readonly string[]): Promise<void> {
  for (const key of [...new Set(keys)].sort()) {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 727020))`);
  }
}

/** The hits of each key within `seconds` before `now`. */
export async function recentHits(
  tx: Tx,
  keys: readonly string[],
  seconds: number,
  now: Date,
): Promise<Map<string, Date[]>> {
  const byKey = new Map<string, Date[]>(keys.map((k) => [k, []]));
  if (keys.length === 0) return byKey;
  const since = new Date(now.getTime() - seconds * 1000);
  const rows = await tx
    .select({ key: rateLimitHits.key, at: rateLimitHits.at })
    .from(rateLimitHits)
    .where(and(inArray(rateLimitHits.key, [...new Set(keys)]), gte(rateLimitHits.at, since)));
  for (const r of rows) byKey.get(r.key)?.push(r.at);
  return byKey;
}

/** Whether an attempt may go ahead now under every one of `limits` (the longest wait decides). */
export async function checkRateLimits(tx: Tx, limits: readonly RateLimit[], now: Date): Promise<RateDecision> {
  if (limits.length === 0) return { allowed: true };
  const longest = Math.max(...limits.map((l) => l.rule.windowSeconds));
  const hits = await recentHits(
    tx,
    limits.map((l) => l.key),
    longest,
    now,
  );
  return decide(
    limits.map((l) => ({ hits: hits.get(l.key) ?? [], rule: l.rule })),
    now,
  );
}

/** Counts one hit against each key, at `now`. */
export async function recordHits(tx: Tx, keys: readonly string[], now: Date): Promise<void> {
  if (keys.length === 0) return;
  await tx.insert(rateLimitHits).values(keys.map((key) => ({ id: randomUUID(), key, at: now })));
}
