/**
 * The deployment's operators: `npm run operator -- add | list | remove`.
 * An operator is a person account (the same `users` row a school member
 * has) with a `platform_operators` row; a new address gets an account and a
 * link to set its first password, on the console (root domain), as
 * `npm run user` sends one for a school. Every change is written to the
 * platform's audit log in its transaction.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { privileged } from '@/db/privileged';
import type { Tx } from '@/db/scoped';
import { consoleSessions, passwordResetTokens, platformOperators, users } from '@/db/schema';
import { writePlatformAudit } from '@/lib/audit/platform';
import { checkNewPassword, hashPassword } from '@/lib/auth/password';
import { newPasswordInput } from '@/lib/auth/schema';
import { revokeAllSessionsOfUser } from '@/lib/auth/sessions';
import { hashToken, newToken } from '@/lib/auth/tokens';
import { getConfig } from '@/lib/config';
import { UserError } from '@/lib/errors';
import { queueEmail } from '@/lib/mail/outbox';
import { rootOrigin } from '@/lib/tenancy/host';

export const COMMAND_ACTOR = 'command line';
/** An operator's first-password link works for a day: there is no school's midnight to end it at. */
const LINK_HOURS = 24;

const email = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'Give an email address (--email E).')
  .max(320)
  .pipe(z.email('Give a valid email address.'));

export const addOperatorInput = z.strictObject({
  email,
  name: z.string().trim().min(1).max(120, 'Use at most 120 characters for the name.').optional(),
});
export const removeOperatorInput = z.strictObject({ email });

/** The root domain's host, which an operator's link is valid on (a school's links name the school's). */
const consoleLinkHost = () => getConfig().rootDomain;

async function writeOperatorLink(tx: Tx, userId: string, address: string, displayName: string, now: Date) {
  const token = newToken();
  await tx
    .update(passwordResetTokens)
    .set({ cancelledAt: now })
    .where(
      and(
        eq(passwordResetTokens.userId, userId),
        isNull(passwordResetTokens.usedAt),
        isNull(passwordResetTokens.cancelledAt),
      ),
    );
  await tx.insert(passwordResetTokens).values({
    id: randomUUID(),
    userId,
    tokenHash: hashToken(token),
    linkHost: consoleLinkHost(),
    createdAt: now,
    expiresAt: new Date(now.getTime() + LINK_HOURS * 3_600_000),
  });
  const { rootDomain, protocol } = getConfig();
  await queueEmail(tx, null, {
    to: address,
    subject: 'Set your password for the Haven console',
    text: [
      `Hello ${displayName},`,
      '',
      'You have been made an operator of this Haven deployment. Set your password here:',
      '',
      `${rootOrigin(rootDomain, protocol)}/console/set-password?token=${token}`,
      '',
      `The link works once, for ${LINK_HOURS} hours. You will then set up an authenticator app: the console always asks for it.`,
    ].join('\n'),
  });
}

export async function addOperator(
  input: unknown,
  now = new Date(),
): Promise<{ email: string; newAccount: boolean; passwordLinkSent: boolean }> {
  const data = addOperatorInput.parse(input);
  return privileged('platform-console', `add operator ${data.email}`, async (tx) => {
    const [existing] = await tx
      .select({
        id: users.id,
        displayName: users.displayName,
        hasPassword: sql<boolean>`${users.passwordHash} is not null`,
      })
      .from(users)
      .where(sql`lower(${users.email}) = ${data.email}`)
      .limit(1);
    const userId = existing?.id ?? randomUUID();
    const displayName = existing?.displayName ?? data.name ?? data.email.split('@')[0]!;
    if (!existing) await tx.insert(users).values({ id: userId, email: data.email, displayName, createdAt: now });
    const [current] = await tx
      .select({ removedAt: platformOperators.removedAt })
      .from(platformOperators)
      .where(eq(platformOperators.userId, userId));
    if (current && current.removedAt === null) throw new UserError(`${data.email} is already an operator.`);
    if (current)
      await tx
        .update(platformOperators)
        .set({ removedAt: null, addedAt: now })
        .where(eq(platformOperators.userId, userId));
    else await tx.insert(platformOperators).values({ userId, addedAt: now });
    await writePlatformAudit(tx, {
      action: 'operator.added',
      actorUserId: null,
      actorLabel: COMMAND_ACTOR,
      details: { userId, email: data.email, newAccount: !existing },
      at: now,
    });
    const needsPassword = !existing?.hasPassword;
    if (needsPassword) await writeOperatorLink(tx, userId, data.email, displayName, now);
    else
      await queueEmail(tx, null, {
        to: data.email,
        subject: 'You are now an operator of Haven',
        text: [
          `Hello ${displayName},`,
          '',
          'You have been made an operator of this Haven deployment. Sign in to the console with the address, password and key you already use.',
          '',
          'If you did not expect this, tell the people who run Haven straight away.',
        ].join('\n'),
      });
    return { email: data.email, newAccount: !existing, passwordLinkSent: needsPassword };
  });
}

/**
 * Makes an existing account an operator if it is not one, quietly: for the
 * demo's seed, which runs on every start and must change nothing the second
 * time (no email: the demo prints its people).
 */
export async function ensureOperator(address: string, now = new Date()): Promise<void> {
  const { email: lower } = removeOperatorInput.parse({ email: address });
  await privileged('platform-console', `seed operator ${lower}`, async (tx) => {
    const [person] = await tx
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = ${lower}`);
    if (!person) throw new UserError(`No Haven account has the address ${lower}.`);
    const added = await tx
      .insert(platformOperators)
      .values({ userId: person.id, addedAt: now })
      .onConflictDoNothing()
      .returning({ userId: platformOperators.userId });
    if (added[0])
      await writePlatformAudit(tx, {
        action: 'operator.added',
        actorUserId: null,
        actorLabel: 'demo seed',
        details: { userId: added[0].userId, email: lower },
        at: now,
      });
  });
}

export async function listOperators(): Promise<{ email: string; displayName: string; addedAt: Date }[]> {
  return privileged('platform-console', 'list operators', (tx) =>
    tx
      .select({ email: users.email, displayName: users.displayName, addedAt: platformOperators.addedAt })
      .from(platformOperators)
      .innerJoin(users, eq(users.id, platformOperators.userId))
      .where(isNull(platformOperators.removedAt))
      .orderBy(asc(users.email)),
  );
}

/** Ends the role and every console session of the person at once; their account and schools are untouched. */
export async function removeOperator(input: unknown, now = new Date()): Promise<void> {
  const data = removeOperatorInput.parse(input);
  await privileged('platform-console', `remove operator ${data.email}`, async (tx) => {
    const removed = await tx
      .update(platformOperators)
      .set({ removedAt: now })
      .where(
        and(
          isNull(platformOperators.removedAt),
          sql`${platformOperators.userId} = (select id from ${users} where lower(email) = ${data.email})`,
        ),
      )
      .returning({ userId: platformOperators.userId });
    if (!removed[0]) throw new UserError(`${data.email} is not an operator.`);
    await tx
      .update(consoleSessions)
      .set({ revokedAt: now })
      .where(and(eq(consoleSessions.userId, removed[0].userId), isNull(consoleSessions.revokedAt)));
    await writePlatformAudit(tx, {
      action: 'operator.removed',
      actorUserId: null,
      actorLabel: COMMAND_ACTOR,
      details: { userId: removed[0].userId, email: data.email },
      at: now,
    });
  });
}

function usableOperatorLink(tokenHash: string, now: Date) {
  return and(
    eq(passwordResetTokens.tokenHash, tokenHash),
    eq(passwordResetTokens.linkHost, consoleLinkHost()),
    isNull(passwordResetTokens.usedAt),
    isNull(passwordResetTokens.cancelledAt),
    gt(passwordResetTokens.expiresAt, now),
    sql`exists (select 1 from ${platformOperators} o where o.user_id = ${passwordResetTokens.userId} and o.removed_at is null)`,
  );
}

export async function isOperatorLinkUsable(token: string, now = new Date()): Promise<boolean> {
  if (!token || token.length > 200) return false;
  const rows = await privileged('platform-console', 'operator link check', (tx) =>
    tx
      .select({ id: passwordResetTokens.id })
      .from(passwordResetTokens)
      .where(usableOperatorLink(hashToken(token), now))
      .limit(1),
  );
  return rows.length > 0;
}

export const OPERATOR_LINK_INVALID =
  'This link has expired or has already been used. Ask the people who run Haven for a new one.';

/** Sets an operator's password from their link (once); every session they have, anywhere, ends. */
export async function completeOperatorPassword(
  input: unknown,
  meta: { ip: string | null; userAgent: string | null },
  now = new Date(),
): Promise<void> {
  const { token, password } = newPasswordInput.parse(input);
  const tokenHash = hashToken(token);
  const [t] = await privileged('platform-console', 'operator link', (tx) =>
    tx
      .select({ id: passwordResetTokens.id, userId: users.id, email: users.email, displayName: users.displayName })
      .from(passwordResetTokens)
      .innerJoin(users, eq(users.id, passwordResetTokens.userId))
      .where(usableOperatorLink(tokenHash, now))
      .limit(1),
  );
  if (!t) throw new UserError(OPERATOR_LINK_INVALID);
  const check = checkNewPassword(password, [t.email, t.displayName]);
  if (!check.ok) throw new UserError('Choose a different password.', { password: [check.message] });
  const passwordHash = await hashPassword(password);
  await privileged('platform-console', 'operator password', async (tx) => {
    const claimed = await tx
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(and(eq(passwordResetTokens.id, t.id), usableOperatorLink(tokenHash, now)))
      .returning({ id: passwordResetTokens.id });
    if (!claimed[0]) throw new UserError(OPERATOR_LINK_INVALID);
    await tx.update(users).set({ passwordHash, passwordChangedAt: now }).where(eq(users.id, t.userId));
    await tx
      .update(passwordResetTokens)
      .set({ cancelledAt: now })
      .where(
        and(
          eq(passwordResetTokens.userId, t.userId),
          ne(passwordResetTokens.id, t.id),
          isNull(passwordResetTokens.usedAt),
          isNull(passwordResetTokens.cancelledAt),
        ),
      );
    await revokeAllSessionsOfUser(tx, t.userId, 'password_changed', now);
    await tx
      .update(consoleSessions)
      .set({ revokedAt: now })
      .where(and(eq(consoleSessions.userId, t.userId), isNull(consoleSessions.revokedAt)));
    await writePlatformAudit(tx, { action: 'console.password_set', actorUserId: t.userId, meta, at: now });
  });
}
