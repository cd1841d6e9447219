/**
 * Files attached to incidents and actions, inside the record's own
 * transaction. The form uploads each file first (lib/vault stores it
 * encrypted as a *pending* document owned by the uploader, naming no pupil
 * or record); saving the record claims those ids here, so the record and its
 * files are saved together or not at all. A claim is refused unless every id
 * is a pending document of this person in this school: another person's,
 * another school's (row security hides it), an already claimed or a deleted
 * one all read as "not found". An unclaimed pending document is removed by
 * the orphan sweep after its grace period.
 *
 * Sharing with linked pupils adds a row per linked copy that points at the
 * same blob and wrapped key (`key_document_id`), so there is no second blob
 * and each row is readable exactly when its own copy is.
 *
 * Removing an attachment is an edit: the row is soft-deleted (kept, with its
 * blob), the incident's new version lists what remains, and restoring an
 * earlier version's attachments brings the row back.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull, isNotNull } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { documents } from '@/db/schema';
import { accessSubjectOf } from '@/lib/access';
import { UserError } from '@/lib/errors';
import { incidentFor } from './resource';
import type { UserCtx } from '@/lib/tenancy/context';

export const ATTACHMENT_NOT_FOUND =
  'One of the attached files could not be found (it may have been saved already, or waited too long). Upload it again.';

const attachmentError = (message: string) =>
  new UserError('Please correct the highlighted fields.', { attachments: [message] });

/** Where claimed files go: an incident copy, or an action on it. */
export interface AttachmentTarget {
  incidentId: string;
  studentId: string;
  actionId?: string | null;
}

const shareColumns = {
  id: documents.id,
  keyDocumentId: documents.keyDocumentId,
  originalName: documents.originalName,
  byteSize: documents.byteSize,
  contentType: documents.contentType,
  extension: documents.extension,
  storageKey: documents.storageKey,
  cipherVersion: documents.cipherVersion,
  chunkBytes: documents.chunkBytes,
  wrappedKey: documents.wrappedKey,
  keyProvider: documents.keyProvider,
  uploadedBy: documents.uploadedBy,
  uploadedAt: documents.uploadedAt,
};
export interface ClaimedAttachment {
  id: string;
  keyDocumentId: string | null;
  originalName: string;
  byteSize: number;
  contentType: string;
  extension: string;
  storageKey: string;
  cipherVersion: number;
  chunkBytes: number;
  wrappedKey: string;
  keyProvider: string;
  uploadedBy: string;
  uploadedAt: Date;
}

/**
 * Claims this person's pending uploads for `target`, all or none. Concurrent
 * saves of the same ids: the second waits on the row locks, then finds them
 * no longer pending and is refused, so a file is claimed once.
 */
export async function claimAttachments(
  tx: Tx,
  ctx: UserCtx,
  ids: readonly string[],
  target: AttachmentTarget,
): Promise<ClaimedAttachment[]> {
  if (ids.length === 0) return [];
  const claimed = await tx
    .update(documents)
    .set({
      source: target.actionId ? 'action' : 'incident',
      studentId: target.studentId,
      incidentId: target.incidentId,
      actionId: target.actionId ?? null,
    })
    .where(
      and(
        eq(documents.schoolId, ctx.school.id),
        inArray(documents.id, [...ids]),
        eq(documents.source, 'pending'),
        eq(documents.uploadedBy, ctx.user.id),
        isNull(documents.deletedAt),
      ),
    )
    .returning(shareColumns);
  if (claimed.length !== new Set(ids).size) throw attachmentError(ATTACHMENT_NOT_FOUND);
  // In the order the form listed them.
  return ids.flatMap((id) => claimed.filter((c) => c.id === id));
}

/** The same files on other pupils' copies: one row each, sharing the blob and its key. */
export async function shareAttachments(
  tx: Tx,
  ctx: UserCtx,
  files: readonly ClaimedAttachment[],
  targets: readonly AttachmentTarget[],
): Promise<Map<string, string[]>> {
  const byIncident = new Map<string, string[]>();
  if (files.length === 0 || targets.length === 0) return byIncident;
  const rows = targets.flatMap((t) =>
    files.map((f) => ({
      ...f,
      id: randomUUID(),
      keyDocumentId: f.keyDocumentId ?? f.id,
      schoolId: ctx.school.id,
      source: t.actionId ? ('action' as const) : ('incident' as const),
      studentId: t.studentId,
      incidentId: t.incidentId,
      actionId: t.actionId ?? null,
      target: t,
    })),
  );
  await tx.insert(documents).values(rows.map(({ target: _t, ...r }) => r));
  for (const r of rows) {
    const key = r.target.actionId ?? r.target.incidentId;
    byIncident.set(key, [...(byIncident.get(key) ?? []), r.id]);
  }
  return byIncident;
}

/** The live attachments of an incident copy (not its actions'), in the order they were added: part of each version. */
export async function incidentAttachmentIds(tx: Tx, incidentId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: documents.id })
    .from(documents)
    .where(and(eq(documents.incidentId, incidentId), eq(documents.source, 'incident'), isNull(documents.deletedAt)))
    .orderBy(asc(documents.uploadedAt), asc(documents.originalName), asc(documents.id));
  return rows.map((r) => r.id);
}

export interface AttachmentListItem {
  id: string;
  name: string;
  size: number;
  uploadedAt: Date;
}

/** The live attachments of an incident copy for its edit form and page (names only: no key leaves here). */
export async function incidentAttachments(tx: Tx, incidentId: string): Promise<AttachmentListItem[]> {
  return tx
    .select({
      id: documents.id,
      name: documents.originalName,
      size: documents.byteSize,
      uploadedAt: documents.uploadedAt,
    })
    .from(documents)
    .where(and(eq(documents.incidentId, incidentId), eq(documents.source, 'incident'), isNull(documents.deletedAt)))
    .orderBy(asc(documents.uploadedAt), asc(documents.originalName), asc(documents.id));
}

/** Removes attachments of an incident copy as part of an edit; every id must be one of its live attachments. */
export async function removeAttachments(
  tx: Tx,
  ctx: UserCtx,
  incidentId: string,
  ids: readonly string[],
  reason: string,
  now: Date,
): Promise<void> {
  if (ids.length === 0) return;
  const removed = await tx
    .update(documents)
    .set({ deletedAt: now, deletedBy: ctx.user.id, deletedReason: reason })
    .where(
      and(
        eq(documents.schoolId, ctx.school.id),
        eq(documents.incidentId, incidentId),
        eq(documents.source, 'incident'),
        inArray(documents.id, [...ids]),
        isNull(documents.deletedAt),
      ),
    )
    .returning({ id: documents.id });
  if (removed.length !== new Set(ids).size)
    throw attachmentError('One of the files to remove is no longer attached: open the incident again.');
}

/**
 * Makes an incident copy's live attachments exactly `wanted` (a saved
 * version's list): removed ones come back, later ones are removed. Only rows
 * of this copy are touched; ids naming anything else are ignored.
 */
export async function setAttachments(
  tx: Tx,
  ctx: UserCtx,
  incidentId: string,
  wanted: readonly string[],
  reason: string,
  now: Date,
): Promise<{ restored: string[]; removed: string[] }> {
  const own = and(
    eq(documents.schoolId, ctx.school.id),
    eq(documents.incidentId, incidentId),
    eq(documents.source, 'incident'),
  );
  const live = await incidentAttachmentIds(tx, incidentId);
  const removed = live.filter((id) => !wanted.includes(id));
  const back = wanted.filter((id) => !live.includes(id));
  const restored =
    back.length === 0
      ? []
      : (
          await tx
            .update(documents)
            .set({ deletedAt: null, deletedBy: null, deletedReason: null })
            .where(and(own, inArray(documents.id, back), isNotNull(documents.deletedAt)))
            .returning({ id: documents.id })
        ).map((r) => r.id);
  await removeAttachments(tx, ctx, incidentId, removed, reason, now);
  return { restored, removed };
}

/** The names of the files saved versions list, by id (rows of this copy only, removed ones included). */
export async function versionAttachmentNames(
  tx: Tx,
  incidentId: string,
  snapshots: readonly Record<string, unknown>[],
): Promise<Map<string, string>> {
  const ids = [...new Set(snapshots.flatMap((s) => (s.documentIds as string[] | undefined) ?? []))];
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ id: documents.id, name: documents.originalName })
    .from(documents)
    .where(and(eq(documents.incidentId, incidentId), inArray(documents.id, ids)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** An incident's live files for its page and edit form, for those who may read the incident. */
export async function listIncidentAttachments(ctx: UserCtx, incidentId: string): Promise<AttachmentListItem[]> {
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const { row } = await incidentFor(tx, subject, incidentId, 'incident.view');
    return incidentAttachments(tx, row.id);
  });
}
