/**
 * Planner events: who sees one and who may change it. Both need `planner.use`
 * (a key holder with the planner permission, using their key). A private
 * event is seen by its creator and the colleagues it is shared with; a public
 * one by everyone who may use the planner. The creator may change their own
 * event; a public event may also be changed by an administrator (using their
 * key), so a departed colleague's public entries can be put right. Shared
 * colleagues only see the event. Anyone else, or another school, is answered
 * as if it did not exist. `plannerEventListCondition` is the viewing rule as
 * SQL, so the calendar lists exactly what may be opened.
 */
import { eq, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { decide } from './decide';
import { allOf, anyOf, isTrue, toSql } from './sql-parts';
import type { AccessDecision, AccessSubject } from './types';

export type PlannerEventAction = 'planner_event.view' | 'planner_event.edit';

export interface PlannerEventResource {
  schoolId: string;
  createdBy: string;
  isPublic: boolean;
  /** The event is shared (live) with the subject. */
  sharedWithSubject: boolean;
  deleted: boolean;
}

export function decidePlannerEvent(
  subject: AccessSubject,
  action: PlannerEventAction,
  event: PlannerEventResource,
): AccessDecision {
  if (event.schoolId !== subject.schoolId || event.deleted) return { allowed: false, reason: 'not_found' };
  const area = decide(subject, 'planner.use');
  if (!area.allowed) return area;
  const own = event.createdBy === subject.userId;
  if (!own && !event.isPublic && !event.sharedWithSubject) return { allowed: false, reason: 'not_found' };
  if (action === 'planner_event.view' || own) return { allowed: true };
  return event.isPublic && decide(subject, 'admin.use').allowed
    ? { allowed: true }
    : { allowed: false, reason: 'not_allowed' };
}

/**
 * The events a person's planner shows: their own, public ones and those shared
 * with them, live, in their school, while they may use the planner.
 * `sharedWithSubject` is the caller's "exists a live share to this person".
 */
export function plannerEventListCondition(
  subject: AccessSubject,
  columns: { schoolId: AnyColumn; createdBy: AnyColumn; isPublic: AnyColumn; deletedAt: AnyColumn },
  sharedWithSubject: (userId: string) => SQL,
): SQL {
  return toSql(
    allOf(
      decide(subject, 'planner.use').allowed,
      eq(columns.schoolId, subject.schoolId),
      sql`${columns.deletedAt} is null`,
      anyOf(eq(columns.createdBy, subject.userId), isTrue(columns.isPublic), sharedWithSubject(subject.userId)),
    ),
  );
}
