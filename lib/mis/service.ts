/**
 * lib/mis — the MIS extract importer (../shared/mis-format.md). Three ways in,
 * one run (./import/run.ts): an administrator's upload in Admin → Imports, the
 * `npm run import` command, and the mis-import job that takes the newest
 * bundle each school's MIS connector delivered to storage. Reads of the runs
 * are in ./queries.ts; import health in ./health.ts.
 */
import 'server-only';
import { requireAdmin } from '@/lib/admin/guard';
import type { School, Ctx } from '@/lib/tenancy/context';
import { getStorage, type BlobStore } from '@/lib/storage';
import { makeCtx } from '@/lib/tenancy/make-ctx';
import { runImport, type ImportOutcome } from './import/run';
import {
  bundleFromPath,
  bundleFromStorage,
  bundleFromUploads,
  receiveUpload,
  uploadNames,
  type Upload,
} from './import/sources';
import type { SavedUpload } from './import/upload-body';
import { newestDeliveredBundle } from './import/deliveries';

export type { ImportOutcome } from './import/run';
export type { Upload, UploadedFile } from './import/sources';
export { MAX_UPLOAD_BYTES } from './import/sources';
export { UploadRefused } from './import/upload-body';

/**
 * Admin → Imports: the uploaded .zip or CSV files, imported as the signed-in
 * administrator. The body is streamed to the run's work folder under the
 * size caps; an UploadRefused (too large, not a form) is thrown before any
 * run is recorded.
 */
export async function importUpload(ctx: Ctx, upload: Upload, now = new Date()): Promise<ImportOutcome> {
  requireAdmin(ctx);
  let saved: SavedUpload[] = [];
  return runImport(ctx, {
    source: 'upload',
    sourceName: '',
    receive: async (dir) => uploadNames((saved = await receiveUpload(upload, dir))),
    open: (dir) => bundleFromUploads(saved, dir),
    now,
  });
}

/**
 * `npm run import -- --school SLUG PATH`: a folder or .zip on this machine.
 * Whoever runs the command administers the installation, so no person's
 * permission is checked; the run is recorded with the source 'command'.
 */
export async function importFromPath(school: School, path: string, now = new Date()): Promise<ImportOutcome> {
  return runImport(makeCtx(school), {
    source: 'command',
    sourceName: path,
    open: (dir) => bundleFromPath(path, dir),
    now,
  });
}

/**
 * The mis-import job for one school: the newest folder delivered under
 * `imports/<slug>/`, once. Null when there is none (or it is still arriving).
 */
export async function importDeliveredBundle(
  school: School,
  opts: { now?: Date; settleMs?: number; store?: BlobStore } = {},
): Promise<ImportOutcome | null> {
  const now = opts.now ?? new Date();
  const store = opts.store ?? getStorage();
  const folder = await newestDeliveredBundle(store, school.slug, now, opts.settleMs);
  if (!folder) return null;
  return runImport(makeCtx(school), {
    source: 'job',
    sourceName: folder,
    open: (dir) => bundleFromStorage(store, folder, dir),
    now,
  });
}
