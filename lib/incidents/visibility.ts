/**
 * The incident tables as the permission engine's SQL conditions see them:
 * one place that names the columns, so every list of incidents (chronology,
 * dashboard, reports) filters the same way.
 */
import 'server-only';
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { incidentCategories, incidents, students } from '@/db/schema';
import {
  incidentCategoryLink,
  incidentVisibilityCondition,
  studentVisibilityCondition,
  type AccessSubject,
  type IncidentAction,
} from '@/lib/access';

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

// A private alias, like the engine's own, so the lookup cannot collide with the caller's query.
const MERGED = sql.identifier('merged_from');
const mergedCol = (c: AnyColumn) => sql`${MERGED}.${sql.identifier(c.name)}`;

/**
 * The incident `ref` names is visible, as an EXISTS for rows of other tables
 * that point at incidents (the audit log). A merged incident lives on inside
 * the one it joined, so it is judged as that one; its own row keeps no
 * categories. The condition reads `incidents` and `students` itself: the
 * caller's query must not join them unaliased.
 */
export function incidentVisibleById(
  subject: AccessSubject,
  ref: SQL | AnyColumn,
  action: IncidentAction = 'incident.view',
): SQL {
  const target = sql`coalesce((select ${mergedCol(incidents.mergedIntoId)} from ${incidents} as ${MERGED} where ${mergedCol(incidents.schoolId)} = ${subject.schoolId} and ${mergedCol(incidents.id)} = ${ref}), ${ref})`;
  return sql`exists (select 1 from ${incidents} inner join ${students} on ${students.schoolId} = ${incidents.schoolId} and ${students.id} = ${incidents.studentId} where ${incidents.id} = ${target} and ${visibleIncidents(subject, action)})`;
}

/**
 * A document that came with a transfer may be read when at least one incident
 * of that transfer is visible to this person (its Legacy categories granted).
 */
export function transferVisibleFor(subject: AccessSubject, transferId: SQL | AnyColumn): SQL {
  return sql`exists (select 1 from ${incidents} as transfer_incident where transfer_incident.school_id = ${subject.schoolId} and transfer_incident.transfer_id = ${transferId} and ${incidentVisibleById(subject, sql`transfer_incident.id`)})`;
}

/** The pupil of the row (`students`, joined to `incidents`) is one whose record this person may open (student.view). */
export function pupilOpenable(subject: AccessSubject): SQL {
  return studentVisibilityCondition(
    subject,
    {
      schoolId: students.schoolId,
      tutorGroup: students.tutorGroup,
      yearGroup: students.yearGroup,
      archived: studentArchived,
    },
    'student.view',
  );
}

/**
 * The incident of the row may be changed by this person: edited, deleted,
 * merged and pinned when live, restored when deleted. Pages offer those
 * options from this, as asked in the query that reads the incident.
 */
export function incidentEditable(subject: AccessSubject): SQL {
  return sql`((${visibleIncidents(subject, 'incident.edit')}) or (${visibleIncidents(subject, 'incident.restore')}))`;
}

/**
 * A linked pupil's copy (`incidents` joined to `students`) whose pupil may be
 * named to this person: a pupil they may list, or a copy they may read.
 */
export function nameableLinkedCopies(subject: AccessSubject): SQL {
  const pupil = studentVisibilityCondition(subject, {
    schoolId: students.schoolId,
    tutorGroup: students.tutorGroup,
    yearGroup: students.yearGroup,
    archived: studentArchived,
  });
  return sql`((${pupil}) or (${visibleIncidents(subject)}))`;
}
