/**
 * Password sign-in on a school's subdomain. Every failure gets the same answer
 * and takes the same time (a dummy hash is verified when the address is
 * unknown), so the form cannot be used to learn who works at a school.
 * Failures are throttled per browser the person has signed in from before
 * (device tokens) or else per account and IP (throttle.ts); a success gives
 * the browser a fresh device token for the person.
 */
import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { inSchool, type Tx } from '@/db/scoped';
import { memberships, schools, userGroups, userKeys, users } from '@/db/schema';
import { groupMayUseKey, parseSystemPermissions } from '@/lib/access';
import { recordSecurityEvent } from './audit';
import { verifyPassword } from './password';
import { signInInput } from './schema';
import { deviceTokenKey } from './device-key';
import { deviceCookieFor, knownDevice } from './device-token';
import { createSession } from './sessions';
import { checkThrottle, recordFailure } from './throttle';
import { throttleMessage } from './throttle-policy';
import type { RequestMeta } from '@/lib/tenancy/context';

export const SIGN_IN_REFUSED = 'The email address or password is not right. Check them and try again.';
/** A school an operator has made unavailable (the platform console): nobody signs in there until it is back. */
export const SCHOOL_UNAVAILABLE = 'This school is unavailable on Haven at the moment. Nothing has been deleted.';

export type SignInResult =
  /** `deviceCookie`: the browser's device cookie from now on (null when device tokens are unavailable). */
  | { ok: true; token: string; userId: string; offerKey: boolean; deviceCookie: string | null }
  | { ok: false; message: string; retryAfterSeconds?: number };

export async function signInWithPassword(
  school: { id: string },
  input: unknown,
  meta: RequestMeta,
  now = new Date(),
  browser: { deviceCookie?: string | null } = {},
): Promise<SignInResult> {
  const { email, password } = signInInput.parse(input);
  const deviceKey = await deviceTokenKey(); // read before the transaction: they do not nest
  return inSchool(school.id, async (tx) => {
    const [state] = await tx.select({ disabledAt: schools.disabledAt }).from(schools).where(eq(schools.id, school.id));
    if (!state || state.disabledAt) return { ok: false, message: SCHOOL_UNAVAILABLE };
    // Visible only with a membership of this school (row-level security on users).
    const found = await tx
      .select({
        id: users.id,
        passwordHash: users.passwordHash,
        passwordChangedAt: users.passwordChangedAt,
        status: memberships.status,
        permissions: userGroups.permissions,
      })
      .from(users)
      .innerJoin(memberships, eq(memberships.userId, users.id))
      .innerJoin(userGroups, eq(userGroups.id, memberships.userGroupId))
      .where(and(sql`lower(${users.email}) = ${email}`, eq(memberships.schoolId, school.id)))
      .limit(1);
    const user = found[0];
    const device = knownDevice(deviceKey, browser.deviceCookie, user, now);
    const source = { email, ip: meta.ip, deviceNonce: device?.nonce ?? null };

    const throttle = await checkThrottle(tx, source, now);
    if (!throttle.allowed) {
      await recordSecurityEvent(tx, {
        schoolId: school.id,
        userId: user?.id ?? null,
        action: 'auth.sign_in_throttled',
        meta,
        details: { retryAfterSeconds: throttle.retryAfterSeconds, knownDevice: device !== null },
        at: now,
      });
      return {
        ok: false,
        message: throttleMessage(throttle.retryAfterSeconds),
        retryAfterSeconds: throttle.retryAfterSeconds,
      };
    }

    // With no user or no password yet, this spends the same time on a dummy hash.
    const passwordOk = await verifyPassword(user?.passwordHash ?? null, password);

    if (!user || !user.passwordHash || !passwordOk || user.status !== 'active') {
      await recordFailure(tx, source, now);
      await recordSecurityEvent(tx, {
        schoolId: school.id,
        userId: user?.id ?? null,
        action: 'auth.sign_in_failed',
        meta,
        details: {
          reason: !user
            ? 'unknown_email'
            : user.status !== 'active'
              ? 'deactivated'
              : !user.passwordHash
                ? 'no_password'
                : 'wrong_password',
          knownDevice: device !== null,
        },
        at: now,
      });
      return { ok: false, message: SIGN_IN_REFUSED };
    }

    const { token } = await createSession(tx, { schoolId: school.id, userId: user.id, meta, now });
    await recordSecurityEvent(tx, {
      schoolId: school.id,
      userId: user.id,
      action: 'auth.signed_in',
      meta,
      details: { knownDevice: device !== null },
      at: now,
    });
    // A fresh token at every sign-in: the browser's failure count starts again from here.
    const deviceCookie = deviceCookieFor(
      deviceKey,
      browser.deviceCookie,
      { userId: user.id, passwordChangedAt: user.passwordChangedAt },
      now,
    );
    const offerKey = await offersKey(tx, user.id, user.permissions);
    return { ok: true, token, userId: user.id, offerKey, deviceCookie };
  });
}

/** Whether the new session goes on to the key step: the person has a confirmed key and their group may use one. */
export async function offersKey(tx: Tx, userId: string, permissions: unknown): Promise<boolean> {
  const keys = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(userKeys)
    .where(
      and(eq(userKeys.userId, userId), sql`${userKeys.removedAt} is null`, sql`${userKeys.confirmedAt} is not null`),
    );
  return (keys[0]?.n ?? 0) > 0 && groupMayUseKey(parseSystemPermissions(permissions));
}
