/**
 * Limits on using a key (authenticator codes and security keys alike), so a
 * six-digit code cannot be guessed by someone who has the password:
 *
 * - Per person, across all their sessions and schools: the sign-in rule
 *   (throttle-policy.ts SECOND_FACTOR_RULE: 5 refusals are free, then 30 s
 *   after the latest, doubling up to 15 minutes; remembered for a day). While
 *   it holds, a code is not even checked, the right one included.
 * - Per session: after SESSION_ATTEMPT_LIMIT refused attempts (wrong codes,
 *   and attempts made while told to wait) the session is ended and the person
 *   signed out, with a message saying why.
 * - After ALERT_AFTER_FAILURES refusals within an hour the person is emailed
 *   (at most once an hour): what happened and when, nothing else.
 *
 * Every refusal is a security event in the school's audit log, written in the
 * same transaction as the hit it counts and the email it may send.
 */
import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { sessions } from '@/db/schema';
import { UserError } from '@/lib/errors';
import { queueEmail } from '@/lib/mail/outbox';
import { checkRateLimits, lockRateLimitKeys, rateLimitKey, rateRule, recentHits, recordHits } from '@/lib/rate-limit';
import type { UserCtx } from '@/lib/tenancy/context';
import { recordOwnSecurityEvent } from './audit';
import { SESSION_MAX_HOURS } from './session-policy';
import { revokeSession } from './sessions';
import { SECOND_FACTOR_RULE, throttleMessage } from './throttle-policy';

export { SECOND_FACTOR_RULE };
export const SESSION_ATTEMPT_LIMIT = 10;
export const ALERT_AFTER_FAILURES = 5;
const ALERT_WINDOW_SECONDS = 3600;
/** One email an hour at most, however long the guessing goes on. */
const ALERT_RULE = rateRule({
  free: 1,
  windowSeconds: ALERT_WINDOW_SECONDS,
  baseDelaySeconds: ALERT_WINDOW_SECONDS,
  maxDelaySeconds: ALERT_WINDOW_SECONDS,
});

export const KEY_ATTEMPTS_SIGNED_OUT =
  'For your safety you have been signed out: a key was refused too many times in this session. Sign in again, then use your key.';

/** The session was ended for too many refused key attempts: the caller signs the browser out. */
export class KeyAttemptsSessionEndedError extends UserError {
  constructor() {
    super(KEY_ATTEMPTS_SIGNED_OUT);
    this.name = 'KeyAttemptsSessionEndedError';
  }
}

type Method = 'totp' | 'webauthn';

const personKey = (userId: string) => rateLimitKey('second-factor-person', userId);
const sessionKey = (sessionId: string) => rateLimitKey('second-factor-session', sessionId);
const alertKey = (userId: string) => rateLimitKey('second-factor-alert', userId);

/**
 * Whether a key may be tried now in this session. Call first in the
 * transaction that checks the key: it holds the person's and the session's
 * locks until the end, so parallel attempts are judged one after another.
 * Returns the refusal to raise (after the transaction commits), or null.
 */
export async function gateSecondFactor(tx: Tx, ctx: UserCtx, method: Method, now: Date): Promise<UserError | null> {
  const person = personKey(ctx.user.id);
  await lockRateLimitKeys(tx, [person, sessionKey(ctx.user.sessionId)]);
  // A parallel request of the same session may have ended it a moment ago.
  const live = await tx
    .select({ revokedAt: sessions.revokedAt })
    .from(sessions)
    .where(and(eq(sessions.schoolId, ctx.school.id), eq(sessions.id, ctx.user.sessionId)));
  if (!live[0] || live[0].revokedAt) return new KeyAttemptsSessionEndedError();

  const decision = await checkRateLimits(tx, [{ key: person, rule: SECOND_FACTOR_RULE }], now);
  if (decision.allowed) return null;
  await recordOwnSecurityEvent(
    tx,
    ctx,
    'auth.elevation_throttled',
    { with: method, retryAfterSeconds: decision.retryAfterSeconds },
    now,
  );
  if (await refusedInSession(tx, ctx, method, now)) return new KeyAttemptsSessionEndedError();
  const message = throttleMessage(decision.retryAfterSeconds);
  return new UserError(message, { code: [message] });
}

/**
 * The wait before this person may try a key, without counting anything: for
 * starting a security-key ceremony that would only be refused at its end.
 */
export async function secondFactorWaitMessage(tx: Tx, userId: string, now: Date): Promise<string | null> {
  const decision = await checkRateLimits(tx, [{ key: personKey(userId), rule: SECOND_FACTOR_RULE }], now);
  return decision.allowed ? null : throttleMessage(decision.retryAfterSeconds);
}

/**
 * Counts a refused code or key answer (its own audit row is the caller's):
 * for the person, and for the session, which it ends at the limit (returned
 * as the error to raise instead of the caller's); emails the person when
 * refusals pile up.
 */
export async function recordSecondFactorFailure(
  tx: Tx,
  ctx: UserCtx,
  method: Method,
  now: Date,
): Promise<KeyAttemptsSessionEndedError | null> {
  await recordHits(tx, [personKey(ctx.user.id)], now);
  await alertIfRepeated(tx, ctx, now);
  return (await refusedInSession(tx, ctx, method, now)) ? new KeyAttemptsSessionEndedError() : null;
}

/** Counts one refused attempt in the session; at the limit, ends it. True when it was ended. */
async function refusedInSession(tx: Tx, ctx: UserCtx, method: Method, now: Date): Promise<boolean> {
  const key = sessionKey(ctx.user.sessionId);
  await recordHits(tx, [key], now);
  const refused = (await recentHits(tx, [key], SESSION_MAX_HOURS * 3600, now)).get(key)?.length ?? 0;
  if (refused < SESSION_ATTEMPT_LIMIT) return false;
  await revokeSession(tx, ctx.school.id, ctx.user.sessionId, 'key_attempts', now);
  await recordOwnSecurityEvent(
    tx,
    ctx,
    'auth.signed_out_after_key_failures',
    { with: method, refusedAttempts: refused },
    now,
  );
  return true;
}

async function alertIfRepeated(tx: Tx, ctx: UserCtx, now: Date): Promise<void> {
  const person = personKey(ctx.user.id);
  const failures = ((await recentHits(tx, [person], ALERT_WINDOW_SECONDS, now)).get(person) ?? []).sort(
    (x, y) => x.getTime() - y.getTime(),
  );
  if (failures.length < ALERT_AFTER_FAILURES) return;
  const alert = alertKey(ctx.user.id);
  if (!(await checkRateLimits(tx, [{ key: alert, rule: ALERT_RULE }], now)).allowed) return;
  await recordHits(tx, [alert], now);
  const at = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: ctx.school.timeZone });
  await queueEmail(tx, ctx.school.id, {
    to: ctx.user.email,
    subject: 'Your Haven key was refused several times',
    text: [
      `Hello ${ctx.user.displayName},`,
      '',
      `Between ${at.format(failures[0]!)} and ${at.format(failures.at(-1)!)} (${ctx.school.timeZone} time), ${failures.length} attempts to use a key on your Haven account were refused, in ${ctx.school.name}'s Haven.`,
      '',
      'If that was you, there is nothing to do. If it was not, someone may know your password: set a new one with “Forgotten your password or using Haven for the first time?” on the sign-in page (that also signs out every session) and tell your safeguarding lead or administrator.',
    ].join('\n'),
  });
  await recordOwnSecurityEvent(tx, ctx, 'auth.key_failures_emailed', { failures: failures.length }, now);
}
