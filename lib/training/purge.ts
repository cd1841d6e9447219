/**
 * "Disable training mode": the one hard delete in Haven. In ONE transaction
 * it keeps the records the administrator unticked (and any a genuine record
 * needs, plan.ts), removes every still-ticked training incident and
 * action for good with what belongs only to them — versions, categories,
 * alerts, the monitoring only they started — turns the setting off, and
 * writes one audit row of counts (never content).
 *
 * The app's database role cannot DELETE, so this runs on the named privileged
 * path ('training-mode-purge'), which row-level security does not limit:
 * every statement here names the school, and the ids it deletes were read
 * with that school's id. Nothing here runs for anyone but an administrator
 * using their key (requireAdmin, through lib/access), who typed the school's
 * full name and saw exactly the records being removed.
 */
import 'server-only';
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { privileged } from '@/db/privileged';
import type { Tx } from '@/db/scoped';
import {
  actionVersions,
  alerts,
  incidentActions,
  incidentCategories,
  incidents,
  incidentVersions,
  monitoringPeriods,
  schools,
} from '@/db/schema';
import { NotFoundError, UserError } from '@/lib/errors';
import type { Ctx } from '@/lib/tenancy/context';
import { recordAdminEvent } from '@/lib/audit/admin-events';
import { requireAdmin } from '@/lib/admin/guard';
import { trainingDisableInput } from './schema';
import { inSlices, loadMonitoringInputs, loadRecordRefs, loadTrainingGraph } from './graph';
import { planMonitoring, planPurge, type MonitoringPlan, type PurgePlan, type TrainingGraph } from './plan';
import { clearTrainingFlags, requireOwnRecords } from './service';

export const LIST_CHANGED =
  'The training records changed since this page was opened (someone recorded or kept one), so nothing was removed. Check the list again, then disable training mode.';

export interface TrainingPurgeResult {
  removed: { incidents: number; actions: number };
  kept: { incidents: number; actions: number };
}

function wrongName(name: string): UserError {
  return new UserError('Nothing was removed: the school’s name was not typed exactly.', {
    schoolName: [`Type the school’s full name exactly as shown: ${name}`],
  });
}

/** Removed incidents in an order that deletes an incident merged into another before the one it points at. */
function mergeOrder(graph: TrainingGraph, removing: ReadonlySet<string>): string[] {
  const into = new Map(graph.incidents.map((i) => [i.id, i.mergedIntoId]));
  const depth = (id: string): number => {
    let d = 0;
    for (let next = into.get(id); next && removing.has(next) && d <= removing.size; next = into.get(next)) d++;
    return d;
  };
  // The deeper an incident's chain of merges, the earlier it goes.
  return [...removing]
    .map((id) => ({ id, d: depth(id) }))
    .sort((a, b) => b.d - a.d)
    .map((x) => x.id);
}

async function removeRecords(
  tx: Tx,
  schoolId: string,
  graph: TrainingGraph,
  plan: PurgePlan,
  monitoring: MonitoringPlan,
) {
  const count = (rows: unknown[]) => rows.length;
  const byIncident = (slice: string[]) => inArray(alerts.incidentId, slice);
  const alertRows = [
    ...(await inSlices(plan.incidentIds, (s) =>
      tx
        .delete(alerts)
        .where(and(eq(alerts.schoolId, schoolId), byIncident(s)))
        .returning({ id: alerts.id }),
    )),
    ...(await inSlices(plan.actionIds, (s) =>
      tx
        .delete(alerts)
        .where(and(eq(alerts.schoolId, schoolId), inArray(alerts.actionId, s)))
        .returning({ id: alerts.id }),
    )),
  ];
  const categoryRows = await inSlices([...plan.incidentIds, ...plan.actionIds], (s) =>
    tx
      .delete(incidentCategories)
      .where(
        and(
          eq(incidentCategories.schoolId, schoolId),
          or(inArray(incidentCategories.incidentId, s), inArray(incidentCategories.actionId, s)),
        ),
      )
      .returning({ incidentId: incidentCategories.incidentId }),
  );
  const actionVersionRows = await inSlices(plan.actionIds, (s) =>
    tx
      .delete(actionVersions)
      .where(and(eq(actionVersions.schoolId, schoolId), inArray(actionVersions.actionId, s)))
      .returning({ id: actionVersions.actionId }),
  );
  const actionRows = await inSlices(plan.actionIds, (s) =>
    tx
      .delete(incidentActions)
      .where(
        and(eq(incidentActions.schoolId, schoolId), inArray(incidentActions.id, s), eq(incidentActions.training, true)),
      )
      .returning({ id: incidentActions.id }),
  );
  const incidentVersionRows = await inSlices(plan.incidentIds, (s) =>
    tx
      .delete(incidentVersions)
      .where(and(eq(incidentVersions.schoolId, schoolId), inArray(incidentVersions.incidentId, s)))
      .returning({ id: incidentVersions.incidentId }),
  );
  const periodRows = await inSlices(monitoring.deleteIds, (s) =>
    tx
      .delete(monitoringPeriods)
      .where(and(eq(monitoringPeriods.schoolId, schoolId), inArray(monitoringPeriods.id, s)))
      .returning({ id: monitoringPeriods.id }),
  );
  for (const r of monitoring.reattribute) {
    await tx
      .update(monitoringPeriods)
      .set({ startedByIncidentId: r.incidentId, startedOn: r.startedOn })
      .where(and(eq(monitoringPeriods.schoolId, schoolId), eq(monitoringPeriods.id, r.id)));
  }
  const incidentRows = await inSlices(mergeOrder(graph, plan.incidentIds), (s) =>
    tx
      .delete(incidents)
      .where(and(eq(incidents.schoolId, schoolId), inArray(incidents.id, s), eq(incidents.training, true)))
      .returning({ id: incidents.id }),
  );
  // Every planned row must have gone: a row that did not (changed meanwhile) undoes the whole purge.
  if (incidentRows.length !== plan.incidentIds.size || actionRows.length !== plan.actionIds.size)
    throw new UserError(LIST_CHANGED);
  return {
    incidents: count(incidentRows),
    actions: count(actionRows),
    versions: count(incidentVersionRows) + count(actionVersionRows),
    categories: count(categoryRows),
    alerts: count(alertRows),
    monitoringRemoved: count(periodRows),
    monitoringKept: monitoring.reattribute.length,
  };
}

export async function disableTrainingMode(ctx: Ctx, input: unknown, now = new Date()): Promise<TrainingPurgeResult> {
  requireAdmin(ctx);
  const data = trainingDisableInput.parse(input);
  const schoolId = ctx.school.id;
  const typed = data.schoolName.trim();
  if (typed !== ctx.school.name) throw wrongName(ctx.school.name);
  const shown = { incidentIds: new Set(data.shownIncidentIds), actionIds: new Set(data.shownActionIds) };
  // A ticked record the page did not list is not a choice anyone made.
  for (const id of data.incidentIds) if (!shown.incidentIds.has(id)) throw new NotFoundError('training record');
  for (const id of data.actionIds) if (!shown.actionIds.has(id)) throw new NotFoundError('training record');
  const ticked = { incidentIds: new Set(data.incidentIds), actionIds: new Set(data.actionIds) };
  const keep = {
    incidentIds: new Set([...shown.incidentIds].filter((id) => !ticked.incidentIds.has(id))),
    actionIds: new Set([...shown.actionIds].filter((id) => !ticked.actionIds.has(id))),
  };

  return privileged('training-mode-purge', `school ${schoolId} by ${ctx.user.id}`, async (tx) => {
    // One purge of a school at a time; the name is checked against the row as it is now.
    const [school] = await tx
      .select({ name: schools.name })
      .from(schools)
      .where(eq(schools.id, schoolId))
      .for('update');
    if (!school) throw new NotFoundError('school');
    if (typed !== school.name) throw wrongName(school.name);

    const refs = await loadRecordRefs(tx, schoolId, shown);
    requireOwnRecords(refs, shown);
    const graph = await loadTrainingGraph(tx, schoolId);
    const unseen =
      graph.incidents.some((i) => i.mergedIntoId === null && !shown.incidentIds.has(i.id)) ||
      graph.actions.some((a) => a.training && !shown.actionIds.has(a.id));
    const keptMeanwhile =
      [...ticked.incidentIds].some((id) => !refs.incidents.get(id)?.training) ||
      [...ticked.actionIds].some((id) => !refs.actions.get(id)?.training);
    if (unseen || keptMeanwhile) throw new UserError(LIST_CHANGED);

    const plan = planPurge(graph, keep);
    const mustStay = [
      ...[...ticked.incidentIds]
        .filter((id) => plan.heldIncidents.has(id))
        .map((id) => `Incident #${refs.incidents.get(id)!.number}`),
      ...[...ticked.actionIds]
        .filter((id) => plan.heldActions.has(id))
        .map((id) => `The action on incident #${refs.actions.get(id)!.number}`),
    ];
    if (mustStay.length > 0) {
      throw new UserError('Nothing was removed: some ticked records hold genuine ones.', {
        records: [
          `${mustStay.join(', ')} ${mustStay.length === 1 ? 'holds' : 'hold'} a record you are keeping (an action on it, or an incident merged into it). Untick ${mustStay.length === 1 ? 'it' : 'them'} to keep ${mustStay.length === 1 ? 'it' : 'them'} too.`,
        ],
      });
    }

    const inputs = await loadMonitoringInputs(tx, schoolId, graph, plan);
    const monitoring = planMonitoring(
      plan,
      inputs.periods,
      inputs.starterCategories,
      inputs.acquisitions,
      ctx.school.timeZone,
    );
    const chosen = await clearTrainingFlags(tx, ctx, refs, keep, 'chosen', now);
    const held = { incidentIds: [...plan.heldIncidents.keys()], actionIds: [...plan.heldActions.keys()] };
    const holding = await clearTrainingFlags(
      tx,
      ctx,
      await loadRecordRefs(tx, schoolId, held),
      held,
      'holds_genuine',
      now,
    );
    const removed = await removeRecords(tx, schoolId, graph, plan, monitoring);

    await tx
      .update(schools)
      .set({ settings: sql`jsonb_set(${schools.settings}, '{trainingMode}', 'false'::jsonb)`, updatedAt: now })
      .where(eq(schools.id, schoolId));
    await recordAdminEvent(tx, ctx, {
      action: 'admin.training_mode_disabled',
      entityType: 'school',
      entityId: schoolId,
      details: { removed, kept: { chosen, holdingGenuine: holding } },
      at: now,
    });
    return {
      removed: { incidents: removed.incidents, actions: removed.actions },
      kept: { incidents: chosen.incidents + holding.incidents, actions: chosen.actions + holding.actions },
    };
  });
}
