/** What the admin queries return: plain objects shaped for the pages, never whole rows. */
import type { SystemPermission } from '@/lib/access';
import type { PupilEventView } from '@/lib/profile';
import type { CategoryRight } from './labels';

export type MembershipStatus = 'active' | 'deactivated';

export interface MemberListItem {
  userId: string;
  displayName: string;
  email: string;
  groupId: string;
  groupName: string;
  misStaffId: string | null;
  /** Has a confirmed second factor that has not been removed. */
  keyHolder: boolean;
  status: MembershipStatus;
  deactivatedAt: Date | null;
}

export interface MemberList {
  items: MemberListItem[];
  /** More people matched than a page shows: the filters narrow it. */
  truncated: boolean;
}

export interface KeyListItem {
  id: string;
  kind: 'totp' | 'webauthn';
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export interface MemberProfile {
  userId: string;
  displayName: string;
  email: string;
  status: MembershipStatus;
  deactivatedAt: Date | null;
  memberSince: Date;
  alertEmail: string | null;
  misStaffId: string | null;
  group: { id: string; name: string };
  keys: KeyListItem[];
  /** The profile is the signed-in administrator's own. */
  isSelf: boolean;
}

export interface AuditEntry {
  id: string;
  at: Date;
  action: string;
  label: string;
  ip: string | null;
  userAgent: string | null;
  entityType: string | null;
  entityId: string | null;
  /** Empty for a row about a pupil's record: those are told through `pupilEvent` only. */
  details: Record<string, unknown>;
  /**
   * For a row about a pupil's record: what the reader may be told of it (a
   * sentence, the pupil, a link), or 'withheld' when they may not see that
   * record. Absent for rows about staff, settings and sign-ins.
   */
  pupilEvent?: PupilEventView | 'withheld';
}

export interface AuditPage {
  person: { userId: string; displayName: string };
  entries: AuditEntry[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: string | null;
}

export interface GroupOption {
  id: string;
  name: string;
}

export interface UserGroupListItem {
  id: string;
  name: string;
  description: string;
  permissions: SystemPermission[];
  activeMembers: number;
  /** Active and deactivated memberships: a group with any cannot be removed. */
  allMembers: number;
}

export type CategoryRights = Record<CategoryRight, boolean>;

export interface MatrixCategory {
  id: string;
  name: string;
  colour: string;
  archived: boolean;
  rights: CategoryRights;
}

export interface MatrixTopCategory extends MatrixCategory {
  children: MatrixCategory[];
}

export interface UserGroupDetail extends UserGroupListItem {
  /** The signed-in administrator belongs to this group. */
  isOwnGroup: boolean;
  matrix: MatrixTopCategory[];
}

export interface AlertGroupListItem {
  id: string;
  name: string;
  memberCount: number;
}

export interface AlertGroupCandidate {
  userId: string;
  displayName: string;
  groupId: string;
  groupName: string;
}

export interface AlertGroupDetail {
  id: string;
  name: string;
  memberIds: string[];
}

/** Admin → Class restrictions (lib/admin/class-restriction-queries.ts). */
export interface RestrictedClass {
  name: string;
  /** Pupils on roll in the class. */
  pupils: number;
  people: number;
  userGroups: string[];
}

export interface ClassRestrictionOverview {
  kind: 'tutor' | 'year' | 'off';
  classes: RestrictedClass[];
  /** Classes with pupils and nobody listed: restricted key holders cannot see those pupils. */
  unassigned: string[];
}

export interface ClassRestrictionDetail {
  kind: 'tutor' | 'year';
  name: string;
  pupils: number;
  memberIds: string[];
  userGroupIds: string[];
}

/** Someone on the MIS staff list who may be added as a user (lib/admin/staff-queries.ts). */
export interface OfferableStaff {
  id: string;
  misId: string;
  displayName: string;
  title: string | null;
  email: string | null;
  jobTitle: string | null;
}
