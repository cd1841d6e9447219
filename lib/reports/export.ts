/**
 * A Custom report downloaded as a file (Excel, PDF): the same guard, the same
 * form parser and the same permission-scoped statement as the enquiry view,
 * so a file never holds a count the page would not show. The run is audited
 * as `report.export` with its format, in the transaction that counts.
 * The renderers (render-xlsx.ts, render-pdf.ts) only draw what this returns.
 */
import 'server-only';
import { accessSubjectOf } from '@/lib/access';
import { UserError } from '@/lib/errors';
import type { UserCtx } from '@/lib/tenancy/context';
import { isSummary, runInTx, schoolCategories, schoolStaff, type ReportRun } from './custom-report';
import { filterLines, reportTitle } from './describe';
import { parseCustomReportQuery, type CustomReportErrors } from './form';
import { requireReports } from './guard';

export type ExportFormat = 'xlsx' | 'pdf';

export interface ReportExport {
  run: ReportRun;
  title: string;
  filters: [label: string, value: string][];
  schoolName: string;
  timeZone: string;
  generatedBy: string;
  generatedAt: Date;
}

/** The report's fields were not valid: the file is not made, and the page shows the messages. */
export class ReportFieldsError extends UserError {
  constructor(fieldErrors: CustomReportErrors) {
    super(
      'Correct the report’s fields on the Custom report page, then download it again.',
      Object.fromEntries(Object.entries(fieldErrors).filter((e): e is [string, string[]] => e[1] !== undefined)),
    );
  }
}

/** Decides, counts and audits a download; the query is the Custom report form's fields. */
export async function prepareReportExport(
  ctx: UserCtx,
  query: Record<string, string | string[] | undefined>,
  format: ExportFormat,
): Promise<ReportExport> {
  requireReports(ctx);
  const form = parseCustomReportQuery(query);
  if (!form.definition) throw new ReportFieldsError(form.fieldErrors);
  const definition = form.definition;
  // A listing's files are written by listing-export.ts, which download.ts sends it to.
  if (!isSummary(definition)) throw new ReportFieldsError({ display: ['Download a listing from its own page.'] });
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const known = await schoolCategories(tx, subject);
    const { options } = known;
    const staff = await schoolStaff(tx, ctx.school.id);
    const run = await runInTx(tx, ctx, subject, definition, known, { action: 'report.export', format });
    return {
      run,
      title: reportTitle(run.table),
      filters: filterLines({
        definition,
        days: run.days,
        table: run.table,
        categoryNames: new Map(options.map((c) => [c.id, c.name])),
        staffNames: new Map(staff.map((s) => [s.id, s.name])),
      }),
      schoolName: ctx.school.name,
      timeZone: ctx.school.timeZone,
      generatedBy: ctx.user.displayName,
      generatedAt: subject.now,
    };
  });
}

/** A neutral file name: the report's kind and the day, never a pupil's or a category's name. */
export function exportFileName(exp: ReportExport, format: ExportFormat): string {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: exp.timeZone }).format(exp.generatedAt);
  return `incident-report-${day}.${format}`;
}
