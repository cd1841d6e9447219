/**
 * GET ?studentId=… → every document of the pupil's vault this person may
 * read, as one zip streamed as it is made, for a school without Haven.
 * Decided and recorded by lib/transfers (the vault decides and audits the
 * read itself).
 */
import { Readable } from 'node:stream';
import { refusalResponse, requireUserCtx } from '@/lib/http';
import { exportDocumentsForZip } from '@/lib/transfers';
import { zipDocuments, zipHeaders } from '@/lib/vault';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const ctx = await requireUserCtx();
  const studentId = new URL(request.url).searchParams.get('studentId');
  let docs;
  try {
    docs = await exportDocumentsForZip(ctx, studentId);
  } catch (e) {
    return refusalResponse(e, 'That pupil has no documents you may export.');
  }
  const stream = Readable.from(zipDocuments(ctx.school.id, docs));
  stream.on('error', (e) => console.error('[transfers] export zip failed', e));
  const day = new Date().toISOString().slice(0, 10);
  return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
    headers: zipHeaders(`transfer-documents-${day}.zip`),
  });
}
