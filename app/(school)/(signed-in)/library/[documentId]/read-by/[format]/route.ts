/**
 * GET → a library file's "Read by" log as `csv` or `png`, for the school's
 * compliance file. Decided and audited in lib/library ("library.read_by");
 * always an attachment, never cached.
 */
import { plainResponse, refusalResponse, requireUserCtx } from '@/lib/http';
import { readByDownload } from '@/lib/library';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ documentId: string; format: string }> }) {
  const ctx = await requireUserCtx();
  const { documentId, format } = await params;
  if (format !== 'csv' && format !== 'png') return plainResponse(404, 'That download could not be found.');
  let file;
  try {
    file = await readByDownload(ctx, documentId, format);
  } catch (e) {
    return refusalResponse(e, 'That file could not be found.');
  }
  return new Response(Buffer.from(file.body), {
    headers: {
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="${file.fileName}"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
