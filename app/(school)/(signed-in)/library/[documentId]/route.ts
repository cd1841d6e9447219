/**
 * GET → one file of the school's library, decrypted as it streams (each chunk
 * verified first). Decided and audited in lib/library; PDFs and pictures may
 * open in the browser, everything else downloads (`?download=1` downloads
 * those too), under the vault's strict download headers.
 */
import { documentResponse, refusalResponse, requireUserCtx } from '@/lib/http';
import { libraryFileForDownload } from '@/lib/library';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ documentId: string }> }) {
  const ctx = await requireUserCtx();
  const { documentId } = await params;
  let doc;
  try {
    doc = await libraryFileForDownload(ctx, documentId);
  } catch (e) {
    return refusalResponse(e, 'That file could not be found.');
  }
  return documentResponse(request, ctx.school.id, doc, doc.context);
}
