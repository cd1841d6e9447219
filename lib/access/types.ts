/**
 * The inputs of the permission engine. An AccessSubject is built once per
 * request (lib/access/subject.ts) from the session, the membership's user
 * group, its category rows, the school's class restrictions and the user's live
 * alerts; every decision and every SQL condition is a pure function of it.
 */
import type { SystemPermission } from '@/lib/tenancy/permissions';

export type { SystemPermission };

/** A user group's rights in one category. */
export interface CategoryPermission {
  /** See pupils' monitoring in this category (lozenges, "Monitored students", category filters). */
  viewStudents: boolean;
  viewIncidents: boolean;
  addIncidents: boolean;
}

export type ClassGroupKind = 'tutor' | 'year';

/**
 * The tutor or year groups a key holder may see when the school restricts by
 * class. An empty set is a real restriction (the user is listed for no group
 * and sees no grouped pupil), not "unrestricted": that is `null`.
 */
export interface ClassRestriction {
  kind: ClassGroupKind;
  groups: ReadonlySet<string>;
}

/** School settings that widen the non-key baseline. */
export interface SchoolAccessRules {
  /** "Allow student search on the add-incident form": anyone who may add incidents may pick any pupil on roll. */
  studentSearchOnAddIncident: boolean;
  /** "Non-key users may view the library": everyone in the school may, whatever their group. */
  libraryForNonKeyUsers: boolean;
}

export interface AccessSubject {
  userId: string;
  schoolId: string;
  /** A second factor was used in this session (and the elevation has not lapsed). */
  elevated: boolean;
  systemPermissions: ReadonlySet<SystemPermission>;
  /** Keyed by category id; a category missing from the map grants nothing. */
  categoryPermissions: ReadonlyMap<string, CategoryPermission>;
  /** null = not restricted (the school's `classRestrictions` setting is 'off'). */
  classRestriction: ClassRestriction | null;
  /** Incidents the user has a live (unread) alert for; an action alert lists its incident. */
  alertedIncidentIds: ReadonlySet<string>;
  rules: SchoolAccessRules;
  /**
   * The instant of the request. Time-based rules ("My History": the last 7
   * days) use it, so a decision and the matching SQL condition agree exactly.
   */
  now: Date;
}

/** A pupil as the engine needs to see it. */
export interface StudentResource {
  schoolId: string;
  tutorGroup: string | null;
  yearGroup: string | null;
  archived: boolean;
}

/**
 * An incident (one pupil's copy) as the engine needs to see it. `categoryIds`
 * must list every category shown against the incident, including those added
 * by its actions: that is what hides an incident raised to Child Protection.
 */
export interface IncidentResource {
  id: string;
  schoolId: string;
  categoryIds: readonly string[];
  /** null for records created by an integration rather than a person. */
  authorId: string | null;
  createdAt: Date;
  studentTutorGroup: string | null;
  studentYearGroup: string | null;
  studentArchived: boolean;
  /** Soft-deleted: gone for everyone except editors, who may view and restore it. */
  deleted: boolean;
}

/** The categories chosen for a new incident. */
export interface NewIncidentResource {
  schoolId: string;
  categoryIds: readonly string[];
}

export type DenialReason = 'not_found' | 'not_allowed' | 'needs_elevation';

/**
 * `not_found`: answer exactly as for a missing row (another school's record, a
 * deleted one the user may not restore). `needs_elevation`: the user's group
 * would allow this once they use their key.
 */
export type AccessDecision = { allowed: true } | { allowed: false; reason: DenialReason };
