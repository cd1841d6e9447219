/**
 * Reads what plan.ts plans over: the flagged records and the genuine
 * ones tied to them, and the monitoring they started. Every statement names
 * the school, because the purge runs these on the privileged path, where
 * row-level security does not limit it; the Training mode page runs them in
 * the school's own transaction.
 */
import 'server-only';
import { and, asc, eq, inArray, or } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Tx } from '@/db/scoped';
import { incidentActions, incidentCategories, incidents, incidentVersions, monitoringPeriods } from '@/db/schema';
import type { CategoryAcquisition, IncidentPeriod, PurgePlan, StarterCategory, TrainingGraph } from './plan';

/** Long id lists are sent in slices, well inside any driver's limit on parameters. */
export async function inSlices<T>(ids: Iterable<string>, fn: (slice: string[]) => Promise<T[]>): Promise<T[]> {
  const all = [...ids];
  const out: T[] = [];
  for (let i = 0; i < all.length; i += 500) out.push(...(await fn(all.slice(i, i + 500))));
  return out;
}

export async function loadTrainingGraph(tx: Tx, schoolId: string): Promise<TrainingGraph> {
  const flagged = tx
    .select({ id: incidents.id })
    .from(incidents)
    .where(and(eq(incidents.schoolId, schoolId), eq(incidents.training, true)));
  const flaggedIncidents = await tx
    .select({ id: incidents.id, mergedIntoId: incidents.mergedIntoId })
    .from(incidents)
    .where(and(eq(incidents.schoolId, schoolId), eq(incidents.training, true)));
  const mergedIntoFlagged = await tx
    .select({ id: incidents.id, mergedIntoId: incidents.mergedIntoId })
    .from(incidents)
    .where(
      and(eq(incidents.schoolId, schoolId), eq(incidents.training, false), inArray(incidents.mergedIntoId, flagged)),
    );
  const actions = await tx
    .select({
      id: incidentActions.id,
      incidentId: incidentActions.incidentId,
      mergedFromIncidentId: incidentActions.mergedFromIncidentId,
      training: incidentActions.training,
    })
    .from(incidentActions)
    .where(
      and(
        eq(incidentActions.schoolId, schoolId),
        or(
          eq(incidentActions.training, true),
          inArray(incidentActions.incidentId, flagged),
          inArray(incidentActions.mergedFromIncidentId, flagged),
        ),
      ),
    );
  return {
    incidents: flaggedIncidents,
    mergedIntoFlagged: mergedIntoFlagged.flatMap((i) =>
      i.mergedIntoId ? [{ id: i.id, mergedIntoId: i.mergedIntoId }] : [],
    ),
    actions,
  };
}

export interface MonitoringInputs {
  periods: IncidentPeriod[];
  starterCategories: StarterCategory[];
  acquisitions: CategoryAcquisition[];
}

/** The periods the removed records may have started, and every genuine record that could have relied on one. */
export async function loadMonitoringInputs(
  tx: Tx,
  schoolId: string,
  graph: TrainingGraph,
  plan: PurgePlan,
): Promise<MonitoringInputs> {
  // Incidents whose removed actions brought categories: an action starts monitoring in its incident's name.
  const actedOn = new Set(
    graph.actions
      .filter((a) => plan.actionIds.has(a.id) && !plan.incidentIds.has(a.incidentId))
      .map((a) => a.incidentId),
  );
  const starters = new Set([...plan.incidentIds, ...actedOn]);
  const periods = await inSlices(starters, (slice) =>
    tx
      .select({
        id: monitoringPeriods.id,
        studentId: monitoringPeriods.studentId,
        categoryId: monitoringPeriods.categoryId,
        startedOn: monitoringPeriods.startedOn,
        endedOn: monitoringPeriods.endedOn,
        createdAt: monitoringPeriods.createdAt,
        startedByIncidentId: monitoringPeriods.startedByIncidentId,
      })
      .from(monitoringPeriods)
      .where(
        and(
          eq(monitoringPeriods.schoolId, schoolId),
          eq(monitoringPeriods.startedVia, 'incident'),
          inArray(monitoringPeriods.startedByIncidentId, slice),
        ),
      ),
  );
  const started = periods.flatMap((p) =>
    p.startedByIncidentId ? [{ ...p, startedByIncidentId: p.startedByIncidentId }] : [],
  );
  if (started.length === 0) return { periods: [], starterCategories: [], acquisitions: [] };

  const starterCategories = await inSlices(actedOn, (slice) =>
    tx
      .select({
        incidentId: incidentCategories.incidentId,
        categoryId: incidentCategories.categoryId,
        actionId: incidentCategories.actionId,
      })
      .from(incidentCategories)
      .where(and(eq(incidentCategories.schoolId, schoolId), inArray(incidentCategories.incidentId, slice))),
  );

  // Every record of these pupils in these categories, with when it came to carry the category.
  const pupilIds = [...new Set(started.map((p) => p.studentId))];
  const categoryIds = [...new Set(started.map((p) => p.categoryId))];
  const act = alias(incidentActions, 'acquiring_action');
  const rows = await inSlices(pupilIds, (slice) =>
    tx
      .select({
        incidentId: incidentCategories.incidentId,
        actionId: incidentCategories.actionId,
        categoryId: incidentCategories.categoryId,
        studentId: incidents.studentId,
        incidentCreatedAt: incidents.createdAt,
        incidentOccurredAt: incidents.occurredAt,
        actionCreatedAt: act.createdAt,
        actionOccurredAt: act.occurredAt,
      })
      .from(incidentCategories)
      .innerJoin(
        incidents,
        and(eq(incidents.schoolId, incidentCategories.schoolId), eq(incidents.id, incidentCategories.incidentId)),
      )
      .leftJoin(act, and(eq(act.schoolId, incidentCategories.schoolId), eq(act.id, incidentCategories.actionId)))
      .where(
        and(
          eq(incidentCategories.schoolId, schoolId),
          inArray(incidents.studentId, slice),
          inArray(incidentCategories.categoryId, categoryIds),
        ),
      ),
  );
  const ownIncidentIds = new Set(
    rows.filter((r) => r.actionId === null && !plan.incidentIds.has(r.incidentId)).map((r) => r.incidentId),
  );
  const versions = await inSlices(ownIncidentIds, (slice) =>
    tx
      .select({
        incidentId: incidentVersions.incidentId,
        savedAt: incidentVersions.savedAt,
        snapshot: incidentVersions.snapshot,
      })
      .from(incidentVersions)
      .where(and(eq(incidentVersions.schoolId, schoolId), inArray(incidentVersions.incidentId, slice)))
      .orderBy(asc(incidentVersions.incidentId), asc(incidentVersions.version)),
  );
  const versionsOf = new Map<string, typeof versions>();
  for (const v of versions) versionsOf.set(v.incidentId, [...(versionsOf.get(v.incidentId) ?? []), v]);

  const acquisitions: CategoryAcquisition[] = [];
  for (const r of rows) {
    const base = { incidentId: r.incidentId, actionId: r.actionId, studentId: r.studentId, categoryId: r.categoryId };
    if (r.actionId !== null) {
      acquisitions.push({
        ...base,
        at: r.actionCreatedAt ?? r.incidentCreatedAt,
        occurredAt: r.actionOccurredAt ?? r.incidentOccurredAt,
      });
      continue;
    }
    // The incident's own category: from the version that first carried it (again, after an edit took it off).
    const history = versionsOf.get(r.incidentId) ?? [];
    if (history.length === 0) acquisitions.push({ ...base, at: r.incidentCreatedAt, occurredAt: r.incidentOccurredAt });
    let before = false;
    for (const v of history) {
      const has = ((v.snapshot.categoryIds as string[] | undefined) ?? []).includes(r.categoryId);
      if (has && !before) {
        const occurred =
          typeof v.snapshot.occurredAt === 'string' ? new Date(v.snapshot.occurredAt) : r.incidentOccurredAt;
        acquisitions.push({
          ...base,
          at: v.savedAt,
          occurredAt: Number.isNaN(occurred.getTime()) ? r.incidentOccurredAt : occurred,
        });
      }
      before = has;
    }
  }
  return { periods: started, starterCategories, acquisitions };
}

export interface TrainingRecordRef {
  id: string;
  training: boolean;
  studentId: string;
  /** The incident's number; for an action, its incident's. */
  number: number;
  incidentId: string;
}

export interface TrainingRecordRefs {
  incidents: Map<string, TrainingRecordRef>;
  actions: Map<string, TrainingRecordRef>;
}

/** The school's incidents and actions among these ids, flagged or not. An id of another school is simply absent. */
export async function loadRecordRefs(
  tx: Tx,
  schoolId: string,
  ids: { incidentIds: Iterable<string>; actionIds: Iterable<string> },
): Promise<TrainingRecordRefs> {
  const incidentRows = await inSlices(ids.incidentIds, (slice) =>
    tx
      .select({
        id: incidents.id,
        training: incidents.training,
        studentId: incidents.studentId,
        number: incidents.number,
        incidentId: incidents.id,
      })
      .from(incidents)
      .where(and(eq(incidents.schoolId, schoolId), inArray(incidents.id, slice))),
  );
  const actionRows = await inSlices(ids.actionIds, (slice) =>
    tx
      .select({
        id: incidentActions.id,
        training: incidentActions.training,
        studentId: incidents.studentId,
        number: incidents.number,
        incidentId: incidents.id,
      })
      .from(incidentActions)
      .innerJoin(
        incidents,
        and(eq(incidents.schoolId, incidentActions.schoolId), eq(incidents.id, incidentActions.incidentId)),
      )
      .where(and(eq(incidentActions.schoolId, schoolId), inArray(incidentActions.id, slice))),
  );
  return { incidents: new Map(incidentRows.map((r) => [r.id, r])), actions: new Map(actionRows.map((r) => [r.id, r])) };
}
