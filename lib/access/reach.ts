/**
 * Which pupils a key holder can reach at all: class restrictions and the
 * "view students without a group" permission. Both the pure decision and the
 * SQL condition (sql-students.ts) implement exactly these rules.
 *
 * - A pupil is *groupless* when they have no group the engine can place them
 *   by: no group of the restriction's kind when the user is restricted,
 *   otherwise neither a tutor nor a year group.
 * - Archived and groupless pupils need `students.ungrouped`.
 * - A restricted user sees a grouped pupil only when listed for that group
 *   (archived pupils who keep a group included); groupless pupils are outside
 *   every restriction, so `students.ungrouped` alone decides for them.
 */
import { hasPermission } from './permissions';
import type { AccessSubject, ClassGroupKind } from './types';

export interface PupilGroups {
  tutorGroup: string | null;
  yearGroup: string | null;
  archived: boolean;
}

export function groupOf(pupil: PupilGroups, kind: ClassGroupKind): string | null {
  return kind === 'tutor' ? pupil.tutorGroup : pupil.yearGroup;
}

export function isGroupless(subject: AccessSubject, pupil: PupilGroups): boolean {
  const r = subject.classRestriction;
  return r ? groupOf(pupil, r.kind) === null : pupil.tutorGroup === null && pupil.yearGroup === null;
}

export function pupilInReach(subject: AccessSubject, pupil: PupilGroups): boolean {
  const groupless = isGroupless(subject, pupil);
  if ((pupil.archived || groupless) && !hasPermission(subject, 'students.ungrouped')) return false;
  const r = subject.classRestriction;
  if (r && !groupless) {
    const group = groupOf(pupil, r.kind);
    if (group === null || !r.groups.has(group)) return false;
  }
  return true;
}
