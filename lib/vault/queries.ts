/**
 * Reads of a pupil's Document vault: the list for the tab, one document for
 * its download, several for a zip. Each decides on the pupil first in its
 * transaction (service.ts `pupilForDocuments`), reads only that pupil's rows
 * of this school, and audits the read. Columns are named: the wrapped key
 * leaves this module only inside the reference the download streams from.
 */
import 'server-only';
import { and, asc, desc, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Tx } from '@/db/scoped';
import { documents, incidents, users } from '@/db/schema';
import { accessSubjectOf, can, documentReadableCondition, type AccessSubject } from '@/lib/access';
import { shownAuthorName } from '@/lib/incidents/author';
import { DOCUMENT_COLUMNS } from '@/lib/incidents/files';
import { incidentVisibleById, transferVisibleFor } from '@/lib/incidents/visibility';
import { NotFoundError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import { studentResource, type PupilBase } from '@/lib/students/access';
import { recordStudentEvent } from '@/lib/students/audit';
import type { UserCtx } from '@/lib/tenancy/context';
import type { StoredDocumentRef } from './blob';
import { ACCEPTED } from './file-type';
import { pupilForDocuments } from './service';

export type DocumentSource = 'vault' | 'incident' | 'action';

export interface VaultDocumentRow {
  id: string;
  name: string;
  size: number;
  typeLabel: string;
  uploadedBy: string;
  uploadedAt: Date;
  source: DocumentSource;
  /** The incident (and action) an attachment belongs to, for the Source column's link. */
  record: { incidentId: string; number: number; actionId: string | null; mergedFromNumber: number | null } | null;
  deleted: { at: Date; by: string; reason: string } | null;
}

export interface VaultList {
  documents: VaultDocumentRow[];
  /** Filled only for those who may delete and restore ('student.documents_manage'). */
  deletedDocuments: VaultDocumentRow[];
  mayManage: boolean;
  maxFileMb: number;
}

const deleter = alias(users, 'deleter');
const recordOf = alias(incidents, 'document_incident');
/** The incident a merged one joined: where its files are listed and linked from. */
const recordTarget = alias(incidents, 'document_incident_target');
const mergedFrom = alias(incidents, 'merged_source');

/**
 * The documents of the pupil this person may read (lib/access
 * `documentReadableCondition`): direct uploads, and files of incidents and
 * actions whose incident they may see. Deleted direct uploads only for
 * those who may restore them.
 */
export function readableDocuments(subject: AccessSubject, deletedVaultFiles: boolean) {
  return documentReadableCondition(DOCUMENT_COLUMNS, incidentVisibleById(subject, documents.incidentId), {
    transferVisible: transferVisibleFor(subject, documents.transferId),
    deletedVaultFiles,
  });
}

/**
 * The pupil's vault for the tab: direct uploads and the files of the
 * incidents and actions this person may see, each row naming its record.
 */
export async function listVaultDocuments(
  tx: Tx,
  ctx: UserCtx,
  subject: AccessSubject,
  pupil: PupilBase,
): Promise<VaultList> {
  const mayManage = can(subject, 'student.documents_manage', studentResource(pupil));
  const rows = await tx
    .select({
      id: documents.id,
      name: documents.originalName,
      size: documents.byteSize,
      extension: documents.extension,
      uploadedBy: shownAuthorName(documents.externalAuthor, users.displayName),
      uploadedAt: documents.uploadedAt,
      source: documents.source,
      incidentId: documents.incidentId,
      actionId: documents.actionId,
      incidentNumber: recordOf.number,
      targetId: recordTarget.id,
      targetNumber: recordTarget.number,
      deletedAt: documents.deletedAt,
      deletedBy: deleter.displayName,
      deletedReason: documents.deletedReason,
    })
    .from(documents)
    // A left join: a document stays listed even if its uploader is no longer visible in this school.
    .leftJoin(users, eq(users.id, documents.uploadedBy))
    .leftJoin(deleter, eq(deleter.id, documents.deletedBy))
    .leftJoin(recordOf, and(eq(recordOf.schoolId, documents.schoolId), eq(recordOf.id, documents.incidentId)))
    .leftJoin(
      recordTarget,
      and(eq(recordTarget.schoolId, recordOf.schoolId), eq(recordTarget.id, recordOf.mergedIntoId)),
    )
    .where(
      and(
        eq(documents.schoolId, ctx.school.id),
        eq(documents.studentId, pupil.id),
        readableDocuments(subject, mayManage),
      ),
    )
    .orderBy(desc(documents.uploadedAt), asc(documents.originalName));
  const shaped = rows.map((r): VaultDocumentRow => ({
    id: r.id,
    name: r.name,
    size: r.size,
    typeLabel: ACCEPTED[r.extension]?.label ?? r.extension.toUpperCase(),
    uploadedBy: r.uploadedBy ?? 'a former member of staff',
    uploadedAt: r.uploadedAt,
    source: r.source as DocumentSource,
    // A merged incident's file is shown where that incident now lives.
    record:
      r.incidentId && r.incidentNumber !== null
        ? r.targetId && r.targetNumber !== null
          ? { incidentId: r.targetId, number: r.targetNumber, actionId: r.actionId, mergedFromNumber: r.incidentNumber }
          : { incidentId: r.incidentId, number: r.incidentNumber, actionId: r.actionId, mergedFromNumber: null }
        : null,
    deleted: r.deletedAt ? { at: r.deletedAt, by: r.deletedBy ?? 'someone', reason: r.deletedReason ?? '' } : null,
  }));
  return {
    documents: shaped.filter((d) => !d.deleted),
    deletedDocuments: shaped.filter((d) => d.deleted),
    mayManage,
    maxFileMb: ctx.school.settings.vaultMaxFileMb,
  };
}

export interface DownloadableDocument extends StoredDocumentRef {
  name: string;
  contentType: string;
  size: number;
  uploadedAt: Date;
}

const downloadColumns = {
  id: documents.id,
  storageKey: documents.storageKey,
  cipherVersion: documents.cipherVersion,
  chunkBytes: documents.chunkBytes,
  wrappedKey: documents.wrappedKey,
  keyProvider: documents.keyProvider,
  keyDocumentId: documents.keyDocumentId,
  name: documents.originalName,
  contentType: documents.contentType,
  size: documents.byteSize,
  uploadedAt: documents.uploadedAt,
};

/**
 * One document of the pupil for its download, audited. A deleted document is
 * readable only by those who may restore it; anything else is "not found".
 */
export async function documentForDownload(
  ctx: UserCtx,
  rawStudentId: unknown,
  rawDocumentId: unknown,
): Promise<DownloadableDocument> {
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const pupil = await pupilForDocuments(tx, ctx, subject, rawStudentId, 'student.documents');
    if (!isUuid(rawDocumentId)) throw new NotFoundError('document');
    const mayManage = can(subject, 'student.documents_manage', studentResource(pupil));
    const [doc] = await tx
      .select(downloadColumns)
      .from(documents)
      .where(
        and(
          eq(documents.schoolId, ctx.school.id),
          eq(documents.studentId, pupil.id),
          eq(documents.id, rawDocumentId.toLowerCase()),
          readableDocuments(subject, mayManage),
        ),
      )
      .limit(1);
    if (!doc) throw new NotFoundError('document');
    await recordStudentEvent(tx, ctx, {
      action: 'document.viewed',
      studentId: pupil.id,
      details: { documentId: doc.id },
      at: subject.now,
    });
    return doc;
  });
}

/**
 * A file of an incident or one of its actions, for whoever may read that
 * incident — the record's own door, without the Document vault's "Files"
 * permission: an attachment is readable exactly when its record is
 * (lib/access `documentReadableCondition`). Anything else, a direct vault
 * upload included, is "not found". Audited on the pupil as a view.
 */
export async function recordFileForDownload(
  ctx: UserCtx,
  rawIncidentId: unknown,
  rawDocumentId: unknown,
): Promise<DownloadableDocument> {
  if (!isUuid(rawIncidentId) || !isUuid(rawDocumentId)) throw new NotFoundError('document');
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const [doc] = await tx
      .select({ ...downloadColumns, studentId: documents.studentId, incidentId: documents.incidentId })
      .from(documents)
      .where(
        and(
          eq(documents.schoolId, ctx.school.id),
          eq(documents.id, rawDocumentId.toLowerCase()),
          // Its own incident's, or one merged into it (listed there): read under the same rule either way.
          or(
            eq(documents.incidentId, rawIncidentId.toLowerCase()),
            inArray(
              documents.incidentId,
              tx
                .select({ id: mergedFrom.id })
                .from(mergedFrom)
                .where(
                  and(eq(mergedFrom.schoolId, ctx.school.id), eq(mergedFrom.mergedIntoId, rawIncidentId.toLowerCase())),
                ),
            ),
          ),
          inArray(documents.source, ['incident', 'action']),
          readableDocuments(subject, false),
        ),
      )
      .limit(1);
    if (!doc || !doc.studentId) throw new NotFoundError('document');
    await recordStudentEvent(tx, ctx, {
      action: 'document.viewed',
      studentId: doc.studentId,
      details: { documentId: doc.id, incidentId: doc.incidentId },
      at: subject.now,
    });
    const { studentId: _s, incidentId: _i, ...file } = doc;
    return file;
  });
}

export const MAX_ZIP_DOCUMENTS = 500;

/**
 * The pupil's live documents among `rawIds`, in the order listed on the tab,
 * for one zip, audited as one read. Ids that name nothing this person may read
 * are left out; when none is left the answer is "not found".
 */
export async function documentsForZip(
  ctx: UserCtx,
  rawStudentId: unknown,
  rawIds: readonly unknown[],
): Promise<DownloadableDocument[]> {
  const ids = [...new Set(rawIds.filter(isUuid).map((id) => id.toLowerCase()))].slice(0, MAX_ZIP_DOCUMENTS);
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const pupil = await pupilForDocuments(tx, ctx, subject, rawStudentId, 'student.documents');
    if (ids.length === 0) throw new NotFoundError('document');
    const rows = await tx
      .select(downloadColumns)
      .from(documents)
      .where(
        and(
          eq(documents.schoolId, ctx.school.id),
          eq(documents.studentId, pupil.id),
          inArray(documents.id, ids),
          readableDocuments(subject, false),
        ),
      )
      .orderBy(desc(documents.uploadedAt), asc(documents.originalName));
    if (rows.length === 0) throw new NotFoundError('document');
    await recordStudentEvent(tx, ctx, {
      action: 'document.zip_downloaded',
      studentId: pupil.id,
      details: { documentIds: rows.map((r) => r.id) },
      at: subject.now,
    });
    return rows;
  });
}

/**
 * Storage keys that rows of this school refer to, among `keys` (for the
 * orphan sweep): deleted rows count (restorable, or listed by a version),
 * an expired pending upload does not.
 */
export async function referencedStorageKeys(tx: Tx, schoolId: string, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await tx
    .select({ key: documents.storageKey })
    .from(documents)
    .where(
      and(
        eq(documents.schoolId, schoolId),
        inArray(documents.storageKey, keys),
        isNotNull(documents.storageKey),
        sql`not (${documents.source} = 'pending' and ${documents.deletedAt} is not null)`,
      ),
    );
  return new Set(rows.map((r) => r.key));
}
