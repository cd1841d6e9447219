/**
 * POST → the Custom report as a PDF, from the page's "Download PDF" form: the
 * report's fields and an optional password (sent in the body, so it is never
 * in an address, a history or a log). With a password the file is encrypted
 * (AES-256) before it is sent. Decided, counted and audited by lib/reports as
 * the page's run is; a cross-site post is refused before anything is read.
 */
import { NotAllowedError, NotFoundError, UserError } from '@/lib/errors';
import { getNameStyle, plainResponse, readLimitedForm, refusalResponse, userRouteCtx } from '@/lib/http';
import { downloadReportPdf } from '@/lib/reports';

export const dynamic = 'force-dynamic';

/** The report's fields and a password: a few kilobytes at most. */
const MAX_FORM_BYTES = 64 * 1024;

export async function POST(request: Request): Promise<Response> {
  const ctx = await userRouteCtx({ stateChanging: true });
  if (ctx instanceof Response) return ctx;
  const form = await readLimitedForm(request, MAX_FORM_BYTES);
  if (!form.ok)
    return form.reason === 'too-large'
      ? plainResponse(413, 'That request was too large.')
      : plainResponse(400, 'Send the report from the Custom report page.');
  const query: Record<string, string[]> = {};
  let password = '';
  for (const [k, v] of form.form.entries()) {
    if (typeof v !== 'string') continue;
    if (k === 'pdfPassword') password = v;
    else (query[k] ??= []).push(v);
  }
  try {
    const file = await downloadReportPdf(ctx, query, password, await getNameStyle(ctx));
    return new Response(file.body as Uint8Array<ArrayBuffer>, {
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
