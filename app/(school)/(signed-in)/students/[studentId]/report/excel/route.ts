/**
 * GET → a pupil's Student report as an Excel workbook, from the tab's fields
 * (its "Download Excel" link carries them). Decided, read and audited by
 * lib/reports as the tab's run is: the pupil must be one the person may
 * view, and the person must run reports with their key; otherwise the
 * refusal and no file.
 */
import { getNameStyle, userRouteCtx } from '@/lib/http';
import { downloadStudentReportXlsx } from '@/lib/reports';
import { reportDownloadRefusal, reportFileResponse } from '../../../../reporting/report-file-response';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ studentId: string }> }) {
  const ctx = await userRouteCtx({ stateChanging: false });
  if (ctx instanceof Response) return ctx;
  const query: Record<string, string[]> = {};
  for (const [k, v] of new URL(request.url).searchParams) (query[k] ??= []).push(v);
  try {
    return reportFileResponse(
      await downloadStudentReportXlsx(ctx, (await params).studentId, query, await getNameStyle(ctx)),
    );
  } catch (e) {
    return reportDownloadRefusal(e);
  }
}
