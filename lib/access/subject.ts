/**
 * Builds the AccessSubject from what the request loader read: the session
 * (elevation), the membership's user group (system permissions, category
 * rows), the school's settings, the class-restriction rows naming this user or
 * their group, and their live alerts. Pure, so every rule about turning stored
 * values into rights is tested here rather than in a query.
 */
import { SYSTEM_PERMISSIONS } from '@/lib/tenancy/permissions';
import type { AccessSubject, CategoryPermission, ClassGroupKind, SystemPermission } from './types';

export interface CategoryPermissionRow extends CategoryPermission {
  categoryId: string;
}

export interface AccessSubjectInput {
  userId: string;
  schoolId: string;
  elevated: boolean;
  now: Date;
  /** `user_groups.permissions` as stored (jsonb): names this version does not know grant nothing. */
  groupPermissions: unknown;
  categoryPermissions: readonly CategoryPermissionRow[];
  /** The school setting `classRestrictions`. */
  classRestrictions: 'off' | ClassGroupKind;
  /**
   * Names of the groups of that kind listing this user, directly or through
   * their user group, from live (not removed) class_restriction_members rows.
   * Ignored when the setting is 'off'.
   */
  restrictionGroups: Iterable<string>;
  alertedIncidentIds: Iterable<string>;
  studentSearchOnAddIncident: boolean;
  libraryForNonKeyUsers: boolean;
}

const KNOWN: ReadonlySet<string> = new Set(SYSTEM_PERMISSIONS);

/** Known permission names from a stored value; anything else is dropped, never trusted. */
export function parseSystemPermissions(stored: unknown): Set<SystemPermission> {
  const out = new Set<SystemPermission>();
  if (!Array.isArray(stored)) return out;
  for (const p of stored) if (typeof p === 'string' && KNOWN.has(p)) out.add(p as SystemPermission);
  return out;
}

export function makeAccessSubject(input: AccessSubjectInput): AccessSubject {
  const categoryPermissions = new Map<string, CategoryPermission>();
  for (const row of input.categoryPermissions) {
    // Only rows that grant something: a row with every right off is the admin's way of removing one.
    if (!row.viewStudents && !row.viewIncidents && !row.addIncidents) continue;
    categoryPermissions.set(row.categoryId, {
      viewStudents: row.viewStudents,
      viewIncidents: row.viewIncidents,
      addIncidents: row.addIncidents,
    });
  }
  return {
    userId: input.userId,
    schoolId: input.schoolId,
    elevated: input.elevated,
    systemPermissions: parseSystemPermissions(input.groupPermissions),
    categoryPermissions,
    classRestriction:
      input.classRestrictions === 'off'
        ? null
        : { kind: input.classRestrictions, groups: new Set(input.restrictionGroups) },
    alertedIncidentIds: new Set(input.alertedIncidentIds),
    rules: {
      studentSearchOnAddIncident: input.studentSearchOnAddIncident,
      libraryForNonKeyUsers: input.libraryForNonKeyUsers,
    },
    now: input.now,
  };
}
