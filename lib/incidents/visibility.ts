/**
 * The incident tables as the permission engine's SQL conditions see them:
 * one place that names the columns, so every list of incidents (chronology,
 * dashboard, reports) filters the same way.
 */
import { sql, type SQL } from 'drizzle-orm';
import { incidentCategories, incidents, students } from '@/db/schema';
import { incidentCategoryLink, incidentVisibilityCondition, type AccessSubject, type IncidentAction } from '@/lib/access';

const LINK = incidentCategoryLink(incidentCategories, {
  schoolId: incidentCategories.schoolId,
  incidentId: incidentCategories.incidentId,
  categoryId: incidentCategories.categoryId,
  removedAt: incidentCategories.removedAt,
});

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
      studentArchived: sql`${students.archivedAt} is not null`,
      deleted: sql`${incidents.deletedAt} is not null`,
    },
    LINK,
    action,
  );
}
