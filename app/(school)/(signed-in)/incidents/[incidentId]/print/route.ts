/**
 * GET → the incident and its actions as a PDF download, for whoever may read
 * the incident (lib/incidents/print.ts reads it exactly as the incident page
 * does). Anything that page would not show — a malformed id, another school's,
 * one out of reach — is the same 404 here.
 */
import { NotFoundError } from '@/lib/errors';
import { plainResponse, requireUserCtx, getNameStyle } from '@/lib/http';
import { printIncident } from '@/lib/incidents';

export const dynamic = 'force-dynamic';

export async function GET(
  _request: Request,
  { params }: { params: Promise<{ incidentId: string }> },
): Promise<Response> {
  const ctx = await requireUserCtx();
  const { incidentId } = await params;
  try {
    const printed = await printIncident(ctx, incidentId, await getNameStyle(ctx));
    return new Response(printed.pdf as Uint8Array<ArrayBuffer>, {
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="${printed.filename}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  } catch (e) {
    if (e instanceof NotFoundError) return plainResponse(404, 'That incident could not be found.');
    throw e;
  }
}
