/**
 * Training mode: an administrator's switch. While it is on, every incident
 * and action recorded in the school is flagged as training (lib/incidents
 * reads the setting when it writes); alerts and emails go as usual so staff
 * practise the real thing. Here: switching it on, and keeping a flagged
 * record as genuine (its flag is cleared and it stays for good). Switching it
 * off, which removes the flagged records, is purge.ts.
 */
import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { incidentActions, incidents, schools } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { NotFoundError } from '@/lib/errors';
import type { Ctx, UserCtx } from '@/lib/tenancy/context';
import { recordAdminEvent } from '@/lib/audit/admin-events';
import { requireAdmin } from '@/lib/admin/guard';
import { trainingKeepInput } from './schema';
import { inSlices, loadRecordRefs, type TrainingRecordRefs } from './graph';

export async function enableTrainingMode(ctx: Ctx, now = new Date()): Promise<{ changed: boolean }> {
  requireAdmin(ctx);
  return ctx.run(async (tx) => {
    // Set in the stored document itself, so a setting saved meanwhile is not overwritten.
    const updated = await tx
      .update(schools)
      .set({ settings: sql`jsonb_set(${schools.settings}, '{trainingMode}', 'true'::jsonb)`, updatedAt: now })
      .where(
        and(
          eq(schools.id, ctx.school.id),
          sql`coalesce((${schools.settings} ->> 'trainingMode')::boolean, false) = false`,
        ),
      )
      .returning({ id: schools.id });
    if (updated.length === 0) return { changed: false };
    await recordAdminEvent(tx, ctx, {
      action: 'admin.training_mode_enabled',
      entityType: 'school',
      entityId: ctx.school.id,
      details: {},
      at: now,
    });
    return { changed: true };
  });
}

/** Why a record was kept: the administrator unticked it, or a genuine record needs it. */
export type KeptBecause = 'chosen' | 'holds_genuine';

/**
 * Clears the training flag of these records (of this school: every statement
 * names it, as the purge runs this on the privileged path) with an audit row
 * each, on the pupil. Records no longer flagged are left alone.
 */
export async function clearTrainingFlags(
  tx: Tx,
  ctx: UserCtx,
  refs: TrainingRecordRefs,
  ids: { incidentIds: Iterable<string>; actionIds: Iterable<string> },
  why: KeptBecause,
  now: Date,
): Promise<{ incidents: number; actions: number }> {
  const schoolId = ctx.school.id;
  const keptIncidents = await inSlices(ids.incidentIds, (slice) =>
    tx
      .update(incidents)
      .set({ training: false, updatedAt: now })
      .where(and(eq(incidents.schoolId, schoolId), inArray(incidents.id, slice), eq(incidents.training, true)))
      .returning({ id: incidents.id }),
  );
  const keptActions = await inSlices(ids.actionIds, (slice) =>
    tx
      .update(incidentActions)
      .set({ training: false, updatedAt: now })
      .where(
        and(
          eq(incidentActions.schoolId, schoolId),
          inArray(incidentActions.id, slice),
          eq(incidentActions.training, true),
        ),
      )
      .returning({ id: incidentActions.id }),
  );
  for (const { id } of keptIncidents) {
    const r = refs.incidents.get(id);
    await recordAudit(tx, ctx, {
      action: 'incident.training_kept',
      entityType: 'incident',
      entityId: id,
      studentId: r?.studentId ?? null,
      details: { number: r?.number, why },
      at: now,
    });
  }
  for (const { id } of keptActions) {
    const r = refs.actions.get(id);
    await recordAudit(tx, ctx, {
      action: 'action.training_kept',
      entityType: 'action',
      entityId: id,
      studentId: r?.studentId ?? null,
      details: { incidentId: r?.incidentId, number: r?.number, why },
      at: now,
    });
  }
  return { incidents: keptIncidents.length, actions: keptActions.length };
}

/** Every id must be a record of this school; anything else is "not found", the same as an id that never existed. */
export function requireOwnRecords(
  refs: TrainingRecordRefs,
  ids: { incidentIds: Iterable<string>; actionIds: Iterable<string> },
): void {
  for (const id of ids.incidentIds) if (!refs.incidents.has(id)) throw new NotFoundError('training record');
  for (const id of ids.actionIds) if (!refs.actions.has(id)) throw new NotFoundError('training record');
}

/** "Keep": the chosen flagged records become ordinary records and leave the training list. */
export async function keepTrainingRecords(
  ctx: Ctx,
  input: unknown,
  now = new Date(),
): Promise<{ incidents: number; actions: number }> {
  requireAdmin(ctx);
  const data = trainingKeepInput.parse(input);
  return ctx.run(async (tx) => {
    const refs = await loadRecordRefs(tx, ctx.school.id, data);
    requireOwnRecords(refs, data);
    return clearTrainingFlags(tx, ctx, refs, data, 'chosen', now);
  });
}
