/**
 * Files sent from the add incident, edit incident and add action forms before
 * the form is saved: each arrives as its own request (so the page shows its
 * progress and it succeeds or fails alone), streams through the same checks
 * and encryption as a vault upload, and is recorded as a *pending* document
 * owned by the person who sent it, naming no pupil or record. Saving the form
 * claims the ids in the record's own transaction (lib/incidents/attachments.ts);
 * nobody can read a pending document, and the orphan sweep removes one no
 * save claimed after the grace period. A pending upload concerns no pupil or
 * record, so it is audited when claimed: the record's own audit row
 * (`incident.created`, `incident.edited`, `action.created`) lists the file ids.
 */
import 'server-only';
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { documents } from '@/db/schema';
import type { UserCtx } from '@/lib/tenancy/context';
import { FileRefused, type StoredBlob } from './blob';
import { discardStaged } from './service';
import { receiveOne, UploadUnreadable, type UploadAnswer } from './upload';

/**
 * Stores one file from an incident or action form as a pending document of
 * this person. Any signed-in member may send one (everyone may report an
 * incident); what it becomes is decided when the record is saved.
 */
export async function receivePendingAttachment(ctx: UserCtx, request: Request): Promise<UploadAnswer> {
  const target = { maxBytes: ctx.school.settings.vaultMaxFileMb * 1024 * 1024 };
  let staged: StoredBlob[];
  try {
    staged = await receiveOne(ctx, target, request);
  } catch (err) {
    if (err instanceof FileRefused) return { ok: false, status: err.status, message: err.message };
    if (err instanceof UploadUnreadable) return { ok: false, status: 400, message: err.message };
    throw err;
  }
  const blob = staged[0]!;
  try {
    await ctx.run(async (tx) => {
      await tx.insert(documents).values({
        schoolId: ctx.school.id,
        id: blob.documentId,
        studentId: null,
        source: 'pending',
        originalName: blob.name,
        byteSize: blob.size,
        contentType: blob.type.contentType,
        extension: blob.type.extension,
        storageKey: blob.storageKey,
        cipherVersion: blob.key.version,
        chunkBytes: blob.key.chunkBytes,
        wrappedKey: blob.key.wrappedKey.toString('base64'),
        keyProvider: blob.key.keyProvider,
        uploadedBy: ctx.user.id,
        uploadedAt: new Date(),
      });
    });
  } catch (err) {
    await discardStaged(staged);
    throw err;
  }
  return { ok: true, status: 200, documentIds: [blob.documentId], message: `“${blob.name}” is ready to attach.` };
}

export const EXPIRED_PENDING_REASON = 'Not attached to a saved record within the grace period: the file was removed.';

/**
 * Pending documents of this school sent before `cutoff` and never claimed are
 * marked expired (documents are never deleted, not even these: the app role
 * cannot); an expired pending row no longer counts as a reference, so the
 * sweep removes its blob, and it can no longer be claimed.
 */
export async function expireStalePending(tx: Tx, schoolId: string, cutoff: Date, now: Date): Promise<number> {
  const expired = await tx
    .update(documents)
    .set({ deletedAt: now, deletedBy: sql`${documents.uploadedBy}`, deletedReason: EXPIRED_PENDING_REASON })
    .where(
      and(
        eq(documents.schoolId, schoolId),
        eq(documents.source, 'pending'),
        isNull(documents.deletedAt),
        lt(documents.uploadedAt, cutoff),
      ),
    )
    .returning({ id: documents.id });
  return expired.length;
}
