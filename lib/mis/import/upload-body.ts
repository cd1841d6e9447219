/**
 * Receiving an upload's multipart body into the run's work folder as it
 * arrives (busboy, streaming), so memory never holds the body: each file is
 * written to `upload-<n>` under its own name kept aside (never used as a
 * path), with at most MAX_UPLOAD_FILES files of at most `maxFileBytes` each.
 * Anything else in the form (a stray field) is read past and ignored.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import Busboy from 'busboy';
import { UserError } from '@/lib/errors';
import { clip } from './fields';

/** A refusal of the upload itself (no run is recorded): what to answer and why. */
export class UploadRefused extends UserError {
  constructor(
    message: string,
    readonly status: 400 | 413,
  ) {
    super(message);
    this.name = 'UploadRefused';
  }
}

export interface SavedUpload {
  /** The name the browser gave (base name only), for messages and to recognise the file. */
  name: string;
  path: string;
  size: number;
}

/** One .zip, or the four CSV files. */
export const MAX_UPLOAD_FILES = 4;

export interface MultipartBody {
  contentType: string;
  body: WebReadableStream<Uint8Array> | ReadableStream<Uint8Array> | Readable;
}

const megabytes = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

function nodeReadable(body: MultipartBody['body']): Readable {
  return body instanceof Readable ? body : Readable.fromWeb(body as WebReadableStream<Uint8Array>);
}

/** Writes the body's files into `dir`; refuses a body that is not a form, too many files, or a file over the limit. */
export async function receiveMultipart(
  upload: MultipartBody,
  dir: string,
  maxFileBytes: number,
): Promise<SavedUpload[]> {
  let parser: Busboy.Busboy;
  try {
    parser = Busboy({
      headers: { 'content-type': upload.contentType },
      limits: {
        files: MAX_UPLOAD_FILES,
        fileSize: maxFileBytes,
        fields: 16,
        fieldSize: 1024,
        parts: MAX_UPLOAD_FILES + 16,
        headerPairs: 16,
      },
      defParamCharset: 'utf8',
    });
  } catch {
    throw new UploadRefused('The upload could not be read: it was not sent as a form with files.', 400);
  }
  const source = nodeReadable(upload.body);
  const saved: SavedUpload[] = [];
  const open: { file: Readable; out: fs.WriteStream }[] = [];
  const written: Promise<void>[] = [];

  return new Promise<SavedUpload[]>((resolve, reject) => {
    let refused = false;
    const refuse = (e: UploadRefused) => {
      if (refused) return;
      refused = true;
      // Stop parsing and close what was being written (destroying a part that has ended but
      // not been read would leave its pipe hanging); the rest of the body is read and dropped,
      // so the browser can read the answer. The work folder goes with the run.
      source.unpipe(parser);
      source.resume();
      for (const { file, out } of open) {
        file.unpipe(out);
        file.resume();
        out.destroy();
      }
      reject(e);
    };

    parser.on('file', (field, stream, info) => {
      if (refused || field !== 'files') {
        stream.resume();
        return;
      }
      const entry: SavedUpload = {
        name: clip(path.basename(info.filename ?? ''), 200),
        path: path.join(dir, `upload-${saved.length}`),
        size: 0,
      };
      saved.push(entry);
      const out = fs.createWriteStream(entry.path, { flags: 'wx', mode: 0o600 });
      open.push({ file: stream, out });
      const done = finished(out);
      done.catch(() => undefined); // after a refusal nobody waits for it
      written.push(done);
      stream.on('data', (chunk: Buffer) => (entry.size += chunk.length));
      stream.on('limit', () =>
        refuse(
          new UploadRefused(
            `"${entry.name}" is larger than ${megabytes(maxFileBytes)}, more than an extract can be.`,
            413,
          ),
        ),
      );
      out.on('error', () => refuse(new UploadRefused('The upload could not be stored; try again.', 400)));
      stream.pipe(out);
    });
    parser.on('filesLimit', () =>
      refuse(new UploadRefused(`Upload one .zip, or at most ${MAX_UPLOAD_FILES} CSV files.`, 400)),
    );
    parser.on('partsLimit', () =>
      refuse(new UploadRefused('The upload could not be read: the form has too many parts.', 400)),
    );
    parser.on('fieldsLimit', () =>
      refuse(new UploadRefused('The upload could not be read: the form has too many fields.', 400)),
    );
    parser.on('error', () =>
      refuse(
        new UploadRefused(
          'The upload could not be read (it ended early or is not a well-formed form); try again.',
          400,
        ),
      ),
    );
    // Every part has been read; the files are complete once their writes finish.
    parser.on('close', () => {
      if (refused) return;
      Promise.all(written).then(
        () => resolve(saved),
        () => refuse(new UploadRefused('The upload could not be stored; try again.', 400)),
      );
    });
    source.on('error', () =>
      refuse(new UploadRefused('The upload was interrupted before it finished; try again.', 400)),
    );
    source.pipe(parser);
  });
}
