/**
 * POST → the Custom report as a PDF, from the page's "Download PDF" form: the
 * report's fields and an optional password (sent in the body, so it is never
 * in an address, a history or a log). With a password the file is encrypted
 * (AES-256) before it is sent. Decided, counted and audited by lib/reports as
 * the page's run is; a cross-site post is refused before anything is read.
 */
import { getNameStyle, userRouteCtx } from '@/lib/http';
import { downloadReportPdf } from '@/lib/reports';
import { readPdfForm, reportDownloadRefusal, reportFileResponse } from '../../report-file-response';

export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  const ctx = await userRouteCtx({ stateChanging: true });
  if (ctx instanceof Response) return ctx;
  const form = await readPdfForm(request);
  if (form instanceof Response) return form;
  try {
    return reportFileResponse(await downloadReportPdf(ctx, form.query, form.password, await getNameStyle(ctx)));
  } catch (e) {
    return reportDownloadRefusal(e);
  }
}
