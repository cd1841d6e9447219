/**
 * GET → the Custom report as an Excel workbook, from the same fields as the
 * page's address (the form's "Download Excel" link carries them). Decided,
 * counted and audited by lib/reports exactly as the page's run is: someone who
 * may not run reports, or has not used their key, gets the page's refusal and
 * no file.
 */
import { getNameStyle, userRouteCtx } from '@/lib/http';
import { downloadReportXlsx } from '@/lib/reports';
import { reportDownloadRefusal, reportFileResponse } from '../../report-file-response';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const ctx = await userRouteCtx({ stateChanging: false });
  if (ctx instanceof Response) return ctx;
  const query: Record<string, string[]> = {};
  for (const [k, v] of new URL(request.url).searchParams) (query[k] ??= []).push(v);
  try {
    return reportFileResponse(await downloadReportXlsx(ctx, query, await getNameStyle(ctx)));
  } catch (e) {
    return reportDownloadRefusal(e);
  }
}
