/**
 * Reads of training mode: the banner every signed-in page shows while it is
 * on, and Admin → Training mode's list of the records flagged as training.
 * The list is for administrators using their key (requireAdmin, through
 * lib/access); within it, what a record says, whom it is about and its
 * categories are shown only where the permission engine lets this person read
 * the incident (its SQL condition, computed per row), so administration does
 * not open records of categories the person cannot see.
 */
import 'server-only';
import { and, asc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Tx } from '@/db/scoped';
import { incidentActions, incidents, students, users } from '@/db/schema';
import { accessSubjectOf } from '@/lib/access';
import { categoriesOn } from '@/lib/incidents/categories';
import { visibleIncidents } from '@/lib/incidents/visibility';
import { pupilNameColumns } from '@/lib/students/name-columns';
import { formatPupilName, type NameStyle, type PupilNames } from '@/lib/students/names';
import type { Ctx, UserCtx } from '@/lib/tenancy/context';
import { recordAdminEvent } from '@/lib/audit/admin-events';
import { adminAccess, requireAdmin } from '@/lib/admin/guard';
import { loadTrainingGraph } from './graph';
import { KEEP_NOTHING, planPurge, type HoldReason } from './plan';

export const TRAINING_BANNER_MESSAGE =
  'Everything recorded now is marked as training and will be removed when training mode is switched off. Alerts and emails are still sent.';

export interface TrainingBanner {
  title: string;
  message: string;
  /** Where those who may administer the school manage it; null for everyone else. */
  manageHref: string | null;
}

/** The banner of every signed-in page of the school while training mode is on; null when it is off. */
export function trainingBanner(ctx: UserCtx): TrainingBanner | null {
  if (!ctx.school.settings.trainingMode) return null;
  return {
    title: 'Training mode is on',
    message: TRAINING_BANNER_MESSAGE,
    manageHref: adminAccess(ctx) === 'not_allowed' ? null : '/admin/training',
  };
}

/** More than this many flagged records of one kind are not listed (a training session makes far fewer). */
export const TRAINING_LIST_LIMIT = 5000;

export interface TrainingRecordItem {
  id: string;
  /** The incident itself, or the one the action was recorded on. */
  incidentId: string;
  /** The incident's number; for an action, the number of the incident it was recorded on. */
  number: number;
  occurredAt: Date;
  recordedAt: Date;
  authorName: string | null;
  /**
   * Whether this person may read the incident. When false, the pupil, the
   * first line and the categories are withheld (null / empty).
   */
  readable: boolean;
  pupilName: string | null;
  firstLine: string | null;
  categories: string[];
  deleted: boolean;
  /** A linked pupil's copy (any role but the pupil the concern is about). */
  linkedCopy: boolean;
  /** For an action: its incident is a training record too (it goes with it unless kept). */
  onTrainingIncident: boolean;
  /** Set when the record must stay because a genuine record needs it. */
  heldBecause: HoldReason | null;
}

export interface TrainingOverview {
  on: boolean;
  incidents: TrainingRecordItem[];
  actions: TrainingRecordItem[];
  /** More flagged records exist than are listed. */
  truncated: boolean;
}

const author = alias(users, 'training_author');

/**
 * What both lists show of a record: who recorded it and, only where the
 * engine lets this person read the incident, the pupil and the first line.
 */
function recordColumns(readable: SQL<boolean>, text: SQL) {
  return {
    authorName: author.displayName,
    readable,
    firstLine: sql<string | null>`case when ${readable} then left(split_part(${text}, chr(10), 1), 200) end`,
    pupil: pupilNameColumns,
  };
}

type RecordColumns = { authorName: string | null; readable: boolean; firstLine: string | null; pupil: PupilNames };

/** What the list shows of an incident or an action alike; whom it is about and its categories only where readable. */
function listed(
  r: RecordColumns & { number: number; occurredAt: Date; recordedAt: Date; deletedAt: Date | null },
  style: NameStyle,
  categories: string[] | undefined,
) {
  return {
    number: r.number,
    occurredAt: r.occurredAt,
    recordedAt: r.recordedAt,
    authorName: r.authorName,
    readable: r.readable,
    pupilName: r.readable ? formatPupilName(r.pupil, style) : null,
    firstLine: r.firstLine,
    categories: r.readable ? (categories ?? []) : [],
    deleted: r.deletedAt !== null,
  };
}

/** Live category names by incident (its own and its actions') or by the action that added them. */
async function categoryNames(tx: Tx, ids: string[], by: 'incident' | 'action'): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (ids.length === 0) return out;
  const names = await categoriesOn(tx, ids, by);
  for (const n of names) {
    const key = by === 'incident' ? n.incidentId : n.actionId;
    if (!key) continue;
    const list = out.get(key) ?? [];
    if (!list.includes(n.name)) list.push(n.name);
    out.set(key, list);
  }
  return out;
}

/** Admin → Training mode: every record still flagged as training, oldest first, and which must stay. */
export async function listTrainingRecords(ctx: Ctx, style: NameStyle): Promise<TrainingOverview> {
  requireAdmin(ctx);
  const subject = await accessSubjectOf(ctx);
  const readable = sql<boolean>`(${visibleIncidents(subject)})`;
  return ctx.run(async (tx) => {
    const schoolId = ctx.school.id;
    const incidentRows = await tx
      .select({
        id: incidents.id,
        number: incidents.number,
        occurredAt: incidents.occurredAt,
        recordedAt: incidents.createdAt,
        role: incidents.role,
        deletedAt: incidents.deletedAt,
        ...recordColumns(readable, sql`${incidents.text}`),
      })
      .from(incidents)
      .innerJoin(students, and(eq(students.schoolId, incidents.schoolId), eq(students.id, incidents.studentId)))
      .leftJoin(author, eq(author.id, incidents.authorId))
      // A merged incident lives on as an action of the other one: that action is listed instead.
      .where(and(eq(incidents.schoolId, schoolId), eq(incidents.training, true), isNull(incidents.mergedIntoId)))
      .orderBy(asc(incidents.number))
      .limit(TRAINING_LIST_LIMIT + 1);
    const actionRows = await tx
      .select({
        id: incidentActions.id,
        incidentId: incidentActions.incidentId,
        number: incidents.number,
        occurredAt: incidentActions.occurredAt,
        recordedAt: incidentActions.createdAt,
        deletedAt: incidentActions.deletedAt,
        onTrainingIncident: incidents.training,
        ...recordColumns(readable, sql`${incidentActions.text}`),
      })
      .from(incidentActions)
      // Joined by its own name: the visibility condition names `incidents`, here the action's incident.
      .innerJoin(
        incidents,
        and(eq(incidents.schoolId, incidentActions.schoolId), eq(incidents.id, incidentActions.incidentId)),
      )
      .innerJoin(students, and(eq(students.schoolId, incidents.schoolId), eq(students.id, incidents.studentId)))
      .leftJoin(author, eq(author.id, incidentActions.authorId))
      .where(and(eq(incidentActions.schoolId, schoolId), eq(incidentActions.training, true)))
      .orderBy(asc(incidentActions.createdAt), asc(incidentActions.id))
      .limit(TRAINING_LIST_LIMIT + 1);
    const plan = planPurge(await loadTrainingGraph(tx, schoolId), KEEP_NOTHING);
    const incidentCats = await categoryNames(
      tx,
      incidentRows.filter((r) => r.readable).map((r) => r.id),
      'incident',
    );
    const actionCats = await categoryNames(
      tx,
      actionRows.filter((r) => r.readable).map((r) => r.id),
      'action',
    );
    const overview: TrainingOverview = {
      on: ctx.school.settings.trainingMode,
      truncated: incidentRows.length > TRAINING_LIST_LIMIT || actionRows.length > TRAINING_LIST_LIMIT,
      incidents: incidentRows.slice(0, TRAINING_LIST_LIMIT).map((r) => ({
        id: r.id,
        incidentId: r.id,
        ...listed(r, style, incidentCats.get(r.id)),
        linkedCopy: r.role !== 'subject',
        onTrainingIncident: true,
        heldBecause: plan.heldIncidents.get(r.id) ?? null,
      })),
      actions: actionRows.slice(0, TRAINING_LIST_LIMIT).map((r) => ({
        id: r.id,
        incidentId: r.incidentId,
        ...listed(r, style, actionCats.get(r.id)),
        linkedCopy: false,
        onTrainingIncident: r.onTrainingIncident,
        heldBecause: plan.heldActions.get(r.id) ?? null,
      })),
    };
    if (overview.incidents.length + overview.actions.length > 0) {
      await recordAdminEvent(tx, ctx, {
        action: 'admin.training_records_viewed',
        entityType: 'school',
        entityId: schoolId,
        details: { incidents: overview.incidents.length, actions: overview.actions.length },
        at: subject.now,
      });
    }
    return overview;
  });
}
