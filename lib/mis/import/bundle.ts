/**
 * A bundle as the importer reads it: the extract files found, each opened as
 * many times as needed (attendance is read twice), from a folder on disk.
 * Every way in (a folder given to the command, uploaded files or a .zip, a
 * folder in storage) ends up here: uploads and storage are written to the
 * run's work folder first (./work-dir.ts), so memory never holds a whole file.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { UserError } from '@/lib/errors';
import { BUNDLE_FILE_NAMES, BUNDLE_FILE_ORDER, bundleFileKind, type BundleFileKind } from './files';

/** A bundle that cannot be imported at all; the message says why and is shown as it is. */
export class BundleRefused extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'BundleRefused';
  }
}

export interface BundleFile {
  kind: BundleFileKind;
  /** The name as found (case kept), for messages. */
  name: string;
  open(): Readable;
}

export interface Bundle {
  files: Partial<Record<BundleFileKind, BundleFile>>;
}

/** Folders some tools add to archives and folders; never part of an extract. */
export const IGNORED_NAMES = /^(__macosx|\.ds_store|thumbs\.db|desktop\.ini)$/i;

function filesIn(dir: string): { kinds: Map<BundleFileKind, string>; subfolders: string[] } {
  const kinds = new Map<BundleFileKind, string>();
  const subfolders: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (IGNORED_NAMES.test(entry.name) || entry.name.startsWith('.')) continue;
    if (entry.isDirectory()) {
      subfolders.push(entry.name);
      continue;
    }
    const kind = entry.isFile() ? bundleFileKind(entry.name) : null;
    if (!kind) continue; // other files beside an extract (a manifest, a log) are not the importer's business
    if (kinds.has(kind))
      throw new BundleRefused(
        `The folder holds ${BUNDLE_FILE_NAMES[kind]} twice (names differing only in case): keep one.`,
      );
    kinds.set(kind, entry.name);
  }
  return { kinds, subfolders };
}

/**
 * The extract files of a folder: at its top level, or inside its one
 * subfolder (how a zipped folder unpacks). Other files are ignored.
 */
export function openFolderBundle(dir: string): Bundle {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new BundleRefused(`There is no folder at ${dir}.`);
  }
  if (!stat.isDirectory()) throw new BundleRefused(`${dir} is not a folder.`);
  const top = filesIn(dir);
  let { kinds } = top;
  let base = dir;
  if (kinds.size === 0 && top.subfolders.length === 1) {
    base = path.join(dir, top.subfolders[0]!);
    ({ kinds } = filesIn(base));
  }
  const files: Bundle['files'] = {};
  for (const kind of BUNDLE_FILE_ORDER) {
    const name = kinds.get(kind);
    if (!name) continue;
    const full = path.join(base, name);
    files[kind] = { kind, name, open: () => fs.createReadStream(full, { highWaterMark: 256 * 1024 }) };
  }
  return { files };
}
