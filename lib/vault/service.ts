/**
 * Changes to a pupil's Document vault: uploads (blobs stored first, then every
 * row of the request in one transaction with its audit rows), and soft delete
 * and restore with a reason. Every function decides first, through lib/access
 * ('student.documents', 'student.documents_manage'), on the pupil read inside
 * its own transaction.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '@/db/scoped';
import { documents } from '@/db/schema';
import { accessSubjectOf, decide, type AccessSubject } from '@/lib/access';
import { NotAllowedError, NotFoundError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import { findPupilFor, studentResource, type PupilBase } from '@/lib/students/access';
import { writeAudit } from '@/lib/audit/write';
import { recordStudentEvent } from '@/lib/students/audit';
import type { UserCtx } from '@/lib/tenancy/context';
import { dropDocumentBlob, FileRefused, storeDocumentBlob, storedBlobColumns, type StoredBlob } from './blob';
import { sanitiseFileName } from './file-name';
import { VirusFound } from './scan';

export const NO_FILES_PERMISSION = 'You do not have permission to see this pupil’s documents.';
export const NO_MANAGE_PERMISSION = 'You do not have permission to delete or restore this pupil’s documents.';

/**
 * The pupil, if the person may open them and do `action` to their documents.
 * A pupil out of reach is "not found" (or "use your key") as everywhere; one
 * they may open but whose files their group does not reach is "not allowed".
 */
export async function pupilForDocuments(
  tx: Tx,
  ctx: UserCtx,
  subject: AccessSubject,
  rawStudentId: unknown,
  action: 'student.documents' | 'student.documents_manage',
): Promise<PupilBase> {
  const pupil = await findPupilFor(tx, ctx, subject, rawStudentId, 'student.view');
  if (!decide(subject, action, studentResource(pupil)).allowed) {
    throw new NotAllowedError(action === 'student.documents' ? NO_FILES_PERMISSION : NO_MANAGE_PERMISSION);
  }
  return pupil;
}

export interface UploadTarget {
  studentId: string;
  maxBytes: number;
}

/** Checked before an upload's body is read, so a refused request stores nothing. */
export async function vaultUploadTarget(ctx: UserCtx, rawStudentId: unknown): Promise<UploadTarget> {
  const subject = await accessSubjectOf(ctx);
  const pupil = await ctx.run((tx) => pupilForDocuments(tx, ctx, subject, rawStudentId, 'student.documents'));
  return { studentId: pupil.id, maxBytes: ctx.school.settings.vaultMaxFileMb * 1024 * 1024 };
}

/** Encrypts and stores one incoming file (no row yet); FileRefused names the file when it is not accepted. */
export async function stageVaultFile(
  ctx: UserCtx,
  target: Pick<UploadTarget, 'maxBytes'> & { studentId?: string },
  rawName: string,
  body: Readable,
): Promise<StoredBlob> {
  const name = sanitiseFileName(rawName);
  if (!name) {
    body.resume();
    throw new FileRefused('A file without a usable name was sent. Rename it and try again.');
  }
  try {
    return await storeDocumentBlob(ctx.school.id, randomUUID(), name, body, target.maxBytes);
  } catch (err) {
    if (err instanceof VirusFound) await recordVirusRefused(ctx, target.studentId, err);
    throw err;
  }
}

/**
 * An infected file leaves no document, only this row: who tried to add what,
 * and what the scanner found; on the pupil for a vault upload, on no record
 * for a file sent from an incident or action form (it names no pupil yet).
 */
export async function recordVirusRefused(
  ctx: UserCtx,
  studentId: string | undefined,
  found: VirusFound,
): Promise<void> {
  const details = { name: found.fileName, signature: found.signature };
  await ctx.run((tx) =>
    studentId
      ? recordStudentEvent(tx, ctx, { action: 'document.virus_refused', studentId, details })
      : writeAudit(tx, {
          schoolId: ctx.school.id,
          at: new Date(),
          actorUserId: ctx.user.id,
          meta: ctx.meta,
          action: 'attachment.virus_refused',
          entityType: null,
          entityId: null,
          details,
        }),
  );
}

/**
 * Records staged files in the pupil's vault, all or none, deciding again in
 * the transaction (access may have changed while the bytes arrived). On any
 * failure the staged blobs are removed.
 */
export async function commitVaultFiles(ctx: UserCtx, target: UploadTarget, staged: StoredBlob[]): Promise<string[]> {
  try {
    const subject = await accessSubjectOf(ctx);
    return await ctx.run(async (tx) => {
      const pupil = await pupilForDocuments(tx, ctx, subject, target.studentId, 'student.documents');
      for (const blob of staged) {
        await tx.insert(documents).values({
          schoolId: ctx.school.id,
          ...storedBlobColumns(blob, ctx.user.id, subject.now),
          studentId: pupil.id,
          source: 'vault',
        });
        await recordStudentEvent(tx, ctx, {
          action: 'document.uploaded',
          studentId: pupil.id,
          details: { documentId: blob.documentId, size: blob.size, type: blob.type.contentType },
          at: subject.now,
        });
      }
      return staged.map((b) => b.documentId);
    });
  } catch (err) {
    await discardStaged(staged);
    throw err;
  }
}

export async function discardStaged(staged: StoredBlob[]): Promise<void> {
  await Promise.all(staged.map((b) => dropDocumentBlob(b.storageKey)));
}

export const deleteDocumentInput = z.strictObject({
  studentId: z.string(),
  documentId: z.string(),
  reason: z
    .string()
    .trim()
    .min(1, 'Say why this document is being deleted.')
    .max(500, 'Keep the reason to 500 characters or fewer.'),
});
export const restoreDocumentInput = z.strictObject({ studentId: z.string(), documentId: z.string() });

async function vaultDocumentForChange(tx: Tx, ctx: UserCtx, pupilId: string, rawDocumentId: string, deleted: boolean) {
  if (!isUuid(rawDocumentId)) throw new NotFoundError('document');
  const [doc] = await tx
    .select({ id: documents.id })
    .from(documents)
    .where(
      and(
        eq(documents.schoolId, ctx.school.id),
        eq(documents.studentId, pupilId),
        eq(documents.id, rawDocumentId.toLowerCase()),
        eq(documents.source, 'vault'),
        deleted ? isNotNull(documents.deletedAt) : isNull(documents.deletedAt),
      ),
    )
    .for('update')
    .limit(1);
  if (!doc) throw new NotFoundError('document');
  return doc;
}

/** Soft delete: the row and blob stay, restorable from "Deleted files". */
export async function deleteVaultDocument(ctx: UserCtx, input: z.infer<typeof deleteDocumentInput>): Promise<void> {
  const subject = await accessSubjectOf(ctx);
  await ctx.run(async (tx) => {
    const pupil = await pupilForDocuments(tx, ctx, subject, input.studentId, 'student.documents_manage');
    const doc = await vaultDocumentForChange(tx, ctx, pupil.id, input.documentId, false);
    await tx
      .update(documents)
      .set({ deletedAt: subject.now, deletedBy: ctx.user.id, deletedReason: input.reason })
      .where(and(eq(documents.schoolId, ctx.school.id), eq(documents.id, doc.id)));
    await recordStudentEvent(tx, ctx, {
      action: 'document.deleted',
      studentId: pupil.id,
      details: { documentId: doc.id, reason: input.reason },
      at: subject.now,
    });
  });
}

export async function restoreVaultDocument(ctx: UserCtx, input: z.infer<typeof restoreDocumentInput>): Promise<void> {
  const subject = await accessSubjectOf(ctx);
  await ctx.run(async (tx) => {
    const pupil = await pupilForDocuments(tx, ctx, subject, input.studentId, 'student.documents_manage');
    const doc = await vaultDocumentForChange(tx, ctx, pupil.id, input.documentId, true);
    await tx
      .update(documents)
      .set({ deletedAt: null, deletedBy: null, deletedReason: null })
      .where(and(eq(documents.schoolId, ctx.school.id), eq(documents.id, doc.id)));
    await recordStudentEvent(tx, ctx, {
      action: 'document.restored',
      studentId: pupil.id,
      details: { documentId: doc.id },
      at: subject.now,
    });
  });
}
