/**
 * A Listing report downloaded as a file: the same guard, form parser and
 * permission-scoped read as the enquiry view (listing-report.ts), audited as
 * `report.export` with its format, every incident written a batch at a
 * time. Excel goes out as it is written (the read runs while the response
 * streams; a failure part-way ends the download with an error rather than a
 * file that looks whole); the PDF is drawn whole, then encrypted when a
 * password is given.
 */
import 'server-only';
import { PassThrough, Readable } from 'node:stream';
import { accessSubjectOf } from '@/lib/access';
import { loadSchoolLogo } from '@/lib/files/school-files';
import { encryptPdf } from '@/lib/pdf/encrypt';
import type { NameStyle } from '@/lib/students/names';
import type { UserCtx } from '@/lib/tenancy/context';
import { schoolCategories, schoolStaff } from './custom-report';
import { filterLines } from './describe';
import { ReportFieldsError } from './export';
import { parseCustomReportQuery } from './form';
import { requireReports } from './guard';
import { listingPdf, listingXlsx, type ListingFileHead } from './listing-files';
import { exportListingInTx, isListing, type ListingDefinition } from './listing-report';
import { daysOf } from './run-parts';

type Query = Record<string, string | string[] | undefined>;

/** As download.ts's ReportFile (not imported: download.ts imports this module). */
interface ReportFile {
  filename: string;
  contentType: string;
  body: ReadableStream<Uint8Array> | Uint8Array;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The query asks for a listing (whether or not its fields are valid, the listing's path answers it). */
export function asksForListing(query: Query): boolean {
  const display = Array.isArray(query.display) ? query.display[0] : query.display;
  return display === 'listing';
}

function definitionOf(query: Query): ListingDefinition {
  const form = parseCustomReportQuery(query);
  if (!form.definition) throw new ReportFieldsError(form.fieldErrors);
  if (!isListing(form.definition)) throw new ReportFieldsError({ display: ['Choose Listing to download one.'] });
  return form.definition;
}

async function headOf(ctx: UserCtx, definition: ListingDefinition): Promise<ListingFileHead> {
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const known = await schoolCategories(tx, subject);
    const staff = await schoolStaff(tx, ctx.school.id);
    const days = await daysOf(tx, ctx, subject, definition);
    return {
      title: 'Incident listing',
      schoolName: ctx.school.name,
      timeZone: ctx.school.timeZone,
      filters: filterLines({
        definition,
        days,
        table: null,
        categoryNames: new Map(known.options.map((c) => [c.id, c.name])),
        staffNames: new Map(staff.map((s) => [s.id, s.name])),
      }),
      generatedBy: ctx.user.displayName,
      generatedAt: subject.now,
      include: definition.report.include,
    };
  });
}

const fileName = (head: ListingFileHead, ext: 'xlsx' | 'pdf') =>
  `incident-listing-${new Intl.DateTimeFormat('en-CA', { timeZone: head.timeZone }).format(head.generatedAt)}.${ext}`;

export async function downloadListingXlsx(ctx: UserCtx, query: Query, style: NameStyle): Promise<ReportFile> {
  requireReports(ctx);
  const definition = definitionOf(query);
  const head = await headOf(ctx, definition);
  const subject = await accessSubjectOf(ctx);
  const out = new PassThrough();
  const sink = listingXlsx(head, out);
  ctx
    .run((tx) => exportListingInTx(tx, ctx, subject, definition, style, 'xlsx', sink))
    .then(() => sink.done())
    .catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))));
  return {
    filename: fileName(head, 'xlsx'),
    contentType: XLSX,
    body: Readable.toWeb(out) as ReadableStream<Uint8Array>,
  };
}

/** `password` has been checked by the caller (pdf-password.ts); empty: no encryption. */
export async function downloadListingPdf(
  ctx: UserCtx,
  query: Query,
  style: NameStyle,
  password: string,
): Promise<ReportFile> {
  requireReports(ctx);
  const definition = definitionOf(query);
  const head = await headOf(ctx, definition);
  const subject = await accessSubjectOf(ctx);
  const logo = (await loadSchoolLogo(ctx))?.bytes ?? null;
  const sink = await listingPdf(head, logo);
  await ctx.run((tx) => exportListingInTx(tx, ctx, subject, definition, style, 'pdf', sink));
  const pdf = await sink.done();
  return {
    filename: fileName(head, 'pdf'),
    contentType: 'application/pdf',
    body: password === '' ? pdf : await encryptPdf(pdf, password),
  };
}
