/**
 * The orphan sweep (run by the idle-cleanup job): a document blob is written
 * before its row's transaction, so a crash, a refused file whose removal
 * failed, or a rolled-back transaction can leave a blob no row refers to.
 * Blobs under `documents/<school>/` older than the grace period that no row
 * of that school names (deleted rows included: they are restorable) are
 * removed. Each school's rows are read in that school's own scope, so the
 * sweep crosses schools without the privileged path; a referenced blob is
 * never removed, and a blob younger than the grace period may still be
 * waiting for its transaction. Safe to run twice at once (deleting a missing
 * blob succeeds).
 *
 * Pending uploads (files sent from an incident or action form that was never
 * saved) are rows that no record claimed: past the same grace period they
 * are marked expired first (rows are never deleted), and an expired pending
 * row is no reference, so their blobs are removed as orphans. A claimed row is
 * never pending again, and a file removed from a record by an edit keeps its
 * (soft-deleted) row, so its blob stays while any version lists it.
 */
import 'server-only';
import { inSchool } from '@/db/scoped';
import { isUuid } from '@/lib/ids';
import { getStorage } from '@/lib/storage';
import { DOCUMENTS_PREFIX } from './blob';
import { referencedStorageKeys } from './queries';
import { expireStalePending } from './attachments';

export const ORPHAN_GRACE_HOURS = 24;

export async function sweepOrphanDocumentBlobs(now: Date): Promise<{ orphansRemoved: number; pendingExpired: number }> {
  const storage = getStorage();
  const cutoff = now.getTime() - ORPHAN_GRACE_HOURS * 3_600_000;
  const old = (await storage.list(DOCUMENTS_PREFIX)).filter((b) => b.lastModified.getTime() < cutoff);
  const bySchool = new Map<string, string[]>();
  for (const blob of old) {
    const [schoolId, documentId, ...rest] = blob.key.slice(DOCUMENTS_PREFIX.length).split('/');
    // Only keys of the shape this module writes: anything else is not ours to judge.
    if (!isUuid(schoolId) || !isUuid(documentId) || rest.length > 0) continue;
    bySchool.set(schoolId, [...(bySchool.get(schoolId) ?? []), blob.key]);
  }
  let orphansRemoved = 0;
  let pendingExpired = 0;
  for (const [schoolId, keys] of bySchool) {
    pendingExpired += await inSchool(schoolId, (tx) => expireStalePending(tx, schoolId, new Date(cutoff), now));
    for (let at = 0; at < keys.length; at += 500) {
      const batch = keys.slice(at, at + 500);
      const referenced = await inSchool(schoolId, (tx) => referencedStorageKeys(tx, schoolId, batch));
      for (const key of batch) {
        if (referenced.has(key)) continue;
        await storage.delete(key);
        orphansRemoved += 1;
      }
    }
  }
  return { orphansRemoved, pendingExpired };
}
