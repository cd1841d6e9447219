/**
 * Changing incidents after they are saved: edit (a new version every time,
 * refused when stale), delete with a reason and restore, pin, the version
 * history. Merging is merge.ts, changing actions action-changes.ts and
 * edit-action.ts. Each decides with the permission engine first (the edit permission,
 * and the incident readable by key), then writes in one transaction with its
 * audit row. Nothing is ever removed: versions, deleted rows and merged
 * incidents stay in the database.
 */
import 'server-only';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { categories, incidentCategories, incidents, incidentVersions } from '@/db/schema';
import { accessSubjectOf, decide, mayAddInAll, type IncidentAction } from '@/lib/access';
import { recordIncidentEvent } from './audit';
import { NotAllowedError, UserError } from '@/lib/errors';
import type { UserCtx } from '@/lib/tenancy/context';
import { claimSubmission, completeSubmission, submissionOf } from '@/lib/idempotency/submissions';
import { assertMarkerMaps } from '@/lib/maps/queries';
import { chosenAgencyNames } from '@/lib/agencies/read';
import { assertAssignable } from './assignees';
import { alertOnEdit, planLinks, writeLinkedCopies } from './edit-parts';
import { customValuesAfterEdit } from '@/lib/settings/custom-values';
import { ASSIGN_REFUSED, incidentFor, type IncidentRow } from './resource';
import {
  deleteIncidentInput,
  editIncidentInput,
  gatherCustomFields,
  incidentRefInput,
  pinIncidentInput,
} from './schema';
import { occurredAtFrom } from './when';
import { liveCategories, monitorFromIncident } from './categories';
import { savedVersions, versionCategoryNames, versionView } from './versions';
import { claimAttachments, incidentAttachmentIds, removeAttachments, versionAttachmentNames } from './attachments';

export const STALE_EDIT =
  'Someone else changed this incident after you opened it. Your changes were not saved: reload to see the latest version, then make your change again.';

/** A stale edit: the message says what happened and nothing was saved. */
export class EditConflictError extends UserError {
  constructor() {
    super(STALE_EDIT);
  }
}

/** The incident's own live category rows, not those its actions added. */
export const ownLiveCategories = (incidentId: string) =>
  and(
    eq(incidentCategories.incidentId, incidentId),
    isNull(incidentCategories.actionId),
    isNull(incidentCategories.removedAt),
  );

export async function liveOwnCategoryIds(tx: Tx, incidentId: string): Promise<string[]> {
  const rows = await tx
    .select({ categoryId: incidentCategories.categoryId })
    .from(incidentCategories)
    .where(ownLiveCategories(incidentId));
  return rows.map((r) => r.categoryId);
}

function snapshotOf(row: IncidentRow, categoryIds: readonly string[]) {
  return {
    text: row.text,
    occurredAt: row.occurredAt.toISOString(),
    status: row.status,
    categoryIds: [...categoryIds],
    agencies: row.agencies,
    agencyIds: row.agencyIds,
    markers: row.markers,
    customFields: row.customFields,
    assigneeId: row.assigneeId,
  };
}

export async function editIncident(ctx: UserCtx, input: unknown, now = new Date()): Promise<{ version: number }> {
  const data = editIncidentInput.parse(
    input && typeof input === 'object' ? gatherCustomFields(input as Record<string, unknown>) : input,
  );
  const subject = await accessSubjectOf(ctx);
  const occurredAt = occurredAtFrom(ctx.school.timeZone, data.occurredAt, now);
  return ctx.run(async (tx) => {
    // A retry of an edit already saved returns its result and changes nothing (lib/idempotency).
    const submission = submissionOf(ctx, 'incident.edit', data);
    const earlier = await claimSubmission<{ version: number }>(tx, submission, () => EDIT_SAVED_BEFORE, now);
    if (earlier) return earlier;
    const { row } = await incidentFor(tx, subject, data.incidentId, 'incident.edit');
    if (row.version !== data.version) throw new EditConflictError();
    const current = await liveOwnCategoryIds(tx, row.id);
    const added = data.categoryIds.filter((c) => !current.includes(c));
    const removed = current.filter((c) => !data.categoryIds.includes(c));
    if (added.length > 0 && !mayAddInAll(subject, added))
      throw new NotAllowedError('You cannot add incidents in one of these categories.');
    await liveCategories(tx, data.categoryIds, 'categoryIds');
    if (data.assigneeId && data.assigneeId !== row.assigneeId) {
      if (!decide(subject, 'incident.assign').allowed) throw new NotAllowedError(ASSIGN_REFUSED);
      await assertAssignable(tx, data.assigneeId);
    }
    const customFields = customValuesAfterEdit(
      ctx.school.settings.incidentForm,
      data.categoryIds,
      row.customFields,
      data.customFields,
    );
    // A map disabled since stays allowed for the markers already on it: an old incident stays editable.
    if (data.markers)
      await assertMarkerMaps(
        tx,
        ctx.school.id,
        data.markers.map((m) => m.mapId),
        row.markers.map((m) => m.mapId),
      );
    const markers = data.markers ? data.markers.map((m, i) => ({ ...m, number: i + 1 })) : row.markers;
    // An agency disabled since stays allowed where the incident already names it.
    const agencyNames = await chosenAgencyNames(tx, ctx.school.id, data.agencyIds, row.agencyIds);
    // Every pupil to link is decided before anything is written.
    const linkedPupils = await planLinks(tx, subject, row, data.categoryIds, data.linked);
    await liveCategories(tx, [...new Set(data.linked.flatMap((l) => l.categoryIds))], 'linked', false);
    // Compare-and-set on the version: of two edits started from the same version, one wins.
    const updated = await tx
      .update(incidents)
      .set({
        text: data.text,
        occurredAt,
        status: data.status,
        agencyIds: data.agencyIds,
        agencies: data.agencies,
        assigneeId: data.assigneeId ?? null,
        markers,
        customFields,
        version: row.version + 1,
        updatedAt: now,
      })
      .where(and(eq(incidents.id, row.id), eq(incidents.version, data.version)))
      .returning();
    const next = updated[0];
    if (!next) throw new EditConflictError();
    if (removed.length > 0) {
      await tx
        .update(incidentCategories)
        .set({ removedAt: now })
        .where(and(ownLiveCategories(row.id), inArray(incidentCategories.categoryId, removed)));
    }
    if (added.length > 0) {
      await tx
        .insert(incidentCategories)
        .values(added.map((categoryId) => ({ schoolId: ctx.school.id, incidentId: row.id, categoryId })));
      await monitorFromIncident(tx, ctx, row, added, occurredAt);
    }
    // Attachments are part of the version: files added now are claimed, removed ones kept for earlier versions.
    await claimAttachments(tx, ctx, data.attachmentIds, { incidentId: row.id, studentId: row.studentId });
    await removeAttachments(tx, ctx, row.id, data.removeDocumentIds, `Removed from incident #${row.number}`, now);
    const documentIds = await incidentAttachmentIds(tx, row.id);
    // The agencies' names as saved, so the history reads as it was; the ids follow a rename.
    const snapshot = {
      ...snapshotOf(next, data.categoryIds),
      agencies: [...agencyNames, ...next.agencies],
      documentIds,
    };
    await tx.insert(incidentVersions).values({
      schoolId: ctx.school.id,
      incidentId: row.id,
      version: next.version,
      snapshot,
      savedBy: ctx.user.id,
      savedAt: now,
    });
    const linked = await writeLinkedCopies(tx, ctx, next, snapshot, data.categoryIds, data.linked, linkedPupils, now);
    const alerted = await alertOnEdit(tx, ctx, row, data, linked.recipients, data.categoryIds, added, now);
    const changed = (['text', 'status', 'assigneeId'] as const).filter((k) => row[k] !== next[k]);
    if (row.occurredAt.getTime() !== next.occurredAt.getTime()) changed.push('occurredAt' as never);
    if (JSON.stringify(row.markers) !== JSON.stringify(next.markers)) changed.push('markers' as never);
    if (JSON.stringify(row.customFields) !== JSON.stringify(next.customFields)) changed.push('customFields' as never);
    await recordIncidentEvent(
      tx,
      ctx,
      'incident.edited',
      row,
      {
        version: next.version,
        changed,
        categoriesAdded: added,
        categoriesRemoved: removed,
        linkedAdded: linked.copies.map((c) => c.incidentId),
        alerted,
        attachmentsAdded: data.attachmentIds,
        attachmentsRemoved: data.removeDocumentIds,
      },
      now,
    );
    return completeSubmission(tx, submission, { version: next.version });
  });
}

const EDIT_SAVED_BEFORE =
  'This edit was already saved from this form, before these changes: they have not been saved. Open the incident again to change it further.';

/** One transaction on an incident the permission engine lets this person `action` (else not found or refused). */
async function onIncident(
  ctx: UserCtx,
  incidentId: string,
  action: IncidentAction,
  work: (tx: Tx, row: IncidentRow) => Promise<void>,
): Promise<void> {
  const subject = await accessSubjectOf(ctx);
  await ctx.run(async (tx) => work(tx, (await incidentFor(tx, subject, incidentId, action)).row));
}

export async function deleteIncident(ctx: UserCtx, input: unknown, now = new Date()): Promise<void> {
  const data = deleteIncidentInput.parse(input);
  await onIncident(ctx, data.incidentId, 'incident.delete', async (tx, row) => {
    await tx
      .update(incidents)
      .set({ deletedAt: now, deletedBy: ctx.user.id, deleteReason: data.reason, updatedAt: now })
      .where(eq(incidents.id, row.id));
    await recordIncidentEvent(tx, ctx, 'incident.deleted', row, { reason: data.reason }, now);
  });
}

export async function restoreIncident(ctx: UserCtx, input: unknown, now = new Date()): Promise<void> {
  const data = incidentRefInput.parse(input);
  await onIncident(ctx, data.incidentId, 'incident.restore', async (tx, row) => {
    await tx
      .update(incidents)
      .set({ deletedAt: null, deletedBy: null, deleteReason: null, updatedAt: now })
      .where(eq(incidents.id, row.id));
    await recordIncidentEvent(tx, ctx, 'incident.restored', row, { deletedFor: row.deleteReason }, now);
  });
}

export async function pinIncident(ctx: UserCtx, input: unknown, now = new Date()): Promise<void> {
  const data = pinIncidentInput.parse(input);
  await onIncident(ctx, data.incidentId, 'incident.edit', async (tx, row) => {
    if (row.pinned === data.pinned) return;
    await tx.update(incidents).set({ pinned: data.pinned }).where(eq(incidents.id, row.id));
    await recordIncidentEvent(tx, ctx, data.pinned ? 'incident.pinned' : 'incident.unpinned', row, {}, now);
  });
}

export interface IncidentVersionView {
  version: number;
  savedAt: Date;
  savedBy: string | null;
  text: string;
  occurredAt: string;
  status: string;
  categoryNames: string[];
  agencies: string[];
  /** Map markers' notes, numbered as on the incident. */
  markers: { number: number; note: string }[];
  customFields: Record<string, unknown>;
  /** The files attached in this version (their names now; a removed one still named). */
  attachments: { id: string; name: string }[];
}

/** "History": every version of an incident, newest first, for those who may read it (editors include deleted ones). */
export async function listIncidentVersions(
  ctx: UserCtx,
  rawId: string,
): Promise<{ number: number; versions: IncidentVersionView[] }> {
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const { row } = await incidentFor(tx, subject, rawId, 'incident.view');
    const rows = await savedVersions(tx, incidentVersions, eq(incidentVersions.incidentId, row.id));
    const nameOf = await versionCategoryNames(
      tx,
      rows.map((r) => r.snapshot),
    );
    const fileName = await versionAttachmentNames(
      tx,
      row.id,
      rows.map((r) => r.snapshot),
    );
    await recordIncidentEvent(tx, ctx, 'incident.history_viewed', row, {}, subject.now);
    return {
      number: row.number,
      versions: rows.map((r) => ({
        ...versionView(r, nameOf),
        status: String(r.snapshot.status ?? ''),
        markers: ((r.snapshot.markers as { number: number; note: string }[] | undefined) ?? []).map((m) => ({
          number: m.number,
          note: m.note,
        })),
        customFields: (r.snapshot.customFields as Record<string, unknown> | undefined) ?? {},
        attachments: ((r.snapshot.documentIds as string[] | undefined) ?? []).map((id) => ({
          id,
          name: fileName.get(id) ?? 'A file',
        })),
      })),
    };
  });
}

export async function ownCategoryIds(ctx: UserCtx, incidentId: string): Promise<string[]> {
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const { row } = await incidentFor(tx, subject, incidentId, 'incident.edit');
    const ids = await liveOwnCategoryIds(tx, row.id);
    return (
      await tx
        .select({ id: categories.id })
        .from(categories)
        .where(inArray(categories.id, ids.length ? ids : ['00000000-0000-0000-0000-000000000000']))
        .orderBy(asc(categories.sortOrder))
    ).map((r) => r.id);
  });
}
