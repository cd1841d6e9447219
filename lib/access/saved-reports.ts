/**
 * Saved reports (Reporting → Saved reports): who may run a stored report
 * definition and who may change it. Both need `reports.run` (a key holder
 * using their key). The owner may do anything to their own report; another
 * such person may only run one the owner has published, and then sees only
 * their own rows, because running is the report engine's `incident.report`
 * condition for whoever runs it. Someone else's unpublished report, or
 * another school's, is answered as missing. `savedReportListCondition` is the
 * same rule as SQL for the list, so a report appears exactly where it may be
 * run.
 */
import { eq, type AnyColumn, type SQL } from 'drizzle-orm';
import { decide } from './decide';
import { allOf, anyOf, isTrue, toSql } from './sql-parts';
import type { AccessDecision, AccessSubject } from './types';

/** Run it ("Regenerate"), or change it (publish, unpublish, change expiry, delete). */
export type SavedReportAction = 'saved_report.run' | 'saved_report.manage';

export interface SavedReportResource {
  schoolId: string;
  ownerId: string;
  published: boolean;
}

export function decideSavedReport(
  subject: AccessSubject,
  action: SavedReportAction,
  report: SavedReportResource,
): AccessDecision {
  if (report.schoolId !== subject.schoolId) return { allowed: false, reason: 'not_found' };
  const area = decide(subject, 'reports.run');
  if (!area.allowed) return area;
  if (report.ownerId === subject.userId) return { allowed: true };
  if (!report.published) return { allowed: false, reason: 'not_found' };
  return action === 'saved_report.run' ? { allowed: true } : { allowed: false, reason: 'not_allowed' };
}

/** The saved reports a person may run: their own and published ones, in their school, while they may run reports. */
export function savedReportListCondition(
  subject: AccessSubject,
  columns: { schoolId: AnyColumn; ownerId: AnyColumn; published: AnyColumn },
): SQL {
  return toSql(
    allOf(
      decide(subject, 'reports.run').allowed,
      eq(columns.schoolId, subject.schoolId),
      anyOf(eq(columns.ownerId, subject.userId), isTrue(columns.published)),
    ),
  );
}
