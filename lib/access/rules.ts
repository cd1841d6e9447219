/**
 * The rules, as booleans of (subject, resource). decide.ts turns them into
 * decisions with reasons; sql-students.ts and sql-incidents.ts state the same
 * rules as SQL, and tests/unit/access-sql.test.ts proves the two agree on a generated matrix.
 */
import type { AreaAction, IncidentAction, StudentAction } from './actions';
import { myHistoryCutoff } from './my-history';
import { hasPermission, mayAddInAll, mayReadAudit, mayViewIncidentsInAll } from './permissions';
import { pupilInReach } from './reach';
import type { AccessSubject, IncidentResource, NewIncidentResource, StudentResource, SystemPermission } from './types';

export function studentRule(subject: AccessSubject, action: StudentAction, student: StudentResource): boolean {
  const asKeyHolder = (permission: SystemPermission) =>
    subject.elevated && hasPermission(subject, permission) && pupilInReach(subject, student);
  switch (action) {
    case 'student.list':
      return asKeyHolder('students.list');
    case 'student.view':
    case 'student.edit':
      // Whoever may open a pupil's profile keeps its information: the school's
      // user groups decide who that is (students.details).
      return asKeyHolder('students.details');
    case 'student.audit':
      // Who looked at a child's file is itself sensitive: only those who run
      // the record (editors of incidents) or the school (administrators).
      return asKeyHolder('students.details') && mayReadAudit(subject);
    case 'student.pick':
      // Anyone may record a concern about any pupil on roll when the school allows the
      // search; class restrictions limit what key holders read, not whom they report on.
      return (
        asKeyHolder('students.list') ||
        (subject.rules.studentSearchOnAddIncident && hasPermission(subject, 'incidents.add') && !student.archived)
      );
  }
}

/**
 * An elevated user may read the incident through their group: every one of its
 * categories viewable and its pupil within reach. (A live alert is the other way in.)
 */
export function incidentReadableByKey(subject: AccessSubject, incident: IncidentResource): boolean {
  return (
    subject.elevated &&
    mayViewIncidentsInAll(subject, incident.categoryIds) &&
    pupilInReach(subject, {
      tutorGroup: incident.studentTutorGroup,
      yearGroup: incident.studentYearGroup,
      archived: incident.studentArchived,
    })
  );
}

export function incidentRule(subject: AccessSubject, action: IncidentAction, incident: IncidentResource): boolean {
  const live = !incident.deleted;
  const editor = hasPermission(subject, 'incidents.edit');
  const alerted = subject.alertedIncidentIds.has(incident.id);
  switch (action) {
    case 'incident.view':
      // A deleted incident stays readable only for those who may restore it.
      return live ? alerted || incidentReadableByKey(subject, incident) : editor && incidentReadableByKey(subject, incident);
    case 'action.add':
      return live && hasPermission(subject, 'incidents.add') && (alerted || incidentReadableByKey(subject, incident));
    case 'incident.edit':
    case 'incident.delete':
    case 'incident.merge':
      return live && editor && incidentReadableByKey(subject, incident);
    case 'incident.restore':
      return !live && editor && incidentReadableByKey(subject, incident);
    case 'incident.history':
      return (
        live &&
        incident.authorId === subject.userId &&
        incident.createdAt.getTime() >= myHistoryCutoff(subject.now).getTime()
      );
  }
}

/** Adding needs the add permission in every chosen category, and at least one category. */
export function newIncidentRule(subject: AccessSubject, incident: NewIncidentResource): boolean {
  return incident.categoryIds.length > 0 && mayAddInAll(subject, incident.categoryIds);
}

const AREA_PERMISSION: Record<AreaAction, SystemPermission> = {
  'reports.run': 'reports.run',
  'planner.use': 'planner',
  'files.use': 'files',
  'library.view': 'library.view',
  'library.add': 'library.add',
  'admin.use': 'administration',
};

export function areaRule(subject: AccessSubject, action: AreaAction): boolean {
  // The library holds the school's policies, which every member of staff must be able
  // to read (read receipts): viewing it is part of the non-key baseline, and the school
  // may open it to everyone whatever their group.
  if (action === 'library.view') return hasPermission(subject, 'library.view') || subject.rules.libraryForNonKeyUsers;
  return subject.elevated && hasPermission(subject, AREA_PERMISSION[action]);
}
