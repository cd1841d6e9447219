/**
 * Password sign-in on a school's subdomain. Every failure gets the same answer
 * and takes the same time (a dummy hash is verified when the address is
 * unknown), so the form cannot be used to learn who works at a school.
 */
import { and, eq, sql } from 'drizzle-orm';
import { inSchool } from '@/db/scoped';
import { memberships, userGroups, userKeys, users } from '@/db/schema';
import { groupMayUseKey, parseSystemPermissions } from '@/lib/access';
import { recordSecurityEvent } from './audit';
import { verifyPassword } from './password';
import { signInInput } from './schema';
import { createSession } from './sessions';
import { checkThrottle, recordFailure } from './throttle';
import { throttleMessage } from './throttle-policy';
import type { RequestMeta } from './types';

export const SIGN_IN_REFUSED = 'The email address or password is not right. Check them and try again.';

export type SignInResult =
  | { ok: true; token: string; userId: string; offerKey: boolean }
  | { ok: false; message: string; retryAfterSeconds?: number };

export async function signInWithPassword(
  school: { id: string },
  input: unknown,
  meta: RequestMeta,
  now = new Date(),
): Promise<SignInResult> {
  const { email, password } = signInInput.parse(input);
  return inSchool(school.id, async (tx) => {
    const throttle = await checkThrottle(tx, email, meta.ip, now);
    if (!throttle.allowed) {
      await recordSecurityEvent(tx, { schoolId: school.id, userId: null, action: 'auth.sign_in_throttled', meta, details: { retryAfterSeconds: throttle.retryAfterSeconds }, at: now });
      return { ok: false, message: throttleMessage(throttle.retryAfterSeconds), retryAfterSeconds: throttle.retryAfterSeconds };
    }

    // Visible only with a membership of this school (row-level security on users).
    const found = await tx
      .select({ id: users.id, passwordHash: users.passwordHash, status: memberships.status, permissions: userGroups.permissions })
      .from(users)
      .innerJoin(memberships, eq(memberships.userId, users.id))
      .innerJoin(userGroups, eq(userGroups.id, memberships.userGroupId))
      .where(and(sql`lower(${users.email}) = ${email}`, eq(memberships.schoolId, school.id)))
      .limit(1);
    const user = found[0];
    // With no user or no password yet, this spends the same time on a dummy hash.
    const passwordOk = await verifyPassword(user?.passwordHash ?? null, password);

    if (!user || !user.passwordHash || !passwordOk || user.status !== 'active') {
      await recordFailure(tx, email, meta.ip, now);
      await recordSecurityEvent(tx, {
        schoolId: school.id,
        userId: user?.id ?? null,
        action: 'auth.sign_in_failed',
        meta,
        details: { reason: !user ? 'unknown_email' : user.status !== 'active' ? 'deactivated' : !user.passwordHash ? 'no_password' : 'wrong_password' },
        at: now,
      });
      return { ok: false, message: SIGN_IN_REFUSED };
    }

    const { token } = await createSession(tx, { schoolId: school.id, userId: user.id, meta, now });
    await recordSecurityEvent(tx, { schoolId: school.id, userId: user.id, action: 'auth.signed_in', meta, at: now });
    const keys = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(userKeys)
      .where(and(eq(userKeys.userId, user.id), sql`${userKeys.removedAt} is null`, sql`${userKeys.confirmedAt} is not null`));
    const offerKey = (keys[0]?.n ?? 0) > 0 && groupMayUseKey(parseSystemPermissions(user.permissions));
    return { ok: true, token, userId: user.id, offerKey };
  });
}
