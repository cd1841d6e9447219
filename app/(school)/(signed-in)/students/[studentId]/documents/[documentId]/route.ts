/**
 * GET → one document of the pupil's vault, decrypted as it streams (each
 * chunk verified first: a damaged file ends the download with an error rather
 * than sending altered bytes). Decided and audited in lib/vault; images and
 * PDFs may open in the browser, everything else downloads (`?download=1`
 * downloads those too); nosniff; kept by no cache.
 */
import { Readable } from 'node:stream';
import { plainResponse, refusalResponse, requireUserCtx } from '@/lib/http';
import { documentForDownload, downloadHeaders, openDocumentStream } from '@/lib/vault';

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
  const stream = await openDocumentStream(ctx.school.id, doc);
  if (!stream) {
    console.error(`[vault] the stored file of document ${doc.id} is missing`);
    return plainResponse(500, 'This document’s stored file could not be read. Tell your administrator.');
  }
  const forceDownload = new URL(request.url).searchParams.get('download') === '1';
  stream.on('error', (e) => console.error(`[vault] download of document ${doc.id} failed`, e));
  return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
    headers: downloadHeaders(doc, forceDownload),
  });
}
