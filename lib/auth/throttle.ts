/**
 * Which sign-in limits an attempt falls under, and its failures, in the rate
 * limit store (lib/rate-limit: the database, so it holds across instances;
 * hashed keys, no address or IP stored).
 *
 * A browser holding a valid device token for the account (device-token.ts) is
 * judged by that token's own failures only. Any other attempt is judged by the
 * account's failures from unknown browsers and by its IP address's (when the
 * address is known). So a stranger's failures slow down unknown browsers for
 * that account, never the owner's own; and the owner's own typing mistakes
 * slow down only the owner's browser, until a correct password issues it a
 * fresh token.
 */
import 'server-only';
import type { Tx } from '@/db/scoped';
import { checkRateLimits, lockRateLimitKeys, rateLimitKey, recordHits, type RateLimit } from '@/lib/rate-limit';
import { ACCOUNT_RULE, DEVICE_RULE, IP_RULE, type ThrottleDecision } from './throttle-policy';

export const accountKey = (email: string) => rateLimitKey('sign-in-account', email.trim().toLowerCase());
export const ipKey = (ip: string) => rateLimitKey('sign-in-ip', ip);
/** A known browser's failures are counted by its token's nonce: a new token starts afresh. */
export const deviceKey = (nonce: string) => rateLimitKey('sign-in-device', nonce);

/** What the attempt is: from a browser with the person's valid device token (its nonce), or not. */
export interface SignInSource {
  email: string;
  ip: string | null;
  deviceNonce?: string | null;
}

function limitsOf(source: SignInSource): RateLimit[] {
  if (source.deviceNonce) return [{ key: deviceKey(source.deviceNonce), rule: DEVICE_RULE }];
  return [
    { key: accountKey(source.email), rule: ACCOUNT_RULE },
    // An unknown address (nothing stamped the peer: lib/http/request-address.ts) is no one's in
    // particular: counting it would let one person's failures slow everyone's sign-in.
    ...(source.ip === null ? [] : [{ key: ipKey(source.ip), rule: IP_RULE }]),
  ];
}

/**
 * Whether this attempt may be checked now. Holds the account's (or device's)
 * lock until the transaction ends, so parallel guesses are judged one after
 * another, each seeing the failures before it. The IP key is not locked: a
 * school's staff signing in at the same minute must not queue behind each other.
 */
export async function checkThrottle(tx: Tx, source: SignInSource, now: Date): Promise<ThrottleDecision> {
  const limits = limitsOf(source);
  await lockRateLimitKeys(tx, [limits[0]!.key]);
  return checkRateLimits(tx, limits, now);
}

export async function recordFailure(tx: Tx, source: SignInSource, now: Date): Promise<void> {
  await recordHits(
    tx,
    limitsOf(source).map((l) => l.key),
    now,
  );
}
