/**
 * What switching training mode off removes, worked out in full before
 * anything is deleted. Pure: graph.ts reads the rows, the purge and
 * the Training mode page both plan with these functions, so what the page
 * says will be kept is what the purge keeps.
 *
 * The rules, so that no genuine record is lost and nothing is left pointing
 * at a removed row:
 * - Every training incident and action still ticked is removed, with what
 *   belongs only to it (versions, categories, alerts; the purge deletes those).
 * - A training incident that holds a genuine record is kept instead: a
 *   genuine (or kept) action recorded on it, or a genuine incident merged into
 *   it (the merged row points at it, and its text lives on as an action there).
 * - A training action that holds a genuine incident merged into it is kept.
 * - A genuine incident keeps itself and loses its training actions.
 * - Monitoring a removed record started is removed, unless a genuine record
 *   of that pupil in that category was saved while it ran (and so relied on
 *   it instead of starting its own): then it is kept and attributed to the
 *   first such record, from that record's day.
 */
import { dateInZone } from '@/lib/time/school-date';

export interface TrainingGraph {
  /** Every incident flagged as training, merged ones included. */
  incidents: readonly { id: string; mergedIntoId: string | null }[];
  /** Genuine incidents merged into a flagged one. */
  mergedIntoFlagged: readonly { id: string; mergedIntoId: string }[];
  /** Every flagged action, and every action on a flagged incident or holding one merged. */
  actions: readonly { id: string; incidentId: string; mergedFromIncidentId: string | null; training: boolean }[];
}

/** Why a flagged record stays: it holds a genuine action, or a genuine merged incident. */
export type HoldReason = 'genuine_action' | 'genuine_merged';

export interface PurgePlan {
  incidentIds: Set<string>;
  actionIds: Set<string>;
  heldIncidents: Map<string, HoldReason>;
  heldActions: Map<string, HoldReason>;
}

export interface KeepSet {
  incidentIds: ReadonlySet<string>;
  actionIds: ReadonlySet<string>;
}

export const KEEP_NOTHING: KeepSet = { incidentIds: new Set(), actionIds: new Set() };

/** The flagged records to remove once `keep` is kept, and those that must stay because genuine ones need them. */
export function planPurge(graph: TrainingGraph, keep: KeepSet): PurgePlan {
  const incidentIds = new Set(graph.incidents.map((i) => i.id).filter((id) => !keep.incidentIds.has(id)));
  const actionIds = new Set(graph.actions.filter((a) => a.training && !keep.actionIds.has(a.id)).map((a) => a.id));
  const heldIncidents = new Map<string, HoldReason>();
  const heldActions = new Map<string, HoldReason>();
  const merged = [...graph.incidents, ...graph.mergedIntoFlagged];
  // Keeping one record can make another one needed: repeat until nothing changes.
  let changed = true;
  const holdIncident = (id: string, why: HoldReason) => {
    if (!incidentIds.delete(id)) return;
    heldIncidents.set(id, why);
    changed = true;
  };
  while (changed) {
    changed = false;
    for (const a of graph.actions) {
      if (actionIds.has(a.id)) {
        // The action is what remains of an incident merged into it: that incident survives, so must its text.
        if (a.mergedFromIncidentId && !incidentIds.has(a.mergedFromIncidentId)) {
          actionIds.delete(a.id);
          heldActions.set(a.id, 'genuine_merged');
          changed = true;
        }
        continue;
      }
      // An action that is a merged incident's text says which it is: a genuine incident was merged in.
      if (incidentIds.has(a.incidentId))
        holdIncident(a.incidentId, a.mergedFromIncidentId ? 'genuine_merged' : 'genuine_action');
      // The merged incident's row stays with the action that carries its text.
      if (a.mergedFromIncidentId && incidentIds.has(a.mergedFromIncidentId))
        holdIncident(a.mergedFromIncidentId, 'genuine_merged');
    }
    for (const i of merged) {
      if (i.mergedIntoId && !incidentIds.has(i.id) && incidentIds.has(i.mergedIntoId))
        holdIncident(i.mergedIntoId, 'genuine_merged');
    }
  }
  return { incidentIds, actionIds, heldIncidents, heldActions };
}

/** A monitoring period started by an incident (or an action on it). */
export interface IncidentPeriod {
  id: string;
  studentId: string;
  categoryId: string;
  startedOn: string;
  endedOn: string | null;
  createdAt: Date;
  startedByIncidentId: string;
}

/** A category row of an incident that started a period: its own (action null) or added by an action. */
export interface StarterCategory {
  incidentId: string;
  categoryId: string;
  actionId: string | null;
}

/** When a record of a pupil came to carry a category (saved with it, or an edit or action that added it). */
export interface CategoryAcquisition {
  incidentId: string;
  actionId: string | null;
  studentId: string;
  categoryId: string;
  at: Date;
  /** The day the record is about, which starts monitoring for it. */
  occurredAt: Date;
}

export interface MonitoringPlan {
  deleteIds: string[];
  reattribute: { id: string; incidentId: string; startedOn: string }[];
}

/** Periods that a removed record started, and which of them genuine records relied on. */
export function planMonitoring(
  plan: Pick<PurgePlan, 'incidentIds' | 'actionIds'>,
  periods: readonly IncidentPeriod[],
  starterCategories: readonly StarterCategory[],
  acquisitions: readonly CategoryAcquisition[],
  timeZone: string,
): MonitoringPlan {
  const survives = (r: { incidentId: string; actionId: string | null }) =>
    !plan.incidentIds.has(r.incidentId) && (r.actionId === null || !plan.actionIds.has(r.actionId));
  const startedByRemoved = (p: IncidentPeriod) => {
    if (plan.incidentIds.has(p.startedByIncidentId)) return true;
    // A genuine incident started it: only a removed training action can have brought the category.
    const rows = starterCategories.filter(
      (c) => c.incidentId === p.startedByIncidentId && c.categoryId === p.categoryId,
    );
    return rows.some((c) => c.actionId !== null && plan.actionIds.has(c.actionId)) && !rows.some(survives);
  };
  const out: MonitoringPlan = { deleteIds: [], reattribute: [] };
  for (const p of periods) {
    if (!startedByRemoved(p)) continue;
    const relied = acquisitions
      .filter((a) => a.studentId === p.studentId && a.categoryId === p.categoryId && survives(a))
      .filter(
        (a) =>
          a.at.getTime() >= p.createdAt.getTime() && (p.endedOn === null || dateInZone(timeZone, a.at) <= p.endedOn),
      )
      .sort((x, y) => x.at.getTime() - y.at.getTime())[0];
    if (!relied) {
      out.deleteIds.push(p.id);
      continue;
    }
    const day = dateInZone(timeZone, relied.occurredAt);
    out.reattribute.push({
      id: p.id,
      incidentId: relied.incidentId,
      startedOn: p.endedOn !== null && day > p.endedOn ? p.endedOn : day,
    });
  }
  return out;
}
