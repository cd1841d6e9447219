/**
 * Unpacking a .zip bundle (fflate, streaming) into a folder, refusing anything
 * that is not plainly an extract: only students.csv, staff.csv, contacts.csv
 * and attendance.csv (any case), at the top level or all inside one folder; no
 * entry that climbs out of the folder (`../`, an absolute path, a drive
 * letter); no more than MAX_UNZIPPED_BYTES once unpacked and no more than
 * MAX_COMPRESSION_RATIO times the zip's own size, both counted as the bytes
 * come out (the sizes a zip declares can lie).
 *
 * fflate inflates all it is given in one synchronous call: handed a 1 MB
 * chunk of a zip bomb it would produce 1 GB before anything could look at the
 * total, and block the event loop (every school's requests) meanwhile. So the
 * zip goes in by slices small enough that what comes out of one cannot pass
 * the caps' remaining room nor MAX_OUT_PER_PUSH (deflate gives at most ~1,032
 * bytes per byte): a bomb is fed a few hundred bytes at a time and stopped
 * after a few hundred kilobytes, an ordinary extract 8 KB at a time. The caps
 * are checked after every slice, and the event loop gets a turn whenever a
 * slice brought out much or enough has gone in.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { BUNDLE_FILE_NAMES, bundleFileKind, type BundleFileKind } from './files';
import { BundleRefused, IGNORED_NAMES } from './bundle';
import { clip } from './fields';

export const MAX_UNZIPPED_BYTES = 256 * 1024 * 1024;
/** Real extracts compress about 5 to 15 times (a year of marks: 9); a zip bomb about 1,000. */
export const MAX_COMPRESSION_RATIO = 100;
/** Output below this is not judged by its ratio: a small file of one repeated value is no threat. */
const RATIO_GRACE_BYTES = 256 * 1024;
/** The most deflate can expand a byte. */
const DEFLATE_WORST_RATIO = 1_032;
/** The most one synchronous inflate step may bring out: a few milliseconds of work. */
const MAX_OUT_PER_PUSH = 8 * 1024 * 1024;
const MIN_SLICE = 64;
/** A turn for other requests after this much in or out. */
const YIELD_IN_BYTES = 64 * 1024;
const YIELD_OUT_BYTES = 256 * 1024;
/** Four files, their folder and a few bits of archive-tool metadata. */
const MAX_ENTRIES = 64;

/** The entry's path segments, or a refusal when it could land outside the folder. */
function safeSegments(name: string): string[] {
  const segments = name.split(/[\\/]/);
  const climbs =
    segments.some((s) => s === '..' || s === '.') ||
    name.startsWith('/') ||
    name.startsWith('\\') ||
    /^[a-z]:/i.test(name) ||
    name.includes('\0');
  if (climbs)
    throw new BundleRefused(`The zip was refused: the entry "${clip(name, 80)}" points outside the zip's folder.`);
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
  if (parts.length > 2)
    throw new BundleRefused(
      `The zip was refused: "${clip(name, 80)}" is nested too deep. Put the CSV files at the top of the zip or in one folder.`,
    );
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

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** Unpacks the zip read from `input` into `destDir` under the canonical file names. */
export async function unzipBundle(
  input: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  destDir: string,
  maxBytes = MAX_UNZIPPED_BYTES,
  maxRatio = MAX_COMPRESSION_RATIO,
): Promise<void> {
  let total = 0;
  let packed = 0;
  let folder: string | null = null;
  const seen = new Set<BundleFileKind>();
  const open: { fd: number; done: boolean }[] = [];
  let failure: unknown = null;
  let entries = 0;

  const unzip = new Unzip((file: UnzipFile) => {
    if (failure) return;
    try {
      if (++entries > MAX_ENTRIES)
        throw new BundleRefused(
          `The zip was refused: it holds more than ${MAX_ENTRIES} entries. A bundle holds only the four CSV files.`,
        );
      const found = classify(file.name);
      if (found === 'skip') return;
      if (folder !== null && folder !== found.folder)
        throw new BundleRefused('The zip was refused: its CSV files are in different folders. Put them together.');
      folder = found.folder;
      if (seen.has(found.kind))
        throw new BundleRefused(`The zip was refused: it holds ${BUNDLE_FILE_NAMES[found.kind]} twice.`);
      seen.add(found.kind);
      if (file.compression !== 0 && file.compression !== 8) {
        throw new BundleRefused(
          `The zip was refused: ${BUNDLE_FILE_NAMES[found.kind]} is compressed in a way Haven does not read. Use ordinary (deflate) compression.`,
        );
      }
      const handle = { fd: fs.openSync(path.join(destDir, BUNDLE_FILE_NAMES[found.kind]), 'wx', 0o600), done: false };
      open.push(handle);
      file.ondata = (err, chunk, final) => {
        if (failure) return;
        try {
          if (err)
            throw new BundleRefused(
              `The zip was refused: ${BUNDLE_FILE_NAMES[found.kind]} could not be unpacked (${err.message}).`,
            );
          total += chunk.length;
          if (total > maxBytes) {
            throw new BundleRefused(`The zip was refused: unpacked it would be larger than ${mb(maxBytes)} MB.`);
          }
          if (total > RATIO_GRACE_BYTES && total > maxRatio * packed) {
            throw new BundleRefused(
              `The zip was refused: it unpacks to more than ${maxRatio} times its own size, which an extract never does (it looks like a "zip bomb"). Zip the CSV files again with ordinary compression.`,
            );
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
    let inSinceTurn = 0;
    let outAtTurn = 0;
    reading: for await (const chunk of input) {
      for (let at = 0; at < chunk.length;) {
        const room = Math.min(maxBytes, Math.max(RATIO_GRACE_BYTES, maxRatio * packed)) - total;
        const size = Math.max(MIN_SLICE, Math.floor(Math.min(room, MAX_OUT_PER_PUSH) / DEFLATE_WORST_RATIO));
        const slice = chunk.subarray(at, at + size);
        at += slice.length;
        packed += slice.length;
        try {
          unzip.push(slice, false);
        } catch (e) {
          failure ??= e;
        }
        if (failure) break reading;
        inSinceTurn += slice.length;
        if (inSinceTurn >= YIELD_IN_BYTES || total - outAtTurn >= YIELD_OUT_BYTES) {
          inSinceTurn = 0;
          outAtTurn = total;
          await nextTurn();
        }
      }
    }
    if (!failure) {
      try {
        unzip.push(new Uint8Array(0), true);
      } catch (e) {
        failure = e;
      }
    }
    if (!failure && (packed === 0 || entries === 0))
      failure = new BundleRefused('The file is not a zip archive, or it is empty.');
    if (!failure && open.some((h) => !h.done))
      failure = new BundleRefused(
        'The zip was refused: it ends before its last file does (a damaged or partly uploaded archive).',
      );
  } finally {
    for (const h of open) fs.closeSync(h.fd);
  }
  if (failure instanceof BundleRefused) throw failure;
  if (failure) throw new BundleRefused('The file is not a zip archive Haven can read.');
}
