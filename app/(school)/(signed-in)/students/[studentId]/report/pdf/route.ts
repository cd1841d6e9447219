/**
 * POST → a pupil's Student report as a PDF, from the tab's "Download PDF"
 * form (the fields and an optional password in the body, never in an
 * address), encrypted with AES-256 when a password is given. Decided, read
 * and audited by lib/reports as the tab's run is; a cross-site post is
 * refused before anything is read.
 */
import { getNameStyle, userRouteCtx } from '@/lib/http';
import { downloadStudentReportPdf } from '@/lib/reports';
import { readPdfForm, reportDownloadRefusal, reportFileResponse } from '../../../../reporting/report-file-response';

export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ studentId: string }> }) {
  const ctx = await userRouteCtx({ stateChanging: true });
  if (ctx instanceof Response) return ctx;
  const form = await readPdfForm(request);
  if (form instanceof Response) return form;
  try {
    return reportFileResponse(
      await downloadStudentReportPdf(ctx, (await params).studentId, form.query, form.password, await getNameStyle(ctx)),
    );
  } catch (e) {
    return reportDownloadRefusal(e);
  }
}
