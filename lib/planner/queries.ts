/**
 * The planner's reads: the events a person's planner shows between two
 * school-local days, one event in full (for its page and the edit form), and
 * the colleagues an event may be shared with. Every list takes its condition
 * from lib/access (`plannerEventListCondition`); a linked pupil is named only
 * to someone who may open them.
 */
import 'server-only';
import { and, asc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Tx } from '@/db/scoped';
import {
  incidentActions,
  incidents,
  memberships,
  plannerEventPupils,
  plannerEvents,
  plannerEventShares,
  students,
  users,
} from '@/db/schema';
import {
  can,
  decide,
  decidePlannerEvent,
  plannerEventListCondition,
  staffSubjects,
  type AccessSubject,
} from '@/lib/access';
import { addDays } from '@/lib/attendance/dates';
import { NotFoundError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import { visibleIncidents } from '@/lib/incidents/visibility';
import { reportsAccess } from '@/lib/reports/guard';
import { studentResource } from '@/lib/students/access';
import { pupilNameColumns } from '@/lib/students/name-columns';
import { formatPupilName, type NameStyle } from '@/lib/students/names';
import type { UserCtx } from '@/lib/tenancy/context';
import { instantToZonedWallTime } from '@/lib/time/school-date';
import { requirePlanner } from './access';
import { eventResourceOf } from './service';
import { dayStart } from './when';

export interface PlannerEventSummary {
  id: string;
  title: string;
  allDay: boolean;
  startsAt: Date;
  endsAt: Date;
  /** School-local days the event covers, inclusive ("YYYY-MM-DD"). */
  firstDay: string;
  lastDay: string;
  /** School-local wall-clock start and end ("YYYY-MM-DDTHH:MM"); for all-day events the days' midnights. */
  startWall: string;
  endWall: string;
  /** Public events show in every planner; the others are personal (the person's own, or shared with them). */
  isPublic: boolean;
}

const sharedWith = (userId: string) =>
  sql`exists (select 1 from ${plannerEventShares} where ${plannerEventShares.schoolId} = ${plannerEvents.schoolId} and ${plannerEventShares.eventId} = ${plannerEvents.id} and ${plannerEventShares.userId} = ${userId} and ${plannerEventShares.removedAt} is null)`;

function listCondition(subject: AccessSubject) {
  return plannerEventListCondition(
    subject,
    {
      schoolId: plannerEvents.schoolId,
      createdBy: plannerEvents.createdBy,
      isPublic: plannerEvents.isPublic,
      deletedAt: plannerEvents.deletedAt,
    },
    sharedWith,
  );
}

function daysOf(
  tz: string,
  r: { allDay: boolean; startsAt: Date; endsAt: Date; startDay: string | null; endDay: string | null },
) {
  const startWall = instantToZonedWallTime(tz, r.startsAt);
  const endWall = instantToZonedWallTime(tz, r.endsAt);
  if (r.allDay && r.startDay && r.endDay) return { firstDay: r.startDay, lastDay: r.endDay, startWall, endWall };
  // An event ending exactly at midnight does not show on the day that midnight begins.
  const endDay = endWall.slice(0, 10);
  const lastDay = endWall.endsWith('T00:00') && endWall > startWall ? addDays(endDay, -1) : endDay;
  return { firstDay: startWall.slice(0, 10), lastDay, startWall, endWall };
}

/** The events shown from `fromDay` to `toDay` (school-local, inclusive), earliest first. */
export async function listPlannerEvents(ctx: UserCtx, fromDay: string, toDay: string): Promise<PlannerEventSummary[]> {
  const subject = await requirePlanner(ctx);
  const tz = ctx.school.timeZone;
  const from = dayStart(tz, fromDay);
  const to = dayStart(tz, addDays(toDay, 1));
  const rows = await ctx.run((tx) =>
    tx
      .select({
        id: plannerEvents.id,
        title: plannerEvents.title,
        allDay: plannerEvents.allDay,
        startsAt: plannerEvents.startsAt,
        endsAt: plannerEvents.endsAt,
        startDay: plannerEvents.startDay,
        endDay: plannerEvents.endDay,
        isPublic: plannerEvents.isPublic,
        createdBy: plannerEvents.createdBy,
      })
      .from(plannerEvents)
      .where(
        and(
          listCondition(subject),
          lt(plannerEvents.startsAt, to),
          // An instant event (start = end) on the first day still shows.
          sql`(${plannerEvents.endsAt} > ${from} or ${plannerEvents.startsAt} >= ${from})`,
        ),
      )
      .orderBy(asc(plannerEvents.startsAt), asc(plannerEvents.title))
      .limit(1000),
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    allDay: r.allDay,
    startsAt: r.startsAt,
    endsAt: r.endsAt,
    ...daysOf(tz, r),
    isPublic: r.isPublic,
  }));
}

export interface PlannerEventDetail extends PlannerEventSummary {
  notes: string;
  version: number;
  createdBy: string;
  createdByName: string;
  mayEdit: boolean;
  sharedWith: { id: string; name: string }[];
  /**
   * Linked pupils; the name and link only for those this person may open, and
   * their report (ahead of a meeting) only when the person may also run reports.
   */
  pupils: { id: string; name: string | null; mayRunReport: boolean }[];
  incidentId: string | null;
  incidentNumber: number | null;
  actionId: string | null;
  /** The page of this site a "Remind me" was made on. */
  aboutPath: string | null;
  reminder: 'none' | 'at' | 'before';
  reminderAtWall: string | null;
  reminderAmount: number | null;
  reminderUnit: 'minutes' | 'hours' | 'days' | null;
}

const creator = alias(users, 'creator');

async function sharesOf(tx: Tx, schoolId: string, eventId: string) {
  return tx
    .select({ id: users.id, name: users.displayName })
    .from(plannerEventShares)
    .innerJoin(users, eq(users.id, plannerEventShares.userId))
    .where(
      and(
        eq(plannerEventShares.schoolId, schoolId),
        eq(plannerEventShares.eventId, eventId),
        isNull(plannerEventShares.removedAt),
      ),
    )
    .orderBy(asc(users.displayName));
}

/** One event this person may see; anything else (another school's, private, deleted, malformed) is "not found". */
export async function getPlannerEvent(ctx: UserCtx, eventId: string, style: NameStyle): Promise<PlannerEventDetail> {
  const subject = await requirePlanner(ctx);
  if (!isUuid(eventId)) throw new NotFoundError('event');
  const tz = ctx.school.timeZone;
  const mayRunReports = reportsAccess(ctx) === 'allowed';
  return ctx.run(async (tx) => {
    const found = await eventResourceOf(tx, subject, eventId.toLowerCase());
    if (!found || !decidePlannerEvent(subject, 'planner_event.view', found.resource).allowed)
      throw new NotFoundError('event');
    const [r] = await tx
      .select({
        id: plannerEvents.id,
        title: plannerEvents.title,
        notes: plannerEvents.notes,
        allDay: plannerEvents.allDay,
        startsAt: plannerEvents.startsAt,
        endsAt: plannerEvents.endsAt,
        startDay: plannerEvents.startDay,
        endDay: plannerEvents.endDay,
        isPublic: plannerEvents.isPublic,
        version: plannerEvents.version,
        createdBy: plannerEvents.createdBy,
        createdByName: creator.displayName,
        incidentId: plannerEvents.incidentId,
        actionId: plannerEvents.actionId,
        aboutPath: plannerEvents.aboutPath,
        reminderKind: plannerEvents.reminderKind,
        reminderAt: plannerEvents.reminderAt,
        reminderAmount: plannerEvents.reminderAmount,
        reminderUnit: plannerEvents.reminderUnit,
      })
      .from(plannerEvents)
      .innerJoin(creator, eq(creator.id, plannerEvents.createdBy))
      .where(and(eq(plannerEvents.schoolId, ctx.school.id), eq(plannerEvents.id, found.row.id)));
    if (!r) throw new NotFoundError('event');
    const pupils = await tx
      .select({
        id: students.id,
        schoolId: students.schoolId,
        tutorGroup: students.tutorGroup,
        yearGroup: students.yearGroup,
        archivedAt: students.archivedAt,
        names: pupilNameColumns,
      })
      .from(plannerEventPupils)
      .innerJoin(
        students,
        and(eq(students.schoolId, plannerEventPupils.schoolId), eq(students.id, plannerEventPupils.studentId)),
      )
      .where(
        and(
          eq(plannerEventPupils.schoolId, ctx.school.id),
          eq(plannerEventPupils.eventId, r.id),
          isNull(plannerEventPupils.removedAt),
        ),
      )
      .orderBy(asc(plannerEventPupils.createdAt));
    const [inc] = r.incidentId
      ? await tx
          .select({ number: incidents.number })
          .from(incidents)
          .where(and(eq(incidents.schoolId, ctx.school.id), eq(incidents.id, r.incidentId)))
      : [];
    return {
      id: r.id,
      title: r.title,
      notes: r.notes,
      allDay: r.allDay,
      startsAt: r.startsAt,
      endsAt: r.endsAt,
      ...daysOf(tz, r),
      isPublic: r.isPublic,
      version: r.version,
      createdBy: r.createdBy,
      createdByName: r.createdByName,
      mayEdit: decidePlannerEvent(subject, 'planner_event.edit', found.resource).allowed,
      sharedWith: await sharesOf(tx, ctx.school.id, r.id),
      pupils: pupils.map((p) => {
        const mayOpen = can(subject, 'student.view', studentResource(p));
        return {
          id: p.id,
          name: mayOpen ? formatPupilName(p.names, style) : null,
          mayRunReport: mayOpen && mayRunReports,
        };
      }),
      incidentId: r.incidentId,
      incidentNumber: inc?.number ?? null,
      actionId: r.actionId,
      aboutPath: r.aboutPath,
      reminder: r.reminderKind,
      reminderAtWall: r.reminderAt ? instantToZonedWallTime(tz, r.reminderAt) : null,
      reminderAmount: r.reminderAmount,
      reminderUnit: r.reminderUnit,
    };
  });
}

/** Colleagues an event may be shared with: active members of this school who may use the planner, the person excepted. */
export async function listPlannerColleagues(ctx: UserCtx, now = new Date()): Promise<{ id: string; name: string }[]> {
  await requirePlanner(ctx);
  return ctx.run(async (tx) => {
    const subjects = await staffSubjects(tx, ctx.school, now);
    const ids = [...subjects]
      .filter(([id, s]) => id !== ctx.user.id && decide(s, 'planner.use').allowed)
      .map(([id]) => id);
    if (ids.length === 0) return [];
    return tx
      .select({ id: users.id, name: users.displayName })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.schoolId, ctx.school.id), inArray(memberships.userId, ids)))
      .orderBy(asc(users.displayName));
  });
}

export interface LinkableRecord {
  incidentId: string;
  actionId: string | null;
  number: number;
  pupil: { id: string; name: string; group: string | null } | null;
}

/**
 * The record an "Add to planner" link names, if the person may read it, with
 * its pupil (named when they may open them) to link too; otherwise null, and
 * the new event simply has no record.
 */
export async function linkableRecord(
  ctx: UserCtx,
  incidentId: string | undefined,
  actionId: string | undefined,
  style: NameStyle,
): Promise<LinkableRecord | null> {
  const subject = await requirePlanner(ctx);
  if (!isUuid(incidentId) || (actionId !== undefined && !isUuid(actionId))) return null;
  return ctx.run(async (tx) => {
    const [r] = await tx
      .select({
        id: incidents.id,
        number: incidents.number,
        studentId: students.id,
        schoolId: students.schoolId,
        tutorGroup: students.tutorGroup,
        yearGroup: students.yearGroup,
        archivedAt: students.archivedAt,
        names: pupilNameColumns,
      })
      .from(incidents)
      .innerJoin(students, and(eq(students.schoolId, incidents.schoolId), eq(students.id, incidents.studentId)))
      .where(and(eq(incidents.schoolId, ctx.school.id), eq(incidents.id, incidentId), visibleIncidents(subject)))
      .limit(1);
    if (!r) return null;
    if (actionId) {
      const [a] = await tx
        .select({ id: incidentActions.id })
        .from(incidentActions)
        .where(
          and(
            eq(incidentActions.schoolId, ctx.school.id),
            eq(incidentActions.id, actionId),
            eq(incidentActions.incidentId, r.id),
            isNull(incidentActions.deletedAt),
          ),
        );
      if (!a) return null;
    }
    const mayOpen = can(subject, 'student.view', studentResource(r));
    return {
      incidentId: r.id,
      actionId: actionId ?? null,
      number: r.number,
      pupil: mayOpen ? { id: r.studentId, name: formatPupilName(r.names, style), group: r.tutorGroup } : null,
    };
  });
}
