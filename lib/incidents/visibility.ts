/**
 * The incident tables as the permission engine's SQL conditions see them:
 * one place that names the columns, so every list of incidents (chronology,
 * dashboard, reports) filters the same way.
 */
import { sql, type SQL } from 'drizzle-orm';
import { incidentCategories, incidents, students } from '@/db/schema';
import { incidentCategoryLink, incidentVisibilityCondition, studentVisibilityCondition, type AccessSubject, type IncidentAction } from '@/lib/access';

const LINK = incidentCategoryLink(incidentCategories, {
  schoolId: incidentCategories.schoolId,
  incidentId: incidentCategories.incidentId,
  categoryId: incidentCategories.categoryId,
  removedAt: incidentCategories.removedAt,
});

const studentArchived = sql`${students.archivedAt} is not null`;

/** A WHERE condition over `incidents` joined to `students` (the copy's pupil). */
export function visibleIncidents(subject: AccessSubject, action: IncidentAction = 'incident.view'): SQL {
  return incidentVisibilityCondition(
    subject,
    {
      schoolId: incidents.schoolId,
      incidentId: incidents.id,
      authorId: incidents.authorId,
      createdAt: incidents.createdAt,
      tutorGroup: students.tutorGroup,
      yearGroup: students.yearGroup,
      studentArchived,
      deleted: sql`${incidents.deletedAt} is not null`,
    },
    LINK,
    action,
  );
}

/**
 * A linked pupil's copy (`incidents` joined to `students`) whose pupil may be
 * named to this person: a pupil they may list, or a copy they may read.
 */
export function nameableLinkedCopies(subject: AccessSubject): SQL {
  const pupil = studentVisibilityCondition(subject, { schoolId: students.schoolId, tutorGroup: students.tutorGroup, yearGroup: students.yearGroup, archived: studentArchived });
  return sql`((${pupil}) or (${visibleIncidents(subject)}))`;
}
