/**
 * The pupil profile's Student report: the report engine scoped to one pupil
 * (`studentId`, a condition of incident-query.ts's filterConditions shared by
 * the counts and the listing). Its form is the Custom report's, read by the
 * same parser, offering the groupings that make sense for one pupil (month
 * and year, day of the week, hour, academic year, category, status); shown
 * as a summary table, a chart or the full chronology (a listing).
 *
 * Who may have it: the pupil is one the person may view (`student.view`,
 * decided by lib/students' findPupilFor, the check every profile tab makes,
 * which asks a key holder for their key), and the person may run reports
 * (`reports.run`); the incidents are then those of the engine's
 * `incident.report` condition, as every report's. Runs and downloads are
 * audited like the Custom report's, naming the pupil.
 */
import 'server-only';
import type { Tx } from '@/db/scoped';
import { accessSubjectOf, type AccessSubject } from '@/lib/access';
import { findPupilFor, type PupilBase } from '@/lib/students/access';
import { formatPupilName, type NameStyle } from '@/lib/students/names';
import type { UserCtx } from '@/lib/tenancy/context';
import {
  isSummary,
  maskedStyle,
  runInTx,
  schoolCategories,
  type ReportCategoryOption,
  type ReportRun,
} from './custom-report';
import type { IncidentGrouping } from './definition';
import { checkedPassword, pdfFile, xlsxFile, type ReportFile } from './download';
import { exportIn, ReportFieldsError } from './export';
import { DEFAULT_VALUES, parseCustomReportQuery, type CustomReportForm, type CustomReportValues } from './form';
import { requireReports } from './guard';
import { listingPdfFile, listingXlsxFile, type ListingJob } from './listing-export';
import { isListing, runListingInTx, type ListingRun } from './listing-report';

type Query = Record<string, string | string[] | undefined>;

/** The groupings the tab offers: about when and what, since every incident is the one pupil's. */
export const STUDENT_GROUPINGS = [
  'month',
  'weekday',
  'hour',
  'academic-year',
  'category',
  'parent-category',
  'status',
] as const satisfies readonly IncidentGrouping[];

/** The tab opens on the full chronology, its actions and the pupil's basic data. */
export const STUDENT_DEFAULT_VALUES: CustomReportValues = {
  ...DEFAULT_VALUES,
  primary: 'month',
  display: 'listing',
  include: ['basicData', 'incidents', 'actions'],
};

/** The tab's fields: the Custom report's parser, then only the tab's groupings and no second one. */
export function parseStudentReportQuery(query: Query): CustomReportForm {
  const form = parseCustomReportQuery(query);
  if (!form.submitted) return { ...form, values: STUDENT_DEFAULT_VALUES };
  const d = form.definition;
  if (!d || !isSummary(d)) return form;
  const offered = (by: string) => (STUDENT_GROUPINGS as readonly string[]).includes(by);
  if (offered(d.report.primary.by) && d.report.secondary === null) return form;
  return {
    ...form,
    definition: null,
    fieldErrors: offered(d.report.primary.by)
      ? { secondary: ['A pupil’s report has one grouping.'] }
      : { primary: ['Choose a grouping from the list.'] },
  };
}

export interface StudentReport {
  form: CustomReportForm;
  /** The categories the person's reports may count: the form's choices. */
  categories: ReportCategoryOption[];
  run: ReportRun | null;
  listing: ListingRun | null;
}

/** How the report's lines and files name the pupil: "[Student]" when student names are hidden. */
function pupilName(pupil: PupilBase, form: CustomReportForm, style: NameStyle): string {
  const d = form.definition;
  return d && isListing(d) && d.report.hideStudentNames ? '[Student]' : formatPupilName(pupil, style);
}

/**
 * The tab's report in the profile's transaction, after the pupil was found
 * for `student.view`: the person must run reports, then it is counted or
 * listed under `incident.report`, and audited naming the pupil.
 */
export async function studentReportInTx(
  tx: Tx,
  ctx: UserCtx,
  subject: AccessSubject,
  pupil: PupilBase,
  query: Query,
  style: NameStyle,
): Promise<StudentReport> {
  requireReports(ctx);
  const form = parseStudentReportQuery(query);
  const known = await schoolCategories(tx, subject);
  const base = { form, categories: known.options };
  const d = form.definition;
  const audit = { action: 'report.run', studentId: pupil.id } as const;
  if (d && isListing(d)) {
    const listing = await runListingInTx(tx, ctx, subject, d, style, { audit, studentId: pupil.id });
    return { ...base, run: null, listing };
  }
  if (d && isSummary(d)) {
    const run = await runInTx(tx, ctx, subject, d, known, audit, style, pupil.id);
    return { ...base, run, listing: null };
  }
  return { ...base, run: null, listing: null };
}

/** The form's definition for a file, or the fields' messages (nothing read, nothing audited). */
function definitionFor(query: Query) {
  const form = parseStudentReportQuery(query);
  if (!form.definition) throw new ReportFieldsError(form.fieldErrors);
  return { form, definition: form.definition };
}

function listingJob(ctx: UserCtx, rawId: string, query: Query, style: NameStyle) {
  const { form, definition } = definitionFor(query);
  if (!isListing(definition)) return null;
  return async (tx: Tx, subject: AccessSubject): Promise<ListingJob> => {
    const pupil = await findPupilFor(tx, ctx, subject, rawId, 'student.view');
    return {
      definition,
      title: 'Student report',
      lead: [['Pupil', pupilName(pupil, form, style)]],
      fileStem: 'student-report',
      studentId: pupil.id,
    };
  };
}

async function summaryExport(ctx: UserCtx, rawId: string, query: Query, format: 'xlsx' | 'pdf', style: NameStyle) {
  const { form, definition } = definitionFor(query);
  if (!isSummary(definition)) throw new ReportFieldsError({ display: ['Choose how to show the report.'] });
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const pupil = await findPupilFor(tx, ctx, subject, rawId, 'student.view');
    const named = { id: pupil.id, name: pupilName(pupil, form, style) };
    return exportIn(tx, ctx, subject, definition, format, style, undefined, named);
  });
}

/** The tab's report as Excel (a listing streamed as it is written). */
export async function downloadStudentReportXlsx(
  ctx: UserCtx,
  rawId: string,
  query: Query,
  style: NameStyle = maskedStyle(ctx),
): Promise<ReportFile> {
  requireReports(ctx);
  const job = listingJob(ctx, rawId, query, style);
  if (job) return listingXlsxFile(ctx, style, job);
  return xlsxFile(await summaryExport(ctx, rawId, query, 'xlsx', style));
}

/** The tab's report as a PDF; the password is checked before anything is read. */
export async function downloadStudentReportPdf(
  ctx: UserCtx,
  rawId: string,
  query: Query,
  password: string,
  style: NameStyle = maskedStyle(ctx),
): Promise<ReportFile> {
  requireReports(ctx);
  const checked = checkedPassword(password);
  const job = listingJob(ctx, rawId, query, style);
  if (job) return listingPdfFile(ctx, style, checked, job);
  return pdfFile(ctx, await summaryExport(ctx, rawId, query, 'pdf', style), checked);
}
