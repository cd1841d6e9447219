/**
 * An upload request to the library: the page's script sends one file per
 * request, its bytes as the body and its name in `x-file-name` (URI-encoded),
 * as for the vault, so each file succeeds or fails alone with its progress.
 * The person is decided before any byte is read.
 */
import 'server-only';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { UserCtx } from '@/lib/tenancy/context';
import { FileRefused, UploadUnreadable, type UploadAnswer } from '@/lib/vault';
import { commitLibraryFile, libraryUploadLimit, stageLibraryFile } from './service';

const refused = (status: 400 | 413 | 422 | 503, message: string): UploadAnswer => ({ ok: false, status, message });

function decodeName(raw: string | null): string | null {
  if (raw === null) return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/** Decides, stores and records one file; access refusals are thrown (NotAllowed), the rest answered. */
export async function receiveLibraryUpload(ctx: UserCtx, request: Request): Promise<UploadAnswer> {
  const maxBytes = await libraryUploadLimit(ctx);
  if (request.headers.get('content-type')?.toLowerCase().startsWith('multipart/form-data')) {
    await request.body?.cancel();
    return refused(400, 'Uploading to the library needs JavaScript in your browser: turn it on and try again.');
  }
  const name = decodeName(request.headers.get('x-file-name'));
  if (!name) return refused(400, 'The upload did not say the file’s name; try again.');
  const declared = Number(request.headers.get('content-length') ?? NaN);
  try {
    if (Number.isFinite(declared) && declared > maxBytes) {
      throw new FileRefused(
        `“${name}” is larger than ${Math.round(maxBytes / 1024 / 1024)} MB, the most a file may be.`,
        413,
      );
    }
    if (!request.body) throw new FileRefused(`“${name}” is empty.`);
    const body = Readable.fromWeb(request.body as WebReadableStream<Uint8Array>);
    const blob = await stageLibraryFile(ctx, maxBytes, name, body);
    const id = await commitLibraryFile(ctx, blob);
    return { ok: true, status: 200, documentIds: [id], message: `“${blob.name}” added to the library.` };
  } catch (err) {
    if (err instanceof FileRefused) return refused(err.status, err.message);
    if (err instanceof UploadUnreadable) return refused(400, err.message);
    throw err;
  }
}
