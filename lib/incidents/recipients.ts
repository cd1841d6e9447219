/**
 * Who is alerted about a new incident, and why: the people chosen on the form,
 * every live member of the chosen alert groups, the assignee, the staff listed
 * on each pupil's profile, and everyone whose automatic alert rules match
 * (category, pupil, tutor or year group). Only active members of the school;
 * never the author; one alert per person per incident copy, with the first
 * reason in that order.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { alertGroupMembers, alertGroups, alertRules, alerts, memberships, studentAlertStaff, users } from '@/db/schema';
import { getConfig } from '@/lib/config';
import { NotFoundError, UserError } from '@/lib/errors';
import { queueEmail } from '@/lib/mail/outbox';
import type { Ctx, UserCtx } from '@/lib/tenancy/context';
import { schoolOrigin } from '@/lib/tenancy/host';
import { alertEmail } from './alert-email';

export type AlertReason = 'chosen' | 'alert_group' | 'assignee' | 'pupil_staff' | 'rule';

export interface CopyForAlerts {
  incidentId: string;
  studentId: string;
  tutorGroup: string | null;
  yearGroup: string | null;
  /** The main copy takes the form's choices; linked copies only their own pupil's staff and rules. */
  main: boolean;
}

export interface Recipient {
  userId: string;
  incidentId: string;
  reason: AlertReason;
}

export interface RecipientChoices {
  authorId: string | null;
  alertUserIds: readonly string[];
  alertGroupIds: readonly string[];
  assigneeId: string | null;
  categoryIds: readonly string[];
}

/** The chosen alert groups, all live and of this school, or a field error. */
export async function alertGroupMemberIds(tx: Tx, groupIds: readonly string[]): Promise<string[]> {
  if (groupIds.length === 0) return [];
  const groups = await tx
    .select({ id: alertGroups.id })
    .from(alertGroups)
    .where(and(inArray(alertGroups.id, [...groupIds]), isNull(alertGroups.archivedAt)));
  if (groups.length !== groupIds.length) {
    throw new UserError('One of the alert groups is no longer available.', {
      alertGroupIds: ['Choose alert groups from the list.'],
    });
  }
  const rows = await tx
    .select({ userId: alertGroupMembers.userId })
    .from(alertGroupMembers)
    .where(and(inArray(alertGroupMembers.alertGroupId, [...groupIds]), isNull(alertGroupMembers.removedAt)));
  return rows.map((r) => r.userId);
}

export async function activeMemberIds(tx: Tx, userIds: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(inArray(memberships.userId, [...userIds]), eq(memberships.status, 'active')));
  return new Set(rows.map((r) => r.userId));
}

/**
 * Holders of live category alert rules for these categories. A category
 * added to an incident later (by an edit) reaches them as a new incident in
 * that category would have.
 */
export async function categoryRuleHolders(tx: Tx, categoryIds: readonly string[]): Promise<string[]> {
  if (categoryIds.length === 0) return [];
  const rows = await tx
    .select({ userId: alertRules.userId })
    .from(alertRules)
    .where(
      and(
        isNull(alertRules.removedAt),
        eq(alertRules.kind, 'category'),
        inArray(alertRules.categoryId, [...categoryIds]),
      ),
    );
  return [...new Set(rows.map((r) => r.userId))];
}

export async function resolveRecipients(
  tx: Tx,
  copies: readonly CopyForAlerts[],
  choices: RecipientChoices,
): Promise<Recipient[]> {
  const chosenActive = await activeMemberIds(tx, choices.alertUserIds);
  for (const id of choices.alertUserIds) {
    if (!chosenActive.has(id)) throw new NotFoundError('user');
  }
  const groupMembers = await alertGroupMemberIds(tx, choices.alertGroupIds);

  const studentIds = copies.map((c) => c.studentId);
  const pupilStaff = await tx
    .select({ studentId: studentAlertStaff.studentId, userId: studentAlertStaff.userId })
    .from(studentAlertStaff)
    .where(and(inArray(studentAlertStaff.studentId, studentIds), isNull(studentAlertStaff.removedAt)));

  const tutorGroups = copies.flatMap((c) => (c.tutorGroup ? [c.tutorGroup] : []));
  const yearGroups = copies.flatMap((c) => (c.yearGroup ? [c.yearGroup] : []));
  const rules = await tx
    .select({
      userId: alertRules.userId,
      kind: alertRules.kind,
      categoryId: alertRules.categoryId,
      studentId: alertRules.studentId,
      groupName: alertRules.groupName,
    })
    .from(alertRules)
    .where(
      and(
        isNull(alertRules.removedAt),
        or(
          choices.categoryIds.length > 0 ? inArray(alertRules.categoryId, [...choices.categoryIds]) : undefined,
          inArray(alertRules.studentId, studentIds),
          tutorGroups.length > 0
            ? and(eq(alertRules.kind, 'tutor_group'), inArray(alertRules.groupName, tutorGroups))
            : undefined,
          yearGroups.length > 0
            ? and(eq(alertRules.kind, 'year_group'), inArray(alertRules.groupName, yearGroups))
            : undefined,
        ),
      ),
    );

  const wanted: Recipient[] = [];
  for (const copy of copies) {
    const add = (userId: string, reason: AlertReason) => wanted.push({ userId, incidentId: copy.incidentId, reason });
    if (copy.main) {
      for (const id of choices.alertUserIds) add(id, 'chosen');
      for (const id of groupMembers) add(id, 'alert_group');
      if (choices.assigneeId) add(choices.assigneeId, 'assignee');
    }
    for (const row of pupilStaff) if (row.studentId === copy.studentId) add(row.userId, 'pupil_staff');
    for (const rule of rules) {
      const matches =
        (rule.kind === 'category' &&
          copy.main &&
          rule.categoryId !== null &&
          choices.categoryIds.includes(rule.categoryId)) ||
        (rule.kind === 'student' && rule.studentId === copy.studentId) ||
        (rule.kind === 'tutor_group' && rule.groupName === copy.tutorGroup) ||
        (rule.kind === 'year_group' && rule.groupName === copy.yearGroup);
      if (matches) add(rule.userId, 'rule');
    }
  }

  // Deactivated people listed by groups, pupils or rules are skipped, not refused.
  const active = await activeMemberIds(tx, [...new Set(wanted.map((w) => w.userId))]);
  const seen = new Set<string>();
  const out: Recipient[] = [];
  for (const w of wanted) {
    const key = `${w.incidentId}:${w.userId}`;
    if (w.userId === choices.authorId || !active.has(w.userId) || seen.has(key)) continue;
    seen.add(key);
    out.push(w);
  }
  return out;
}

/** Where each person's alert emails go in this school: their alert address, else their sign-in address. */
export async function alertAddresses(tx: Tx, userIds: readonly string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await tx
    .select({ userId: users.id, email: users.email, alertEmail: memberships.alertEmail })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(inArray(memberships.userId, [...userIds]));
  return new Map(rows.map((r) => [r.userId, r.alertEmail ?? r.email]));
}

/**
 * One content-free alert email per person (lib/incidents/alert-email.ts),
 * queued in the caller's transaction, however many alerts they received.
 */
export async function queueAlertEmails(
  tx: Tx,
  ctx: UserCtx,
  userIds: readonly string[],
  e: { kind: 'incident' | 'action'; categoryNames: readonly string[] },
): Promise<void> {
  await queueAlertEmailsFrom(tx, ctx, ctx.user.displayName, userIds, e);
}

/** As queueAlertEmails, raised by `raisedBy` (a person's name, or an integration's). */
async function queueAlertEmailsFrom(
  tx: Tx,
  ctx: Ctx,
  raisedBy: string,
  userIds: readonly string[],
  e: { kind: 'incident' | 'action'; categoryNames: readonly string[] },
): Promise<void> {
  if (userIds.length === 0) return;
  const { rootDomain, protocol } = getConfig();
  const message = alertEmail({
    raisedBy,
    schoolName: ctx.school.name,
    categoryNames: e.categoryNames,
    kind: e.kind,
    signInUrl: `${schoolOrigin(ctx.school.slug, rootDomain, protocol)}/login`,
  });
  const addresses = await alertAddresses(tx, [...new Set(userIds)]);
  for (const address of new Set(addresses.values())) await queueEmail(tx, ctx.school.id, { to: address, ...message });
}

export interface RaisedAlert {
  userId: string;
  incidentId: string;
  /** Set when the alert is about an action on the incident. */
  actionId?: string;
  reason: AlertReason;
}

/**
 * Raises alerts: one dashboard row for each, and one content-free email per
 * person, in the caller's transaction. Returns how many people were alerted.
 */
export async function raiseAlerts(
  tx: Tx,
  ctx: UserCtx,
  raised: readonly RaisedAlert[],
  now: Date,
  email: { kind: 'incident' | 'action'; categoryNames: readonly string[] },
): Promise<number> {
  return raiseAlertsFrom(tx, ctx, { userId: ctx.user.id, name: ctx.user.displayName }, raised, now, email);
}

/**
 * As raiseAlerts, raised by `by`: a person, or an integration (no user id,
 * its display name in the email).
 */
export async function raiseAlertsFrom(
  tx: Tx,
  ctx: Ctx,
  by: { userId: string | null; name: string },
  raised: readonly RaisedAlert[],
  now: Date,
  email: { kind: 'incident' | 'action'; categoryNames: readonly string[] },
): Promise<number> {
  if (raised.length === 0) return 0;
  await tx.insert(alerts).values(
    raised.map((r) => ({
      id: randomUUID(),
      schoolId: ctx.school.id,
      userId: r.userId,
      incidentId: r.incidentId,
      actionId: r.actionId ?? null,
      reason: r.reason,
      raisedBy: by.userId,
      createdAt: now,
    })),
  );
  const people = [...new Set(raised.map((r) => r.userId))];
  await queueAlertEmailsFrom(tx, ctx, by.name, people, email);
  return people.length;
}
