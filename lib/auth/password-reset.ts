/**
 * "Forgotten your password or using Haven for the first time?": a single-use
 * link by email. The token has 256 random bits and is stored hashed; a newer
 * link or a password change cancels older ones; it expires at midnight, school
 * time, on the day it was sent. The request gets the same answer whether or not
 * the address belongs to anyone here. Setting the password ends every session
 * of the person, in every school, and tells them by email. It never signs them
 * in and never touches their key: higher access still needs it.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import { inSchool } from '@/db/scoped';
import { memberships, passwordResetTokens, users } from '@/db/schema';
import { getConfig } from '@/lib/config';
import { UserError } from '@/lib/errors';
import { queueEmail } from '@/lib/mail/outbox';
import type { School } from '@/lib/schools/types';
import { schoolOrigin } from '@/lib/tenancy/host';
import { recordSecurityEvent } from './audit';
import { checkNewPassword, hashPassword } from './password';
import { endOfSchoolDay } from '@/lib/time/school-date';
import { emailInput, newPasswordInput } from './schema';
import { revokeAllSessionsOfUser } from './sessions';
import { hashToken, newToken } from './tokens';
import type { RequestMeta } from './types';

export const RESET_REQUESTED_MESSAGE =
  'If that address belongs to a member of staff here, we have sent them a link to set a password. It works until midnight tonight.';

export const RESET_LINK_INVALID = 'This link has expired or has already been used. Ask for a new one below.';

export async function requestPasswordReset(school: School, input: unknown, meta: RequestMeta, now = new Date()): Promise<string> {
  const { email } = emailInput.parse(input);
  // Made whether or not the address is known, so both paths do the same work.
  const token = newToken();
  const tokenHash = hashToken(token);
  const expiresAt = endOfSchoolDay(now, school.timeZone);
  const { rootDomain, protocol } = getConfig();
  const link = `${schoolOrigin(school.slug, rootDomain, protocol)}/reset-password?token=${token}`;

  await inSchool(school.id, async (tx) => {
    const found = await tx
      .select({ id: users.id, displayName: users.displayName, status: memberships.status })
      .from(users)
      .innerJoin(memberships, eq(memberships.userId, users.id))
      .where(and(sql`lower(${users.email}) = ${email}`, eq(memberships.schoolId, school.id)))
      .limit(1);
    const user = found[0];
    if (!user || user.status !== 'active') return;
    // A newer link cancels the older ones.
    await tx
      .update(passwordResetTokens)
      .set({ cancelledAt: now })
      .where(and(eq(passwordResetTokens.userId, user.id), isNull(passwordResetTokens.usedAt), isNull(passwordResetTokens.cancelledAt)));
    await tx.insert(passwordResetTokens).values({ id: randomUUID(), userId: user.id, tokenHash, linkHost: `${school.slug}.${rootDomain}`, createdAt: now, expiresAt });
    await queueEmail(tx, school.id, {
      to: email,
      subject: `Set your Haven password for ${school.name}`,
      text: [
        `Hello ${user.displayName},`,
        '',
        `Someone asked to set a password for your Haven account at ${school.name}. If it was you, open this link:`,
        '',
        link,
        '',
        'The link works once, until midnight tonight. If you did not ask for it, you can ignore this email: your password has not changed.',
      ].join('\n'),
    });
    await recordSecurityEvent(tx, { schoolId: school.id, userId: user.id, action: 'auth.password_reset_requested', meta, at: now });
  });
  return RESET_REQUESTED_MESSAGE;
}

/** Whether a link is still good, for showing the form or the "expired" message. */
export async function isResetTokenUsable(school: School, token: string, now = new Date()): Promise<boolean> {
  if (!token || token.length > 200) return false;
  const rows = await inSchool(school.id, (tx) =>
    tx
      .select({ id: passwordResetTokens.id })
      .from(passwordResetTokens)
      .where(usableToken(school, hashToken(token), now))
      .limit(1),
  );
  return rows.length > 0;
}

/** Unused, not cancelled, not expired, and opened on the school it was sent for. */
function usableToken(school: School, tokenHash: string, now: Date) {
  return and(
    eq(passwordResetTokens.tokenHash, tokenHash),
    eq(passwordResetTokens.linkHost, `${school.slug}.${getConfig().rootDomain}`),
    isNull(passwordResetTokens.usedAt),
    isNull(passwordResetTokens.cancelledAt),
    gt(passwordResetTokens.expiresAt, now),
  );
}

export async function completePasswordReset(school: School, input: unknown, meta: RequestMeta, now = new Date()): Promise<void> {
  const { token, password } = newPasswordInput.parse(input);
  const tokenHash = hashToken(token);
  // Find the person first (as the school), then act as them for the session revocation.
  const target = await inSchool(school.id, (tx) =>
    tx
      .select({ tokenId: passwordResetTokens.id, userId: users.id, email: users.email, displayName: users.displayName })
      .from(passwordResetTokens)
      .innerJoin(users, eq(users.id, passwordResetTokens.userId))
      .where(usableToken(school, tokenHash, now))
      .limit(1),
  );
  const t = target[0];
  if (!t) throw new UserError(RESET_LINK_INVALID);
  const check = checkNewPassword(password, [t.email, t.displayName, school.name]);
  if (!check.ok) throw new UserError('Choose a different password.', { password: [check.message] });
  const passwordHash = await hashPassword(password);

  await inSchool(
    school.id,
    async (tx) => {
      // Single use, even against two submissions at once: only one marks it used.
      const claimed = await tx
        .update(passwordResetTokens)
        .set({ usedAt: now })
        .where(and(eq(passwordResetTokens.id, t.tokenId), usableToken(school, tokenHash, now)))
        .returning({ id: passwordResetTokens.id });
      if (!claimed[0]) throw new UserError(RESET_LINK_INVALID);
      await tx.update(users).set({ passwordHash, passwordChangedAt: now }).where(eq(users.id, t.userId));
      await tx
        .update(passwordResetTokens)
        .set({ cancelledAt: now })
        .where(and(eq(passwordResetTokens.userId, t.userId), ne(passwordResetTokens.id, t.tokenId), isNull(passwordResetTokens.usedAt), isNull(passwordResetTokens.cancelledAt)));
      const ended = await revokeAllSessionsOfUser(tx, t.userId, 'password_changed', now);
      await queueEmail(tx, school.id, {
        to: t.email,
        subject: 'Your Haven password was changed',
        text: [
          `Hello ${t.displayName},`,
          '',
          `The password of your Haven account was changed just now from ${school.name}'s Haven, and every signed-in session was ended.`,
          '',
          'If this was not you, tell your safeguarding lead or administrator straight away.',
        ].join('\n'),
      });
      await recordSecurityEvent(tx, { schoolId: school.id, userId: t.userId, action: 'auth.password_changed', meta, details: { sessionsEnded: ended }, at: now });
    },
    t.userId,
  );
}
