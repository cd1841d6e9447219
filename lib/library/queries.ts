/**
 * Reads of the school's library: the list for the page (live files for anyone
 * with "library.view", deleted ones only for those who may restore them) and
 * one file for opening, audited, stamping the opener's read receipt. Columns are named: the wrapped key leaves
 * this module only inside the reference the download streams from.
 */
import 'server-only';
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { libraryDocuments, users } from '@/db/schema';
import { can } from '@/lib/access';
import { writeAudit } from '@/lib/audit/write';
import type { EncryptionContext } from '@/lib/crypto';
import { NotFoundError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import type { UserCtx } from '@/lib/tenancy/context';
import { ACCEPTED, type DownloadableDocument } from '@/lib/vault';
import { requireLibrary } from './access';
import { libraryPlace, liveLibraryBlob } from './blob';
import { myLibraryReceipts, stampLibraryView } from './receipts';

export interface LibraryRow {
  id: string;
  name: string;
  size: number;
  typeLabel: string;
  uploadedBy: string;
  uploadedAt: Date;
  deleted: { at: Date; by: string; reason: string } | null;
  /** The person's own alert to this file, if they were alerted to it. */
  myReceipt: { requireAction: boolean; understoodAt: Date | null } | null;
}

export interface LibraryList {
  files: LibraryRow[];
  /** Empty unless the person may restore them. */
  deletedFiles: LibraryRow[];
  mayAdd: boolean;
  /** "Read by" next to each file (lib/access "library.read_by"). */
  mayReadBy: boolean;
  maxFileMb: number;
}

const deleter = alias(users, 'deleter');

export async function listLibrary(ctx: UserCtx): Promise<LibraryList> {
  const subject = await requireLibrary(ctx, 'library.view');
  const mayAdd = can(subject, 'library.add');
  const [rows, receipts] = await ctx.run(async (tx) => [
    await tx
      .select({
        id: libraryDocuments.id,
        name: libraryDocuments.originalName,
        size: libraryDocuments.byteSize,
        extension: libraryDocuments.extension,
        uploadedBy: users.displayName,
        uploadedAt: libraryDocuments.uploadedAt,
        deletedAt: libraryDocuments.deletedAt,
        deletedBy: deleter.displayName,
        deletedReason: libraryDocuments.deletedReason,
      })
      .from(libraryDocuments)
      // Left joins: a file stays listed even if its uploader is no longer visible in this school.
      .leftJoin(users, eq(users.id, libraryDocuments.uploadedBy))
      .leftJoin(deleter, eq(deleter.id, libraryDocuments.deletedBy))
      .where(and(eq(libraryDocuments.schoolId, ctx.school.id), mayAdd ? undefined : isNull(libraryDocuments.deletedAt)))
      .orderBy(desc(libraryDocuments.uploadedAt), asc(libraryDocuments.originalName)),
    await myLibraryReceipts(tx, ctx),
  ]);
  const shaped = rows.map((r): LibraryRow => ({
    id: r.id,
    name: r.name,
    size: r.size,
    typeLabel: ACCEPTED[r.extension]?.label ?? r.extension.toUpperCase(),
    uploadedBy: r.uploadedBy ?? 'a former member of staff',
    uploadedAt: r.uploadedAt,
    deleted: r.deletedAt ? { at: r.deletedAt, by: r.deletedBy ?? 'someone', reason: r.deletedReason ?? '' } : null,
    myReceipt: receipts.get(r.id) ?? null,
  }));
  return {
    files: shaped.filter((f) => !f.deleted),
    deletedFiles: shaped.filter((f) => f.deleted),
    mayAdd,
    mayReadBy: can(subject, 'library.read_by'),
    maxFileMb: ctx.school.settings.vaultMaxFileMb,
  };
}

export interface LibraryDownload extends DownloadableDocument {
  context: EncryptionContext;
}

/** A live file of this school, decided and audited; a deleted one or another school's is "not found". */
export async function libraryFileForDownload(ctx: UserCtx, rawId: string): Promise<LibraryDownload> {
  const subject = await requireLibrary(ctx, 'library.view');
  if (!isUuid(rawId)) throw new NotFoundError('document');
  return ctx.run(async (tx) => {
    const doc = await liveLibraryBlob(tx, ctx.school.id, rawId);
    if (!doc) throw new NotFoundError('document');
    await stampLibraryView(tx, ctx, doc.id, subject.now);
    await writeAudit(tx, {
      schoolId: ctx.school.id,
      at: subject.now,
      actorUserId: ctx.user.id,
      meta: ctx.meta,
      action: 'library.document_viewed',
      entityType: 'library_document',
      entityId: doc.id,
    });
    return { ...doc, context: libraryPlace(ctx.school.id, doc.id).context };
  });
}
