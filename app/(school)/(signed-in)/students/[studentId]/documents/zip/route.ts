/**
 * GET ?id=…&id=… → the chosen documents of the pupil's vault as one zip,
 * streamed as it is made. Only the pupil's live documents this person may read
 * go in (lib/vault decides and audits the whole download as one read); entry
 * names carry no path and duplicates are numbered.
 */
import { Readable } from 'node:stream';
import { refusalResponse, requireUserCtx } from '@/lib/http';
import { documentsForZip, zipDocuments, zipHeaders } from '@/lib/vault';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ studentId: string }> }): Promise<Response> {
  const ctx = await requireUserCtx();
  const { studentId } = await params;
  const ids = new URL(request.url).searchParams.getAll('id');
  let docs;
  try {
    docs = await documentsForZip(ctx, studentId, ids);
  } catch (e) {
    return refusalResponse(e, 'None of those documents could be found.');
  }
  const stream = Readable.from(zipDocuments(ctx.school.id, docs));
  stream.on('error', (e) => console.error('[vault] zip download failed', e));
  const day = new Date().toISOString().slice(0, 10);
  return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
    headers: zipHeaders(`documents-${day}.zip`),
  });
}
