/** "Download as CSV": a run's row errors and warnings, for administrators only, as an attachment. */
import { stringify } from 'csv-stringify/sync';
import { NotFoundError } from '@/lib/errors';
import { spreadsheetText } from '@/lib/files';
import { adminRouteCtx, plainResponse } from '@/lib/http';
import { getImportRun, importIssuesFileName, listImportRowIssues } from '@/lib/mis';

export async function GET(_request: Request, { params }: { params: Promise<{ runId: string }> }) {
  const ctx = await adminRouteCtx({ stateChanging: false });
  if (ctx instanceof Response) return ctx;
  const { runId } = await params;
  try {
    const run = await getImportRun(ctx, runId);
    const issues = await listImportRowIssues(ctx, runId);
    const csv = stringify([
      ['file', 'line', 'column', 'severity', 'reason'],
      ...issues.map((i) => [
        i.file,
        i.line === 0 ? '' : String(i.line),
        i.column ?? '',
        i.severity,
        spreadsheetText(i.reason),
      ]),
    ]);
    return new Response(csv, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${importIssuesFileName(run, ctx.school.timeZone)}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  } catch (e) {
    if (e instanceof NotFoundError) return plainResponse(404, 'That import run could not be found.');
    throw e;
  }
}
