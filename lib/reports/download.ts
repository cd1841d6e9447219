/**
 * A report's downloads, as the routes serve them (the Custom report's fields,
 * or a saved report by its id): Excel streamed as it is written, PDF drawn
 * whole (a report's table is small) and, with a password, encrypted before a
 * byte leaves. Each is decided, counted and audited by export.ts first; a
 * refusal, a bad field or a bad password makes no file and writes no audit
 * row.
 */
import 'server-only';
import { PassThrough, Readable } from 'node:stream';
import { UserError } from '@/lib/errors';
import { loadSchoolLogo } from '@/lib/files/school-files';
import { encryptPdf } from '@/lib/pdf/encrypt';
import type { NameStyle } from '@/lib/students/names';
import type { UserCtx } from '@/lib/tenancy/context';
import { maskedStyle } from './custom-report';
import { exportFileName, prepareReportExport, prepareSavedReportExport, type ReportExport } from './export';
import {
  asksForListing,
  downloadListingPdf,
  downloadListingXlsx,
  downloadSavedListingPdf,
  downloadSavedListingXlsx,
} from './listing-export';
import { savedReportIsListing } from './saved-reports';
import { pdfPassword } from './pdf-password';
import { reportPdf } from './render-pdf';
import { XLSX_TYPE, type ReportFile } from './report-file';
import { writeReportXlsx } from './render-xlsx';

type Query = Record<string, string | string[] | undefined>;

export { XLSX_TYPE, type ReportFile } from './report-file';

export function xlsxFile(exp: ReportExport): ReportFile {
  const out = new PassThrough();
  // A failure part-way ends the download with an error rather than a truncated file that looks whole.
  writeReportXlsx(exp, out).catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))));
  return {
    filename: exportFileName(exp, 'xlsx'),
    contentType: XLSX_TYPE,
    body: Readable.toWeb(out) as ReadableStream<Uint8Array>,
  };
}

/** The password is checked before anything is counted: a bad one makes no file and no audit row. */
export function checkedPassword(password: string): string {
  const checked = pdfPassword.safeParse(password);
  if (!checked.success)
    throw new UserError(checked.error.issues[0]!.message, {
      pdfPassword: checked.error.issues.map((i) => i.message),
    });
  return checked.data;
}

export async function pdfFile(ctx: UserCtx, exp: ReportExport, password: string): Promise<ReportFile> {
  const logo = (await loadSchoolLogo(ctx))?.bytes ?? null;
  const pdf = await reportPdf(exp, logo);
  return {
    filename: exportFileName(exp, 'pdf'),
    contentType: 'application/pdf',
    body: password === '' ? pdf : await encryptPdf(pdf, password),
  };
}

/** `style` is the viewer's name style, for a listing's pupils or a report grouped by pupil (hide names applies). */
export async function downloadReportXlsx(ctx: UserCtx, query: Query, style?: NameStyle): Promise<ReportFile> {
  if (asksForListing(query)) return downloadListingXlsx(ctx, query, style ?? maskedStyle(ctx));
  return xlsxFile(await prepareReportExport(ctx, query, 'xlsx', style));
}

export async function downloadReportPdf(
  ctx: UserCtx,
  query: Query,
  password: string,
  style?: NameStyle,
): Promise<ReportFile> {
  const checked = checkedPassword(password);
  if (asksForListing(query)) return downloadListingPdf(ctx, query, style ?? maskedStyle(ctx), checked);
  return pdfFile(ctx, await prepareReportExport(ctx, query, 'pdf', style), checked);
}

/** A saved report regenerated now, as the person downloading it may see it. */
export async function downloadSavedReportXlsx(ctx: UserCtx, reportId: string, style?: NameStyle): Promise<ReportFile> {
  if (await savedReportIsListing(ctx, reportId))
    return downloadSavedListingXlsx(ctx, reportId, style ?? maskedStyle(ctx));
  return xlsxFile(await prepareSavedReportExport(ctx, reportId, 'xlsx', style));
}

export async function downloadSavedReportPdf(
  ctx: UserCtx,
  reportId: string,
  password: string,
  style?: NameStyle,
): Promise<ReportFile> {
  const checked = checkedPassword(password);
  if (await savedReportIsListing(ctx, reportId))
    return downloadSavedListingPdf(ctx, reportId, style ?? maskedStyle(ctx), checked);
  return pdfFile(ctx, await prepareSavedReportExport(ctx, reportId, 'pdf', style), checked);
}
