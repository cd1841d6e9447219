/**
 * Changing an incident's actions after they are saved: split one out as an
 * incident in its own right, delete one with a reason, restore it. Each
 * decides with the permission engine first, then writes in one transaction
 * with its audit row; nothing is removed.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { incidentActions, incidentCategories, incidents, incidentVersions } from '@/db/schema';
import { accessSubjectOf, isIncidentEditor, mayAddInAll, type AccessSubject } from '@/lib/access';
import { recordAudit } from '@/lib/audit/record';
import { NotAllowedError, NotFoundError, UserError } from '@/lib/errors';
import type { UserCtx } from '@/lib/tenancy/context';
import { takeNumbers } from './numbers';
import { incidentFor } from './resource';
import { actionRefInput, deleteActionInput, splitActionInput } from './schema';
import { liveCategories, monitorFromIncident } from './categories';

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
