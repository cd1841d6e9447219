/**
 * GET → one file of an incident or of one of its actions, for whoever may
 * read that incident (lib/vault `recordFileForDownload`: the record decides,
 * not the Document vault's "Files" permission). Decrypted as it streams, each
 * chunk verified first; audited; the same headers as a vault download.
 */
import { documentResponse, refusalResponse, requireUserCtx } from '@/lib/http';
import { recordFileForDownload } from '@/lib/vault';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ incidentId: string; documentId: string }> };

export async function GET(request: Request, { params }: Params): Promise<Response> {
  const ctx = await requireUserCtx();
  const { incidentId, documentId } = await params;
  let doc;
  try {
    doc = await recordFileForDownload(ctx, incidentId, documentId);
  } catch (e) {
    return refusalResponse(e, 'That file could not be found.');
  }
  return documentResponse(request, ctx.school.id, doc);
}
