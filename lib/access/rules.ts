/**
 * The rules, as booleans of (subject, resource). decide.ts turns them into
 * decisions with reasons; sql-students.ts and sql-incidents.ts state the same
 * rules as SQL, and tests/unit/access-sql.test.ts proves the two agree on a generated matrix.
 */
import type { AreaAction, IncidentAction, StudentAction } from './actions';
import { myHistoryCutoff } from './my-history';
import {
  hasPermission,
  isIncidentEditor,
  isKeyHolder,
  mayAddInAll,
  mayReadAudit,
  mayViewIncidentsInAll,
} from './permissions';
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
    case 'student.documents':
      return asKeyHolder('students.details') && hasPermission(subject, 'files');
    case 'student.documents_manage':
      return asKeyHolder('students.details') && hasPermission(subject, 'files') && isIncidentEditor(subject);
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
 * The add-incident form's pupil search: whoever may pick some pupil
 * (`student.pick` above, for any pupil in reach).
 */
export function mayPickPupils(subject: AccessSubject): boolean {
  return (
    (subject.elevated && hasPermission(subject, 'students.list')) ||
    (subject.rules.studentSearchOnAddIncident && hasPermission(subject, 'incidents.add'))
  );
}

/**
 * How a refused pupil read is answered, whatever the id names: a key holder
 * whose group opens pupils' records but who has not used their key is asked
 * for it; everyone else is told "not found", as for a pupil that does not
 * exist. So the answer tells nobody without a key which pupils exist.
 */
export function pupilRefusal(subject: AccessSubject): 'needs_elevation' | 'not_found' {
  return !subject.elevated && hasPermission(subject, 'students.details') ? 'needs_elevation' : 'not_found';
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
      return live
        ? alerted || incidentReadableByKey(subject, incident)
        : editor && incidentReadableByKey(subject, incident);
    case 'action.add':
      return live && hasPermission(subject, 'incidents.add') && (alerted || incidentReadableByKey(subject, incident));
    case 'incident.edit':
    case 'incident.delete':
    case 'incident.merge':
      return live && editor && incidentReadableByKey(subject, incident);
    case 'incident.restore':
      return !live && editor && incidentReadableByKey(subject, incident);
    case 'incident.report':
      return live && hasPermission(subject, 'reports.run') && incidentReadableByKey(subject, incident);
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

export function areaRule(subject: AccessSubject, action: AreaAction): boolean {
  const withKey = (...permissions: SystemPermission[]) =>
    subject.elevated && permissions.every((p) => hasPermission(subject, p));
  switch (action) {
    case 'library.view':
      // The library holds the school's policies, which every member of staff must be able
      // to read (read receipts): viewing it is part of the non-key baseline, and the school
      // may open it to everyone whatever their group.
      return hasPermission(subject, 'library.view') || subject.rules.libraryForNonKeyUsers;
    case 'reports.run':
      return withKey('reports.run');
    case 'planner.use':
      return withKey('planner');
    case 'files.use':
      return withKey('files');
    case 'library.add':
      return withKey('library.add');
    case 'library.read_by':
      // The school's evidence that staff read its policies: kept by those who run the
      // library, and by administrators, who answer for the school's compliance.
      return withKey('library.add') || withKey('administration');
    case 'admin.use':
      return withKey('administration');
    case 'transfers.export':
      // A pupil's whole file leaves the platform: an administrator who may also have the
      // Student report (reports with their key), for pupils they may view.
      return withKey('administration', 'reports.run');
    case 'incident.assign':
    case 'incidents.assigned':
      // Assigning sends a record to someone to follow up: only a key holder using their key
      // does it, and "My assigned" lists what is assigned to them under the same condition.
      return subject.elevated && isKeyHolder(subject);
    case 'students.find':
      return withKey('students.list');
    case 'students.archived':
      // Archived pupils are outside every class and need "view students without a group".
      return withKey('students.list', 'students.ungrouped');
    case 'students.bulk_monitoring':
      // A change to many pupils chosen from the list: listing them and changing their information.
      return withKey('students.list', 'students.details');
    case 'students.pick':
      return mayPickPupils(subject);
  }
}
