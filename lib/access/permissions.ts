/**
 * What a subject holds, independent of any resource: system permissions,
 * per-category rights, and whether the user is a key holder at all.
 */
import type { AccessSubject, CategoryPermission, SystemPermission } from './types';

/**
 * Permissions that work without a key: recording a concern and (where the
 * school allows it) reading the library. Anything else makes the user a key
 * holder, whose extra rights apply only once they have used their key.
 */
export const NON_KEY_PERMISSIONS: ReadonlySet<SystemPermission> = new Set<SystemPermission>([
  'incidents.add',
  'library.view',
]);

export function hasPermission(subject: AccessSubject, permission: SystemPermission): boolean {
  return subject.systemPermissions.has(permission);
}

/**
 * The group's system permissions go beyond the non-key baseline, so its
 * members may use a key: sign-in offers it, the session can be elevated
 * (lib/auth asks this), and they may be assigned incidents. Category rights
 * alone open nothing without a key, and a key needs this.
 */
export function groupMayUseKey(permissions: Iterable<SystemPermission>): boolean {
  for (const p of permissions) if (!NON_KEY_PERMISSIONS.has(p)) return true;
  return false;
}

/**
 * A key holder's group grants something beyond the non-key baseline. Sign-in
 * asks such users for their key straight away; for anyone else a key adds nothing.
 */
export function isKeyHolder(subject: Pick<AccessSubject, 'systemPermissions' | 'categoryPermissions'>): boolean {
  if (groupMayUseKey(subject.systemPermissions)) return true;
  for (const c of subject.categoryPermissions.values()) if (c.viewStudents || c.viewIncidents) return true;
  return false;
}

/**
 * "Edit and delete incidents": the group that edits, deletes, merges and
 * restores incidents and actions, and the only one that still sees deleted
 * records (each incident still needs its own decision).
 */
export function isIncidentEditor(subject: Pick<AccessSubject, 'systemPermissions'>): boolean {
  return subject.systemPermissions.has('incidents.edit');
}

/**
 * "Edit and delete incidents" or "Administration": the groups that answer for
 * the records may read who viewed and changed a pupil's (student.audit).
 */
export function mayReadAudit(subject: Pick<AccessSubject, 'systemPermissions'>): boolean {
  return subject.systemPermissions.has('incidents.edit') || subject.systemPermissions.has('administration');
}

function categoryIdsWith(subject: AccessSubject, right: keyof CategoryPermission): string[] {
  const ids: string[] = [];
  for (const [id, p] of subject.categoryPermissions) if (p[right]) ids.push(id);
  return ids.sort();
}

/**
 * Categories whose incidents the user may read once elevated. Reports and
 * filters offer only these; an incident also needs every one of its
 * categories in this list (see incidentReadableByKey).
 */
export function viewableIncidentCategoryIds(subject: AccessSubject): string[] {
  return categoryIdsWith(subject, 'viewIncidents');
}

/** Categories whose monitoring (lozenges, monitored lists) the user may see once elevated. */
export function viewableStudentCategoryIds(subject: AccessSubject): string[] {
  return categoryIdsWith(subject, 'viewStudents');
}

/** Categories the add-incident form offers: adding needs no key. */
export function addableCategoryIds(subject: AccessSubject): string[] {
  return hasPermission(subject, 'incidents.add') ? categoryIdsWith(subject, 'addIncidents') : [];
}

export function mayViewIncidentsInAll(subject: AccessSubject, categoryIds: readonly string[]): boolean {
  return (
    categoryIds.length > 0 && categoryIds.every((id) => subject.categoryPermissions.get(id)?.viewIncidents === true)
  );
}

/**
 * Every category may take a new record from this user. True for an empty list,
 * so an action that adds no categories passes; a new incident needs at least
 * one category, which `incident.add` checks on top.
 */
export function mayAddInAll(subject: AccessSubject, categoryIds: readonly string[]): boolean {
  return (
    hasPermission(subject, 'incidents.add') &&
    categoryIds.every((id) => subject.categoryPermissions.get(id)?.addIncidents === true)
  );
}

/**
 * The user may see pupils' monitoring in some category now (lozenges,
 * category filters): lets a read skip a query whose condition
 * (monitoringCategoryCondition) could match nothing.
 */
export function mayViewMonitoring(subject: AccessSubject): boolean {
  return subject.elevated && viewableStudentCategoryIds(subject).length > 0;
}

/** The monitoring categories of a pupil this user may see (lozenges); empty without elevation. */
export function visibleMonitoringCategoryIds(subject: AccessSubject, categoryIds: readonly string[]): string[] {
  if (!subject.elevated) return [];
  return categoryIds.filter((id) => subject.categoryPermissions.get(id)?.viewStudents === true);
}

/**
 * The classes a class-restricted viewer is limited to, sorted, so a page can
 * say what its figures cover; null when the school does not restrict by class.
 * What they may read is still decided by the conditions (sql-students.ts).
 */
export function restrictedClasses(subject: Pick<AccessSubject, 'classRestriction'>): string[] | null {
  const r = subject.classRestriction;
  return r ? [...r.groups].sort() : null;
}
