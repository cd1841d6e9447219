/**
 * Writes for Admin → Users → a user beyond user-service.ts: reactivation,
 * which asks again for the address and the group (both may have changed
 * while the person was away, and a returning person should not silently get
 * back an old group's access), and the person's alert email in this school.
 * Each checks administration first and writes with its audit rows in one
 * transaction.
 */
import 'server-only';
import { and, eq } from 'drizzle-orm';
import { memberships } from '@/db/schema';
import { recordAdminEvent } from '@/lib/audit/admin-events';
import { NotFoundError, UserError } from '@/lib/errors';
import { queueEmail } from '@/lib/mail/outbox';
import type { Ctx } from '@/lib/tenancy/context';
import { assertEmailDomainAllowed } from '@/lib/users/email-domain';
import { duplicateRefusal } from './db-errors';
import { requireAdmin } from './guard';
import { alertEmailInput, reactivateUserInput } from './schema';
import { findMemberOrThrow } from './user-queries';
import { applyEmailChange, applyGroupChange, EMAIL_TAKEN_REFUSAL, refuseSharedAccount } from './user-service';

/**
 * Reactivation with the address and group the administrator confirmed: a
 * changed address follows the rules of changing one (the domain list, not
 * another account's, not a person who signs in at another school too; the
 * old address told), a changed group is audited as a group change, then the
 * membership works again. All or nothing.
 */
export async function reactivateUser(ctx: Ctx, input: unknown, now = new Date()): Promise<void> {
  requireAdmin(ctx);
  const parsed = reactivateUserInput.safeParse(input);
  if (!parsed.success) {
    // A malformed id is answered like an unknown one; a bad address is said next to its field.
    if (parsed.error.issues.some((i) => i.path[0] === 'userId')) throw new NotFoundError('user');
    throw parsed.error;
  }
  const data = parsed.data;
  if (data.email) assertEmailDomainAllowed(data.email, ctx.school.settings.emailDomainWhitelist);
  const current = await ctx.run((tx) => findMemberOrThrow(tx, ctx.school.id, data.userId));
  if (current.status === 'active') throw new UserError(`${current.displayName} is already active.`);
  if (data.email && data.email !== current.email.toLowerCase())
    await refuseSharedAccount(current.userId, ctx.school.id);
  try {
    await ctx.run(async (tx) => {
      const member = await findMemberOrThrow(tx, ctx.school.id, data.userId);
      if (member.status === 'active') throw new UserError(`${member.displayName} is already active.`);
      if (data.email) await applyEmailChange(tx, ctx, member, data.email, now);
      if (data.userGroupId) await applyGroupChange(tx, ctx, member, data.userGroupId, now);
      await tx
        .update(memberships)
        .set({ status: 'active', deactivatedAt: null })
        .where(and(eq(memberships.schoolId, ctx.school.id), eq(memberships.userId, data.userId)));
      const after = await findMemberOrThrow(tx, ctx.school.id, data.userId);
      await recordAdminEvent(tx, ctx, {
        action: 'admin.user_reactivated',
        entityType: 'user',
        entityId: data.userId,
        details: {
          displayName: member.displayName,
          deactivatedAt: member.deactivatedAt?.toISOString() ?? null,
          email: after.email,
          group: { id: after.groupId, name: after.groupName },
        },
        at: now,
      });
    });
  } catch (e) {
    throw duplicateRefusal(e, 'users_email_key', EMAIL_TAKEN_REFUSAL);
  }
}

/**
 * Where this school's alert emails go for the person (the alert email says
 * only who raised it and the categories): another address of theirs, or,
 * when cleared, their sign-in address. The person is told at their sign-in
 * address, in case the change was not wanted.
 */
export async function setAlertEmail(ctx: Ctx, input: unknown, now = new Date()): Promise<void> {
  requireAdmin(ctx);
  const data = alertEmailInput.parse(input);
  const next = data.alertEmail === '' ? null : data.alertEmail;
  if (next) assertEmailDomainAllowed(next, ctx.school.settings.emailDomainWhitelist, 'alertEmail');
  await ctx.run(async (tx) => {
    const member = await findMemberOrThrow(tx, ctx.school.id, data.userId);
    if ((member.alertEmail ?? null) === next) return;
    await tx
      .update(memberships)
      .set({ alertEmail: next })
      .where(and(eq(memberships.schoolId, ctx.school.id), eq(memberships.userId, member.userId)));
    await queueEmail(tx, ctx.school.id, {
      to: member.email,
      subject: 'Where your Haven alerts are sent was changed',
      text: [
        `Hello ${member.displayName},`,
        '',
        next
          ? `An administrator at ${ctx.school.name} set the address your Haven alert emails go to: ${next}.`
          : `An administrator at ${ctx.school.name} set your Haven alert emails to go to this address again.`,
        '',
        'If you did not expect this, tell your safeguarding lead or administrator straight away.',
      ].join('\n'),
    });
    await recordAdminEvent(tx, ctx, {
      action: 'admin.user_alert_email_changed',
      entityType: 'user',
      entityId: member.userId,
      details: { from: member.alertEmail, to: next },
      at: now,
    });
  });
}
