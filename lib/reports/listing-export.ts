/**
 * A Listing report (of incidents, or a Students listing of pupils) downloaded as a file: the same guard, form parser and
 * permission-scoped read as the enquiry view (listing-report.ts), audited as
 * `report.export` with its format, every incident written a batch at a
 * time. Excel goes out as it is written (the read runs while the response
 * streams; a failure part-way ends the download with an error rather than a
 * file that looks whole); the PDF is drawn whole, then encrypted when a
 * password is given.
 */
import 'server-only';
import { PassThrough, Readable } from 'node:stream';
import type { Tx } from '@/db/scoped';
import { accessSubjectOf, type AccessSubject } from '@/lib/access';
import { UserError } from '@/lib/errors';
import { loadSchoolLogo } from '@/lib/files/school-files';
import { encryptPdf } from '@/lib/pdf/encrypt';
import type { NameStyle } from '@/lib/students/names';
import type { UserCtx } from '@/lib/tenancy/context';
import { schoolAgencies, schoolCategories, schoolStaff } from './custom-report';
import { filterLines } from './describe';
import { ReportFieldsError } from './export';
import { parseCustomReportQuery } from './form';
import { knownFilters, schoolFieldLabels, withKnownFilters } from './known-filters';
import { requireReports } from './guard';
import { listingPdf, listingXlsx, type ListingFileHead } from './listing-files';
import { exportListingInTx, type ListingDefinition, type ListingSink } from './listing-report';
import type { StudentListingDefinition } from './definition';
import { studentListingColumns } from './student-listing';
import { studentListingLines } from './describe-pupils';
import { exportStudentListingInTx, studentQueryInput } from './student-listing-report';
import { studentFilterLines } from './students-export';
import { XLSX_TYPE, type ReportFile } from './report-file';
import { daysOf } from './run-parts';
import { savedReportToRun } from './saved-reports';

type Query = Record<string, string | string[] | undefined>;

/** The query asks for a listing (whether or not its fields are valid, the listing's path answers it). */
export function asksForListing(query: Query): boolean {
  const display = Array.isArray(query.display) ? query.display[0] : query.display;
  return display === 'listing';
}

function definitionOf(query: Query): ListingDefinition | StudentListingDefinition {
  const form = parseCustomReportQuery(query);
  const definition = form.definition ?? form.studentDefinition;
  if (!definition) throw new ReportFieldsError(form.fieldErrors);
  if (definition.report.type !== 'listing')
    throw new ReportFieldsError({ display: ['Choose Listing to download one.'] });
  return definition as ListingDefinition | StudentListingDefinition;
}

/** What one listing file is: its definition (of incidents, or of pupils), and where it came from (a saved report, one pupil). */
export interface ListingJob {
  definition: ListingDefinition | StudentListingDefinition;
  /** The file's heading, and lines said before the filters. */
  title: string;
  lead: [label: string, value: string][];
  /** The start of the file's name, before its day. */
  fileStem: string;
  savedReportId?: string;
  studentId?: string;
}

/**
 * The job, read in the caller's transaction (a saved report is looked up
 * as its permission says), with the file's head in words.
 */
type JobOf = (tx: Tx, subject: AccessSubject) => Promise<ListingJob>;

async function headOf(
  ctx: UserCtx,
  subject: AccessSubject,
  jobOf: JobOf,
): Promise<{ job: ListingJob; head: ListingFileHead }> {
  return ctx.run(async (tx) => {
    const job = await jobOf(tx, subject);
    const { definition } = job;
    const common = {
      title: job.title,
      schoolName: ctx.school.name,
      timeZone: ctx.school.timeZone,
      generatedBy: ctx.user.displayName,
      generatedAt: subject.now,
    };
    if (definition.subject === 'students') {
      const { days } = await studentQueryInput(tx, ctx, subject, definition.filters);
      const { report } = definition;
      const head: ListingFileHead = {
        ...common,
        filters: [
          ...job.lead,
          ...(await studentFilterLines(tx, ctx, subject, definition, days)),
          ...studentListingLines(report),
        ],
        include: { basicData: report.include.basicData, incidents: false, actions: false, customFields: false },
        pupils: { columns: studentListingColumns(report) },
      };
      return { job, head };
    }
    const known = await schoolCategories(tx, subject);
    const staff = await schoolStaff(tx, ctx.school.id);
    const agencyNames = new Map((await schoolAgencies(tx, ctx.school.id)).map((x) => [x.id, x.name]));
    const days = await daysOf(tx, ctx, subject, definition);
    const head: ListingFileHead = {
      ...common,
      filters: [
        ...job.lead,
        ...filterLines({
          definition,
          days,
          table: null,
          categoryNames: new Map(known.options.map((c) => [c.id, c.name])),
          staffNames: new Map(staff.map((s) => [s.id, s.name])),
          agencyNames,
          fieldLabels: schoolFieldLabels(ctx),
        }),
      ],
      include: definition.report.include,
      ...(definition.report.basicDataFields ? { basicDataFields: definition.report.basicDataFields } : {}),
    };
    return { job, head };
  });
}

/** Every card of the job's listing, a batch at a time, into `sink`, audited in the same transaction. */
function exportJobInTx(
  tx: Tx,
  ctx: UserCtx,
  subject: AccessSubject,
  job: ListingJob,
  style: NameStyle,
  format: 'xlsx' | 'pdf',
  sink: ListingSink,
): Promise<void> {
  const audit = exportAudit(job, format);
  const { definition } = job;
  return definition.subject === 'students'
    ? exportStudentListingInTx(tx, ctx, subject, definition, style, audit, sink)
    : exportListingInTx(tx, ctx, subject, definition, style, audit, sink, job.studentId);
}

const fileName = (job: ListingJob, head: ListingFileHead, ext: 'xlsx' | 'pdf') =>
  `${job.fileStem}-${new Intl.DateTimeFormat('en-CA', { timeZone: head.timeZone }).format(head.generatedAt)}.${ext}`;

const exportAudit = (job: ListingJob, format: 'xlsx' | 'pdf') =>
  ({
    action: 'report.export',
    format,
    ...(job.savedReportId ? { savedReportId: job.savedReportId } : {}),
    ...(job.studentId ? { studentId: job.studentId } : {}),
  }) as const;

/**
 * A listing as Excel, streamed as it is written. The caller has decided who
 * may have it; `jobOf` reads what it is.
 */
export async function listingXlsxFile(ctx: UserCtx, style: NameStyle, jobOf: JobOf): Promise<ReportFile> {
  const subject = await accessSubjectOf(ctx);
  const { job, head } = await headOf(ctx, subject, jobOf);
  const out = new PassThrough();
  const sink = listingXlsx(head, out);
  ctx
    .run((tx) => exportJobInTx(tx, ctx, subject, job, style, 'xlsx', sink))
    .then(() => sink.done())
    .catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))));
  return {
    filename: fileName(job, head, 'xlsx'),
    contentType: XLSX_TYPE,
    body: Readable.toWeb(out) as ReadableStream<Uint8Array>,
  };
}

/** A listing as a PDF; `password` has been checked by the caller (pdf-password.ts); empty: no encryption. */
export async function listingPdfFile(
  ctx: UserCtx,
  style: NameStyle,
  password: string,
  jobOf: JobOf,
): Promise<ReportFile> {
  const subject = await accessSubjectOf(ctx);
  const { job, head } = await headOf(ctx, subject, jobOf);
  const logo = (await loadSchoolLogo(ctx))?.bytes ?? null;
  const sink = await listingPdf(head, logo);
  await ctx.run((tx) => exportJobInTx(tx, ctx, subject, job, style, 'pdf', sink));
  const pdf = await sink.done();
  return {
    filename: fileName(job, head, 'pdf'),
    contentType: 'application/pdf',
    body: password === '' ? pdf : await encryptPdf(pdf, password),
  };
}

/** The Custom report's fields as a listing job. */
function customJob(ctx: UserCtx, query: Query): JobOf {
  const definition = definitionOf(query);
  return async (tx, subject) => {
    const known = withKnownFilters(parseCustomReportQuery(query), await knownFilters(tx, ctx, subject));
    if (!known.definition && !known.studentDefinition) throw new ReportFieldsError(known.fieldErrors);
    return definition.subject === 'students'
      ? { definition, title: 'Pupil listing', lead: [], fileStem: 'pupil-listing' }
      : { definition, title: 'Incident listing', lead: [], fileStem: 'incident-listing' };
  };
}

/**
 * A saved listing, regenerated as the person downloading it may see it: a
 * report they may not run is not found, and nothing is read or audited.
 */
function savedJob(ctx: UserCtx, reportId: string, now: Date): JobOf {
  return async (tx, subject) => {
    const { report, definition } = await savedReportToRun(tx, ctx, subject, reportId, now);
    if (definition.report.type !== 'listing') throw new UserError('This saved report is not a listing.');
    const pupils = definition.subject === 'students';
    return {
      definition: definition as ListingDefinition | StudentListingDefinition,
      title: report.title,
      lead: [
        ['Saved report', `Saved by ${report.ownerName}; regenerated from today’s records`],
        ['Report', pupils ? 'Pupil listing' : 'Incident listing'],
      ],
      fileStem: pupils ? 'pupil-listing' : 'incident-listing',
      savedReportId: report.id,
    };
  };
}

export async function downloadListingXlsx(ctx: UserCtx, query: Query, style: NameStyle): Promise<ReportFile> {
  requireReports(ctx);
  return listingXlsxFile(ctx, style, customJob(ctx, query));
}

/** `password` has been checked by the caller (pdf-password.ts); empty: no encryption. */
export async function downloadListingPdf(
  ctx: UserCtx,
  query: Query,
  style: NameStyle,
  password: string,
): Promise<ReportFile> {
  requireReports(ctx);
  return listingPdfFile(ctx, style, password, customJob(ctx, query));
}

export async function downloadSavedListingXlsx(
  ctx: UserCtx,
  reportId: string,
  style: NameStyle,
  now = new Date(),
): Promise<ReportFile> {
  requireReports(ctx);
  return listingXlsxFile(ctx, style, savedJob(ctx, reportId, now));
}

export async function downloadSavedListingPdf(
  ctx: UserCtx,
  reportId: string,
  style: NameStyle,
  password: string,
  now = new Date(),
): Promise<ReportFile> {
  requireReports(ctx);
  return listingPdfFile(ctx, style, password, savedJob(ctx, reportId, now));
}
