/**
 * The three ways a bundle arrives, each turned into a Bundle (./bundle.ts):
 * a path on disk (a folder or a .zip, for `npm run import`), files uploaded in
 * Admin → Imports (CSV files, or one .zip), and a folder in storage under
 * `imports/<slug>/<folder>/` (where an MIS connector delivers, for the job).
 * Uploads and storage objects are written into the run's work folder
 * (./work-dir.ts) first, and a zip is unpacked there: `upload/` holds what
 * was received, `bundle/` the extract the run reads.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { BlobStore } from '@/lib/storage';
import { BUNDLE_FILE_NAMES, bundleFileKind, type BundleFileKind } from './files';
import { BundleRefused, openFolderBundle, type Bundle } from './bundle';
import { clip } from './fields';
import { receiveMultipart, UploadRefused, type MultipartBody, type SavedUpload } from './upload-body';
import { unzipBundle } from './zip';

/** A file handed over whole (a web File fits): the command-line and test way in. */
export interface UploadedFile {
  name: string;
  size: number;
  stream(): ReadableStream<Uint8Array> | NodeJS.ReadableStream;
}

/** What an upload may be: the request's multipart body (the route), or files already in hand. */
export type Upload = MultipartBody | readonly UploadedFile[];

/** Uploads are capped before unpacking: a bundle of a large school is about 25 MB. */
export const MAX_UPLOAD_BYTES = 256 * 1024 * 1024;

const megabytes = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

function nodeStream(s: ReadableStream<Uint8Array> | NodeJS.ReadableStream): Readable {
  return s instanceof Readable
    ? s
    : 'getReader' in s
      ? Readable.fromWeb(s as WebReadableStream<Uint8Array>)
      : Readable.from(s as AsyncIterable<Uint8Array>);
}

function subfolder(workDir: string, name: 'upload' | 'bundle'): string {
  const dir = path.join(workDir, name);
  fs.mkdirSync(dir, { mode: 0o700 });
  return dir;
}

/** A folder, or a .zip file, on this machine. */
export async function bundleFromPath(p: string, workDir: string): Promise<Bundle> {
  if (p.toLowerCase().endsWith('.zip') && fs.existsSync(p) && fs.statSync(p).isFile()) {
    const dir = subfolder(workDir, 'bundle');
    await unzipBundle(fs.createReadStream(p, { highWaterMark: 64 * 1024 }), dir);
    return openFolderBundle(dir);
  }
  return openFolderBundle(p);
}

/**
 * An upload received into the work folder, before the run is recorded: the
 * body is streamed to disk under the size caps. A refusal here (UploadRefused)
 * is answered to the person as it is.
 */
export async function receiveUpload(upload: Upload, workDir: string): Promise<SavedUpload[]> {
  const dir = subfolder(workDir, 'upload');
  if (!Array.isArray(upload)) return receiveMultipart(upload as MultipartBody, dir, MAX_UPLOAD_BYTES);
  const files = upload as readonly UploadedFile[];
  const saved: SavedUpload[] = [];
  let total = 0;
  for (const f of files) {
    const entry: SavedUpload = {
      name: clip(path.basename(f.name), 200),
      path: path.join(dir, `upload-${saved.length}`),
      size: 0,
    };
    saved.push(entry);
    const counted = nodeStream(f.stream()).on('data', (chunk: Uint8Array) => {
      entry.size += chunk.length;
      total += chunk.length;
      if (total > MAX_UPLOAD_BYTES)
        counted.destroy(new UploadRefused(`The upload is larger than ${megabytes(MAX_UPLOAD_BYTES)}.`, 413));
    });
    await pipeline(counted, fs.createWriteStream(entry.path, { flags: 'wx', mode: 0o600 }));
  }
  return saved;
}

/** The names of what was uploaded, for the run's record. */
export function uploadNames(saved: readonly SavedUpload[]): string {
  return (
    saved
      .map((f) => f.name)
      .filter(Boolean)
      .join(', ') || '(no file)'
  );
}

/** The received files as a bundle: one .zip (unpacked), or some of the four CSV files. */
export async function bundleFromUploads(saved: readonly SavedUpload[], workDir: string): Promise<Bundle> {
  const real = saved.filter((f) => f.name !== '' || f.size > 0);
  if (real.length === 0) throw new BundleRefused('Choose the extract to import: a .zip, or the CSV files.');
  const zips = real.filter((f) => f.name.toLowerCase().endsWith('.zip'));
  const dir = subfolder(workDir, 'bundle');
  if (zips.length > 0) {
    if (real.length > 1) throw new BundleRefused('Upload either one .zip or the CSV files, not both.');
    await unzipBundle(fs.createReadStream(zips[0]!.path, { highWaterMark: 64 * 1024 }), dir);
    return openFolderBundle(dir);
  }
  const seen = new Set<BundleFileKind>();
  for (const f of real) {
    const kind = bundleFileKind(f.name);
    if (!kind) {
      throw new BundleRefused(
        `"${clip(f.name, 80)}" is not part of an extract: upload students.csv, staff.csv, contacts.csv and attendance.csv, or a .zip of them.`,
      );
    }
    if (seen.has(kind)) throw new BundleRefused(`${BUNDLE_FILE_NAMES[kind]} was chosen twice.`);
    seen.add(kind);
    fs.renameSync(f.path, path.join(dir, BUNDLE_FILE_NAMES[kind]));
  }
  return openFolderBundle(dir);
}

/** A delivered folder in storage: its CSV files, or the one .zip in it. */
export async function bundleFromStorage(store: BlobStore, prefix: string, workDir: string): Promise<Bundle> {
  const objects = await store.list(prefix.endsWith('/') ? prefix : `${prefix}/`);
  const direct = objects.filter((o) => !o.key.slice(prefix.length + 1).includes('/'));
  const zips = direct.filter((o) => o.key.toLowerCase().endsWith('.zip'));
  const csvs = direct.filter((o) => bundleFileKind(path.posix.basename(o.key)) !== null);
  const total = (csvs.length === 0 && zips.length === 1 ? zips : csvs).reduce((n, o) => n + o.size, 0);
  if (total > MAX_UPLOAD_BYTES)
    throw new BundleRefused(
      `The delivered extract is larger than ${megabytes(MAX_UPLOAD_BYTES)}, more than an extract can be.`,
    );
  const dir = subfolder(workDir, 'bundle');
  if (csvs.length === 0 && zips.length === 1) {
    const body = await store.get(zips[0]!.key);
    if (!body) throw new BundleRefused(`${zips[0]!.key} disappeared while it was being read.`);
    const zipPath = path.join(subfolder(workDir, 'upload'), 'delivered.zip');
    fs.writeFileSync(zipPath, body, { flag: 'wx', mode: 0o600 });
    await unzipBundle(fs.createReadStream(zipPath, { highWaterMark: 64 * 1024 }), dir);
    return openFolderBundle(dir);
  }
  const seen = new Set<BundleFileKind>();
  for (const o of csvs) {
    const kind = bundleFileKind(path.posix.basename(o.key))!;
    if (seen.has(kind))
      throw new BundleRefused(
        `The folder holds ${BUNDLE_FILE_NAMES[kind]} twice (names differing only in case): keep one.`,
      );
    seen.add(kind);
    const body = await store.get(o.key);
    if (!body) throw new BundleRefused(`${o.key} disappeared while it was being read.`);
    fs.writeFileSync(path.join(dir, BUNDLE_FILE_NAMES[kind]), body, { flag: 'wx', mode: 0o600 });
  }
  return openFolderBundle(dir);
}
