/**
 * Who may be alerted to a document: exactly the staff who, once they use
 * their key, may read it. What reading it needs depends on where the file
 * lives (its "door"):
 * - a direct upload to the vault: the Document vault itself
 *   ('student.documents' on the pupil);
 * - a file of an incident or action: that incident ('incident.view'); a
 *   merged incident's file is read through the incident it joined, as the
 *   vault and the incident's file route read it.
 * The decisions are lib/access's, over each person's subject as their group
 * and class lists make it (`staffSubjects`, read for everyone at once).
 */
import 'server-only';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { alertGroupMembers, alertGroups, incidents, memberships, userGroups, users } from '@/db/schema';
import { decide, staffSubjects, type AccessSubject, type IncidentResource, type StudentResource } from '@/lib/access';
import { NotFoundError, UserError } from '@/lib/errors';
import { activeMemberIds, alertGroupMemberIds } from '@/lib/incidents/recipients';
import { incidentResource } from '@/lib/incidents/resource';
import type { UserCtx } from '@/lib/tenancy/context';

export type DocumentDoor =
  { kind: 'vault'; pupil: StudentResource } | { kind: 'record'; incident: IncidentResource; number: number };

export function mayReadThrough(subject: AccessSubject, door: DocumentDoor): boolean {
  return door.kind === 'vault'
    ? decide(subject, 'student.documents', door.pupil).allowed
    : decide(subject, 'incident.view', door.incident).allowed;
}

/** The incident a record's file is read through: its own, or the one it was merged into. Null if gone. */
export async function recordDoor(tx: Tx, schoolId: string, incidentId: string): Promise<DocumentDoor | null> {
  const [own] = await tx
    .select({ mergedIntoId: incidents.mergedIntoId })
    .from(incidents)
    .where(and(eq(incidents.schoolId, schoolId), eq(incidents.id, incidentId)))
    .limit(1);
  if (!own) return null;
  const found = await incidentResource(tx, own.mergedIntoId ?? incidentId);
  return found ? { kind: 'record', incident: found.resource, number: found.row.number } : null;
}

export interface StaffOption {
  id: string;
  name: string;
  group: string;
}

/** Every active member of staff, by name: the people an alert form could list. */
export function activeStaff(tx: Tx, ctx: UserCtx): Promise<StaffOption[]> {
  return tx
    .select({ id: users.id, name: users.displayName, group: userGroups.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(userGroups, eq(userGroups.id, memberships.userGroupId))
    .where(and(eq(memberships.schoolId, ctx.school.id), eq(memberships.status, 'active')))
    .orderBy(asc(sql`lower(${users.displayName})`));
}

/**
 * Of `userIds` (every active member when omitted), those who may read
 * through `door`. A fixed number of reads, whatever the number of people.
 */
export async function readersAmong(
  tx: Tx,
  ctx: UserCtx,
  now: Date,
  doors: readonly DocumentDoor[],
  userIds?: readonly string[],
): Promise<Set<string>[]> {
  const subjects = await staffSubjects(tx, ctx.school, now, userIds);
  return doors.map((door) => {
    const readers = new Set<string>();
    for (const [id, subject] of subjects) if (mayReadThrough(subject, door)) readers.add(id);
    return readers;
  });
}

export interface AlertGroupOption {
  id: string;
  name: string;
  members: number;
}

/** The school's alert groups with their member counts, by name: what an "Alert users" form offers besides people. */
export function alertGroupOptions(tx: Tx, schoolId: string): Promise<AlertGroupOption[]> {
  return tx
    .select({ id: alertGroups.id, name: alertGroups.name, members: sql<number>`count(${alertGroupMembers.id})::int` })
    .from(alertGroups)
    .leftJoin(
      alertGroupMembers,
      and(eq(alertGroupMembers.alertGroupId, alertGroups.id), isNull(alertGroupMembers.removedAt)),
    )
    .where(and(eq(alertGroups.schoolId, schoolId), isNull(alertGroups.archivedAt)))
    .groupBy(alertGroups.id, alertGroups.name)
    .orderBy(asc(sql`lower(${alertGroups.name})`));
}

/** What a refusal says, in the words of the thing being alerted about. */
export interface AudienceWords {
  /** The form's message when someone chosen by name may not read it. */
  blocked: string;
  /** The field's message naming them (their names joined). */
  blockedNames: (names: string) => string;
  /** The field's message when every group member chosen was left out. */
  noneInGroups: string;
}

/**
 * The people an alert reaches, from the names and alert groups chosen: the
 * same rule for every kind of alert that opens nothing. Someone not (or no
 * longer) on this school's staff is "not found", as everywhere; someone chosen
 * by name who is not among `readersOf` is refused by name; group members who
 * are not are left out and counted. The person alerting is never their own
 * recipient. Refuses when nobody is left.
 */
export async function alertAudience(
  tx: Tx,
  ctx: UserCtx,
  chosen: { userIds: readonly string[]; groupIds: readonly string[] },
  readersOf: (candidates: string[]) => Promise<Set<string>>,
  words: AudienceWords,
): Promise<{ recipients: string[]; leftOut: number }> {
  const chosenActive = await activeMemberIds(tx, chosen.userIds);
  for (const id of chosen.userIds) if (!chosenActive.has(id)) throw new NotFoundError('user');
  const fromGroups = await alertGroupMemberIds(tx, chosen.groupIds);
  const groupActive = await activeMemberIds(tx, fromGroups);
  const readers = await readersOf([...chosen.userIds, ...groupActive]);
  const blocked = chosen.userIds.filter((id) => !readers.has(id));
  if (blocked.length > 0) {
    const names = await tx
      .select({ name: users.displayName })
      .from(users)
      .where(inArray(users.id, blocked))
      .orderBy(asc(users.displayName));
    throw new UserError(words.blocked, { alertUserIds: [words.blockedNames(names.map((n) => n.name).join(', '))] });
  }
  const recipients = new Set(chosen.userIds.filter((id) => id !== ctx.user.id));
  let leftOut = 0;
  for (const id of new Set(fromGroups)) {
    if (id === ctx.user.id || recipients.has(id) || !groupActive.has(id)) continue;
    if (readers.has(id)) recipients.add(id);
    else leftOut += 1;
  }
  if (recipients.size === 0) {
    throw new UserError('Nobody was alerted.', {
      alertUserIds: [leftOut > 0 ? words.noneInGroups : 'Choose at least one person other than yourself.'],
    });
  }
  return { recipients: [...recipients], leftOut };
}
