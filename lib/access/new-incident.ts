/**
 * A new incident as submitted, decided in one call: the categories of the
 * incident and of each linked pupil's copy, the assignment, and every pupil
 * named. The add-incident service reads the pupils, asks this once and either
 * writes everything or nothing.
 */
import { decide } from './decide';
import { groupMayUseKey, mayAddInAll } from './permissions';
import { parseSystemPermissions } from './subject';
import type { AccessSubject, DenialReason, StudentResource } from './types';

export interface IncidentSubmission {
  schoolId: string;
  /** The incident's own categories (those of the pupil it is about). */
  categoryIds: readonly string[];
  /** The categories each linked pupil will be monitored under; possibly none. */
  linkedCategoryIds: readonly (readonly string[])[];
  /** The incident is assigned to someone. */
  assigns: boolean;
  /** The pupil it is about, then the linked pupils, as read from the database: null where no such pupil was found. */
  pupils: readonly (StudentResource | null)[];
}

/** What was refused: the service words its message from this. */
export type SubmissionRefusal = 'categories' | 'assign' | 'pupil';

export type SubmissionDecision =
  { allowed: true } | { allowed: false; reason: DenialReason; refused: SubmissionRefusal };

const refuse = (refused: SubmissionRefusal, reason: DenialReason): SubmissionDecision => ({
  allowed: false,
  refused,
  reason,
});

/**
 * Allowed only when everything is: at least one category, all of them ones
 * the user may add in, each linked copy's categories too; an assignment only
 * from someone who may assign; every pupil one they may pick. A pupil refused
 * or missing is "not found" alike, so the answer does not tell which exist.
 */
export function decideIncidentSubmission(subject: AccessSubject, submission: IncidentSubmission): SubmissionDecision {
  const add = decide(subject, 'incident.add', { schoolId: submission.schoolId, categoryIds: submission.categoryIds });
  if (!add.allowed) return refuse('categories', add.reason);
  if (!submission.linkedCategoryIds.every((ids) => mayAddInAll(subject, ids)))
    return refuse('categories', 'not_allowed');
  if (submission.assigns) {
    const assign = decide(subject, 'incident.assign');
    if (!assign.allowed) return refuse('assign', assign.reason);
  }
  for (const pupil of submission.pupils) {
    if (!pupil || !decide(subject, 'student.pick', pupil).allowed) return refuse('pupil', 'not_found');
  }
  return { allowed: true };
}

/**
 * Whether a member of a group with these (stored) permissions may be chosen
 * as an incident's assignee: key holders, who follow records up.
 */
export function mayBeAssigned(storedGroupPermissions: unknown): boolean {
  return groupMayUseKey(parseSystemPermissions(storedGroupPermissions));
}
