/**
 * A Students report as a file (Excel, PDF): counted, audited
 * (`report.export`) and described in the caller's transaction, through the
 * same renderers as an incident summary (render-xlsx.ts, render-pdf.ts draw
 * `run.table` and `run.chart`). The head lists the pupil filters and, with
 * "students with incidents matching", the incident filters in words.
 */
import 'server-only';
import type { Tx } from '@/db/scoped';
import type { AccessSubject } from '@/lib/access';
import type { UserCtx } from '@/lib/tenancy/context';
import { schoolAgencies, schoolCategories, schoolStaff } from './custom-report';
import type { DayRange } from './date-range';
import type { StudentReportDefinition, StudentSummaryDefinition } from './definition';
import { pupilFilterLines } from './describe-pupils';
import { filterLines, reportTitle } from './describe';
import type { ExportFormat, ReportExport } from './export-types';
import { schoolFieldLabels } from './known-filters';
import { runStudentsInTx } from './students-report';

/**
 * Which pupils a Students report holds, in words: the pupil filters and,
 * with "students with incidents matching", the incident filters (a category
 * id the runner cannot see is mentioned, never named).
 */
export async function studentFilterLines(
  tx: Tx,
  ctx: UserCtx,
  subject: AccessSubject,
  definition: StudentReportDefinition,
  days: DayRange,
): Promise<[string, string][]> {
  const known = await schoolCategories(tx, subject);
  const categoryNames = new Map(known.options.map((c) => [c.id, c.name]));
  const fields = schoolFieldLabels(ctx);
  const incidents = definition.filters.incidents;
  const incidentLines = incidents
    ? filterLines({
        definition: {
          version: definition.version,
          subject: 'incidents',
          filters: incidents,
          report: { type: 'summary-table', primary: { by: 'category' }, secondary: null },
        },
        days,
        table: null,
        categoryNames,
        staffNames: new Map((await schoolStaff(tx, ctx.school.id)).map((s) => [s.id, s.name])),
        agencyNames: new Map((await schoolAgencies(tx, ctx.school.id)).map((x) => [x.id, x.name])),
        fieldLabels: fields,
      }).map(([label, value]): [string, string] => [`Incidents: ${label.toLowerCase()}`, value])
    : [];
  return [
    [
      'Pupils',
      incidents
        ? 'With at least one incident you may see matching the incident filters'
        : 'Every pupil you may see matching the pupil filters',
    ],
    ...pupilFilterLines(definition.filters.pupils, { categories: categoryNames, fields }),
    ...incidentLines,
  ];
}

export async function exportStudentsIn(
  tx: Tx,
  ctx: UserCtx,
  subject: AccessSubject,
  definition: StudentSummaryDefinition,
  format: ExportFormat,
  saved?: { id: string; title: string; ownerName: string },
): Promise<ReportExport> {
  const run = await runStudentsInTx(tx, ctx, subject, definition, {
    action: 'report.export',
    format,
    ...(saved ? { savedReportId: saved.id } : {}),
  });
  const title = reportTitle(run.table, { subject: 'students', type: definition.report.type });
  const { primary, secondary } = run.table;
  const filters: [string, string][] = [
    ...(await studentFilterLines(tx, ctx, subject, definition, run.days)),
    [
      'Grouped by',
      !secondary
        ? primary.label
        : definition.report.type === 'combined-graph'
          ? `${primary.label} as columns, a line per ${secondary.label.toLowerCase()}`
          : `${primary.label}, then ${secondary.label.toLowerCase()}`,
    ],
  ];
  return {
    run,
    title: saved ? saved.title : title,
    filters: saved
      ? [
          ['Saved report', `Saved by ${saved.ownerName}; regenerated from today’s records`],
          ['Report', title],
          ...filters,
        ]
      : filters,
    schoolName: ctx.school.name,
    timeZone: ctx.school.timeZone,
    generatedBy: ctx.user.displayName,
    generatedAt: subject.now,
  };
}
