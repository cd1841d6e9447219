/**
 * POST → a saved report regenerated now as a PDF, from its page's "Download
 * PDF" form (an optional password in the body, never in an address). Counted
 * as the person downloading may see it and audited as an export naming the
 * saved report; a report they may not run is not found, a cross-site post is
 * refused before anything is read.
 */
import { getNameStyle, userRouteCtx } from '@/lib/http';
import { downloadSavedReportPdf } from '@/lib/reports';
import { readPdfForm, reportDownloadRefusal, reportFileResponse } from '../../../report-file-response';

export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ reportId: string }> }) {
  const ctx = await userRouteCtx({ stateChanging: true });
  if (ctx instanceof Response) return ctx;
  const form = await readPdfForm(request);
  if (form instanceof Response) return form;
  try {
    return reportFileResponse(
      await downloadSavedReportPdf(ctx, (await params).reportId, form.password, await getNameStyle(ctx)),
    );
  } catch (e) {
    return reportDownloadRefusal(e);
  }
}
