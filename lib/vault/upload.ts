/**
 * An upload request to a pupil's vault, read as it arrives (never whole):
 * - the page's script sends one file per request, its bytes as the body and
 *   its name in `x-file-name` (URI-encoded), so each file succeeds or fails
 *   alone and the browser can show its progress;
 * - without script, the form posts multipart (busboy, streaming) with
 *   several files: all of them are kept or, if one is refused, none.
 * The person and pupil are decided before any byte is read.
 */
import 'server-only';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import Busboy from 'busboy';
import { UserError } from '@/lib/errors';
import type { UserCtx } from '@/lib/tenancy/context';
import { FileRefused, type StoredBlob } from './blob';
import { commitVaultFiles, discardStaged, stageVaultFile, vaultUploadTarget, type UploadTarget } from './service';

export const MAX_FILES_PER_FORM = 20;

export type UploadAnswer =
  | { ok: true; status: 200; documentIds: string[]; message: string }
  | { ok: false; status: 400 | 413 | 422 | 429 | 503; message: string };

const refused = (status: 400 | 413 | 422 | 503, message: string): UploadAnswer => ({ ok: false, status, message });

function nodeBody(request: Request): Readable | null {
  return request.body ? Readable.fromWeb(request.body as WebReadableStream<Uint8Array>) : null;
}

function decodeName(raw: string | null): string | null {
  if (raw === null) return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/** Decides, stores and records the request's files; access refusals are thrown (NotFound, NotAllowed), the rest answered. */
export async function receiveVaultUpload(ctx: UserCtx, rawStudentId: unknown, request: Request): Promise<UploadAnswer> {
  const target = await vaultUploadTarget(ctx, rawStudentId);
  const type = request.headers.get('content-type')?.toLowerCase() ?? '';
  let staged: StoredBlob[];
  try {
    staged = type.startsWith('multipart/form-data')
      ? await receiveForm(ctx, target, request)
      : await receiveOne(ctx, target, request);
  } catch (err) {
    if (err instanceof FileRefused) {
      return refused(err.status, err.message);
    }
    if (err instanceof UploadUnreadable) return refused(400, err.message);
    throw err;
  }
  if (staged.length === 0) return refused(400, 'Choose at least one file to upload.');
  const documentIds = await commitVaultFiles(ctx, target, staged);
  const n = staged.length;
  return {
    ok: true,
    status: 200,
    documentIds,
    message: n === 1 ? `“${staged[0]!.name}” uploaded.` : `${n} files uploaded.`,
  };
}

export class UploadUnreadable extends UserError {
  constructor(message = 'The upload could not be read (it ended early or is not a well-formed form); try again.') {
    super(message);
    this.name = 'UploadUnreadable';
  }
}

/** One file as the request's body (also the incident and action forms' attachments, attachments.ts). */
export async function receiveOne(
  ctx: UserCtx,
  target: Pick<UploadTarget, 'maxBytes'>,
  request: Request,
): Promise<StoredBlob[]> {
  const name = decodeName(request.headers.get('x-file-name'));
  if (!name) throw new UploadUnreadable('The upload did not say the file’s name; try again.');
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > target.maxBytes) {
    throw new FileRefused(
      `“${name}” is larger than ${Math.round(target.maxBytes / 1024 / 1024)} MB, the most a file may be.`,
      413,
    );
  }
  const body = nodeBody(request);
  if (!body) throw new FileRefused(`“${name}” is empty.`);
  return [await stageVaultFile(ctx, target, name, body)];
}

/** Several files in one form: each stored as it streams; the first refusal stops reading and drops the rest. */
function receiveForm(ctx: UserCtx, target: UploadTarget, request: Request): Promise<StoredBlob[]> {
  const source = nodeBody(request);
  if (!source) return Promise.reject(new UploadUnreadable());
  let parser: Busboy.Busboy;
  try {
    parser = Busboy({
      headers: { 'content-type': request.headers.get('content-type') ?? '' },
      // Our own count refuses an oversized file with its name; busboy's is a backstop.
      limits: {
        files: MAX_FILES_PER_FORM,
        fileSize: target.maxBytes + 1,
        fields: 8,
        fieldSize: 1024,
        parts: MAX_FILES_PER_FORM + 8,
      },
      defParamCharset: 'utf8',
    });
  } catch {
    return Promise.reject(new UploadUnreadable());
  }
  const stored: Promise<StoredBlob | null>[] = [];
  const streams: Readable[] = [];
  return new Promise<StoredBlob[]>((resolve, reject) => {
    let failed = false;
    const fail = async (e: Error) => {
      if (failed) return;
      failed = true;
      // Stop parsing; read and drop the rest of the body so the browser can read the answer.
      source.unpipe(parser);
      source.resume();
      // A file still arriving would wait for ever for bytes that no longer come: end it as failed.
      for (const s of streams) if (!s.readableEnded) s.destroy(new Error('upload stopped'));
      const settled = await Promise.allSettled(stored);
      await discardStaged(settled.flatMap((s) => (s.status === 'fulfilled' && s.value ? [s.value] : [])));
      reject(e);
    };
    parser.on('file', (field, stream, info) => {
      // A form submitted with no file chosen sends one empty part without a name.
      if (failed || field !== 'files' || !info.filename) {
        stream.resume();
        return;
      }
      streams.push(stream);
      const p = stageVaultFile(ctx, target, info.filename, stream).then(
        (blob) => blob,
        (e: Error) => {
          void fail(e);
          return null;
        },
      );
      stored.push(p);
    });
    parser.on(
      'filesLimit',
      () => void fail(new UploadUnreadable(`Upload at most ${MAX_FILES_PER_FORM} files at a time.`)),
    );
    parser.on('partsLimit', () => void fail(new UploadUnreadable()));
    parser.on('error', () => void fail(new UploadUnreadable()));
    source.on(
      'error',
      () => void fail(new UploadUnreadable('The upload was interrupted before it finished; try again.')),
    );
    parser.on('close', () => {
      void Promise.all(stored).then((blobs) => {
        if (!failed) resolve(blobs.filter((b): b is StoredBlob => b !== null));
      });
    });
    source.pipe(parser);
  });
}
