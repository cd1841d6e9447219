/**
 * An incident as the permission engine needs to see it, read inside the
 * caller's transaction: every category shown against it (its own and those
 * its actions added), its author and creation time, and its pupil's current
 * groups. Every write decides on this before touching anything.
 */
import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { incidentCategories, incidents, students } from '@/db/schema';
import { decide, type AccessSubject, type IncidentAction, type IncidentResource } from '@/lib/access';
import { NotAllowedError, NotFoundError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';

export type IncidentRow = typeof incidents.$inferSelect;

/** The refusal of an assignment (the engine's `incident.assign`), the same whether adding or editing. */
export const ASSIGN_REFUSED = 'Only key holders using their key can assign incidents.';

export async function incidentResource(
  tx: Tx,
  id: string,
): Promise<{ row: IncidentRow; resource: IncidentResource } | null> {
  if (!isUuid(id)) return null;
  const rows = await tx
    .select({
      incident: incidents,
      tutorGroup: students.tutorGroup,
      yearGroup: students.yearGroup,
      archivedAt: students.archivedAt,
    })
    .from(incidents)
    .innerJoin(students, eq(students.id, incidents.studentId))
    .where(eq(incidents.id, id))
    .limit(1);
  const r = rows[0];
  if (!r || r.incident.mergedIntoId) return null;
  // Live rows only: a category taken off by an edit, or added by a deleted action, no longer counts.
  const cats = await tx
    .select({ categoryId: incidentCategories.categoryId })
    .from(incidentCategories)
    .where(and(eq(incidentCategories.incidentId, id), isNull(incidentCategories.removedAt)));
  const categoryIds = [...new Set(cats.map((c) => c.categoryId))];
  return {
    row: r.incident,
    resource: {
      id: r.incident.id,
      schoolId: r.incident.schoolId,
      categoryIds,
      authorId: r.incident.authorId,
      createdAt: r.incident.createdAt,
      studentTutorGroup: r.tutorGroup,
      studentYearGroup: r.yearGroup,
      studentArchived: r.archivedAt !== null,
      deleted: r.incident.deletedAt !== null,
    },
  };
}

/**
 * The incident, if the subject may do `action` to it. Not allowed to see it at
 * all is "not found"; allowed to see but not to do this is "not allowed".
 */
export async function incidentFor(
  tx: Tx,
  subject: AccessSubject,
  id: string,
  action: IncidentAction,
): Promise<{ row: IncidentRow; resource: IncidentResource }> {
  const found = await incidentResource(tx, id);
  if (!found) throw new NotFoundError('incident');
  const decision = decide(subject, action, found.resource);
  if (decision.allowed) return found;
  if (action !== 'incident.view' && decide(subject, 'incident.view', found.resource).allowed) {
    throw new NotAllowedError(
      decision.reason === 'needs_elevation' ? 'Use your key to do this.' : 'Your user group cannot do this.',
    );
  }
  throw new NotFoundError('incident');
}
