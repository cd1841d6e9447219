/**
 * A report downloaded as a file (Excel, PDF): the Custom report's fields, or
 * a saved report regenerated as the person downloading it. Either way the
 * same guard and the same permission-scoped statement as the enquiry view
 * (`runInTx`), so a file never holds a count the page would not show. The
 * run is audited as `report.export` with its format (and the saved report's
 * id), in the transaction that counts. The renderers (render-xlsx.ts,
 * render-pdf.ts) only draw what this returns.
 */
import 'server-only';
import type { Tx } from '@/db/scoped';
import { accessSubjectOf, type AccessSubject } from '@/lib/access';
import { UserError } from '@/lib/errors';
import type { NameStyle } from '@/lib/students/names';
import type { UserCtx } from '@/lib/tenancy/context';
import {
  dropdownGroupings,
  isSummary,
  LISTING_NOT_COUNTED,
  runInTx,
  schoolAgencies,
  schoolCategories,
  schoolStaff,
  withKnownFields,
  type SummaryDefinition,
} from './custom-report';
import { filterLines, reportTitle } from './describe';
import { parseCustomReportQuery, type CustomReportErrors } from './form';
import { requireReports } from './guard';
import { exportStudentsIn } from './students-export';
import { isStudentListing, isStudentSummary } from './definition';
import type { ExportFormat, ReportExport } from './export-types';
import { withKnownPupilGroupings } from './custom-report';
import { knownFilters, schoolFieldLabels, withKnownFilters } from './known-filters';
import { savedReportToRun } from './saved-reports';

export type { ExportFormat, ReportExport } from './export-types';

/** The report's fields were not valid: the file is not made, and the page shows the messages. */
export class ReportFieldsError extends UserError {
  constructor(fieldErrors: CustomReportErrors) {
    super(
      'Correct the report’s fields on the Custom report page, then download it again.',
      Object.fromEntries(Object.entries(fieldErrors).filter((e): e is [string, string[]] => e[1] !== undefined)),
    );
  }
}

/** One pupil's report (the pupil profile's Student report): their id, and how the file names them. */
export interface ExportPupil {
  id: string;
  name: string;
}

/** Counts, audits and describes one definition in the caller's transaction. */
export async function exportIn(
  tx: Tx,
  ctx: UserCtx,
  subject: AccessSubject,
  definition: SummaryDefinition,
  format: ExportFormat,
  style: NameStyle | undefined,
  saved?: { id: string; title: string; ownerName: string },
  pupil?: ExportPupil,
): Promise<ReportExport> {
  const known = await schoolCategories(tx, subject);
  const staff = await schoolStaff(tx, ctx.school.id);
  const agencyNames = new Map((await schoolAgencies(tx, ctx.school.id)).map((x) => [x.id, x.name]));
  const run = await runInTx(
    tx,
    ctx,
    subject,
    definition,
    known,
    {
      action: 'report.export',
      format,
      ...(saved ? { savedReportId: saved.id } : {}),
      ...(pupil ? { studentId: pupil.id } : {}),
    },
    style,
    pupil?.id,
  );
  const filters = filterLines({
    definition,
    days: run.days,
    table: run.table,
    categoryNames: new Map(known.options.map((c) => [c.id, c.name])),
    staffNames: new Map(staff.map((s) => [s.id, s.name])),
    agencyNames,
    fieldLabels: schoolFieldLabels(ctx),
  });
  return {
    run,
    // A saved report is headed by its own title; what it counts follows among the filters.
    title: saved ? saved.title : reportTitle(run.table, { type: run.definition.report.type }),
    filters: saved
      ? [
          ['Saved report', `Saved by ${saved.ownerName}; regenerated from today’s records`],
          ['Report', reportTitle(run.table, { type: run.definition.report.type })],
          ...filters,
        ]
      : pupil
        ? [['Pupil', pupil.name], ...filters]
        : filters,
    schoolName: ctx.school.name,
    timeZone: ctx.school.timeZone,
    generatedBy: ctx.user.displayName,
    generatedAt: subject.now,
  };
}

/** Decides, counts and audits a download; the query is the Custom report form's fields. */
export async function prepareReportExport(
  ctx: UserCtx,
  query: Record<string, string | string[] | undefined>,
  format: ExportFormat,
  style?: NameStyle,
): Promise<ReportExport> {
  requireReports(ctx);
  const parsed = withKnownFields(parseCustomReportQuery(query), dropdownGroupings(ctx));
  if (!parsed.definition && !parsed.studentDefinition) throw new ReportFieldsError(parsed.fieldErrors);
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const form = withKnownPupilGroupings(ctx, withKnownFilters(parsed, await knownFilters(tx, ctx, subject)));
    const sd = form.studentDefinition;
    // A listing's files are written by listing-export.ts, which download.ts sends it to.
    if (sd && isStudentListing(sd)) throw new ReportFieldsError({ display: ['Download a listing from its own page.'] });
    if (sd && isStudentSummary(sd)) return exportStudentsIn(tx, ctx, subject, sd, format);
    if (!form.definition) throw new ReportFieldsError(form.fieldErrors);
    const definition = form.definition;
    // A listing's files are written by listing-export.ts, which download.ts sends it to.
    if (!isSummary(definition)) throw new ReportFieldsError({ display: ['Download a listing from its own page.'] });
    return exportIn(tx, ctx, subject, definition, format, style);
  });
}

/**
 * A saved report regenerated as a file, as the person downloading it may see
 * it (their categories, their classes, today's "this term"). A report they
 * may not run (another school's, a colleague's unpublished one, an expired
 * or deleted one) is not found, and nothing is counted or audited.
 */
export async function prepareSavedReportExport(
  ctx: UserCtx,
  reportId: string,
  format: ExportFormat,
  style?: NameStyle,
  now = new Date(),
): Promise<ReportExport> {
  requireReports(ctx);
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const { report, definition } = await savedReportToRun(tx, ctx, subject, reportId, now);
    if (definition.subject === 'students') {
      if (!isStudentSummary(definition)) throw new UserError(LISTING_NOT_COUNTED);
      return exportStudentsIn(tx, ctx, subject, definition, format, report);
    }
    if (!isSummary(definition)) throw new UserError(LISTING_NOT_COUNTED);
    return exportIn(tx, ctx, subject, definition, format, style, report);
  });
}

/** A neutral file name: the report's kind and the day, never a pupil's, a category's or a saved title's words. */
export function exportFileName(exp: ReportExport, format: ExportFormat): string {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: exp.timeZone }).format(exp.generatedAt);
  return `${exp.run.definition.subject === 'students' ? 'pupil' : 'incident'}-report-${day}.${format}`;
}
