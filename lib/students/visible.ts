/**
 * The pieces every pupil-finding query shares: the permission engine's WHERE
 * over the students table, the "currently monitored in a category this user
 * may see" test, and whether the user may find pupils at all. For
 * lib/students and the areas above it that query pupils themselves (the
 * profile's links); the public reads are in queries.ts.
 */
import 'server-only';
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { categories, monitoringPeriods, students } from '@/db/schema';
import {
  decide,
  monitoringCategoryCondition,
  studentVisibilityCondition,
  type AccessSubject,
  type StudentAction,
  type StudentColumns,
} from '@/lib/access';

/** The engine's pupil columns of the students table, or of an alias of it (a second pupil in one query). */
export function studentColumnsOf(
  t: Record<'schoolId' | 'tutorGroup' | 'yearGroup' | 'archivedAt', AnyColumn>,
): StudentColumns {
  return {
    schoolId: t.schoolId,
    tutorGroup: t.tutorGroup,
    yearGroup: t.yearGroup,
    archived: sql`${t.archivedAt} is not null`,
  };
}

export const STUDENT_COLUMNS: StudentColumns = studentColumnsOf(students);

/** Pupils the subject may list (or act on), as the engine states it. */
export function visibleStudents(subject: AccessSubject, action: StudentAction = 'student.list'): SQL {
  return studentVisibilityCondition(subject, STUDENT_COLUMNS, action);
}

/** Archived pupils only when asked for; the engine still decides whether they may be seen at all. */
export function archivedFilter(includeArchived: boolean): SQL {
  return includeArchived ? sql`true` : sql`${students.archivedAt} is null`;
}

/**
 * The pupil of the outer query has a running monitoring period in a category
 * the subject may see; with `categoryId`, in that category or one of its
 * sub-categories (choosing "Child Protection" also finds "Neglect").
 */
export function monitoredCondition(subject: AccessSubject, categoryId?: string): SQL {
  const family = categoryId
    ? sql` and ${monitoringPeriods.categoryId} in (select ${categories.id} from ${categories} where ${categories.schoolId} = ${subject.schoolId} and (${categories.id} = ${categoryId} or ${categories.parentId} = ${categoryId}))`
    : sql``;
  return sql`exists (select 1 from ${monitoringPeriods} where ${monitoringPeriods.schoolId} = ${students.schoolId} and ${monitoringPeriods.studentId} = ${students.id} and ${monitoringPeriods.endedOn} is null and ${monitoringCategoryCondition(subject, monitoringPeriods.categoryId)}${family})`;
}

export type FinderAccess = 'allowed' | 'needs_elevation' | 'not_allowed';

/**
 * Whether the person may search and list pupils right now: a key holder whose
 * group lists pupils, once their key is used. The queries apply the same rule
 * in SQL; this decides what the dashboard offers.
 */
export function finderAccess(subject: AccessSubject): FinderAccess {
  const decision = decide(subject, 'students.find');
  return decision.allowed ? 'allowed' : decision.reason === 'needs_elevation' ? 'needs_elevation' : 'not_allowed';
}

/** Escapes LIKE wildcards so a typed % or _ matches itself. */
export const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
