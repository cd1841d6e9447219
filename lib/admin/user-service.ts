/**
 * Writes for Admin → Users. Each function checks administration first, then
 * validates, then makes all of its changes and their audit rows in one
 * transaction. Nothing here signs anybody out directly except deactivation:
 * sessions are rows checked on every request (lib/auth/sessions.ts), so a
 * group change or a removed key takes effect on the person's next click.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { memberships, passwordResetTokens, userGroups, userKeys, users } from '@/db/schema';
import { issuePasswordLink } from '@/lib/auth/password-reset';
import { NotFoundError, UserError } from '@/lib/errors';
import { queueEmail } from '@/lib/mail/outbox';
import { accountUsedAtOtherSchools } from '@/lib/users/shared-account';
import type { Ctx, UserCtx } from '@/lib/tenancy/context';
import { recordAdminEvent } from '@/lib/audit/admin-events';
import { duplicateRefusal } from './db-errors';
import { assertEmailDomainAllowed } from '@/lib/users/email-domain';
import { requireAdmin } from './guard';
import { findMemberOrThrow } from './user-queries';
import {
  changeEmailInput,
  changeGroupInput,
  newStaffUserInput,
  newUserInput,
  removeKeysInput,
  userRefInput,
} from './schema';
import { findOfferableStaff } from './staff-queries';
import { endMembership } from './membership-end';

export { endMembership } from './membership-end';

const SHARED_ACCOUNT =
  'They sign in with this address at another school too, so it can only be changed by Haven support, who can check with them first.';
const EMAIL_TAKEN =
  'This address is already used by another Haven account. If the person already uses Haven at another school, ask Haven support to add them here.';
/** An address the database refuses as taken: another account's, possibly one this school cannot see (people are visible only through a membership). */
export const EMAIL_TAKEN_REFUSAL = { message: 'That address is taken.', field: 'email', fieldMessage: EMAIL_TAKEN };

/** A malformed id is answered like an unknown one. */
function parseUserRef(input: unknown): { userId: string } {
  const parsed = userRefInput.safeParse(input);
  if (!parsed.success) throw new NotFoundError('user');
  return parsed.data;
}

async function groupOfSchoolOrThrow(tx: Tx, schoolId: string, groupId: string): Promise<{ id: string; name: string }> {
  // The memberships foreign key checks only that the group exists somewhere: it must be this school's.
  const rows = await tx
    .select({ id: userGroups.id, name: userGroups.name })
    .from(userGroups)
    .where(and(eq(userGroups.schoolId, schoolId), eq(userGroups.id, groupId)))
    .limit(1);
  const group = rows[0];
  if (!group)
    throw new UserError('Choose a user group.', { userGroupId: ['Choose one of this school’s user groups.'] });
  return group;
}

function refuseSelf(ctx: UserCtx, userId: string, what: string): void {
  if (userId === ctx.user.id) throw new UserError(`You cannot ${what} your own account. Ask another administrator.`);
}

interface NewMember {
  email: string;
  displayName: string;
  userGroupId: string;
  /** The MIS staff id when the person comes from the staff list. */
  misStaffId: string | null;
}

/**
 * A new person with a membership, or a membership for a person this school
 * can already see. People are visible to a school only through a membership,
 * so someone who uses Haven only at another school is invisible here: their
 * address is refused as taken.
 */
async function addMember(ctx: UserCtx, data: NewMember, now: Date): Promise<{ userId: string }> {
  assertEmailDomainAllowed(data.email, ctx.school.settings.emailDomainWhitelist);
  try {
    return await ctx.run(async (tx) => {
      const group = await groupOfSchoolOrThrow(tx, ctx.school.id, data.userGroupId);
      const existing = await tx
        .select({ id: users.id, status: memberships.status })
        .from(users)
        .leftJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.schoolId, ctx.school.id)))
        .where(sql`lower(${users.email}) = ${data.email}`)
        .limit(1);
      const found = existing[0];
      if (found?.status === 'deactivated') {
        throw new UserError('This person is deactivated.', {
          email: ['This person is deactivated here: reactivate them from “Deactivated users”.'],
        });
      }
      if (found?.status === 'active') {
        throw new UserError('This person is already a user here.', {
          email: ['Someone here already uses this address.'],
        });
      }
      const userId = found?.id ?? randomUUID();
      if (!found) {
        // No RETURNING: the new person becomes visible to this school only once the membership exists.
        await tx.insert(users).values({ id: userId, email: data.email, displayName: data.displayName, createdAt: now });
      }
      await tx.insert(memberships).values({
        id: randomUUID(),
        schoolId: ctx.school.id,
        userId,
        userGroupId: group.id,
        misStaffId: data.misStaffId,
        createdAt: now,
      });
      await recordAdminEvent(tx, ctx, {
        action: 'admin.user_added',
        entityType: 'user',
        entityId: userId,
        details: {
          email: data.email,
          displayName: data.displayName,
          group: group.name,
          newAccount: !found,
          source: data.misStaffId ? 'mis' : 'non-mis',
          ...(data.misStaffId ? { misStaffId: data.misStaffId } : {}),
        },
        at: now,
      });
      return { userId };
    });
  } catch (e) {
    throw duplicateRefusal(e, 'users_email_key', EMAIL_TAKEN_REFUSAL);
  }
}

/** "New user" as a non-MIS user: a governor, a visiting professional, agency staff. */
export async function addUser(ctx: Ctx, input: unknown, now = new Date()): Promise<{ userId: string }> {
  requireAdmin(ctx);
  const data = newUserInput.parse(input);
  return addMember(ctx, { ...data, misStaffId: null }, now);
}

/**
 * "New user" from the MIS staff list: only someone the list offers (see
 * listOfferableStaff), with the MIS address unless the admin gives one.
 */
export async function addStaffUser(ctx: Ctx, input: unknown, now = new Date()): Promise<{ userId: string }> {
  requireAdmin(ctx);
  const data = newStaffUserInput.parse(input);
  const staff = await findOfferableStaff(ctx, data.misStaffId, now);
  if (!staff)
    throw new UserError('That person is no longer offered.', { misStaffId: ['Choose someone from the staff list.'] });
  const email = data.email ?? staff.email;
  if (!email)
    throw new UserError('Enter their email address.', {
      email: ['The MIS has no address for them: enter the one they will sign in with.'],
    });
  return addMember(
    ctx,
    { email, displayName: staff.displayName, userGroupId: data.userGroupId, misStaffId: staff.misId },
    now,
  );
}

export async function changeUserGroup(ctx: Ctx, input: unknown, now = new Date()): Promise<void> {
  requireAdmin(ctx);
  const data = changeGroupInput.parse(input);
  refuseSelf(ctx, data.userId, 'change the group of');
  await ctx.run(async (tx) => {
    const member = await findMemberOrThrow(tx, ctx.school.id, data.userId);
    await applyGroupChange(tx, ctx, member, data.userGroupId, now);
  });
}

/** A new user group for the member, in the caller's transaction: one of this school's, audited; nothing if unchanged. */
export async function applyGroupChange(
  tx: Tx,
  ctx: UserCtx,
  member: Awaited<ReturnType<typeof findMemberOrThrow>>,
  userGroupId: string,
  now: Date,
): Promise<void> {
  const group = await groupOfSchoolOrThrow(tx, ctx.school.id, userGroupId);
  if (group.id === member.groupId) return;
  await tx
    .update(memberships)
    .set({ userGroupId: group.id })
    .where(and(eq(memberships.schoolId, ctx.school.id), eq(memberships.userId, member.userId)));
  await recordAdminEvent(tx, ctx, {
    action: 'admin.user_group_changed',
    entityType: 'user',
    entityId: member.userId,
    details: { from: { id: member.groupId, name: member.groupName }, to: { id: group.id, name: group.name } },
    at: now,
  });
}

/**
 * A new sign-in address. Outstanding password links went to the old address,
 * so they are cancelled; the old address is told, in case the change was not wanted.
 */
export async function changeUserEmail(ctx: Ctx, input: unknown, now = new Date()): Promise<void> {
  requireAdmin(ctx);
  const data = changeEmailInput.parse(input);
  assertEmailDomainAllowed(data.email, ctx.school.settings.emailDomainWhitelist);
  const current = await ctx.run((tx) => findMemberOrThrow(tx, ctx.school.id, data.userId));
  if (current.email.toLowerCase() === data.email) return;
  await refuseSharedAccount(current.userId, ctx.school.id);
  try {
    await ctx.run(async (tx) => {
      const member = await findMemberOrThrow(tx, ctx.school.id, data.userId);
      await applyEmailChange(tx, ctx, member, data.email, now);
    });
  } catch (e) {
    throw duplicateRefusal(e, 'users_email_key', EMAIL_TAKEN_REFUSAL);
  }
}

/**
 * Someone of this school first (the caller found them, else "not found",
 * asking nothing further about them). The address is how they sign in
 * everywhere: one school may not change it for the others, nor, by pointing
 * it at an address it controls, take over their sign-in there. Asked outside
 * the write's transaction: the privileged path is a transaction of its own.
 */
export async function refuseSharedAccount(userId: string, schoolId: string): Promise<void> {
  if (await accountUsedAtOtherSchools(userId, schoolId))
    throw new UserError('This address cannot be changed here.', { email: [SHARED_ACCOUNT] });
}

/**
 * The change itself, in the caller's transaction (a change of address alone,
 * or with a reactivation): refused when another account has the address, the
 * old address's password links cancelled, the old address told, audited.
 * The caller has checked the domain and `refuseSharedAccount`, and maps a
 * duplicate-key failure with `duplicateRefusal`.
 */
export async function applyEmailChange(
  tx: Tx,
  ctx: UserCtx,
  member: Awaited<ReturnType<typeof findMemberOrThrow>>,
  email: string,
  now: Date,
): Promise<void> {
  if (member.email.toLowerCase() === email) return;
  const clash = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(sql`lower(${users.email}) = ${email}`, ne(users.id, member.userId)))
    .limit(1);
  if (clash[0]) throw new UserError('That address is taken.', { email: ['Someone here already uses this address.'] });
  await tx.update(users).set({ email }).where(eq(users.id, member.userId));
  await tx
    .update(passwordResetTokens)
    .set({ cancelledAt: now })
    .where(
      and(
        eq(passwordResetTokens.userId, member.userId),
        isNull(passwordResetTokens.usedAt),
        isNull(passwordResetTokens.cancelledAt),
      ),
    );
  await queueEmail(tx, ctx.school.id, {
    to: member.email,
    subject: 'Your Haven email address was changed',
    text: [
      `Hello ${member.displayName},`,
      '',
      `An administrator at ${ctx.school.name} changed the email address you sign in to Haven with. From now on, use your new address.`,
      '',
      'If you did not expect this, tell your safeguarding lead or administrator straight away.',
    ].join('\n'),
  });
  await recordAdminEvent(tx, ctx, {
    action: 'admin.user_email_changed',
    entityType: 'user',
    entityId: member.userId,
    details: { from: member.email, to: email },
    at: now,
  });
}

/**
 * Deactivation: the membership stops working and this school's sessions of
 * the person end. resolveSession checks the membership on every request as
 * well, so even a session this missed would stop at the next click.
 */
export async function deactivateUser(ctx: Ctx, input: unknown, now = new Date()): Promise<void> {
  requireAdmin(ctx);
  const { userId } = parseUserRef(input);
  refuseSelf(ctx, userId, 'deactivate');
  await ctx.run(async (tx) => {
    const member = await findMemberOrThrow(tx, ctx.school.id, userId);
    if (member.status === 'deactivated') throw new UserError(`${member.displayName} is already deactivated.`);
    const { sessionsEnded } = await endMembership(tx, ctx.school.id, userId, now);
    await recordAdminEvent(tx, ctx, {
      action: 'admin.user_deactivated',
      entityType: 'user',
      entityId: userId,
      details: { displayName: member.displayName, sessionsEnded },
      at: now,
    });
  });
}

/**
 * "Remove all 2FA devices": every key of the person, confirmed or still being
 * set up. Keys belong to the person, not the school, so this removes them in
 * every school they use; the notice the administrator confirms says so.
 * Their elevation lapses at their next request (no key left), and they are told by email.
 */
export async function removeAllKeys(ctx: Ctx, input: unknown, now = new Date()): Promise<{ removed: number }> {
  requireAdmin(ctx);
  const data = removeKeysInput.parse(input);
  refuseSelf(ctx, data.userId, 'remove the 2FA devices of');
  return ctx.run(async (tx) => {
    const member = await findMemberOrThrow(tx, ctx.school.id, data.userId);
    const removed = await tx
      .update(userKeys)
      .set({ removedAt: now })
      .where(and(eq(userKeys.userId, data.userId), isNull(userKeys.removedAt)))
      .returning({ id: userKeys.id, kind: userKeys.kind, name: userKeys.name });
    await queueEmail(tx, ctx.school.id, {
      to: member.email,
      subject: 'Your Haven 2FA devices were removed',
      text: [
        `Hello ${member.displayName},`,
        '',
        `An administrator at ${ctx.school.name} removed the authenticator apps and security keys of your Haven account.`,
        'You can still sign in with your password and record concerns. To see records again, add a new device under “Security keys”.',
        '',
        'If you did not expect this, tell your safeguarding lead or administrator straight away.',
      ].join('\n'),
    });
    await recordAdminEvent(tx, ctx, {
      action: 'admin.keys_removed',
      entityType: 'user',
      entityId: data.userId,
      details: { count: removed.length, keys: removed.map((k) => ({ id: k.id, kind: k.kind, name: k.name })) },
      at: now,
    });
    return { removed: removed.length };
  });
}

/**
 * "Send password reset email now": the same single-use link a person gets from
 * the sign-in page (lib/auth/password-reset.ts), sent on an admin's word — how
 * a new user sets their first password.
 */
export async function sendPasswordLink(ctx: Ctx, input: unknown, now = new Date()): Promise<{ email: string }> {
  requireAdmin(ctx);
  const { userId } = userRefInput.parse(input);
  const rows = await ctx.run((tx) =>
    tx
      .select({ email: users.email, status: memberships.status })
      .from(users)
      .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.schoolId, ctx.school.id)))
      .where(eq(users.id, userId))
      .limit(1),
  );
  const person = rows[0];
  if (!person) throw new NotFoundError('user');
  if (person.status !== 'active') throw new UserError('This person is deactivated: reactivate them first.');
  await issuePasswordLink(ctx.school, person.email, ctx.meta, now);
  await ctx.run((tx) =>
    recordAdminEvent(tx, ctx, {
      action: 'admin.password_link_sent',
      entityType: 'user',
      entityId: userId,
      details: { email: person.email },
      at: now,
    }),
  );
  return { email: person.email };
}
