/**
 * The Custom report's downloads, as the routes serve them: Excel streamed as
 * it is written, PDF drawn whole (a report's table is small) and, with a
 * password, encrypted before a byte leaves. Each is decided, counted and
 * audited by export.ts first; a refusal or a bad field makes no file and
 * writes no audit row.
 */
import 'server-only';
import { PassThrough, Readable } from 'node:stream';
import { UserError } from '@/lib/errors';
import { loadSchoolLogo } from '@/lib/files/school-files';
import { encryptPdf } from '@/lib/pdf/encrypt';
import type { UserCtx } from '@/lib/tenancy/context';
import type { NameStyle } from '@/lib/students/names';
import { schoolNameStyle } from './custom-report';
import { exportFileName, prepareReportExport } from './export';
import { asksForListing, downloadListingPdf, downloadListingXlsx } from './listing-export';
import { pdfPassword } from './pdf-password';
import { reportPdf } from './render-pdf';
import { writeReportXlsx } from './render-xlsx';

type Query = Record<string, string | string[] | undefined>;

export interface ReportFile {
  filename: string;
  contentType: string;
  body: ReadableStream<Uint8Array> | Uint8Array;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function downloadReportXlsx(
  ctx: UserCtx,
  query: Query,
  style: NameStyle = schoolNameStyle(ctx),
): Promise<ReportFile> {
  if (asksForListing(query)) return downloadListingXlsx(ctx, query, style);
  const exp = await prepareReportExport(ctx, query, 'xlsx');
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
export async function downloadReportPdf(
  ctx: UserCtx,
  query: Query,
  password: string,
  style: NameStyle = schoolNameStyle(ctx),
): Promise<ReportFile> {
  const checked = pdfPassword.safeParse(password);
  if (!checked.success)
    throw new UserError(checked.error.issues[0]!.message, {
      pdfPassword: checked.error.issues.map((i) => i.message),
    });
  if (asksForListing(query)) return downloadListingPdf(ctx, query, style, checked.data);
  const exp = await prepareReportExport(ctx, query, 'pdf');
  const logo = (await loadSchoolLogo(ctx))?.bytes ?? null;
  const pdf = await reportPdf(exp, logo);
  return {
    filename: exportFileName(exp, 'pdf'),
    contentType: 'application/pdf',
    body: checked.data === '' ? pdf : await encryptPdf(pdf, checked.data),
  };
}
