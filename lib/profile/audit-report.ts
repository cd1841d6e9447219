/**
 * A pupil's Audit tab: every view and change of their record, from the
 * append-only audit log (rows carry the pupil in `details.studentId`), newest
 * first, filtered by person and by the school's days, paged on (at, id).
 *
 * Who may read it is the engine's `student.audit`. What each reader sees is
 * decided in the query: a row about an incident or action is returned only if
 * its incident (and, for a merge or split, the other one) passes the engine's
 * incident condition, and a monitoring row only if its category's monitoring
 * is visible to the reader. Such rows are left out rather than redacted: a
 * line saying "an incident you cannot see" would still tell the reader that
 * one exists. A linked pupil the reader may not list is named as such.
 */
import 'server-only';
import { and, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { SelectedFields } from 'drizzle-orm/pg-core';
import { alias } from 'drizzle-orm/pg-core';
import type { Tx } from '@/db/scoped';
import { auditLog, categories, incidentActions, incidents, students, users } from '@/db/schema';
import { monitoringCategoryCondition, studentVisibilityCondition, type AccessSubject } from '@/lib/access';
import { addDays } from '@/lib/attendance';
import { auditDetailsOf, auditNewestFirst, auditRowColumns, auditRowsBefore } from '@/lib/audit/queries';
import { fieldErrorsOf } from '@/lib/errors';
import { incidentVisibleById } from '@/lib/incidents/visibility';
import { dateInZone, zonedWallTimeToInstant } from '@/lib/time/school-date';
import type { UserCtx } from '@/lib/tenancy/context';
import type { PupilBase } from '@/lib/students/access';
import { auditSentence } from './audit-sentences';
import type { AuditEventView, ProfileAudit, PupilEventView } from './types';
import { formatPupilName, type NameStyle } from '@/lib/students/names';
import { auditFilterInput } from '@/lib/students/schema';
import { studentColumnsOf } from '@/lib/students/visible';

export const AUDIT_TAB_PAGE_SIZE = 50;

const rec = alias(incidents, 'audit_incident');
const linked = alias(students, 'audit_linked_pupil');
const staff = alias(users, 'audit_staff');
const pupil = alias(students, 'audit_pupil');

/** A text value of the row's details; the key is a bound parameter. */
const detail = (key: string): SQL<string | null> => sql<string | null>`(${auditLog.details} ->> ${key}::text)`;
/** Must be the expression of the index audit_log_school_student_at_idx (db/schema/audit.ts). */
const rowStudentId = sql`(${auditLog.details} ->> 'studentId')`;
/** The row's pupil as a uuid, cast only when it is one (rows are history; a malformed one must not fail the page). */
const rowPupilUuid = sql`(case when ${rowStudentId} ~ '^[0-9a-fA-F-]{36}$' then ${rowStudentId}::uuid end)`;

/** A uuid from the details, cast only for the events that carry it (older rows are never cast blindly). */
function detailId(key: string, actions: readonly string[]): SQL {
  return sql`(case when ${auditLog.action} in (${sql.join(
    actions.map((a) => sql`${a}`),
    sql`, `,
  )}) then ${detail(key)}::uuid end)`;
}

const MONITORING = ['monitoring.started', 'monitoring.ended'] as const;
/** Rows whose details name a monitoring category. */
const CATEGORY_EVENTS = [...MONITORING, 'monitoring.bulk_updated'] as const;
const LINKS = ['student.link_added', 'student.link_removed'] as const;
const STAFF = ['student.alert_staff_added', 'student.alert_staff_removed'] as const;
const INTO = ['incident.merged', 'action.split'] as const;

/** The incident a row is about: the entity itself, or an action's incident. */
const rowIncidentId = sql`(case when ${auditLog.entityType} = 'incident' then ${auditLog.entityId} when ${auditLog.entityType} = 'action' then (select ${incidentActions.incidentId} from ${incidentActions} where ${incidentActions.schoolId} = ${auditLog.schoolId} and ${incidentActions.id} = ${auditLog.entityId}) end)`;

/**
 * The rows of this pupil the reader may see. Pupil events (the profile,
 * contacts, links, staff) need nothing more than the tab itself; monitoring
 * needs its category; incident and action events need their incidents.
 * Events about anything else (a later feature's) are left out until that
 * feature states its rule here.
 */
function readableEvent(subject: AccessSubject): SQL {
  const monitoring = sql`${auditLog.action} in (${sql.join(
    MONITORING.map((a) => sql`${a}`),
    sql`, `,
  )})`;
  const into = detailId('intoId', INTO);
  return sql`(
      (${auditLog.entityType} = 'student' and (not ${monitoring} or ${monitoringCategoryCondition(subject, detail('categoryId'))}))
      or (${auditLog.entityType} in ('incident', 'action') and ${rec.id} is not null and ${incidentVisibleById(subject, rec.id)}
          and (${into} is null or ${incidentVisibleById(subject, into)}))
    )`;
}

function readable(subject: AccessSubject, studentId: string): SQL {
  return and(eq(auditLog.schoolId, subject.schoolId), sql`${rowStudentId} = ${studentId}`, readableEvent(subject))!;
}

function parseFilters(query: Record<string, string | undefined>, timeZone: string, now: Date) {
  const raw = { person: query.person ?? '', from: query.from ?? '', to: query.to ?? '', before: query.before ?? '' };
  const values = { person: raw.person, from: raw.from, to: raw.to };
  const parsed = auditFilterInput.safeParse(raw);
  if (!parsed.success) {
    const errors = fieldErrorsOf(parsed.error.issues);
    // A broken page cursor is not the reader's to fix: start again from the newest.
    if (!errors.person && !errors.from && !errors.to) return parseFilters({ ...query, before: '' }, timeZone, now);
    return { values, fieldErrors: { person: errors.person, from: errors.from, to: errors.to }, data: null };
  }
  const today = dateInZone(timeZone, now);
  if (parsed.data.from > today)
    return { values, fieldErrors: { from: ['Choose today or an earlier date.'] }, data: null };
  return { values, fieldErrors: {}, data: parsed.data };
}

const recJoin = and(eq(rec.schoolId, auditLog.schoolId), sql`${rec.id} = ${rowIncidentId}`);

/**
 * The rows with what their sentences name, joined in one statement: the
 * incident, the monitoring category, the linked pupil (named only when the
 * reader may list them), the member of staff, and the row's own pupil (for
 * `extra` columns that need it).
 */
function selectEvents<E extends SelectedFields>(tx: Tx, subject: AccessSubject, extra: E = {} as E) {
  const linkedCols = studentColumnsOf(linked);
  return tx
    .select({
      ...extra,
      ...auditRowColumns,
      actorName: users.displayName,
      actorLabel: auditLog.actorLabel,
      incidentNumber: rec.number,
      incidentHref: sql<string | null>`coalesce(${rec.mergedIntoId}, ${rec.id})`,
      categoryName: categories.name,
      linkedId: linked.id,
      linkedListable: sql<boolean>`coalesce(${studentVisibilityCondition(subject, linkedCols, 'student.list')}, false)`,
      linkedOpenable: sql<boolean>`coalesce(${studentVisibilityCondition(subject, linkedCols, 'student.view')}, false)`,
      legalForename: linked.legalForename,
      legalSurname: linked.legalSurname,
      preferredForename: linked.preferredForename,
      preferredSurname: linked.preferredSurname,
      staffName: staff.displayName,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .leftJoin(rec, recJoin)
    .leftJoin(
      categories,
      and(
        eq(categories.schoolId, auditLog.schoolId),
        sql`${categories.id} = ${detailId('categoryId', CATEGORY_EVENTS)}`,
      ),
    )
    .leftJoin(
      linked,
      and(eq(linked.schoolId, auditLog.schoolId), sql`${linked.id} = ${detailId('linkedStudentId', LINKS)}`),
    )
    .leftJoin(staff, sql`${staff.id} = ${detailId('userId', STAFF)}`)
    .leftJoin(pupil, and(eq(pupil.schoolId, auditLog.schoolId), sql`${pupil.id} = ${rowPupilUuid}`))
    .$dynamic();
}

type EventRow = Awaited<ReturnType<ReturnType<typeof selectEvents<Record<never, never>>>['execute']>>[number];

/** A left-joined pupil's names, formatted; null when the join found nobody. */
function joinedName(
  n: {
    legalForename: string | null;
    legalSurname: string | null;
    preferredForename: string | null;
    preferredSurname: string | null;
  },
  style: NameStyle,
): string | null {
  if (n.legalForename === null) return null;
  return formatPupilName(
    {
      legalForename: n.legalForename,
      legalSurname: n.legalSurname ?? '',
      preferredForename: n.preferredForename ?? '',
      preferredSurname: n.preferredSurname ?? '',
    },
    style,
  );
}

function toView(r: EventRow, style: NameStyle): AuditEventView {
  const linkedName = r.linkedId && r.linkedListable ? joinedName(r, style) : null;
  let href: string | null = null;
  if (r.incidentHref) href = `/incidents/${r.incidentHref}`;
  else if (r.linkedId && r.linkedOpenable) href = `/students/${r.linkedId}`;
  return {
    id: r.id,
    at: r.at,
    who: r.actorName ?? r.actorLabel ?? 'Haven',
    what: auditSentence({
      action: r.action,
      details: auditDetailsOf(r.details),
      incidentNumber: r.incidentNumber,
      categoryName: r.categoryName,
      linkedPupilName: linkedName,
      staffName: r.staffName,
    }),
    href,
    ip: r.ip,
  };
}

/**
 * The tab's rows for a pupil the caller has already found and decided on
 * (`student.audit`), inside the caller's transaction.
 */
export async function auditReportFor(
  tx: Tx,
  ctx: UserCtx,
  subject: AccessSubject,
  pupil: PupilBase,
  query: Record<string, string | undefined>,
  style: NameStyle,
): Promise<ProfileAudit> {
  const { values, fieldErrors, data } = parseFilters(query, ctx.school.timeZone, subject.now);
  const visible = readable(subject, pupil.id);

  const actors = await tx
    .selectDistinct({ userId: users.id, name: users.displayName })
    .from(auditLog)
    .innerJoin(users, eq(users.id, auditLog.actorUserId))
    .leftJoin(rec, recJoin)
    .where(visible);
  const people = actors.sort((x, y) => x.name.localeCompare(y.name, 'en-GB') || x.userId.localeCompare(y.userId));
  if (!data) return { events: [], people, values, fieldErrors, nextBefore: null, paged: false };

  const tz = ctx.school.timeZone;
  const from = data.from ? zonedWallTimeToInstant(tz, `${data.from}T00:00`) : null;
  const until = data.to ? zonedWallTimeToInstant(tz, `${addDays(data.to, 1)}T00:00`) : null;

  const rows = await selectEvents(tx, subject)
    .where(
      and(
        visible,
        data.person ? eq(auditLog.actorUserId, data.person) : undefined,
        from ? gte(auditLog.at, from) : undefined,
        until ? lt(auditLog.at, until) : undefined,
        auditRowsBefore(subject.schoolId, data.before),
      ),
    )
    .orderBy(...auditNewestFirst())
    .limit(AUDIT_TAB_PAGE_SIZE + 1);

  const events = rows.slice(0, AUDIT_TAB_PAGE_SIZE).map((r) => toView(r, style));
  return {
    events,
    people,
    values,
    fieldErrors,
    nextBefore: rows.length > AUDIT_TAB_PAGE_SIZE ? (events.at(-1)?.id ?? null) : null,
    paged: Boolean(data.before),
  };
}

/** Rows that are about a pupil's record: those naming a pupil, any incident or action, and bulk monitoring. */
const pupilEventCondition = sql`(${rowStudentId} is not null or ${auditLog.entityType} in ('student', 'incident', 'action') or ${auditLog.action} = 'monitoring.bulk_updated')`;

/**
 * For audit rows that another listing has already selected (Admin → Users →
 * Activity pages through a person's rows): which of them are about pupils'
 * records, and of those, what the reader may be told. A pupil event is
 * described only when the reader may see it on that pupil's Audit tab: they
 * pass `student.audit` for the pupil and the row's own rule (readableEvent).
 * Every other pupil event maps to null, to be shown without its details: the
 * listing is about the person, so the row itself stays, but nothing of the
 * record does. Rows not about pupils are absent from the map.
 *
 * Bulk monitoring rows name many pupils and carry no one pupil; they are
 * described (as a count) when their category is one the reader may see.
 */
export async function describePupilEvents(
  tx: Tx,
  subject: AccessSubject,
  rowIds: readonly string[],
  style: NameStyle,
): Promise<Map<string, PupilEventView | null>> {
  const out = new Map<string, PupilEventView | null>();
  if (rowIds.length === 0) return out;
  const pupilCols = studentColumnsOf(pupil);
  const bulkCategory = detailId('categoryId', ['monitoring.bulk_updated']);
  const rows = await selectEvents(tx, subject, {
    pupilId: pupil.id,
    readable: sql<boolean>`coalesce(
      (${pupil.id} is not null and ${studentVisibilityCondition(subject, pupilCols, 'student.audit')} and ${readableEvent(subject)})
      or (${auditLog.action} = 'monitoring.bulk_updated' and (${bulkCategory} is null or ${monitoringCategoryCondition(subject, bulkCategory)})),
      false)`,
    pupilLegalForename: pupil.legalForename,
    pupilLegalSurname: pupil.legalSurname,
    pupilPreferredForename: pupil.preferredForename,
    pupilPreferredSurname: pupil.preferredSurname,
  }).where(and(eq(auditLog.schoolId, subject.schoolId), inArray(auditLog.id, [...rowIds]), pupilEventCondition));
  for (const r of rows) {
    if (!r.readable) {
      out.set(r.id, null);
      continue;
    }
    const view = toView(r, style);
    const pupilName =
      joinedName(
        {
          legalForename: r.pupilLegalForename,
          legalSurname: r.pupilLegalSurname,
          preferredForename: r.pupilPreferredForename,
          preferredSurname: r.pupilPreferredSurname,
        },
        style,
      ) ?? 'Several pupils';
    out.set(r.id, { what: view.what, href: view.href ?? (r.pupilId ? `/students/${r.pupilId}` : null), pupilName });
  }
  return out;
}
