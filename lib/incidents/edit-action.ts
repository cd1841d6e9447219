/**
 * Editing an action after it is saved: like an incident edit, every save is a
 * new version (action_versions: the whole editable state, who and when), the
 * row holds the latest and a stale edit is refused (compare-and-set on
 * `version`). Who may edit is the engine's `incident.edit` on the action's
 * incident, the rule that already governs deleting and splitting actions.
 * The edit form carries a submission key, so a doubled submit is saved once.
 */
import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { actionVersions, incidentActions, incidentCategories, incidents } from '@/db/schema';
import { accessSubjectOf, decide, type AccessSubject } from '@/lib/access';
import { recordAudit } from '@/lib/audit/record';
import { NotFoundError, UserError } from '@/lib/errors';
import { claimSubmission, completeSubmission, submissionOf } from '@/lib/idempotency/submissions';
import { isUuid } from '@/lib/ids';
import type { UserCtx } from '@/lib/tenancy/context';
import { instantToZonedWallTime } from '@/lib/time/school-date';
import { incidentFor } from './resource';
import { editActionInput, gatherCustomFields } from './schema';
import { categoriesOn } from './categories';
import { customValuesAfterEdit } from '@/lib/settings/custom-values';
import { shownFields, type FormFieldRef } from '@/lib/settings/form-definition';
import { occurredAtFrom } from './when';
import { savedVersions, versionCategoryNames, versionView } from './versions';
import { chosenAgencyNames, enabledAgencies, type AgencyOption } from '@/lib/agencies/read';

export const STALE_ACTION_EDIT =
  'Someone else changed this action after you opened it. Your changes were not saved: reload to see the latest version, then make your change again.';

export class ActionEditConflictError extends UserError {
  constructor() {
    super(STALE_ACTION_EDIT);
  }
}

const EDIT_SAVED_BEFORE =
  'This edit was already saved from this form, before these changes: they have not been saved. Open the action again to change it further.';

/**
 * The action and its incident, if the subject may do `toDo` to the incident;
 * `incidentId`, when given (the page's address), must be the action's own.
 * Another school's action is invisible here (row-level security), so it is
 * "not found" like a missing one.
 */
async function actionFor(
  tx: Tx,
  subject: AccessSubject,
  actionId: string,
  toDo: 'incident.edit' | 'incident.view',
  incidentId?: string,
) {
  if (!isUuid(actionId)) throw new NotFoundError('action');
  const [act] = await tx.select().from(incidentActions).where(eq(incidentActions.id, actionId)).limit(1);
  if (!act || (incidentId !== undefined && act.incidentId !== incidentId)) throw new NotFoundError('action');
  const { row, resource } = await incidentFor(tx, subject, act.incidentId, toDo);
  return { act, incident: row, resource };
}

async function liveActionCategoryIds(tx: Tx, actionId: string): Promise<string[]> {
  const rows = await tx
    .select({ categoryId: incidentCategories.categoryId })
    .from(incidentCategories)
    .where(and(eq(incidentCategories.actionId, actionId), isNull(incidentCategories.removedAt)));
  return rows.map((r) => r.categoryId);
}

/** The incident's live categories, its own and those its actions added: what the action form's custom fields apply by. */
async function categoryIdsOn(tx: Tx, incidentId: string): Promise<string[]> {
  return [...new Set((await categoriesOn(tx, [incidentId])).map((c) => c.id))];
}

export interface EditedAction {
  actionId: string;
  incidentId: string;
  version: number;
}

export async function editAction(ctx: UserCtx, input: unknown, now = new Date()): Promise<EditedAction> {
  const data = editActionInput.parse(
    input && typeof input === 'object' ? gatherCustomFields(input as Record<string, unknown>) : input,
  );
  const subject = await accessSubjectOf(ctx);
  const occurredAt = occurredAtFrom(ctx.school.timeZone, data.occurredAt, now);
  return ctx.run(async (tx) => {
    const submission = submissionOf(ctx, 'action.edit', data);
    const earlier = await claimSubmission<EditedAction>(tx, submission, () => EDIT_SAVED_BEFORE, now);
    if (earlier) return earlier;
    const { act, incident } = await actionFor(tx, subject, data.actionId, 'incident.edit');
    // A deleted action is restored first; a split one lives on as its incident.
    if (act.deletedAt) throw new NotFoundError('action');
    if (act.version !== data.version) throw new ActionEditConflictError();
    // An agency disabled since stays allowed where the action already names it.
    const agencyNames = await chosenAgencyNames(tx, ctx.school.id, data.agencyIds, act.agencyIds);
    const customFields = customValuesAfterEdit(
      ctx.school.settings.actionForm,
      await categoryIdsOn(tx, incident.id),
      act.customFields,
      data.customFields,
    );
    const [next] = await tx
      .update(incidentActions)
      .set({
        text: data.text,
        occurredAt,
        agencyIds: data.agencyIds,
        agencies: data.agencies,
        customFields,
        version: act.version + 1,
        updatedAt: now,
      })
      .where(and(eq(incidentActions.id, act.id), eq(incidentActions.version, data.version)))
      .returning();
    if (!next) throw new ActionEditConflictError();
    await tx.insert(actionVersions).values({
      schoolId: ctx.school.id,
      actionId: act.id,
      version: next.version,
      snapshot: {
        text: next.text,
        occurredAt: next.occurredAt.toISOString(),
        categoryIds: await liveActionCategoryIds(tx, act.id),
        // The names as saved, so the history reads as it was; the ids follow a rename.
        agencies: [...agencyNames, ...next.agencies],
        agencyIds: next.agencyIds,
        customFields: next.customFields,
      },
      savedBy: ctx.user.id,
      savedAt: now,
    });
    await tx.update(incidents).set({ updatedAt: now }).where(eq(incidents.id, incident.id));
    const changed: string[] = [];
    if (act.text !== next.text) changed.push('text');
    if (act.occurredAt.getTime() !== next.occurredAt.getTime()) changed.push('occurredAt');
    if (
      JSON.stringify(act.agencies) !== JSON.stringify(next.agencies) ||
      JSON.stringify(act.agencyIds) !== JSON.stringify(next.agencyIds)
    )
      changed.push('agencies');
    if (JSON.stringify(act.customFields) !== JSON.stringify(next.customFields)) changed.push('customFields');
    await recordAudit(tx, ctx, {
      action: 'action.edited',
      entityType: 'action',
      entityId: act.id,
      studentId: incident.studentId,
      details: { incident: incident.number, version: next.version, changed },
      at: now,
    });
    return completeSubmission(tx, submission, { actionId: act.id, incidentId: incident.id, version: next.version });
  });
}

export interface ActionForEdit {
  id: string;
  incidentId: string;
  version: number;
  text: string;
  /** The school's wall-clock time, for the datetime-local field. */
  occurredAt: string;
  /** Free text for agencies not on the school's list. */
  agencies: string[];
  agencyIds: string[];
  /** What the picker offers: the school's enabled agencies and any disabled one the action names. */
  agencyOptions: AgencyOption[];
  /** Stored custom values by field id (a multiple choice is a list). */
  customValues: Record<string, unknown>;
  /** The action form as the school defines it now (deleted custom fields left out). */
  form: FormFieldRef<'action'>[];
  /** The incident's categories: custom fields tied to them apply. */
  categoryIds: string[];
}

/** The edit form's starting values, for someone who may edit the action (else not found / not allowed). */
export async function getActionForEdit(ctx: UserCtx, incidentId: string, actionId: string): Promise<ActionForEdit> {
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const { act } = await actionFor(tx, subject, actionId, 'incident.edit', incidentId);
    if (act.deletedAt) throw new NotFoundError('action');
    return {
      customValues: act.customFields,
      form: shownFields(ctx.school.settings.actionForm),
      categoryIds: await categoryIdsOn(tx, act.incidentId),
      id: act.id,
      incidentId: act.incidentId,
      version: act.version,
      text: act.text,
      occurredAt: instantToZonedWallTime(ctx.school.timeZone, act.occurredAt),
      agencies: act.agencies,
      agencyIds: act.agencyIds,
      agencyOptions: await enabledAgencies(tx, ctx.school.id, act.agencyIds),
    };
  });
}

export interface ActionVersionView {
  version: number;
  savedAt: Date;
  savedBy: string | null;
  text: string;
  occurredAt: string;
  categoryNames: string[];
  agencies: string[];
  customFields: Record<string, unknown>;
}

/** An action's history: every version, newest first, for whoever may read its incident. The read is audited. */
export async function listActionVersions(
  ctx: UserCtx,
  incidentId: string,
  actionId: string,
): Promise<{ number: number; versions: ActionVersionView[] }> {
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const { act, incident, resource } = await actionFor(tx, subject, actionId, 'incident.view', incidentId);
    // A deleted action is shown only to those who may restore it, its history likewise.
    if (act.deletedAt && !decide(subject, 'incident.edit', resource).allowed) throw new NotFoundError('action');
    const rows = await savedVersions(tx, actionVersions, eq(actionVersions.actionId, act.id));
    const nameOf = await versionCategoryNames(
      tx,
      rows.map((r) => r.snapshot),
    );
    await recordAudit(tx, ctx, {
      action: 'action.history_viewed',
      entityType: 'action',
      entityId: act.id,
      studentId: incident.studentId,
      details: { incident: incident.number },
      at: subject.now,
    });
    return {
      number: incident.number,
      versions: rows.map((r) => ({
        ...versionView(r, nameOf),
        customFields: (r.snapshot.customFields as Record<string, unknown> | undefined) ?? {},
      })),
    };
  });
}
