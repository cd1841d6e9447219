/**
 * The library's orphan sweep (run by the idle-cleanup job beside the vault's):
 * a library blob is written before its row's transaction, so a crash or a
 * rolled-back transaction can leave a blob under `library/<school>/` that no
 * row names. Past the vault's grace period such blobs are removed; a blob any
 * row names (deleted rows included: they are restorable) never is. Each
 * school's rows are read in that school's own scope. Safe to run twice at once.
 */
import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { inSchool } from '@/db/scoped';
import { libraryDocuments } from '@/db/schema';
import { isUuid } from '@/lib/ids';
import { getStorage } from '@/lib/storage';
import { ORPHAN_GRACE_HOURS } from '@/lib/vault';
import { LIBRARY_PREFIX } from './blob';

export async function sweepOrphanLibraryBlobs(now: Date): Promise<number> {
  const storage = getStorage();
  const cutoff = now.getTime() - ORPHAN_GRACE_HOURS * 3_600_000;
  const bySchool = new Map<string, string[]>();
  for (const blob of await storage.list(LIBRARY_PREFIX)) {
    if (blob.lastModified.getTime() >= cutoff) continue;
    const [schoolId, documentId, ...rest] = blob.key.slice(LIBRARY_PREFIX.length).split('/');
    // Only keys of the shape this module writes: anything else is not ours to judge.
    if (!isUuid(schoolId) || !isUuid(documentId) || rest.length > 0) continue;
    bySchool.set(schoolId, [...(bySchool.get(schoolId) ?? []), blob.key]);
  }
  let removed = 0;
  for (const [schoolId, keys] of bySchool) {
    for (let at = 0; at < keys.length; at += 500) {
      const batch = keys.slice(at, at + 500);
      const rows = await inSchool(schoolId, (tx) =>
        tx
          .select({ key: libraryDocuments.storageKey })
          .from(libraryDocuments)
          .where(and(eq(libraryDocuments.schoolId, schoolId), inArray(libraryDocuments.storageKey, batch))),
      );
      const referenced = new Set(rows.map((r) => r.key));
      for (const key of batch) {
        if (referenced.has(key)) continue;
        await storage.delete(key);
        removed += 1;
      }
    }
  }
  return removed;
}
