/**
 * What every report run shares, whatever its type: the days its dates cover
 * as of the runner's today, and its audit row (`report.run`, or
 * `report.export` with the file's format), which holds the definition and
 * the days, never a count about a pupil or a name.
 */
import 'server-only';
import type { Tx } from '@/db/scoped';
import type { AccessSubject } from '@/lib/access';
import { writeAudit } from '@/lib/audit/write';
import { calendarYears } from '@/lib/calendar/queries';
import type { CalendarYear } from '@/lib/calendar/rule';
import type { UserCtx } from '@/lib/tenancy/context';
import { dateInZone } from '@/lib/time';
import { dayRangeOf, type DayRange } from './date-range';
import type { AnyReportDefinition, ReportDefinition } from './definition';

/**
 * How a run is audited: on screen (`report.run`), or downloaded as a file (`report.export`, with its format);
 * a saved report's run names it, and a pupil's Student report names the pupil.
 */
export type RunAudit = ({ action: 'report.run' } | { action: 'report.export'; format: 'xlsx' | 'pdf' }) & {
  savedReportId?: string;
  studentId?: string;
};

/** The run's audit row: the definition and the days it covered, never a count about a pupil or a name. */
export async function auditRun(
  tx: Tx,
  ctx: UserCtx,
  definition: AnyReportDefinition,
  days: DayRange,
  audit: RunAudit,
): Promise<void> {
  await writeAudit(tx, {
    schoolId: ctx.school.id,
    action: audit.action,
    actorUserId: ctx.user.id,
    meta: ctx.meta,
    entityType: null,
    entityId: null,
    details: {
      ...(audit.savedReportId ? { savedReportId: audit.savedReportId } : {}),
      ...(audit.studentId ? { studentId: audit.studentId } : {}),
      definition,
      from: days.from,
      to: days.to,
      ...(audit.action === 'report.export' ? { format: audit.format } : {}),
    },
  });
}

/**
 * The runner's today in the school's zone, the school's academic years, and
 * the days the definition covers as of that today.
 */
export async function reportCalendar(
  tx: Tx,
  ctx: UserCtx,
  subject: AccessSubject,
  definition: ReportDefinition,
): Promise<{ today: string; years: CalendarYear[]; days: DayRange }> {
  const today = dateInZone(ctx.school.timeZone, subject.now);
  const years = await calendarYears(tx, ctx.school.id);
  return { today, years, days: dayRangeOf(definition.filters.dates, today, years) };
}

/** The days a definition covers, as of the runner's today in the school's zone. */
export async function daysOf(tx: Tx, ctx: UserCtx, subject: AccessSubject, definition: ReportDefinition) {
  return (await reportCalendar(tx, ctx, subject, definition)).days;
}
