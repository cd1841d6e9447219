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
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { incidents, memberships, userGroups, users } from '@/db/schema';
import { decide, staffSubjects, type AccessSubject, type IncidentResource, type StudentResource } from '@/lib/access';
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
