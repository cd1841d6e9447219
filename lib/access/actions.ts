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
  'incident.view': IncidentResource;
  'incident.edit': IncidentResource;
  'incident.delete': IncidentResource;
  'incident.restore': IncidentResource;
  /** Merging needs this on both incidents: the one merged and the one it joins. */
  'incident.merge': IncidentResource;
  /** The incident is listed, by title only unless `incident.view` also holds, in the user's "My History". */
  'incident.history': IncidentResource;
  'incident.add': NewIncidentResource;
  'action.add': IncidentResource;
  'reports.run': undefined;
  'planner.use': undefined;
  'files.use': undefined;
  'library.view': undefined;
  'library.add': undefined;
  'admin.use': undefined;
}

export type AccessAction = keyof ResourceFor;

export type StudentAction = 'student.list' | 'student.view' | 'student.pick' | 'student.edit' | 'student.audit';
export type IncidentAction =
  | 'incident.view'
  | 'incident.edit'
  | 'incident.delete'
  | 'incident.restore'
  | 'incident.merge'
  | 'incident.history'
  | 'action.add';
export type AreaAction = 'reports.run' | 'planner.use' | 'files.use' | 'library.view' | 'library.add' | 'admin.use';

/** The resource argument of `decide`/`can`: present exactly when the action has one. */
export type ResourceArgs<A extends AccessAction> = ResourceFor[A] extends undefined ? [] : [resource: ResourceFor[A]];

export const STUDENT_ACTIONS: readonly StudentAction[] = ['student.list', 'student.view', 'student.pick', 'student.edit', 'student.audit'];
export const INCIDENT_ACTIONS: readonly IncidentAction[] = [
  'incident.view',
  'incident.edit',
  'incident.delete',
  'incident.restore',
  'incident.merge',
  'incident.history',
  'action.add',
];
export const AREA_ACTIONS: readonly AreaAction[] = [
  'reports.run',
  'planner.use',
  'files.use',
  'library.view',
  'library.add',
  'admin.use',
];
export const ACCESS_ACTIONS: readonly AccessAction[] = [...STUDENT_ACTIONS, ...INCIDENT_ACTIONS, 'incident.add', ...AREA_ACTIONS];
