/**
 * GET → a saved report regenerated now as an Excel workbook (its page's
 * "Download Excel" link). Counted as the person downloading may see it and
 * audited as an export naming the saved report; a report they may not run
 * (another school's, a colleague's unpublished one, expired) is not found.
 */
import { getNameStyle, userRouteCtx } from '@/lib/http';
import { downloadSavedReportXlsx } from '@/lib/reports';
import { reportDownloadRefusal, reportFileResponse } from '../../../report-file-response';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ reportId: string }> }) {
  const ctx = await userRouteCtx({ stateChanging: false });
  if (ctx instanceof Response) return ctx;
  try {
    return reportFileResponse(await downloadSavedReportXlsx(ctx, (await params).reportId, await getNameStyle(ctx)));
  } catch (e) {
    return reportDownloadRefusal(e);
  }
}
