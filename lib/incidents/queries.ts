/**
 * Reads of incidents. Which incidents a person sees is decided in SQL by the
 * permission engine (visibility.ts), never by filtering fetched rows; reading
 * a record writes an audit row.
 */
import 'server-only';
import { and, asc, desc, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Tx } from '@/db/scoped';
import { incidentActions, incidents, students, users } from '@/db/schema';
import { accessSubjectOf, can, lozengeTextColour, type AccessSubject, type IncidentAction } from '@/lib/access';
import { agenciesShown } from '@/lib/agencies/read';
import { recordAudit } from '@/lib/audit/record';
import { recordIncidentEvent } from './audit';
import { NotFoundError } from '@/lib/errors';
import { formatPupilName, type NameStyle } from '@/lib/students/names';
import type { UserCtx } from '@/lib/tenancy/context';
import type { MapMarker } from '@/db/schema/incidents';
import { incidentEditable, nameableLinkedCopies, pupilOpenable, visibleIncidents } from './visibility';
import { isUuid } from '@/lib/ids';
import { categoriesOn } from './categories';
import { filesOf } from './files';
import { shownAuthorName } from './author';

export interface CategoryTag {
  id: string;
  name: string;
  colour: string;
  textColour: string;
  parentName: string | null;
  /** Added by an action (raising the incident), not chosen on the incident itself. */
  fromAction: boolean;
}

/** A file attached to an incident or an action, as the record lists it (downloaded through the record's route). */
export interface RecordFile {
  id: string;
  name: string;
  size: number;
  /** Set when the file came with an incident merged into this one: that incident's number. */
  mergedFromNumber: number | null;
}

export interface ActionView {
  id: string;
  /** Files attached to this action, readable by whoever may read the incident. */
  files: RecordFile[];
  text: string;
  occurredAt: Date;
  authorName: string | null;
  agencies: string[];
  categories: CategoryTag[];
  deleted: { at: Date; reason: string } | null;
  /** Recorded while the school's training mode was on. */
  training: boolean;
  /** Above 1 once edited: its history holds every version. */
  version: number;
  /** Values of the action form's custom fields, by field id (label them with customFieldRows). */
  customFields: Record<string, unknown>;
}

export interface IncidentView {
  id: string;
  number: number;
  studentId: string;
  studentName: string;
  role: string;
  text: string;
  occurredAt: Date;
  createdAt: Date;
  status: 'active' | 'closed';
  authorName: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  /** What the record shows: the listed agencies' current names, then the free text. */
  agencies: string[];
  /** The free text alone (agencies not on the school's list) and the listed ones' ids, which the edit form changes. */
  otherAgencies: string[];
  agencyIds: string[];
  markers: MapMarker[];
  customFields: Record<string, unknown>;
  pinned: boolean;
  training: boolean;
  version: number;
  deleted: { at: Date; reason: string } | null;
  categories: CategoryTag[];
  /** Linked pupils the viewer may find, by name. */
  linked: { studentName: string; role: string }[];
  /** Linked pupils outside the viewer's reach: counted, never named. */
  linkedHidden: number;
  actions: ActionView[];
  /** Files attached to the incident itself (an action's are under the action). */
  files: RecordFile[];
  /**
   * This person may change the incident: edit, delete, merge and pin it, or
   * restore it when deleted (the engine's decisions, asked in the read).
   */
  mayEdit: boolean;
  /** This person may open the pupil's record, so the incident can be shown in its chronology. */
  mayOpenPupil: boolean;
}

const author = alias(users, 'author');

/** The name columns the formatter needs: never the whole pupil row. */
const pupilNames = {
  legalForename: students.legalForename,
  legalSurname: students.legalSurname,
  preferredForename: students.preferredForename,
  preferredSurname: students.preferredSurname,
};
const assignee = alias(users, 'assignee');

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}

async function tagsFor(
  tx: Tx,
  incidentIds: string[],
): Promise<Map<string, (CategoryTag & { actionId: string | null })[]>> {
  const rows = await categoriesOn(tx, incidentIds);
  const out = new Map<string, (CategoryTag & { actionId: string | null })[]>();
  for (const r of rows) {
    const list = out.get(r.incidentId) ?? [];
    list.push({
      id: r.id,
      name: r.name,
      colour: r.colour,
      textColour: lozengeTextColour(r.colour),
      parentName: r.parentName,
      fromAction: r.actionId !== null,
      actionId: r.actionId,
    });
    out.set(r.incidentId, list);
  }
  return out;
}

async function hydrate(
  tx: Tx,
  subject: AccessSubject,
  rows: Awaited<ReturnType<typeof baseQuery>>,
  style: NameStyle,
): Promise<IncidentView[]> {
  const ids = rows.map((r) => r.id);
  const tags = await tagsFor(tx, ids);
  // Deleted actions stay visible (marked) only on incidents whose actions this person may restore.
  const editable = rows.filter((r) => r.mayEdit).map((r) => r.id);
  const shownActions =
    editable.length > 0
      ? or(isNull(incidentActions.deletedAt), inArray(incidentActions.incidentId, editable))
      : isNull(incidentActions.deletedAt);
  const actions = ids.length
    ? await tx
        .select({
          id: incidentActions.id,
          incidentId: incidentActions.incidentId,
          text: incidentActions.text,
          occurredAt: incidentActions.occurredAt,
          agencies: agenciesShown(incidentActions.schoolId, incidentActions.agencyIds, incidentActions.agencies),
          authorName: shownAuthorName(incidentActions.externalAuthor, author.displayName),
          deletedAt: incidentActions.deletedAt,
          training: incidentActions.training,
          version: incidentActions.version,
          customFields: incidentActions.customFields,
          deleteReason: incidentActions.deleteReason,
        })
        .from(incidentActions)
        .leftJoin(author, eq(author.id, incidentActions.authorId))
        .where(and(inArray(incidentActions.incidentId, ids), shownActions))
        .orderBy(asc(incidentActions.occurredAt), asc(incidentActions.createdAt))
    : [];
  const files = await filesOf(tx, ids);
  const filesByIncident = groupBy(
    files.filter((f) => f.actionId === null),
    (f) => f.incidentId,
  );
  const filesByAction = groupBy(
    files.filter((f) => f.actionId !== null),
    (f) => f.actionId!,
  );
  const fileView = ({ id, name, size, mergedFromNumber }: (typeof files)[number]): RecordFile => ({
    id,
    name,
    size,
    mergedFromNumber,
  });
  const records = [...new Set(rows.map((r) => r.recordId))];
  // Linked pupils are named only where this person may see them (nameableLinkedCopies); the others are counted.
  const siblings = records.length
    ? await tx
        .select({
          recordId: incidents.recordId,
          incidentId: incidents.id,
          role: incidents.role,
          pupil: pupilNames,
          visible: sql<boolean>`(${nameableLinkedCopies(subject)})`,
        })
        .from(incidents)
        .innerJoin(students, eq(students.id, incidents.studentId))
        .where(and(inArray(incidents.recordId, records), isNull(incidents.deletedAt)))
    : [];
  const siblingsByRecord = groupBy(siblings, (x) => x.recordId);
  const actionsByIncident = groupBy(actions, (a) => a.incidentId);
  return rows.map((r) => {
    const t = tags.get(r.id) ?? [];
    return {
      id: r.id,
      number: r.number,
      studentId: r.studentId,
      studentName: formatPupilName(r.pupil, style),
      role: r.role,
      text: r.text,
      occurredAt: r.occurredAt,
      createdAt: r.createdAt,
      status: r.status,
      authorName: r.authorName,
      assigneeId: r.assigneeId,
      assigneeName: r.assigneeName,
      agencies: r.agencies,
      otherAgencies: r.otherAgencies,
      agencyIds: r.agencyIds,
      markers: r.markers,
      customFields: r.customFields,
      pinned: r.pinned,
      training: r.training,
      version: r.version,
      deleted: r.deletedAt ? { at: r.deletedAt, reason: r.deleteReason ?? '' } : null,
      categories: t.map(({ actionId: _a, ...c }) => c),
      linked: (siblingsByRecord.get(r.recordId) ?? [])
        .filter((x) => x.incidentId !== r.id && x.visible)
        .map((x) => ({ studentName: formatPupilName(x.pupil, style), role: x.role })),
      linkedHidden: (siblingsByRecord.get(r.recordId) ?? []).filter((x) => x.incidentId !== r.id && !x.visible).length,
      actions: (actionsByIncident.get(r.id) ?? []).map((a) => ({
        id: a.id,
        text: a.text,
        occurredAt: a.occurredAt,
        authorName: a.authorName,
        agencies: a.agencies,
        categories: t.filter((c) => c.actionId === a.id).map(({ actionId: _a, ...c }) => c),
        deleted: a.deletedAt ? { at: a.deletedAt, reason: a.deleteReason ?? '' } : null,
        training: a.training,
        version: a.version,
        customFields: a.customFields,
        files: (filesByAction.get(a.id) ?? []).map(fileView),
      })),
      files: (filesByIncident.get(r.id) ?? []).map(fileView),
      mayEdit: r.mayEdit,
      mayOpenPupil: r.mayOpenPupil,
    };
  });
}

function baseQuery(tx: Tx, subject: AccessSubject) {
  return tx
    .select({
      id: incidents.id,
      number: incidents.number,
      recordId: incidents.recordId,
      studentId: incidents.studentId,
      role: incidents.role,
      text: incidents.text,
      occurredAt: incidents.occurredAt,
      createdAt: incidents.createdAt,
      status: incidents.status,
      agencies: agenciesShown(incidents.schoolId, incidents.agencyIds, incidents.agencies),
      otherAgencies: incidents.agencies,
      agencyIds: incidents.agencyIds,
      markers: incidents.markers,
      customFields: incidents.customFields,
      pinned: incidents.pinned,
      training: incidents.training,
      version: incidents.version,
      deletedAt: incidents.deletedAt,
      deleteReason: incidents.deleteReason,
      authorName: shownAuthorName(incidents.externalAuthor, author.displayName),
      assigneeId: incidents.assigneeId,
      assigneeName: assignee.displayName,
      pupil: pupilNames,
      mayEdit: sql<boolean>`${incidentEditable(subject)}`,
      mayOpenPupil: sql<boolean>`(${pupilOpenable(subject)})`,
    })
    .from(incidents)
    .innerJoin(students, eq(students.id, incidents.studentId))
    .leftJoin(author, eq(author.id, incidents.authorId))
    .leftJoin(assignee, eq(assignee.id, incidents.assigneeId));
}

/** How many incidents a chronology shows at first, and how many more each "Show older incidents" adds. */
export const CHRONOLOGY_PAGE = 50;

export interface Chronology {
  incidents: IncidentView[];
  /** Every incident of the pupil this person may see; `incidents` may be the first part of them. */
  total: number;
}

/**
 * A pupil's chronology: the incidents this person may see, pinned first, then
 * newest first by when they happened (a backdated incident falls into place).
 * With `range`, only the first `show` of them are read in full (and more if
 * needed to reach `highlight`), so a pupil with hundreds of incidents opens
 * quickly; the order is decided over all of them first. The caller has
 * already decided that the person may open the pupil.
 */
export async function chronologyFor(
  tx: Tx,
  ctx: UserCtx,
  subject: AccessSubject,
  studentId: string,
  style: NameStyle,
  range?: { show: number; highlight?: string },
): Promise<Chronology> {
  const order = await tx
    .select({ id: incidents.id })
    .from(incidents)
    .innerJoin(students, eq(students.id, incidents.studentId))
    .where(and(eq(incidents.studentId, studentId), visibleIncidents(subject), isNull(incidents.mergedIntoId)))
    .orderBy(desc(incidents.pinned), desc(incidents.occurredAt), desc(incidents.number));
  let ids = order.map((r) => r.id);
  if (range) {
    const at = range.highlight ? ids.indexOf(range.highlight) : -1;
    const show = Math.max(range.show, Math.ceil((at + 1) / CHRONOLOGY_PAGE) * CHRONOLOGY_PAGE);
    ids = ids.slice(0, show);
  }
  const rows = ids.length
    ? await baseQuery(tx, subject).where(and(eq(incidents.schoolId, subject.schoolId), inArray(incidents.id, ids)))
    : [];
  const position = new Map(ids.map((id, i) => [id, i]));
  rows.sort((a, b) => position.get(a.id)! - position.get(b.id)!);
  const views = await hydrate(tx, subject, rows, style);
  if (views.length > 0) {
    await recordAudit(tx, ctx, {
      action: 'incident.chronology_viewed',
      entityType: 'student',
      entityId: studentId,
      studentId,
      details: { incidents: views.length, of: order.length },
      at: subject.now,
    });
  }
  return { incidents: views, total: order.length };
}

/**
 * One incident as its page shows it, if this person may read it (by key, or
 * through a live alert); otherwise "not found" — a malformed id, another
 * school's and an invisible one alike. Every reader of a single incident (the
 * page, the print view) comes through here, so they decide identically.
 * With `toDo` (the delete and merge pages), the person must also be allowed
 * that, or the answer is the same "not found": the page then shows no form
 * its action would refuse.
 */
export async function readIncident(
  tx: Tx,
  subject: AccessSubject,
  rawId: string,
  style: NameStyle,
  toDo: IncidentAction = 'incident.view',
): Promise<IncidentView> {
  if (!isUuid(rawId)) throw new NotFoundError('incident');
  const allowed = and(
    visibleIncidents(subject),
    toDo === 'incident.view' ? undefined : visibleIncidents(subject, toDo),
  );
  const rows = await baseQuery(tx, subject)
    .where(and(eq(incidents.id, rawId), isNull(incidents.mergedIntoId), allowed))
    .limit(1);
  const [view] = await hydrate(tx, subject, rows, style);
  if (!view) throw new NotFoundError('incident');
  return view;
}

/** One incident, if this person may read it (and do `toDo` to it, see readIncident); otherwise "not found". The read is audited. */
export async function getIncident(
  ctx: UserCtx,
  rawId: string,
  style: NameStyle,
  toDo: IncidentAction = 'incident.view',
): Promise<IncidentView> {
  if (!isUuid(rawId)) throw new NotFoundError('incident');
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const view = await readIncident(tx, subject, rawId, style, toDo);
    await recordIncidentEvent(tx, ctx, 'incident.viewed', view, {}, subject.now);
    return view;
  });
}

/** Incidents this person recorded in the last 7 days ("My history"), newest first; titles only unless readable. */
export async function myHistory(ctx: UserCtx, style: NameStyle) {
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const rows = await tx
      .select({
        id: incidents.id,
        number: incidents.number,
        createdAt: incidents.createdAt,
        pupil: pupilNames,
        readable: sql<boolean>`(${visibleIncidents(subject)})`,
      })
      .from(incidents)
      .innerJoin(students, eq(students.id, incidents.studentId))
      .where(and(visibleIncidents(subject, 'incident.history'), eq(incidents.role, 'subject')))
      .orderBy(desc(incidents.createdAt))
      .limit(50);
    const tags = await tagsFor(
      tx,
      rows.map((r) => r.id),
    );
    return rows.map((r) => ({
      id: r.id,
      number: r.number,
      createdAt: r.createdAt,
      studentName: formatPupilName(r.pupil, style),
      categories: (tags.get(r.id) ?? []).filter((c) => !c.fromAction).map((c) => c.name),
      readable: r.readable,
    }));
  });
}

/**
 * Incidents assigned to this person and not closed ("My assigned"), for key
 * holders using their key (incidents.assigned); null for anyone else, whose
 * dashboard has no such list.
 */
export async function myAssigned(ctx: UserCtx, style: NameStyle) {
  const subject = await accessSubjectOf(ctx);
  if (!can(subject, 'incidents.assigned')) return null;
  return ctx.run(async (tx) => {
    const rows = await tx
      .select({ id: incidents.id, number: incidents.number, occurredAt: incidents.occurredAt, pupil: pupilNames })
      .from(incidents)
      .innerJoin(students, eq(students.id, incidents.studentId))
      .where(and(eq(incidents.assigneeId, ctx.user.id), ne(incidents.status, 'closed'), visibleIncidents(subject)))
      .orderBy(desc(incidents.occurredAt))
      .limit(100);
    return rows.map((r) => ({
      id: r.id,
      number: r.number,
      occurredAt: r.occurredAt,
      studentName: formatPupilName(r.pupil, style),
    }));
  });
}

/**
 * The pupil of an incident this person may read, when they may also open the
 * pupil's record: a change then lands on the chronology with the incident
 * marked. Null otherwise (the incident's own page is where they land).
 */
export async function getIncidentStudent(ctx: UserCtx, rawId: string): Promise<string | null> {
  if (!isUuid(rawId)) return null;
  const subject = await accessSubjectOf(ctx);
  const rows = await ctx.run((tx) =>
    tx
      .select({ studentId: incidents.studentId })
      .from(incidents)
      .innerJoin(students, eq(students.id, incidents.studentId))
      .where(and(eq(incidents.id, rawId), visibleIncidents(subject), pupilOpenable(subject)))
      .limit(1),
  );
  return rows[0]?.studentId ?? null;
}
