/**
 * Changing incidents after they are saved: edit (a new version every time,
 * refused when stale), delete with a reason and restore, pin, merge into
 * another incident, split an action out as an incident, delete and restore an
 * action. Each decides with the permission engine first (the edit permission,
 * and the incident readable by key), then writes in one transaction with its
 * audit row. Nothing is ever removed: versions, deleted rows and merged
 * incidents stay in the database.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Tx } from '@/db/scoped';
import {
  categories,
  incidentActions,
  incidentCategories,
  incidents,
  incidentVersions,
  students,
  users,
} from '@/db/schema';
import {
  accessSubjectOf,
  decide,
  isIncidentEditor,
  mayAddInAll,
  type AccessSubject,
  type IncidentAction,
} from '@/lib/access';
import { recordAudit } from '@/lib/audit/record';
import { recordIncidentEvent } from './audit';
import { NotAllowedError, NotFoundError, UserError } from '@/lib/errors';
import { formatPupilName, type NameStyle } from '@/lib/students/names';
import type { UserCtx } from '@/lib/tenancy/context';
import { activeMemberIds } from './recipients';
import { claimSubmission, completeSubmission } from '@/lib/idempotency/submissions';
import { assertMarkerMaps } from '@/lib/maps/queries';
import { alertOnEdit, customFieldsAfterEdit, planLinks, writeLinkedCopies } from './edit-parts';
import { takeNumbers } from './numbers';
import { ASSIGN_REFUSED, incidentFor, incidentResource, type IncidentRow } from './resource';
import {
  actionRefInput,
  deleteActionInput,
  deleteIncidentInput,
  editIncidentInput,
  gatherCustomFields,
  incidentRefInput,
  mergeIncidentInput,
  pinIncidentInput,
  splitActionInput,
} from './schema';
import { occurredAtFrom } from './when';
import { liveCategories, monitorFromIncident } from './categories';

export const STALE_EDIT =
  'Someone else changed this incident after you opened it. Your changes were not saved: reload to see the latest version, then make your change again.';

/** A stale edit: the message says what happened and nothing was saved. */
export class EditConflictError extends UserError {
  constructor() {
    super(STALE_EDIT);
  }
}

/** The incident's own live category rows, not those its actions added. */
const ownLiveCategories = (incidentId: string) =>
  and(
    eq(incidentCategories.incidentId, incidentId),
    isNull(incidentCategories.actionId),
    isNull(incidentCategories.removedAt),
  );

async function liveOwnCategoryIds(tx: Tx, incidentId: string): Promise<string[]> {
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
    const submission = {
      schoolId: ctx.school.id,
      userId: ctx.user.id,
      form: 'incident.edit' as const,
      key: data.submissionKey,
      input: { ...data, submissionKey: undefined },
    };
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
      if (!(await activeMemberIds(tx, [data.assigneeId])).has(data.assigneeId)) throw new NotFoundError('user');
    }
    const customFields = customFieldsAfterEdit(
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
    await tx.insert(incidentVersions).values({
      schoolId: ctx.school.id,
      incidentId: row.id,
      version: next.version,
      snapshot: snapshotOf(next, data.categoryIds),
      savedBy: ctx.user.id,
      savedAt: now,
    });
    const linked = await writeLinkedCopies(tx, ctx, next, data.categoryIds, data.linked, linkedPupils, now);
    const alerted = await alertOnEdit(tx, ctx, row, data, linked.recipients, data.categoryIds, now);
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
}

/** "History": every version of an incident, newest first, for those who may read it (editors include deleted ones). */
export async function listIncidentVersions(
  ctx: UserCtx,
  rawId: string,
): Promise<{ number: number; versions: IncidentVersionView[] }> {
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const { row } = await incidentFor(tx, subject, rawId, 'incident.view');
    const saver = alias(users, 'saver');
    const rows = await tx
      .select({
        version: incidentVersions.version,
        savedAt: incidentVersions.savedAt,
        snapshot: incidentVersions.snapshot,
        savedBy: saver.displayName,
      })
      .from(incidentVersions)
      .leftJoin(saver, eq(saver.id, incidentVersions.savedBy))
      .where(eq(incidentVersions.incidentId, row.id))
      .orderBy(sql`${incidentVersions.version} desc`);
    const ids = [...new Set(rows.flatMap((r) => (r.snapshot.categoryIds as string[] | undefined) ?? []))];
    const names = ids.length
      ? await tx
          .select({ id: categories.id, name: categories.name })
          .from(categories)
          .where(inArray(categories.id, ids))
      : [];
    const nameOf = new Map(names.map((n) => [n.id, n.name]));
    await recordIncidentEvent(tx, ctx, 'incident.history_viewed', row, {}, subject.now);
    return {
      number: row.number,
      versions: rows.map((r) => ({
        version: r.version,
        savedAt: r.savedAt,
        savedBy: r.savedBy,
        text: String(r.snapshot.text ?? ''),
        occurredAt: String(r.snapshot.occurredAt ?? ''),
        status: String(r.snapshot.status ?? ''),
        categoryNames: ((r.snapshot.categoryIds as string[] | undefined) ?? []).map(
          (id) => nameOf.get(id) ?? 'Unknown category',
        ),
        agencies: (r.snapshot.agencies as string[] | undefined) ?? [],
        markers: ((r.snapshot.markers as { number: number; note: string }[] | undefined) ?? []).map((m) => ({
          number: m.number,
          note: m.note,
        })),
        customFields: (r.snapshot.customFields as Record<string, unknown> | undefined) ?? {},
      })),
    };
  });
}

async function mergeTarget(tx: Tx, subject: AccessSubject, source: IncidentRow, number: number): Promise<IncidentRow> {
  const rows = await tx.select({ id: incidents.id }).from(incidents).where(eq(incidents.number, number)).limit(1);
  const found = rows[0] ? await incidentResource(tx, rows[0].id) : null;
  const notFound = () =>
    new UserError('Please correct the highlighted fields.', {
      intoNumber: [`There is no incident #${number} you can merge into.`],
    });
  if (!found || !decide(subject, 'incident.merge', found.resource).allowed) throw notFound();
  if (found.row.id === source.id)
    throw new UserError('Please correct the highlighted fields.', {
      intoNumber: ['An incident cannot be merged into itself.'],
    });
  // Merging across pupils would move one child's record into another child's chronology.
  if (found.row.studentId !== source.studentId) {
    throw new UserError('Please correct the highlighted fields.', {
      intoNumber: [`Incident #${number} is about another pupil: only incidents about the same pupil can be merged.`],
    });
  }
  return found.row;
}

export interface MergePreview {
  number: number;
  studentName: string;
  occurredAt: Date;
  text: string;
  actions: number;
}

/** What "Merge" will join, shown before the person confirms. */
export async function previewMerge(ctx: UserCtx, input: unknown, style: NameStyle): Promise<MergePreview> {
  // What was typed in the number box comes straight from the page: a bad number is said next to it.
  const parsed = mergeIncidentInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues.find((i) => i.path[0] === 'intoNumber');
    if (!issue) throw new NotFoundError('incident');
    throw new UserError('Please correct the highlighted fields.', { intoNumber: [issue.message] });
  }
  const data = parsed.data;
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const { row } = await incidentFor(tx, subject, data.incidentId, 'incident.merge');
    const target = await mergeTarget(tx, subject, row, data.intoNumber);
    const [pupil] = await tx.select().from(students).where(eq(students.id, target.studentId));
    const [count] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(incidentActions)
      .where(and(eq(incidentActions.incidentId, target.id), isNull(incidentActions.deletedAt)));
    return {
      number: target.number,
      studentName: pupil ? formatPupilName(pupil, style) : '',
      occurredAt: target.occurredAt,
      text: target.text.slice(0, 400),
      actions: count?.n ?? 0,
    };
  });
}

/**
 * Merge: this incident becomes an action under the other one (same pupil),
 * its own actions and categories move with it, and it leaves the chronology.
 * The merged row stays, pointing at where it went.
 */
export async function mergeIncident(
  ctx: UserCtx,
  input: unknown,
  now = new Date(),
): Promise<{ intoId: string; actionId: string }> {
  const data = mergeIncidentInput.parse(input);
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const { row } = await incidentFor(tx, subject, data.incidentId, 'incident.merge');
    const target = await mergeTarget(tx, subject, row, data.intoNumber);
    const actionId = randomUUID();
    await tx.insert(incidentActions).values({
      id: actionId,
      schoolId: ctx.school.id,
      incidentId: target.id,
      text: row.text,
      occurredAt: row.occurredAt,
      agencies: row.agencies,
      customFields: row.customFields,
      authorId: row.authorId,
      training: row.training,
      mergedFromIncidentId: row.id,
      createdAt: now,
      updatedAt: now,
    });
    // Its categories now come from the new action; its actions and their categories move across.
    const own = await liveOwnCategoryIds(tx, row.id);
    if (own.length > 0)
      await tx
        .insert(incidentCategories)
        .values(own.map((categoryId) => ({ schoolId: ctx.school.id, incidentId: target.id, categoryId, actionId })));
    await tx.update(incidentCategories).set({ removedAt: now }).where(ownLiveCategories(row.id));
    await tx
      .update(incidentCategories)
      .set({ incidentId: target.id })
      .where(and(eq(incidentCategories.incidentId, row.id), sql`${incidentCategories.actionId} is not null`));
    await tx
      .update(incidentActions)
      .set({ incidentId: target.id, updatedAt: now })
      .where(and(eq(incidentActions.incidentId, row.id), sql`${incidentActions.id} <> ${actionId}`));
    await tx.update(incidents).set({ mergedIntoId: target.id, updatedAt: now }).where(eq(incidents.id, row.id));
    await tx.update(incidents).set({ updatedAt: now }).where(eq(incidents.id, target.id));
    await recordIncidentEvent(
      tx,
      ctx,
      'incident.merged',
      row,
      { into: target.number, intoId: target.id, actionId },
      now,
    );
    return { intoId: target.id, actionId };
  });
}

async function actionWithIncident(
  tx: Tx,
  subject: AccessSubject,
  rawActionId: string,
  action: 'incident.edit' | 'incident.view',
) {
  const rows = await tx.select().from(incidentActions).where(eq(incidentActions.id, rawActionId)).limit(1);
  const act = rows[0];
  if (!act) throw new NotFoundError('action');
  const { row } = await incidentFor(tx, subject, act.incidentId, action);
  return { act, incident: row };
}

/** An action leaves its incident: kept, marked deleted with the reason, and the categories it added no longer count. */
async function takeActionOff(tx: Tx, ctx: UserCtx, actionId: string, reason: string, now: Date): Promise<void> {
  await tx
    .update(incidentActions)
    .set({ deletedAt: now, deletedBy: ctx.user.id, deleteReason: reason, updatedAt: now })
    .where(eq(incidentActions.id, actionId));
  await tx
    .update(incidentCategories)
    .set({ removedAt: now })
    .where(and(eq(incidentCategories.actionId, actionId), isNull(incidentCategories.removedAt)));
}

/** Split as incident: an action becomes an incident in its own right (same pupil) with the chosen categories. */
export async function splitAction(
  ctx: UserCtx,
  input: unknown,
  now = new Date(),
): Promise<{ incidentId: string; number: number }> {
  const data = splitActionInput.parse(input);
  const subject = await accessSubjectOf(ctx);
  if (!mayAddInAll(subject, data.categoryIds))
    throw new NotAllowedError('You cannot add incidents in one of these categories.');
  return ctx.run(async (tx) => {
    const { act, incident } = await actionWithIncident(tx, subject, data.actionId, 'incident.edit');
    if (act.deletedAt) throw new NotFoundError('action');
    await liveCategories(tx, data.categoryIds, 'categoryIds');
    const [number] = await takeNumbers(tx, ctx.school.id, 'incident', 1);
    const id = randomUUID();
    const row = {
      id,
      schoolId: ctx.school.id,
      number: number!,
      recordId: randomUUID(),
      studentId: incident.studentId,
      role: 'subject' as const,
      text: act.text,
      occurredAt: act.occurredAt,
      status: 'active' as const,
      agencies: act.agencies,
      customFields: act.customFields,
      authorId: act.authorId,
      training: act.training,
      createdAt: now,
      updatedAt: now,
    };
    await tx.insert(incidents).values(row);
    await tx
      .insert(incidentCategories)
      .values(data.categoryIds.map((categoryId) => ({ schoolId: ctx.school.id, incidentId: id, categoryId })));
    await tx.insert(incidentVersions).values({
      schoolId: ctx.school.id,
      incidentId: id,
      version: 1,
      snapshot: {
        text: act.text,
        occurredAt: act.occurredAt.toISOString(),
        status: 'active',
        categoryIds: data.categoryIds,
        agencies: act.agencies,
        splitFromActionId: act.id,
      },
      savedBy: ctx.user.id,
      savedAt: now,
    });
    await monitorFromIncident(tx, ctx, { id, studentId: incident.studentId }, data.categoryIds, act.occurredAt);
    // The action leaves the old incident (kept, marked), its categories with it.
    await takeActionOff(tx, ctx, act.id, `Split into incident #${number}`, now);
    await recordAudit(tx, ctx, {
      action: 'action.split',
      entityType: 'action',
      entityId: act.id,
      studentId: incident.studentId,
      details: { from: incident.number, into: number, intoId: id },
      at: now,
    });
    return { incidentId: id, number: number! };
  });
}

export async function deleteAction(ctx: UserCtx, input: unknown, now = new Date()): Promise<{ incidentId: string }> {
  const data = deleteActionInput.parse(input);
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const { act, incident } = await actionWithIncident(tx, subject, data.actionId, 'incident.edit');
    if (act.deletedAt) return { incidentId: incident.id };
    await takeActionOff(tx, ctx, act.id, data.reason, now);
    await recordAudit(tx, ctx, {
      action: 'action.deleted',
      entityType: 'action',
      entityId: act.id,
      studentId: incident.studentId,
      details: { incident: incident.number, reason: data.reason },
      at: now,
    });
    return { incidentId: incident.id };
  });
}

export async function restoreAction(ctx: UserCtx, input: unknown, now = new Date()): Promise<{ incidentId: string }> {
  const data = actionRefInput.parse(input);
  const subject = await accessSubjectOf(ctx);
  if (!isIncidentEditor(subject)) throw new NotAllowedError('Your user group cannot do this.');
  return ctx.run(async (tx) => {
    const { act, incident } = await actionWithIncident(tx, subject, data.actionId, 'incident.edit');
    if (!act.deletedAt) return { incidentId: incident.id };
    if (act.deleteReason?.startsWith('Split into incident #'))
      throw new UserError('This action became an incident of its own: it cannot come back here.');
    await tx
      .update(incidentActions)
      .set({ deletedAt: null, deletedBy: null, deleteReason: null, updatedAt: now })
      .where(eq(incidentActions.id, act.id));
    // Its categories count again, exactly those taken off when it was deleted.
    await tx
      .update(incidentCategories)
      .set({ removedAt: null })
      .where(and(eq(incidentCategories.actionId, act.id), eq(incidentCategories.removedAt, act.deletedAt)));
    await recordAudit(tx, ctx, {
      action: 'action.restored',
      entityType: 'action',
      entityId: act.id,
      studentId: incident.studentId,
      details: { incident: incident.number },
      at: now,
    });
    return { incidentId: incident.id };
  });
}

/** Categories for the edit form: the incident's own live ones. */
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
