/**
 * lib/mis — the MIS extract importer (../shared/mis-format.md). Three ways in,
 * one run (./import/run.ts): an administrator's upload in Admin → Imports, the
 * `npm run import` command, and the mis-import job that takes the newest
 * bundle each school's MIS connector delivered to storage. Reads of the runs
 * are in ./queries.ts; import health in ./health.ts.
 */
import 'server-only';
import { requireAdmin } from '@/lib/admin/guard';
import type { School } from '@/lib/schools/types';
import { getStorage, type BlobStore } from '@/lib/storage';
import type { Ctx } from '@/lib/tenancy/context';
import { makeCtx } from '@/lib/tenancy/make-ctx';
import { runImport, type ImportOutcome } from './import/run';
import { bundleFromPath, bundleFromStorage, bundleFromUploads, type UploadedFile } from './import/sources';
import { newestDeliveredBundle } from './import/deliveries';

export type { ImportOutcome } from './import/run';
export type { UploadedFile } from './import/sources';
export { MAX_UPLOAD_BYTES } from './import/sources';

/** Admin → Imports: the uploaded .zip or CSV files, imported as the signed-in administrator. */
export async function importUpload(ctx: Ctx, files: readonly UploadedFile[], now = new Date()): Promise<ImportOutcome> {
  requireAdmin(ctx);
  const names = files.map((f) => f.name).filter(Boolean).join(', ') || '(no file)';
  return runImport(ctx, { source: 'upload', sourceName: names, open: () => bundleFromUploads(files), now });
}

/**
 * `npm run import -- --school SLUG PATH`: a folder or .zip on this machine.
 * Whoever runs the command administers the installation, so no person's
 * permission is checked; the run is recorded with the source 'command'.
 */
export async function importFromPath(school: School, path: string, now = new Date()): Promise<ImportOutcome> {
  return runImport(makeCtx(school), { source: 'command', sourceName: path, open: () => bundleFromPath(path), now });
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
  return runImport(makeCtx(school), { source: 'job', sourceName: folder, open: () => bundleFromStorage(store, folder), now });
}
