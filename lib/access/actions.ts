/**
 * The closed list of things the engine decides, each with the resource it is
 * decided about. Adding a surface means adding an action here, so the compiler
 * finds every switch that must learn about it.
 */
import type { IncidentResource, NewIncidentResource, StudentResource } from './types';

export interface ResourceFor {
  /** The pupil may appear in lists, searches, counts and class registers. */
  'student.list': StudentResource;
  /** The pupil's profile may be opened. */
  'student.view': StudentResource;
  /** The pupil may be offered by the add-incident form's pupil autocomplete. */
  'student.pick': StudentResource;
  /**
   * Haven's own information about the pupil may be changed: summary, keywords,
   * agencies, links, contacts added by hand, staff to alert, monitoring (the
   * category itself must also be one whose monitoring the user may see).
   */
  'student.edit': StudentResource;
  /**
   * The pupil's Audit tab (who viewed and changed their record) may be read:
   * whoever may open the pupil and holds "Edit and delete incidents" or
   * "Administration". Each row is then shown only if its record is visible.
   */
  'student.audit': StudentResource;
  /**
   * The pupil's Document vault: list, download and upload the files kept
   * directly about them — key holders with "Files" who may open the pupil.
   * (Files attached to incidents and actions follow their record instead.)
   */
  'student.documents': StudentResource;
  /** Delete and restore vault files, and see the deleted ones: the above plus "Edit and delete incidents". */
  'student.documents_manage': StudentResource;
  'incident.view': IncidentResource;
  'incident.edit': IncidentResource;
  'incident.delete': IncidentResource;
  'incident.restore': IncidentResource;
  /** Merging needs this on both incidents: the one merged and the one it joins. */
  'incident.merge': IncidentResource;
  /** The incident is listed, by title only unless `incident.view` also holds, in the user's "My History". */
  'incident.history': IncidentResource;
  /**
   * The incident is counted in the runner's reports: live, and readable through
   * their group with the key (every category viewable, pupil in reach) by
   * someone who may run reports. A live alert opens one record to one person;
   * it does not put the record into counts by category.
   */
  'incident.report': IncidentResource;
  'incident.add': NewIncidentResource;
  'action.add': IncidentResource;
  'reports.run': undefined;
  'planner.use': undefined;
  'files.use': undefined;
  'library.view': undefined;
  'library.add': undefined;
  /**
   * A library file's "Read by" log (who was alerted, when they last opened
   * it, when they marked it read and understood) and its downloads: those
   * who add to the library, or administrators, with their key.
   */
  'library.read_by': undefined;
  'admin.use': undefined;
  /**
   * "Export for a school without Haven" and the transfer register: administrators
   * with their key who also run reports (the Student report's rule); the pupil
   * must still be one they may view.
   */
  'transfers.export': undefined;
  /**
   * An incident (a new one, or a change to an existing one) may be assigned to
   * someone: key holders using their key. Whom they may assign to is
   * `mayBeAssigned`.
   */
  'incident.assign': undefined;
  /** The dashboard's "My assigned": the open incidents assigned to the person, for key holders using their key. */
  'incidents.assigned': undefined;
  /** Pupils may be searched, listed and filtered (the dashboard's finder, "Monitored students", class registers). */
  'students.find': undefined;
  /** The finder may include archived pupils ("Include archived students"). */
  'students.archived': undefined;
  /** "Update categories" on the pupil list: monitoring changed for many pupils at once (each must also allow `student.edit`). */
  'students.bulk_monitoring': undefined;
  /** The add-incident form offers a pupil search (each pupil it finds must also allow `student.pick`). */
  'students.pick': undefined;
}

export type AccessAction = keyof ResourceFor;

export type StudentAction =
  | 'student.list'
  | 'student.view'
  | 'student.pick'
  | 'student.edit'
  | 'student.audit'
  | 'student.documents'
  | 'student.documents_manage';
export type IncidentAction =
  | 'incident.view'
  | 'incident.edit'
  | 'incident.delete'
  | 'incident.restore'
  | 'incident.merge'
  | 'incident.history'
  | 'incident.report'
  | 'action.add';
/** Actions about no particular record: an area of the app, or a capability of the person. */
export type AreaAction =
  | 'reports.run'
  | 'planner.use'
  | 'files.use'
  | 'library.view'
  | 'library.add'
  | 'library.read_by'
  | 'admin.use'
  | 'transfers.export'
  | 'incident.assign'
  | 'incidents.assigned'
  | 'students.find'
  | 'students.archived'
  | 'students.bulk_monitoring'
  | 'students.pick';

/** The resource argument of `decide`/`can`: present exactly when the action has one. */
export type ResourceArgs<A extends AccessAction> = ResourceFor[A] extends undefined ? [] : [resource: ResourceFor[A]];

export const STUDENT_ACTIONS: readonly StudentAction[] = [
  'student.list',
  'student.view',
  'student.pick',
  'student.edit',
  'student.audit',
  'student.documents',
  'student.documents_manage',
];
export const INCIDENT_ACTIONS: readonly IncidentAction[] = [
  'incident.view',
  'incident.edit',
  'incident.delete',
  'incident.restore',
  'incident.merge',
  'incident.history',
  'incident.report',
  'action.add',
];
export const AREA_ACTIONS: readonly AreaAction[] = [
  'reports.run',
  'planner.use',
  'files.use',
  'library.view',
  'library.add',
  'library.read_by',
  'admin.use',
  'transfers.export',
  'incident.assign',
  'incidents.assigned',
  'students.find',
  'students.archived',
  'students.bulk_monitoring',
  'students.pick',
];
export const ACCESS_ACTIONS: readonly AccessAction[] = [
  ...STUDENT_ACTIONS,
  ...INCIDENT_ACTIONS,
  'incident.add',
  ...AREA_ACTIONS,
];
