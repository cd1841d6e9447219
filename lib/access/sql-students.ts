/**
 * The pupil rules of reach.ts and rules.ts as an SQL condition, for every list,
 * search, count, chart and export of pupils: filter in the query, never after
 * fetching. The caller passes its own columns, so any query shape works.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { StudentAction } from './actions';
import { hasPermission, isIncidentEditor, mayReadAudit, viewableStudentCategoryIds } from './permissions';
import { allOf, anyOf, inList, isNotTrue, toSql, type ColumnRef, type Condition } from './sql-parts';
import type { AccessSubject, SystemPermission } from './types';

export interface StudentColumns {
  schoolId: ColumnRef;
  tutorGroup: ColumnRef;
  yearGroup: ColumnRef;
  /** A boolean column or expression, e.g. sql`${students.archivedAt} is not null`. */
  archived: ColumnRef;
}

/** pupilInReach (reach.ts) in SQL. */
export function pupilReachCondition(subject: AccessSubject, cols: Omit<StudentColumns, 'schoolId'>): Condition {
  const r = subject.classRestriction;
  const kindCol = r?.kind === 'year' ? cols.yearGroup : cols.tutorGroup;
  const groupless: SQL = r ? sql`${kindCol} is null` : sql`(${cols.tutorGroup} is null and ${cols.yearGroup} is null)`;
  const parts: Condition[] = [];
  if (!hasPermission(subject, 'students.ungrouped')) parts.push(isNotTrue(cols.archived), sql`not (${groupless})`);
  if (r) parts.push(anyOf(groupless, inList(kindCol, r.groups)));
  return allOf(...parts);
}

/**
 * Pupils the subject may list (default), open, or pick on the add-incident
 * form, as a WHERE condition. Includes `school_id = <subject's school>`.
 */
export function studentVisibilityCondition(
  subject: AccessSubject,
  cols: StudentColumns,
  action: StudentAction = 'student.list',
): SQL {
  const asKeyHolder = (permission: SystemPermission): Condition =>
    subject.elevated && hasPermission(subject, permission) ? pupilReachCondition(subject, cols) : false;
  let body: Condition;
  switch (action) {
    case 'student.list':
      body = asKeyHolder('students.list');
      break;
    case 'student.view':
    case 'student.edit':
      body = asKeyHolder('students.details');
      break;
    case 'student.audit':
      body = mayReadAudit(subject) ? asKeyHolder('students.details') : false;
      break;
    case 'student.documents':
      body = hasPermission(subject, 'files') ? asKeyHolder('students.details') : false;
      break;
    case 'student.documents_manage':
      body = hasPermission(subject, 'files') && isIncidentEditor(subject) ? asKeyHolder('students.details') : false;
      break;
    case 'student.pick':
      body = anyOf(
        asKeyHolder('students.list'),
        subject.rules.studentSearchOnAddIncident && hasPermission(subject, 'incidents.add')
          ? isNotTrue(cols.archived)
          : false,
      );
      break;
  }
  return toSql(allOf(sql`${cols.schoolId} = ${subject.schoolId}`, body));
}

/**
 * Monitoring rows (a pupil's categories) the subject may see: lozenges,
 * "Monitored students", category filters. Combine with
 * studentVisibilityCondition for the pupils themselves.
 */
export function monitoringCategoryCondition(subject: AccessSubject, categoryId: ColumnRef): SQL {
  if (!subject.elevated) return sql`false`;
  return toSql(inList(categoryId, viewableStudentCategoryIds(subject)));
}
