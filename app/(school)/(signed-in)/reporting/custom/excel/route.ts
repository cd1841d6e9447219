/**
 * GET → the Custom report as an Excel workbook, from the same fields as the
 * page's address (the form's "Download Excel" link carries them). Decided,
 * counted and audited by lib/reports exactly as the page's run is: someone who
 * may not run reports, or has not used their key, gets the page's refusal and
 * no file.
 */
import { NotAllowedError, NotFoundError, UserError } from '@/lib/errors';
import { getNameStyle, plainResponse, refusalResponse, userRouteCtx } from '@/lib/http';
import { downloadReportXlsx } from '@/lib/reports';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const ctx = await userRouteCtx({ stateChanging: false });
  if (ctx instanceof Response) return ctx;
  const query: Record<string, string[]> = {};
  for (const [k, v] of new URL(request.url).searchParams) (query[k] ??= []).push(v);
  try {
    const file = await downloadReportXlsx(ctx, query, await getNameStyle(ctx));
    return new Response(file.body as ReadableStream<Uint8Array>, {
      headers: {
        'content-type': file.contentType,
        'content-disposition': `attachment; filename="${file.filename}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  } catch (e) {
    // A refusal is a UserError too: answered first, as the pages answer it.
    if (e instanceof NotAllowedError || e instanceof NotFoundError)
      return refusalResponse(e, 'That report could not be found.');
    if (e instanceof UserError) return plainResponse(400, e.message);
    throw e;
  }
}
