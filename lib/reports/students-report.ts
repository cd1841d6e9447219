/**
 * Reporting on Students: the pupils the runner may list that match the pupil
 * filters (and, when asked, have an incident the runner may count matching
 * the incident filters), counted per group in the database
 * (./student-query.ts) and laid out as an incident report's summary is
 * (./summary-table.ts), so the enquiry view, the chart, the PDF and the
 * Excel file draw it unchanged. Decided, counted and audited in the caller's
 * transaction; the audit row holds the definition, never a pupil.
 */
import 'server-only';
import type { Tx } from '@/db/scoped';
import type { AccessSubject } from '@/lib/access';
import { calendarYears } from '@/lib/calendar/queries';
import { customFieldsOf } from '@/lib/settings/form-definition';
import type { UserCtx } from '@/lib/tenancy/context';
import { dateInZone } from '@/lib/time';
import { combinedChartData, summaryChartData, type ChartSpec } from './chart-data';
import { dayRangeOf, type DayRange } from './date-range';
import {
  customFieldIdOf,
  isCustomFieldGrouping,
  type ReportGrouping,
  type StudentReportDefinition,
  type StudentSummaryDefinition,
} from './definition';
import { auditRun, type RunAudit } from './run-parts';
import { countStudents } from './student-query';
import { buildSummaryTable, type SummaryTable } from './summary-table';

export interface StudentsRun {
  definition: StudentSummaryDefinition;
  /** The incident filters' days ("students with incidents matching"); both null without them. */
  days: DayRange;
  table: SummaryTable;
  chart: ChartSpec | null;
}

/** The pupil form's dropdown fields as groupings of a Students report (deleted ones too: values stay). */
export function pupilFieldGroupings(ctx: UserCtx): { by: `custom-field:${string}`; label: string; deleted: boolean }[] {
  return customFieldsOf(ctx.school.settings.studentForm)
    .filter((f) => f.kind === 'dropdown')
    .map((f) => ({ by: `custom-field:${f.id}` as const, label: f.label, deleted: f.retired }));
}

/** A custom-field grouping the pupil form never had: the grouping's field, or null. */
export function unknownPupilGrouping(ctx: UserCtx, d: StudentReportDefinition): 'primary' | 'secondary' | null {
  // A listing has no groupings.
  if (d.report.type === 'listing') return null;
  const known = new Set<string>(pupilFieldGroupings(ctx).map((g) => g.by));
  const bad = (by: ReportGrouping | undefined) => by !== undefined && isCustomFieldGrouping(by) && !known.has(by);
  if (bad(d.report.primary.by)) return 'primary';
  if (bad(d.report.secondary?.by)) return 'secondary';
  return null;
}

export async function runStudentsInTx(
  tx: Tx,
  ctx: UserCtx,
  subject: AccessSubject,
  definition: StudentSummaryDefinition,
  audit: RunAudit = { action: 'report.run' },
): Promise<StudentsRun> {
  const { school } = ctx;
  const today = dateInZone(school.timeZone, subject.now);
  const incidentsFilter = definition.filters.incidents;
  const days = incidentsFilter
    ? dayRangeOf(incidentsFilter.dates, today, await calendarYears(tx, school.id))
    : { from: null, to: null };
  const { primary, secondary } = definition.report;
  const counts = await countStudents(
    tx,
    subject,
    {
      filters: definition.filters,
      days,
      today,
      timeZone: school.timeZone,
      includeTraining: school.settings.trainingMode,
    },
    primary.by,
    secondary?.by ?? null,
  );
  await auditRun(tx, ctx, definition, days, audit);
  const fields = new Map(customFieldsOf(school.settings.studentForm).map((f) => [f.id, f.label]));
  const table = buildSummaryTable(counts, primary.by, secondary?.by ?? null, [], {
    customField: (by) => fields.get(customFieldIdOf(by)) ?? 'A pupil field no longer on the form',
  });
  const { report } = definition;
  const chart =
    report.type === 'summary-chart'
      ? summaryChartData(table, report, () => null)
      : report.type === 'combined-graph'
        ? combinedChartData(table, report.values, () => null, 'pupils')
        : null;
  return { definition, days, table, chart };
}
