/**
 * GET → an uploaded map's picture, for signed-in staff of its school only
 * (disabled maps too: past incidents still show them). Another school's map,
 * a built-in or malformed id is the same 404. The type is the one checked at
 * upload, `nosniff` keeps the browser to it, and the picture may be kept by
 * this browser only (`private`): a map's picture never changes under its id.
 */
import { NotFoundError } from '@/lib/errors';
import { plainResponse, requireUserCtx } from '@/lib/http';
import { readMapImage } from '@/lib/maps';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ mapId: string }> }): Promise<Response> {
  const ctx = await requireUserCtx();
  const { mapId } = await params;
  try {
    const image = await readMapImage(ctx, mapId);
    return new Response(new Uint8Array(image.bytes), {
      headers: {
        'content-type': image.contentType,
        'content-length': String(image.bytes.byteLength),
        'cache-control': 'private, max-age=3600',
        'x-content-type-options': 'nosniff',
        'content-disposition': 'inline',
      },
    });
  } catch (e) {
    if (e instanceof NotFoundError) return plainResponse(404, 'That map could not be found.');
    throw e;
  }
}
