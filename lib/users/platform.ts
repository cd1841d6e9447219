/**
 * What Haven support does for people across schools, from the command line
 * (`npm run user -- …`): add someone who already has a Haven account to
 * another school, and change the address a person signs in with everywhere.
 * A school's own administrators may do neither (Admin → Users refuses and
 * points here): one school cannot see another's members, and a change made
 * by one would reach what the others rely on.
 *
 * Both run on the privileged path (`platform-console`) in one transaction,
 * write an audit row in each school concerned ("Haven support" as the
 * actor) and queue their emails in the same transaction.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { privileged } from '@/db/privileged';
import { memberships, passwordResetTokens, schools, userGroups, users } from '@/db/schema';
import { recordSystemAdminEvent } from '@/lib/audit/admin-events';
import { assertEmailDomainAllowed, isEmailDomainAllowed } from './email-domain';
import { issuePasswordLink } from '@/lib/auth/password-reset';
import { UserError } from '@/lib/errors';
import { queueEmail } from '@/lib/mail/outbox';
import { findSchoolBySlug } from '@/lib/schools/queries';
import { readSchoolSettings } from '@/lib/settings/school-settings';

export const SUPPORT_ACTOR = 'Haven support (command line)';

const email = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'Give an email address.')
  .max(320)
  .pipe(z.email('Give a valid email address.'));

export const addToSchoolInput = z.strictObject({
  school: z.string().trim().min(1, 'Give the school (--school SLUG).'),
  email,
  name: z.string().trim().max(120, 'Use at most 120 characters for the name.').optional(),
  group: z.string().trim().min(1, 'Give the user group (--group NAME).'),
});

export const changeEmailEverywhereInput = z.strictObject({ from: email, to: email });

export interface AddedToSchool {
  userId: string;
  /** The address as stored (trimmed, lower case) and the school's name, for what the command says. */
  email: string;
  schoolName: string;
  /** No account had this address: one was made. */
  newAccount: boolean;
  /** The person had no password yet (a new account, or one never set up): a link to set one was sent. */
  passwordLinkSent: boolean;
}

/**
 * Adds a person to a school: a new account when the address is unknown
 * (`name` is then required, and a first-password link goes to them), else a
 * membership for the existing one, whose name, password and keys stay as
 * they are; they are told by email that they can now sign in there.
 */
export async function addPersonToSchool(input: unknown, now = new Date()): Promise<AddedToSchool> {
  const data = addToSchoolInput.parse(input);
  const school = await findSchoolBySlug(data.school);
  if (!school) throw new UserError(`No school "${data.school}".`);
  // The school's own rule for staff addresses holds for support too: the school widens it if it must.
  assertEmailDomainAllowed(data.email, school.settings.emailDomainWhitelist);
  const result = await privileged('platform-console', `add ${data.email} to ${school.slug}`, async (tx) => {
    const [group] = await tx
      .select({ id: userGroups.id, name: userGroups.name })
      .from(userGroups)
      .where(and(eq(userGroups.schoolId, school.id), eq(userGroups.name, data.group)))
      .limit(1);
    if (!group) throw new UserError(`${school.name} has no user group "${data.group}".`);
    const [existing] = await tx
      .select({
        id: users.id,
        displayName: users.displayName,
        hasPassword: sql<boolean>`${users.passwordHash} is not null`,
      })
      .from(users)
      .where(sql`lower(${users.email}) = ${data.email}`)
      .limit(1);
    if (!existing && !data.name)
      throw new UserError('No Haven account has this address yet: give their name (--name) to make one.');
    if (existing) {
      const [member] = await tx
        .select({ status: memberships.status })
        .from(memberships)
        .where(and(eq(memberships.schoolId, school.id), eq(memberships.userId, existing.id)))
        .limit(1);
      if (member?.status === 'active') throw new UserError(`${data.email} is already a user at ${school.name}.`);
      if (member)
        throw new UserError(
          `${data.email} is deactivated at ${school.name}: an administrator there can reactivate them.`,
        );
    }
    const userId = existing?.id ?? randomUUID();
    if (!existing)
      await tx.insert(users).values({ id: userId, email: data.email, displayName: data.name!, createdAt: now });
    await tx
      .insert(memberships)
      .values({ id: randomUUID(), schoolId: school.id, userId, userGroupId: group.id, createdAt: now });
    await recordSystemAdminEvent(tx, school.id, {
      actorUserId: null,
      actorLabel: SUPPORT_ACTOR,
      action: 'admin.user_added',
      entityType: 'user',
      entityId: userId,
      details: {
        email: data.email,
        displayName: existing?.displayName ?? data.name,
        group: group.name,
        newAccount: !existing,
        source: 'support',
      },
      at: now,
    });
    if (existing?.hasPassword) {
      await queueEmail(tx, school.id, {
        to: data.email,
        subject: `You can now use Haven at ${school.name}`,
        text: [
          `Hello ${existing.displayName},`,
          '',
          `You have been added to ${school.name} on Haven. Sign in there with the address and password you already use; your security keys work there too.`,
          '',
          'If you did not expect this, tell your safeguarding lead or administrator straight away.',
        ].join('\n'),
      });
    }
    return { userId, newAccount: !existing, needsPassword: !existing?.hasPassword };
  });
  // A person without a password yet gets the link to set one, as Admin → Users sends it.
  if (result.needsPassword) await issuePasswordLink(school, data.email, { ip: null, userAgent: SUPPORT_ACTOR }, now);
  return {
    userId: result.userId,
    email: data.email,
    schoolName: school.name,
    newAccount: result.newAccount,
    passwordLinkSent: result.needsPassword,
  };
}

/**
 * Changes the address a person signs in with, at every school they belong
 * to. Their links to set a password are cancelled (they went to the old
 * address), the old address is told, and each of their schools' audit logs
 * records the change.
 */
export async function changeEmailEverywhere(input: unknown, now = new Date()): Promise<{ schools: number }> {
  const data = changeEmailEverywhereInput.parse(input);
  if (data.from === data.to) throw new UserError('The new address is the same as the old one.');
  return privileged('platform-console', `change email ${data.from} to ${data.to}`, async (tx) => {
    const [person] = await tx
      .select({ id: users.id, displayName: users.displayName, email: users.email })
      .from(users)
      .where(sql`lower(${users.email}) = ${data.from}`)
      .limit(1);
    if (!person) throw new UserError(`No Haven account has the address ${data.from}.`);
    const [clash] = await tx
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = ${data.to}`)
      .limit(1);
    if (clash) throw new UserError(`Another Haven account already uses ${data.to}.`);
    const theirs = await tx
      .select({ schoolId: memberships.schoolId, name: schools.name, settings: schools.settings })
      .from(memberships)
      .innerJoin(schools, eq(schools.id, memberships.schoolId))
      .where(eq(memberships.userId, person.id));
    // Each of their schools' rules for staff addresses must admit the new one.
    const refusing = theirs.filter(
      (s) => !isEmailDomainAllowed(data.to, readSchoolSettings(s.settings).emailDomainWhitelist),
    );
    if (refusing.length > 0)
      throw new UserError(
        `${refusing.map((s) => s.name).join(', ')} ${refusing.length === 1 ? 'does' : 'do'} not allow addresses like ${data.to} (Admin → School settings).`,
      );
    await tx.update(users).set({ email: data.to }).where(eq(users.id, person.id));
    await tx
      .update(passwordResetTokens)
      .set({ cancelledAt: now })
      .where(
        and(
          eq(passwordResetTokens.userId, person.id),
          isNull(passwordResetTokens.usedAt),
          isNull(passwordResetTokens.cancelledAt),
        ),
      );
    for (const s of theirs) {
      await recordSystemAdminEvent(tx, s.schoolId, {
        actorUserId: null,
        actorLabel: SUPPORT_ACTOR,
        action: 'admin.user_email_changed',
        entityType: 'user',
        entityId: person.id,
        details: { from: person.email, to: data.to },
        at: now,
      });
    }
    // Not a school's message: the account is the person's across all of them.
    await queueEmail(tx, null, {
      to: person.email,
      subject: 'Your Haven email address was changed',
      text: [
        `Hello ${person.displayName},`,
        '',
        `Haven support changed the email address you sign in to Haven with${theirs.length > 0 ? `, at ${theirs.map((s) => s.name).join(', ')}` : ''}. From now on, use your new address.`,
        '',
        'If you did not expect this, tell your safeguarding lead or administrator straight away.',
      ].join('\n'),
    });
    return { schools: theirs.length };
  });
}
