/**
 * The sign-in throttle's memory: failures by account and by IP in the
 * database (so it holds across serverless instances), judged by the pure
 * policy in throttle-policy.ts.
 */
import { randomUUID } from 'node:crypto';
import { and, gte, inArray } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { signInFailures } from '@/db/schema';
import { evaluateThrottle, THROTTLE_WINDOW_MINUTES } from './throttle-policy';
import { hashToken } from './tokens';

/** Keys are hashes: no email address or IP is stored in this table. */
export const accountKey = (email: string) => `account:${hashToken(email.trim().toLowerCase())}`;
export const ipKey = (ip: string | null) => `ip:${hashToken(ip ?? 'unknown')}`;

export async function checkThrottle(tx: Tx, email: string, ip: string | null, now: Date) {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MINUTES * 60_000);
  const a = accountKey(email);
  const i = ipKey(ip);
  const rows = await tx
    .select({ key: signInFailures.key, at: signInFailures.at })
    .from(signInFailures)
    .where(and(inArray(signInFailures.key, [a, i]), gte(signInFailures.at, since)));
  return evaluateThrottle({
    accountFailures: rows.filter((r) => r.key === a).map((r) => r.at),
    // An unknown address (nothing stamped the peer: lib/http/request-address.ts) is no one's in
    // particular: counting it would let one person's failures slow everyone's sign-in.
    ipFailures: ip === null ? [] : rows.filter((r) => r.key === i).map((r) => r.at),
    now,
  });
}

export async function recordFailure(tx: Tx, email: string, ip: string | null, now: Date): Promise<void> {
  await tx.insert(signInFailures).values([
    { id: randomUUID(), key: accountKey(email), at: now },
    ...(ip === null ? [] : [{ id: randomUUID(), key: ipKey(ip), at: now }]),
  ]);
}
