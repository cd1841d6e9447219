/**
 * Changes to the school's library: an upload (the blob stored first, then
 * its row and audit row in one transaction that decides again), and soft
 * delete and restore with a reason. Permanent deletion is not offered: the
 * row and blob stay.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '@/db/scoped';
import { libraryDocuments } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write';
import { NotFoundError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import type { UserCtx } from '@/lib/tenancy/context';
import {
  FileRefused,
  VirusFound,
  dropDocumentBlob,
  sanitiseFileName,
  storeDocumentBlob,
  storedBlobColumns,
  type StoredBlob,
} from '@/lib/vault';
import { requireLibrary } from './access';
import { libraryPlace } from './blob';

/** Checked before an upload's body is read, so a refused request stores nothing. */
export async function libraryUploadLimit(ctx: UserCtx): Promise<number> {
  await requireLibrary(ctx, 'library.add');
  return ctx.school.settings.vaultMaxFileMb * 1024 * 1024;
}

/** Encrypts and stores one incoming file (no row yet); FileRefused names the file when it is not accepted. */
export async function stageLibraryFile(
  ctx: UserCtx,
  maxBytes: number,
  rawName: string,
  body: Readable,
): Promise<StoredBlob> {
  const name = sanitiseFileName(rawName);
  if (!name) {
    body.resume();
    throw new FileRefused('A file without a usable name was sent. Rename it and try again.');
  }
  const id = randomUUID();
  try {
    return await storeDocumentBlob(ctx.school.id, id, name, body, maxBytes, libraryPlace(ctx.school.id, id));
  } catch (err) {
    if (err instanceof VirusFound) {
      await ctx.run((tx) =>
        writeAudit(tx, {
          schoolId: ctx.school.id,
          actorUserId: ctx.user.id,
          meta: ctx.meta,
          action: 'library.virus_refused',
          entityType: null,
          entityId: null,
          details: { name: err.fileName, signature: err.signature },
        }),
      );
    }
    throw err;
  }
}

/** Records a stored file in the library, deciding again (access may have changed while the bytes arrived). */
export async function commitLibraryFile(ctx: UserCtx, blob: StoredBlob): Promise<string> {
  try {
    const subject = await requireLibrary(ctx, 'library.add');
    await ctx.run(async (tx) => {
      await tx
        .insert(libraryDocuments)
        .values({ schoolId: ctx.school.id, ...storedBlobColumns(blob, ctx.user.id, subject.now) });
      await writeAudit(tx, {
        schoolId: ctx.school.id,
        at: subject.now,
        actorUserId: ctx.user.id,
        meta: ctx.meta,
        action: 'library.document_uploaded',
        entityType: 'library_document',
        entityId: blob.documentId,
        details: { name: blob.name, size: blob.size, type: blob.type.contentType },
      });
    });
    return blob.documentId;
  } catch (err) {
    await dropDocumentBlob(blob.storageKey);
    throw err;
  }
}

export const deleteLibraryInput = z.strictObject({
  documentId: z.string(),
  reason: z
    .string()
    .trim()
    .min(1, 'Say why this file is being deleted.')
    .max(500, 'Keep the reason to 500 characters or fewer.'),
});
export const restoreLibraryInput = z.strictObject({ documentId: z.string() });

async function fileForChange(tx: Tx, ctx: UserCtx, rawId: string, deleted: boolean): Promise<string> {
  if (!isUuid(rawId)) throw new NotFoundError('document');
  const [doc] = await tx
    .select({ id: libraryDocuments.id })
    .from(libraryDocuments)
    .where(
      and(
        eq(libraryDocuments.schoolId, ctx.school.id),
        eq(libraryDocuments.id, rawId.toLowerCase()),
        deleted ? isNotNull(libraryDocuments.deletedAt) : isNull(libraryDocuments.deletedAt),
      ),
    )
    .for('update')
    .limit(1);
  if (!doc) throw new NotFoundError('document');
  return doc.id;
}

/** Soft delete: the row and blob stay, restorable from "Deleted files". */
export async function deleteLibraryFile(ctx: UserCtx, input: z.infer<typeof deleteLibraryInput>): Promise<void> {
  const subject = await requireLibrary(ctx, 'library.add');
  await ctx.run(async (tx) => {
    const id = await fileForChange(tx, ctx, input.documentId, false);
    await tx
      .update(libraryDocuments)
      .set({ deletedAt: subject.now, deletedBy: ctx.user.id, deletedReason: input.reason })
      .where(and(eq(libraryDocuments.schoolId, ctx.school.id), eq(libraryDocuments.id, id)));
    await writeAudit(tx, {
      schoolId: ctx.school.id,
      at: subject.now,
      actorUserId: ctx.user.id,
      meta: ctx.meta,
      action: 'library.document_deleted',
      entityType: 'library_document',
      entityId: id,
      details: { reason: input.reason },
    });
  });
}

export async function restoreLibraryFile(ctx: UserCtx, input: z.infer<typeof restoreLibraryInput>): Promise<void> {
  const subject = await requireLibrary(ctx, 'library.add');
  await ctx.run(async (tx) => {
    const id = await fileForChange(tx, ctx, input.documentId, true);
    await tx
      .update(libraryDocuments)
      .set({ deletedAt: null, deletedBy: null, deletedReason: null })
      .where(and(eq(libraryDocuments.schoolId, ctx.school.id), eq(libraryDocuments.id, id)));
    await writeAudit(tx, {
      schoolId: ctx.school.id,
      at: subject.now,
      actorUserId: ctx.user.id,
      meta: ctx.meta,
      action: 'library.document_restored',
      entityType: 'library_document',
      entityId: id,
    });
  });
}
