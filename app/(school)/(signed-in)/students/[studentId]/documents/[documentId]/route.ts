/**
 * GET → one document of the pupil's vault, decrypted as it streams (each
 * chunk verified first: a damaged file ends the download with an error rather
 * than sending altered bytes). Decided and audited in lib/vault; images and
 * PDFs may open in the browser, everything else downloads (`?download=1`
 * downloads those too); nosniff; kept by no cache.
 */
import { documentResponse, refusalResponse, requireUserCtx } from '@/lib/http';
import { documentForDownload } from '@/lib/vault';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ studentId: string; documentId: string }> };

export async function GET(request: Request, { params }: Params): Promise<Response> {
  const ctx = await requireUserCtx();
  const { studentId, documentId } = await params;
  let doc;
  try {
    doc = await documentForDownload(ctx, studentId, documentId);
  } catch (e) {
    return refusalResponse(e, 'That document could not be found.');
  }
  return documentResponse(request, ctx.school.id, doc);
}
