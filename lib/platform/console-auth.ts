/**
 * Signing in to the platform console (/console on the root domain). Its own
 * kind of session (`console_sessions`, cookie `__Host-haven-console`), not a
 * school's and not the root domain's school picker: it is only for operators
 * (`platform_operators`), and every console page needs the operator's key
 * used in it. The parts are lib/auth's: the same password check and
 * throttle (device tokens included), the same neutral refusal for anyone who
 * is not an operator, the same TOTP verification with its replay
 * compare-and-set and the same per-person limit on refused codes.
 *
 * Everything runs on the privileged path ('platform-console'): the app role
 * has no privilege on the platform's tables.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, gt, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { privileged } from '@/db/privileged';
import type { Tx } from '@/db/scoped';
import { consoleSessions, platformOperators, userKeys, users } from '@/db/schema';
import { writePlatformAudit } from '@/lib/audit/platform';
import { deviceTokenKey } from '@/lib/auth/device-key';
import { deviceCookieFor, knownDevice } from '@/lib/auth/device-token';
import { verifyPassword } from '@/lib/auth/password';
import { addTotpInput, signInInput, totpCodeInput } from '@/lib/auth/schema';
import { isIdleExpired, sessionExpiry, SESSION_TOUCH_SECONDS } from '@/lib/auth/session-policy';
import { SIGN_IN_REFUSED } from '@/lib/auth/sign-in';
import { checkThrottle, recordFailure } from '@/lib/auth/throttle';
import { SECOND_FACTOR_RULE, throttleMessage } from '@/lib/auth/throttle-policy';
import { hashToken, newToken } from '@/lib/auth/tokens';
import { newTotpSecret, totpQrSvg, totpUri, verifyTotp } from '@/lib/auth/totp';
import { totpSecretContext } from '@/lib/auth/keys';
import { decryptString, encryptString, getKeyProvider } from '@/lib/crypto';
import { UserError } from '@/lib/errors';
import { checkRateLimits, lockRateLimitKeys, rateLimitKey, recordHits } from '@/lib/rate-limit';
import type { RequestMeta } from '@/lib/tenancy/context';

export const CONSOLE_SESSION_COOKIE = '__Host-haven-console';

export interface ConsoleOperator {
  sessionId: string;
  userId: string;
  email: string;
  displayName: string;
  /** The operator's key was used in this session: console pages open. */
  elevated: boolean;
  keyCount: number;
}

const isOperator = (userId: unknown) =>
  sql`exists (select 1 from ${platformOperators} o where o.user_id = ${userId} and o.removed_at is null)`;

/** Password sign-in; anyone who is not an active operator gets exactly a wrong password's answer. */
export async function signInToConsole(
  input: unknown,
  meta: RequestMeta,
  now = new Date(),
  browser: { deviceCookie?: string | null } = {},
): Promise<{ ok: true; token: string; deviceCookie: string | null } | { ok: false; message: string }> {
  const { email, password } = signInInput.parse(input);
  const deviceKey = await deviceTokenKey();
  return privileged('platform-console', 'console sign-in', async (tx) => {
    const [person] = await tx
      .select({
        id: users.id,
        passwordHash: users.passwordHash,
        passwordChangedAt: users.passwordChangedAt,
        operator: isOperator(users.id).mapWith(Boolean),
      })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`)
      .limit(1);
    const device = knownDevice(deviceKey, browser.deviceCookie, person, now);
    const source = { email, ip: meta.ip, deviceNonce: device?.nonce ?? null };
    const throttle = await checkThrottle(tx, source, now);
    if (!throttle.allowed) return { ok: false, message: throttleMessage(throttle.retryAfterSeconds) };
    const passwordOk = await verifyPassword(person?.passwordHash ?? null, password);
    if (!person || !passwordOk || !person.operator) {
      await recordFailure(tx, source, now);
      await writePlatformAudit(tx, {
        action: 'console.sign_in_refused',
        actorUserId: null,
        actorLabel: 'anonymous',
        meta,
        details: { email },
        at: now,
      });
      return { ok: false, message: SIGN_IN_REFUSED };
    }
    const token = newToken();
    await tx.insert(consoleSessions).values({
      id: randomUUID(),
      tokenHash: hashToken(token),
      userId: person.id,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: sessionExpiry(now),
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 500) ?? null,
    });
    await writePlatformAudit(tx, { action: 'console.signed_in', actorUserId: person.id, meta, at: now });
    const deviceCookie = deviceCookieFor(
      deviceKey,
      browser.deviceCookie,
      { userId: person.id, passwordChangedAt: person.passwordChangedAt },
      now,
    );
    return { ok: true, token, deviceCookie };
  });
}

async function sessionOf(tx: Tx, token: string, now: Date): Promise<ConsoleOperator | null> {
  const [row] = await tx
    .select({
      sessionId: consoleSessions.id,
      lastSeenAt: consoleSessions.lastSeenAt,
      elevatedAt: consoleSessions.elevatedAt,
      userId: users.id,
      email: users.email,
      displayName: users.displayName,
      keyCount: sql<number>`(select count(*)::int from ${userKeys} k where k.user_id = ${users.id} and k.removed_at is null and k.confirmed_at is not null)`,
    })
    .from(consoleSessions)
    .innerJoin(users, eq(users.id, consoleSessions.userId))
    .where(
      and(
        eq(consoleSessions.tokenHash, hashToken(token)),
        isNull(consoleSessions.revokedAt),
        gt(consoleSessions.expiresAt, now),
        isOperator(consoleSessions.userId),
      ),
    )
    .limit(1);
  if (!row || isIdleExpired(row.lastSeenAt, now)) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > SESSION_TOUCH_SECONDS * 1000)
    await tx.update(consoleSessions).set({ lastSeenAt: now }).where(eq(consoleSessions.id, row.sessionId));
  return {
    sessionId: row.sessionId,
    userId: row.userId,
    email: row.email,
    displayName: row.displayName,
    // Elevation lapses with the last key, as in a school.
    elevated: row.elevatedAt !== null && row.keyCount > 0,
    keyCount: row.keyCount,
  };
}

/** The operator behind a console token, checked on every request: session, operator role, keys. */
export async function resolveConsoleSession(token: string | null, now = new Date()): Promise<ConsoleOperator | null> {
  if (!token || token.length > 200) return null;
  return privileged('platform-console', 'console session', (tx) => sessionOf(tx, token, now));
}

const CODE_REFUSED = () =>
  new UserError('That code is not right.', {
    code: ['That code is not right. Enter the 6-digit code your app shows now.'],
  });

/**
 * Uses the operator's authenticator code: elevates the session (a new
 * token, returned). Refused codes count against the person under the same
 * rule as in schools (lib/auth's SECOND_FACTOR_RULE, the same key), and
 * while it holds no code is checked.
 */
export async function elevateConsole(
  token: string,
  input: unknown,
  meta: RequestMeta,
  now = new Date(),
): Promise<string> {
  const { code } = totpCodeInput.parse(input);
  const outcome = await privileged('platform-console', 'console key', async (tx) => {
    const op = await sessionOf(tx, token, now);
    if (!op) return { ok: false as const, error: new UserError('Your console session has ended. Sign in again.') };
    const personKey = rateLimitKey('second-factor-person', op.userId);
    await lockRateLimitKeys(tx, [personKey]);
    const decision = await checkRateLimits(tx, [{ key: personKey, rule: SECOND_FACTOR_RULE }], now);
    if (!decision.allowed)
      return { ok: false as const, error: new UserError(throttleMessage(decision.retryAfterSeconds)) };
    const keys = await tx
      .select({ id: userKeys.id, encrypted: userKeys.totpSecretEncrypted })
      .from(userKeys)
      .where(
        and(
          eq(userKeys.userId, op.userId),
          eq(userKeys.kind, 'totp'),
          isNull(userKeys.removedAt),
          isNotNull(userKeys.confirmedAt),
        ),
      );
    for (const key of keys) {
      if (!key.encrypted) continue;
      const secret = await decryptString(getKeyProvider(), key.encrypted, totpSecretContext(op.userId, key.id));
      const result = verifyTotp(secret, code, now);
      if (!result.valid) continue;
      const claimed = await tx
        .update(userKeys)
        .set({ totpLastStep: result.step, lastUsedAt: now })
        .where(and(eq(userKeys.id, key.id), or(isNull(userKeys.totpLastStep), lt(userKeys.totpLastStep, result.step))))
        .returning({ id: userKeys.id });
      if (!claimed[0]) break; // a replayed code is refused like a wrong one
      const fresh = newToken();
      await tx
        .update(consoleSessions)
        .set({ tokenHash: hashToken(fresh), elevatedAt: now, lastSeenAt: now })
        .where(eq(consoleSessions.id, op.sessionId));
      await writePlatformAudit(tx, { action: 'console.elevated', actorUserId: op.userId, meta, at: now });
      return { ok: true as const, token: fresh };
    }
    await recordHits(tx, [personKey], now);
    await writePlatformAudit(tx, { action: 'console.key_refused', actorUserId: op.userId, meta, at: now });
    return { ok: false as const, error: CODE_REFUSED() };
  });
  if (outcome.ok) return outcome.token;
  throw outcome.error;
}

const appUri = (email: string, secret: string) => totpUri({ secret, accountName: email, issuer: 'Haven (console)' });

/**
 * An operator with no key yet sets up an authenticator app here: with the
 * password only, as a school's first key is (there is nothing else to ask
 * for). Someone who has a key uses it instead; support removes a lost one.
 */
export async function startConsoleTotpSetup(token: string, now = new Date()) {
  const op = await resolveConsoleSession(token, now);
  if (!op) throw new UserError('Your console session has ended. Sign in again.');
  if (op.keyCount > 0) throw new UserError('You already have a key: use it.');
  const setupId = randomUUID();
  const secret = newTotpSecret();
  const encrypted = await encryptString(getKeyProvider(), secret, totpSecretContext(op.userId, setupId));
  await privileged('platform-console', 'console key set-up', async (tx) => {
    await tx
      .update(userKeys)
      .set({ removedAt: now })
      .where(and(eq(userKeys.userId, op.userId), isNull(userKeys.confirmedAt), isNull(userKeys.removedAt)));
    await tx.insert(userKeys).values({
      id: setupId,
      userId: op.userId,
      kind: 'totp',
      name: 'Authenticator app',
      totpSecretEncrypted: encrypted,
      createdAt: now,
    });
  });
  return { setupId, secret, qrSvg: await totpQrSvg(appUri(op.email, secret)) };
}

/** Confirms the set-up with a first code: the key counts, and the session is elevated with it (new token). */
export async function confirmConsoleTotpSetup(
  token: string,
  input: unknown,
  meta: RequestMeta,
  now = new Date(),
): Promise<string> {
  const { setupId, name, code } = addTotpInput.parse(input);
  return privileged('platform-console', 'console key set-up', async (tx) => {
    const op = await sessionOf(tx, token, now);
    if (!op) throw new UserError('Your console session has ended. Sign in again.');
    if (op.keyCount > 0) throw new UserError('You already have a key: use it.');
    const [row] = await tx
      .select({ encrypted: userKeys.totpSecretEncrypted, createdAt: userKeys.createdAt })
      .from(userKeys)
      .where(
        and(
          eq(userKeys.id, setupId),
          eq(userKeys.userId, op.userId),
          isNull(userKeys.confirmedAt),
          isNull(userKeys.removedAt),
        ),
      );
    if (!row?.encrypted || now.getTime() - row.createdAt.getTime() > 15 * 60_000)
      throw new UserError('This set-up has expired. Start again.');
    const secret = await decryptString(getKeyProvider(), row.encrypted, totpSecretContext(op.userId, setupId));
    const result = verifyTotp(secret, code, now);
    if (!result.valid) throw CODE_REFUSED();
    await tx
      .update(userKeys)
      .set({ confirmedAt: now, name, totpLastStep: result.step, lastUsedAt: now })
      .where(eq(userKeys.id, setupId));
    const fresh = newToken();
    await tx
      .update(consoleSessions)
      .set({ tokenHash: hashToken(fresh), elevatedAt: now, lastSeenAt: now })
      .where(eq(consoleSessions.id, op.sessionId));
    await writePlatformAudit(tx, {
      action: 'console.key_added',
      actorUserId: op.userId,
      meta,
      details: { name },
      at: now,
    });
    return fresh;
  });
}

export async function signOutOfConsole(token: string, meta: RequestMeta, now = new Date()): Promise<void> {
  await privileged('platform-console', 'console sign-out', async (tx) => {
    const ended = await tx
      .update(consoleSessions)
      .set({ revokedAt: now })
      .where(and(eq(consoleSessions.tokenHash, hashToken(token)), isNull(consoleSessions.revokedAt)))
      .returning({ userId: consoleSessions.userId });
    if (ended[0])
      await writePlatformAudit(tx, { action: 'console.signed_out', actorUserId: ended[0].userId, meta, at: now });
  });
}
