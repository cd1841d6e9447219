/**
 * What Haven support does for people across schools, from the command line
 * (`npm run user -- …`): add someone who already has a Haven account to
 * another school, change the address a person signs in with everywhere, find
 * a person's account and memberships, and remove all of a person's second
 * factors. A school's own administrators may do none of these across schools
 * (Admin → Users refuses and points here): one school cannot see another's
 * members, and a change made by one would reach what the others rely on.
 * The platform console's People page (lib/platform/people.ts) calls these
 * same services with the operator as the actor.
 *
 * Each runs on the privileged path (`platform-console`) in one transaction,
 * writes an audit row in each school concerned ("Haven support" as the
 * actor), and, from the console, the platform's own audit row, and queues
 * its emails in the same transaction.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { privileged } from '@/db/privileged';
import type { Tx } from '@/db/scoped';
import { memberships, passwordResetTokens, schools, userGroups, userKeys, users } from '@/db/schema';
import { recordSystemAdminEvent } from '@/lib/audit/admin-events';
import { writePlatformAudit, type PlatformAction } from '@/lib/audit/platform';
import { writeAudit } from '@/lib/audit/write';
import { assertEmailDomainAllowed, isEmailDomainAllowed } from './email-domain';
import { issuePasswordLink } from '@/lib/auth/password-reset';
import { UserError } from '@/lib/errors';
import { queueEmail } from '@/lib/mail/outbox';
import { findSchoolBySlug } from '@/lib/schools/queries';
import { readSchoolSettings } from '@/lib/settings/school-settings';
import type { RequestMeta } from '@/lib/tenancy/context';
import { membershipGroup } from './membership-group';

export const SUPPORT_ACTOR = 'Haven support (command line)';

/** Who acts: the command line, or an operator in the console (whose action is also in the platform's audit log). */
export interface SupportActor {
  /** The actor shown in each school's audit log. */
  label: string;
  operator?: { userId: string; meta: RequestMeta };
}
export const COMMAND_LINE: SupportActor = { label: SUPPORT_ACTOR };

async function platformRow(
  tx: Tx,
  by: SupportActor,
  action: PlatformAction,
  details: Record<string, unknown>,
  at: Date,
  schoolId: string | null = null,
): Promise<void> {
  if (!by.operator) return;
  await writePlatformAudit(tx, {
    action,
    actorUserId: by.operator.userId,
    schoolId,
    meta: by.operator.meta,
    details,
    at,
  });
}

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

export const findPersonInput = z.strictObject({ email });

export const removeSecondFactorsInput = z.strictObject({
  email,
  understood: z.literal('on', { error: 'Tick the box to confirm you have read and understood the notice.' }),
});

export const NO_SUCH_ACCOUNT = (address: string) => `No Haven account has the address ${address}.`;

export interface PersonMembership {
  schoolId: string;
  schoolName: string;
  schoolSlug: string;
  group: string;
  active: boolean;
}

/** A person's account as support sees it: who, their keys (a count) and where they are a member. Nothing else. */
export interface PersonFound {
  userId: string;
  email: string;
  displayName: string;
  hasPassword: boolean;
  secondFactors: number;
  memberships: PersonMembership[];
}

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
export async function addPersonToSchool(
  input: unknown,
  now = new Date(),
  by: SupportActor = COMMAND_LINE,
): Promise<AddedToSchool> {
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
    // The console adds existing accounts only; the command line makes one when given a name.
    if (!existing && !data.name)
      throw new UserError(
        by.operator
          ? NO_SUCH_ACCOUNT(data.email)
          : 'No Haven account has this address yet: give their name (--name) to make one.',
      );
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
      actorLabel: by.label,
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
    await platformRow(
      tx,
      by,
      'person.added_to_school',
      { email: data.email, school: school.slug, group: group.name, newAccount: !existing },
      now,
      school.id,
    );
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
  if (result.needsPassword)
    await issuePasswordLink(school, data.email, by.operator?.meta ?? { ip: null, userAgent: by.label }, now);
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
export async function changeEmailEverywhere(
  input: unknown,
  now = new Date(),
  by: SupportActor = COMMAND_LINE,
): Promise<{ schools: number }> {
  const data = changeEmailEverywhereInput.parse(input);
  if (data.from === data.to) throw new UserError('The new address is the same as the old one.');
  return privileged('platform-console', `change email ${data.from} to ${data.to}`, async (tx) => {
    const [person] = await tx
      .select({ id: users.id, displayName: users.displayName, email: users.email })
      .from(users)
      .where(sql`lower(${users.email}) = ${data.from}`)
      .limit(1);
    if (!person) throw new UserError(NO_SUCH_ACCOUNT(data.from));
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
        actorLabel: by.label,
        action: 'admin.user_email_changed',
        entityType: 'user',
        entityId: person.id,
        details: { from: person.email, to: data.to },
        at: now,
      });
    }
    await platformRow(tx, by, 'person.email_changed', { from: person.email, to: data.to, schools: theirs.length }, now);
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

/** The outer row's id, qualified: Drizzle writes a selected column unqualified, which a subquery would take for its own. */
const OUTER_USER = sql`"users"."id"`;

const personByEmail = (tx: Tx, address: string) =>
  tx
    .select({
      userId: users.id,
      email: users.email,
      displayName: users.displayName,
      hasPassword: sql<boolean>`${users.passwordHash} is not null`,
      secondFactors: sql<number>`(select count(*)::int from ${userKeys} k where k.user_id = ${OUTER_USER} and k.removed_at is null and k.confirmed_at is not null)`,
    })
    .from(users)
    .where(sql`lower(${users.email}) = ${address}`)
    .limit(1);

const membershipsOf = (tx: Tx, userId: string) =>
  tx
    .select({
      schoolId: schools.id,
      schoolName: schools.name,
      schoolSlug: schools.slug,
      group: userGroups.name,
      status: memberships.status,
    })
    .from(memberships)
    .innerJoin(schools, eq(schools.id, memberships.schoolId))
    .innerJoin(userGroups, membershipGroup)
    .where(eq(memberships.userId, userId))
    .orderBy(schools.name);

/**
 * A person's account by address, with their memberships (school, user group,
 * active or not): what support needs to help, never a pupil's record or
 * anything a school keeps about its pupils. An unknown address is said so.
 */
export async function findPerson(
  input: unknown,
  by: SupportActor = COMMAND_LINE,
  now = new Date(),
): Promise<PersonFound> {
  const data = findPersonInput.parse(input);
  const found = await privileged('platform-console', `find ${data.email}`, async (tx) => {
    const [person] = await personByEmail(tx, data.email);
    await platformRow(tx, by, 'person.looked_up', { email: data.email, found: Boolean(person) }, now);
    if (!person) return null;
    const theirs = await membershipsOf(tx, person.userId);
    return {
      ...person,
      memberships: theirs.map(({ status, ...m }) => ({ ...m, active: status === 'active' })),
    };
  });
  if (!found) throw new UserError(NO_SUCH_ACCOUNT(data.email), { email: [NO_SUCH_ACCOUNT(data.email)] });
  return found;
}

/**
 * Removes every second factor of a person (authenticator apps and security
 * keys, confirmed or still being set up): keys belong to the person, so this
 * reaches every school they use, as Admin → Users' "Remove all 2FA devices"
 * says in its notice. Each of their schools' audit logs records it; the
 * person is told by email. Their elevation lapses at their next request.
 */
export async function removeAllSecondFactors(
  input: unknown,
  now = new Date(),
  by: SupportActor = COMMAND_LINE,
): Promise<{ removed: number; schools: number }> {
  const data = removeSecondFactorsInput.parse(input);
  return privileged('platform-console', `remove keys of ${data.email}`, async (tx) => {
    const [person] = await personByEmail(tx, data.email);
    if (!person) throw new UserError(NO_SUCH_ACCOUNT(data.email));
    // As in Admin → Users: nobody removes their own, which would leave the console to a password alone.
    if (by.operator?.userId === person.userId)
      throw new UserError('You cannot remove your own 2FA devices. Ask another operator, or use the command line.');
    const removed = await tx
      .update(userKeys)
      .set({ removedAt: now })
      .where(and(eq(userKeys.userId, person.userId), isNull(userKeys.removedAt)))
      .returning({ id: userKeys.id, kind: userKeys.kind, name: userKeys.name });
    if (removed.length === 0) throw new UserError(`${person.email} has no 2FA devices to remove.`);
    const keys = removed.map((k) => ({ id: k.id, kind: k.kind, name: k.name }));
    const theirs = await membershipsOf(tx, person.userId);
    for (const m of theirs) {
      await writeAudit(tx, {
        schoolId: m.schoolId,
        actorUserId: null,
        actorLabel: by.label,
        action: 'platform.keys_removed',
        entityType: 'user',
        entityId: person.userId,
        meta: by.operator?.meta,
        details: { count: removed.length, keys },
        at: now,
      });
    }
    await platformRow(
      tx,
      by,
      'person.keys_removed',
      { email: person.email, count: removed.length, schools: theirs.length },
      now,
    );
    // Not a school's message: the keys are the person's across all of their schools.
    await queueEmail(tx, null, {
      to: person.email,
      subject: 'Your Haven 2FA devices were removed',
      text: [
        `Hello ${person.displayName},`,
        '',
        'Haven support removed the authenticator apps and security keys of your Haven account.',
        'You can still sign in with your password and record concerns. To see records again, add a new device under “Security keys”.',
        '',
        'If you did not expect this, tell your safeguarding lead or administrator straight away.',
      ].join('\n'),
    });
    return { removed: removed.length, schools: theirs.length };
  });
}

/** What the "add to a school" form offers: every school, and the user group names they have (each school's own are checked). */
export async function membershipChoices(): Promise<{
  schools: { slug: string; name: string }[];
  groups: string[];
}> {
  return privileged('platform-console', 'console membership choices', async (tx) => {
    const all = await tx.select({ slug: schools.slug, name: schools.name }).from(schools).orderBy(asc(schools.name));
    const groups = await tx.selectDistinct({ name: userGroups.name }).from(userGroups).orderBy(asc(userGroups.name));
    return { schools: all, groups: groups.map((g) => g.name) };
  });
}
