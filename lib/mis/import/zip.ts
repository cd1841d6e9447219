/**
 * Unpacking a .zip bundle (fflate, streaming) into a folder, refusing anything
 * that is not plainly an extract: only students.csv, staff.csv, contacts.csv
 * and attendance.csv (any case), at the top level or all inside one folder; no
 * entry that climbs out of the folder (`../`, an absolute path, a drive
 * letter); and no more than MAX_UNZIPPED_BYTES once unpacked, counted as the
 * bytes come out (the sizes a zip declares can lie).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { BUNDLE_FILE_NAMES, bundleFileKind, type BundleFileKind } from './files';
import { BundleRefused, IGNORED_NAMES } from './bundle';
import { clip } from './fields';

export const MAX_UNZIPPED_BYTES = 256 * 1024 * 1024;

/** The entry's path segments, or a refusal when it could land outside the folder. */
function safeSegments(name: string): string[] {
  const segments = name.split(/[\\/]/);
  const climbs = segments.some((s) => s === '..' || s === '.') || name.startsWith('/') || name.startsWith('\\') || /^[a-z]:/i.test(name) || name.includes('\0');
  if (climbs) throw new BundleRefused(`The zip was refused: the entry "${clip(name, 80)}" points outside the zip's folder.`);
  return segments;
}

interface Found {
  kind: BundleFileKind;
  folder: string;
}

/** Classifies one entry: a bundle file, something to skip (a folder, macOS metadata), or a refusal. */
function classify(name: string): Found | 'skip' {
  const segments = safeSegments(name);
  if (segments.some((s) => IGNORED_NAMES.test(s))) return 'skip';
  const isFolder = segments.at(-1) === '';
  const parts = isFolder ? segments.slice(0, -1) : segments;
  if (parts.length > 2) throw new BundleRefused(`The zip was refused: "${clip(name, 80)}" is nested too deep. Put the CSV files at the top of the zip or in one folder.`);
  if (isFolder) return 'skip';
  const file = parts.at(-1)!;
  const kind = bundleFileKind(file);
  if (!kind) {
    throw new BundleRefused(
      `The zip was refused: it holds "${clip(name, 80)}". A bundle holds only students.csv, staff.csv, contacts.csv and attendance.csv.`,
    );
  }
  return { kind, folder: parts.length === 2 ? parts[0]!.toLowerCase() : '' };
}

/** Unpacks the zip read from `input` into `destDir` under the canonical file names. */
export async function unzipBundle(input: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, destDir: string, maxBytes = MAX_UNZIPPED_BYTES): Promise<void> {
  let total = 0;
  let folder: string | null = null;
  const seen = new Set<BundleFileKind>();
  const open: { fd: number; done: boolean }[] = [];
  let failure: unknown = null;
  let entries = 0;

  const unzip = new Unzip((file: UnzipFile) => {
    if (failure) return;
    try {
      entries++;
      const found = classify(file.name);
      if (found === 'skip') return;
      if (folder !== null && folder !== found.folder) throw new BundleRefused('The zip was refused: its CSV files are in different folders. Put them together.');
      folder = found.folder;
      if (seen.has(found.kind)) throw new BundleRefused(`The zip was refused: it holds ${BUNDLE_FILE_NAMES[found.kind]} twice.`);
      seen.add(found.kind);
      if (file.compression !== 0 && file.compression !== 8) {
        throw new BundleRefused(`The zip was refused: ${BUNDLE_FILE_NAMES[found.kind]} is compressed in a way Haven does not read. Use ordinary (deflate) compression.`);
      }
      const handle = { fd: fs.openSync(path.join(destDir, BUNDLE_FILE_NAMES[found.kind]), 'wx', 0o600), done: false };
      open.push(handle);
      file.ondata = (err, chunk, final) => {
        if (failure) return;
        try {
          if (err) throw new BundleRefused(`The zip was refused: ${BUNDLE_FILE_NAMES[found.kind]} could not be unpacked (${err.message}).`);
          total += chunk.length;
          if (total > maxBytes) {
            throw new BundleRefused(`The zip was refused: unpacked it would be larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`);
          }
          fs.writeSync(handle.fd, chunk);
          if (final) handle.done = true;
        } catch (e) {
          failure = e;
          file.terminate();
        }
      };
      file.start();
    } catch (e) {
      failure = e;
    }
  });
  unzip.register(UnzipInflate);

  try {
    let bytes = 0;
    for await (const chunk of input) {
      bytes += chunk.length;
      try {
        unzip.push(chunk, false);
      } catch (e) {
        failure ??= e;
      }
      if (failure) break;
    }
    if (!failure) {
      try {
        unzip.push(new Uint8Array(0), true);
      } catch (e) {
        failure = e;
      }
    }
    if (!failure && (bytes === 0 || entries === 0)) failure = new BundleRefused('The file is not a zip archive, or it is empty.');
    if (!failure && open.some((h) => !h.done)) failure = new BundleRefused('The zip was refused: it ends before its last file does (a damaged or partly uploaded archive).');
  } finally {
    for (const h of open) fs.closeSync(h.fd);
  }
  if (failure instanceof BundleRefused) throw failure;
  if (failure) throw new BundleRefused('The file is not a zip archive Haven can read.');
}
