/**
 * "Forgotten your password or using Haven for the first time?": a single-use
 * link by email. The token has 256 random bits and is stored hashed; a newer
 * link or a password change cancels older ones; it expires at midnight, school
 * time, on the day it was sent. Setting the password ends every session of the
 * person, in every school, and tells them by email. It never signs them in and
 * never touches their key: higher access still needs it; the browser it was
 * set in becomes a known device (device-token.ts), so a stranger keeping
 * unknown browsers slowed down cannot keep the person out after a reset.
 *
 * Asking for a link (the sign-in page) gets the same answer, the same
 * statements in the same order and nearly the same time whether or not the
 * address belongs to anyone here: the link and its email are written with
 * statements that write nothing for an unknown address. It is limited per
 * address and per client (RESET_ADDRESS_RULE, RESET_CLIENT_RULE): a request
 * over a limit gets the same answer and neither emails nor cancels anything.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import { inSchool, type Tx } from '@/db/scoped';
import { memberships, passwordResetTokens, users } from '@/db/schema';
import { getConfig } from '@/lib/config';
import { UserError } from '@/lib/errors';
import { queueEmail, queueEmailIf } from '@/lib/mail/outbox';
import { checkRateLimits, lockRateLimitKeys, rateLimitKey, rateRule, recordHits } from '@/lib/rate-limit';
import type { School, RequestMeta } from '@/lib/tenancy/context';
import { schoolOrigin } from '@/lib/tenancy/host';
import { recordSecurityEvent } from './audit';
import { deviceTokenKey } from './device-key';
import { deviceCookieFor } from './device-token';
import { checkNewPassword, hashPassword } from './password';
import { endOfSchoolDay } from '@/lib/time/school-date';
import { emailInput, newPasswordInput } from './schema';
import { revokeAllSessionsOfUser } from './sessions';
import { hashToken, newToken } from './tokens';

export const RESET_REQUESTED_MESSAGE =
  'If that address belongs to a member of staff here, we have sent them a link to set a password. It works until midnight tonight.';

export const RESET_LINK_INVALID = 'This link has expired or has already been used. Ask for a new one below.';

/**
 * Per address, in every school: one link, then the next only a minute after
 * it, then 2, 4 … up to 60 minutes. A flood of requests sends the person one
 * email and leaves the link they have working.
 */
export const RESET_ADDRESS_RULE = rateRule({
  free: 1,
  windowSeconds: 3600,
  baseDelaySeconds: 60,
  maxDelaySeconds: 3600,
});
/** Per client address: as loose as sign-in's (a school's staff share one address). */
export const RESET_CLIENT_RULE = rateRule({
  free: 30,
  windowSeconds: 15 * 60,
  baseDelaySeconds: 30,
  maxDelaySeconds: 15 * 60,
});

/** Matches no one: the person an unknown address's statements are written for. */
const NOBODY = '00000000-0000-0000-0000-000000000000';

/** The sign-in page's "send me a link": limited per address and per client; the same answer always. */
export async function requestPasswordReset(
  school: School,
  input: unknown,
  meta: RequestMeta,
  now = new Date(),
): Promise<string> {
  const { email } = emailInput.parse(input);
  const limits = [
    { key: rateLimitKey('reset-address', email), rule: RESET_ADDRESS_RULE },
    // An unknown client address is nobody's in particular: one bucket for it would let one person hold everyone's links.
    ...(meta.ip === null ? [] : [{ key: rateLimitKey('reset-client', meta.ip), rule: RESET_CLIENT_RULE }]),
  ];
  const keys = limits.map((l) => l.key);
  await inSchool(school.id, async (tx) => {
    await lockRateLimitKeys(tx, keys);
    const decision = await checkRateLimits(tx, limits, now);
    if (!decision.allowed) {
      // Who it was for is not looked up: a limited request does no more than this.
      await recordSecurityEvent(tx, {
        schoolId: school.id,
        userId: null,
        action: 'auth.password_reset_limited',
        meta,
        details: { retryAfterSeconds: decision.retryAfterSeconds },
        at: now,
      });
      return;
    }
    // Counted for every address, known or not, so the limits themselves reveal nothing.
    await recordHits(tx, keys, now);
    await writeResetLink(tx, school, email, meta, now);
  });
  return RESET_REQUESTED_MESSAGE;
}

/**
 * Sends a link on a trusted word (an administrator's "send password link",
 * support adding a person): no rate limit, which is for anonymous requests.
 */
export async function issuePasswordLink(
  school: School,
  email: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<void> {
  const address = emailInput.parse({ email }).email;
  await inSchool(school.id, (tx) => writeResetLink(tx, school, address, meta, now));
}

/**
 * The link and its email for `email` if it is an active member's, written by
 * statements that are the same for an unknown address (they then write
 * nothing): the work and its timing do not tell the two apart.
 */
async function writeResetLink(tx: Tx, school: School, email: string, meta: RequestMeta, now: Date): Promise<void> {
  const token = newToken();
  const tokenId = randomUUID();
  const expiresAt = endOfSchoolDay(now, school.timeZone);
  const { rootDomain, protocol } = getConfig();
  const link = `${schoolOrigin(school.slug, rootDomain, protocol)}/reset-password?token=${token}`;

  const found = await tx
    .select({ id: users.id, displayName: users.displayName, status: memberships.status })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .where(and(sql`lower(${users.email}) = ${email}`, eq(memberships.schoolId, school.id)))
    .limit(1);
  const person = found[0]?.status === 'active' ? found[0] : null;
  const target = person?.id ?? NOBODY;

  // A newer link cancels the older ones.
  await tx
    .update(passwordResetTokens)
    .set({ cancelledAt: now })
    .where(
      and(
        eq(passwordResetTokens.userId, target),
        isNull(passwordResetTokens.usedAt),
        isNull(passwordResetTokens.cancelledAt),
      ),
    );
  await tx.execute(
    sql`insert into ${passwordResetTokens} (id, user_id, token_hash, link_host, created_at, expires_at)
        select ${tokenId}::uuid, u.id, ${hashToken(token)}::text, ${`${school.slug}.${rootDomain}`}::text, ${now.toISOString()}::timestamptz, ${expiresAt.toISOString()}::timestamptz
        from ${users} u where u.id = ${target}::uuid`,
  );
  // The email exists exactly when the link does.
  await queueEmailIf(
    tx,
    school.id,
    {
      to: email,
      subject: `Set your Haven password for ${school.name}`,
      text: [
        `Hello ${person?.displayName ?? ''},`,
        '',
        `Someone asked to set a password for your Haven account at ${school.name}. If it was you, open this link:`,
        '',
        link,
        '',
        'The link works once, until midnight tonight. If you did not ask for it, you can ignore this email: your password has not changed.',
      ].join('\n'),
    },
    sql`exists (select 1 from ${passwordResetTokens} t where t.id = ${tokenId}::uuid)`,
  );
  await recordSecurityEvent(tx, {
    schoolId: school.id,
    userId: person?.id ?? null,
    action: 'auth.password_reset_requested',
    meta,
    details: { known: person !== null },
    at: now,
  });
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

/**
 * Sets the password from a link. Returns the browser's device cookie from now
 * on (this browser proved it reads the person's email), or null when device
 * tokens are unavailable.
 */
export async function completePasswordReset(
  school: School,
  input: unknown,
  meta: RequestMeta,
  now = new Date(),
  browser: { deviceCookie?: string | null } = {},
): Promise<{ deviceCookie: string | null }> {
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
  const deviceKey = await deviceTokenKey();

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
        .where(
          and(
            eq(passwordResetTokens.userId, t.userId),
            ne(passwordResetTokens.id, t.tokenId),
            isNull(passwordResetTokens.usedAt),
            isNull(passwordResetTokens.cancelledAt),
          ),
        );
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
      await recordSecurityEvent(tx, {
        schoolId: school.id,
        userId: t.userId,
        action: 'auth.password_changed',
        meta,
        details: { sessionsEnded: ended },
        at: now,
      });
    },
    t.userId,
  );
  // Signed with the new password's time: tokens from before the change no longer count.
  return {
    deviceCookie: deviceCookieFor(deviceKey, browser.deviceCookie, { userId: t.userId, passwordChangedAt: now }, now),
  };
}
