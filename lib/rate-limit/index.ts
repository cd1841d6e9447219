/**
 * Rate limits, shared by everything that must slow down repeated attempts:
 * sign-in (by account, client and device), second factors (by person and
 * session), password-link requests (by address and client), and later the
 * document vault, the integrations API and the operators' console.
 *
 * - `policy.ts`: the one growing-delay rule (pure): `free` hits per window,
 *   then a wait that doubles with each further hit, up to a cap. Never a lock
 *   that lasts longer than the window.
 * - `store.ts`: hits in the database (`rate_limit_hits`), so a limit holds
 *   across instances; hashed keys; an advisory lock per key so concurrent
 *   requests cannot all read "no hits yet".
 *
 * Usage, inside the transaction that does the limited work:
 *   const keys = [rateLimitKey('vault-download', userId)];
 *   await lockRateLimitKeys(tx, keys);
 *   const decision = await checkRateLimits(tx, [{ key: keys[0], rule: VAULT_RULE }], now);
 *   if (!decision.allowed) … retryMessage(decision.retryAfterSeconds) …
 *   … do the work; on a counted outcome: await recordHits(tx, keys, now);
 */
import 'server-only';
export {
  decide,
  delaySeconds,
  LONGEST_WINDOW_SECONDS,
  rateRule,
  retryMessage,
  waitMs,
  type RateDecision,
  type RateRule,
} from './policy';
export { checkRateLimits, lockRateLimitKeys, rateLimitKey, recentHits, recordHits, type RateLimit } from './store';
