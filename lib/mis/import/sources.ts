/**
 * The three ways a bundle arrives, each turned into a Bundle (./bundle.ts):
 * a path on disk (a folder or a .zip, for `npm run import`), files uploaded in
 * Admin → Imports (CSV files, or one .zip), and a folder in storage under
 * `imports/<slug>/<folder>/` (where an MIS connector delivers, for the job).
 * Uploads and storage objects are copied to a private temporary folder first.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BlobStore } from '@/lib/storage';
import { BUNDLE_FILE_NAMES, bundleFileKind, type BundleFileKind } from './files';
import { BundleRefused, openFolderBundle, type Bundle } from './bundle';
import { clip } from './fields';
import { unzipBundle } from './zip';

/** A file as the upload route hands it over (a web File fits). */
export interface UploadedFile {
  name: string;
  size: number;
  stream(): ReadableStream<Uint8Array> | NodeJS.ReadableStream;
}

/** Uploads are capped before unpacking: a bundle of a large school is about 25 MB. */
export const MAX_UPLOAD_BYTES = 256 * 1024 * 1024;

function tempFolder(): { dir: string; dispose: () => Promise<void> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-import-'));
  return { dir, dispose: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

function nodeStream(s: ReadableStream<Uint8Array> | NodeJS.ReadableStream): Readable {
  return s instanceof Readable ? s : 'getReader' in s ? Readable.fromWeb(s as import('node:stream/web').ReadableStream<Uint8Array>) : Readable.from(s as AsyncIterable<Uint8Array>);
}

/** Runs `fill` against a fresh temporary folder and opens it as a bundle; the folder goes when the bundle is disposed. */
async function inTempFolder(fill: (dir: string) => Promise<void>): Promise<Bundle> {
  const { dir, dispose } = tempFolder();
  try {
    await fill(dir);
    return openFolderBundle(dir, dispose);
  } catch (e) {
    await dispose();
    throw e;
  }
}

/** A folder, or a .zip file, on this machine. */
export async function bundleFromPath(p: string): Promise<Bundle> {
  if (p.toLowerCase().endsWith('.zip') && fs.existsSync(p) && fs.statSync(p).isFile()) {
    return inTempFolder((dir) => unzipBundle(fs.createReadStream(p), dir));
  }
  return openFolderBundle(p);
}

/** Uploaded files: one .zip, or some of the four CSV files. */
export async function bundleFromUploads(files: readonly UploadedFile[]): Promise<Bundle> {
  const real = files.filter((f) => f.name !== '' || f.size > 0);
  if (real.length === 0) throw new BundleRefused('Choose the extract to import: a .zip, or the CSV files.');
  const total = real.reduce((n, f) => n + f.size, 0);
  if (total > MAX_UPLOAD_BYTES) throw new BundleRefused(`The upload is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`);
  const zips = real.filter((f) => f.name.toLowerCase().endsWith('.zip'));
  if (zips.length > 0) {
    if (real.length > 1) throw new BundleRefused('Upload either one .zip or the CSV files, not both.');
    return inTempFolder((dir) => unzipBundle(nodeStream(zips[0]!.stream()), dir));
  }
  const seen = new Set<BundleFileKind>();
  for (const f of real) {
    const kind = bundleFileKind(path.basename(f.name));
    if (!kind) {
      throw new BundleRefused(`"${clip(f.name, 80)}" is not part of an extract: upload students.csv, staff.csv, contacts.csv and attendance.csv, or a .zip of them.`);
    }
    if (seen.has(kind)) throw new BundleRefused(`${BUNDLE_FILE_NAMES[kind]} was chosen twice.`);
    seen.add(kind);
  }
  return inTempFolder(async (dir) => {
    for (const f of real) {
      const kind = bundleFileKind(path.basename(f.name))!;
      await pipeline(nodeStream(f.stream()), fs.createWriteStream(path.join(dir, BUNDLE_FILE_NAMES[kind]), { flags: 'wx', mode: 0o600 }));
    }
  });
}

/** A delivered folder in storage: its CSV files, or the one .zip in it. */
export async function bundleFromStorage(store: BlobStore, prefix: string): Promise<Bundle> {
  const objects = await store.list(prefix.endsWith('/') ? prefix : `${prefix}/`);
  const direct = objects.filter((o) => !o.key.slice(prefix.length + 1).includes('/'));
  const zips = direct.filter((o) => o.key.toLowerCase().endsWith('.zip'));
  const csvs = direct.filter((o) => bundleFileKind(path.posix.basename(o.key)) !== null);
  return inTempFolder(async (dir) => {
    if (csvs.length === 0 && zips.length === 1) {
      const body = await store.get(zips[0]!.key);
      if (!body) throw new BundleRefused(`${zips[0]!.key} disappeared while it was being read.`);
      await unzipBundle([body], dir);
      return;
    }
    const seen = new Set<BundleFileKind>();
    for (const o of csvs) {
      const kind = bundleFileKind(path.posix.basename(o.key))!;
      if (seen.has(kind)) throw new BundleRefused(`The folder holds ${BUNDLE_FILE_NAMES[kind]} twice (names differing only in case): keep one.`);
      seen.add(kind);
      const body = await store.get(o.key);
      if (!body) throw new BundleRefused(`${o.key} disappeared while it was being read.`);
      fs.writeFileSync(path.join(dir, BUNDLE_FILE_NAMES[kind]), body, { flag: 'wx', mode: 0o600 });
    }
  });
}
