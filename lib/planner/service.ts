/**
 * lib/planner service: saving (new, changed, moved) and deleting events, in
 * one transaction each with their shares, linked pupils, reminders and audit
 * row. Every write asks lib/access first: the planner itself (`planner.use`),
 * then the event (`decidePlannerEvent`); colleagues must be able to use the
 * planner, pupils must be ones the person may open, a linked record one they
 * may read. Another school's ids and anything unreadable are "not found".
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import {
  incidentActions,
  incidents,
  plannerEventPupils,
  plannerEvents,
  plannerEventShares,
  students,
} from '@/db/schema';
import { can, decide, decidePlannerEvent, staffSubjects, type AccessSubject } from '@/lib/access';
import { writeAudit } from '@/lib/audit/write';
import { NotFoundError, UserError, fieldErrorsOf } from '@/lib/errors';
import { claimSubmission, completeSubmission, submissionOf } from '@/lib/idempotency/submissions';
import { visibleIncidents } from '@/lib/incidents/visibility';
import { studentResource } from '@/lib/students/access';
import type { UserCtx } from '@/lib/tenancy/context';
import { requirePlanner } from './access';
import { syncReminders } from './reminders';
import { safeReturnPath } from '@/lib/tenancy/return-path';
import { deletePlannerEventInput, plannerEventInput, quickReminderInput, type PlannerEventInput } from './schema';
import { reminderDueAt, resolveEventTimes, type ReminderSpec } from './when';

export const EVENT_CHANGED =
  'Someone else changed this event while you were editing it. Reload to see their change, then make yours again.';
const CHECK_FIELDS = 'Check the highlighted fields.';

function parse(input: unknown): PlannerEventInput {
  const parsed = plannerEventInput.safeParse(input);
  if (!parsed.success) throw new UserError(CHECK_FIELDS, fieldErrorsOf(parsed.error.issues));
  return parsed.data;
}

function specOf(d: PlannerEventInput): ReminderSpec {
  if (d.reminder === 'at') return { kind: 'at', at: d.reminderAt };
  if (d.reminder === 'before') return { kind: 'before', amount: Number(d.reminderAmount), unit: d.reminderUnit };
  return { kind: 'none' };
}

/** The event as lib/access judges it, read inside the transaction (locked when changing it). */
export async function eventResourceOf(tx: Tx, subject: AccessSubject, eventId: string, forUpdate = false) {
  const q = tx
    .select({
      id: plannerEvents.id,
      schoolId: plannerEvents.schoolId,
      createdBy: plannerEvents.createdBy,
      isPublic: plannerEvents.isPublic,
      deletedAt: plannerEvents.deletedAt,
      version: plannerEvents.version,
      reminderAtDue: plannerEvents.reminderAt,
    })
    .from(plannerEvents)
    .where(and(eq(plannerEvents.schoolId, subject.schoolId), eq(plannerEvents.id, eventId)))
    .limit(1);
  const [row] = forUpdate ? await q.for('update') : await q;
  if (!row) return null;
  const shared = await tx
    .select({ id: plannerEventShares.id })
    .from(plannerEventShares)
    .where(
      and(
        eq(plannerEventShares.schoolId, subject.schoolId),
        eq(plannerEventShares.eventId, eventId),
        eq(plannerEventShares.userId, subject.userId),
        isNull(plannerEventShares.removedAt),
      ),
    )
    .limit(1);
  return {
    row,
    resource: {
      schoolId: row.schoolId,
      createdBy: row.createdBy,
      isPublic: row.isPublic,
      sharedWithSubject: shared.length > 0,
      deleted: row.deletedAt !== null,
    },
  };
}

async function checkColleagues(tx: Tx, ctx: UserCtx, ids: readonly string[], now: Date): Promise<void> {
  const others = [...ids];
  if (others.length === 0) return;
  const subjects = await staffSubjects(tx, ctx.school, now, others);
  const refused = others.filter((id) => {
    const s = subjects.get(id);
    return !s || !decide(s, 'planner.use').allowed;
  });
  if (refused.length > 0)
    throw new UserError(CHECK_FIELDS, {
      sharedWith: ['Share only with colleagues who use the planner: choose them from the list.'],
    });
}

async function checkPupils(tx: Tx, ctx: UserCtx, subject: AccessSubject, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = await tx
    .select({
      id: students.id,
      schoolId: students.schoolId,
      tutorGroup: students.tutorGroup,
      yearGroup: students.yearGroup,
      archivedAt: students.archivedAt,
    })
    .from(students)
    .where(and(eq(students.schoolId, ctx.school.id), inArray(students.id, [...ids])));
  const ok = new Set(rows.filter((r) => can(subject, 'student.view', studentResource(r))).map((r) => r.id));
  if (ids.some((id) => !ok.has(id)))
    throw new UserError(CHECK_FIELDS, {
      pupils: ['Choose pupils from the list: one of them is not one you can open.'],
    });
}

/** The linked incident (and action on it) must be one the person may read; the event keeps the pupil's copy. */
async function checkRecord(tx: Tx, ctx: UserCtx, subject: AccessSubject, d: PlannerEventInput) {
  if (!d.incidentId) {
    if (d.actionId) throw new NotFoundError('record');
    return { incidentId: null, actionId: null };
  }
  const [inc] = await tx
    .select({ id: incidents.id })
    .from(incidents)
    .innerJoin(students, and(eq(students.schoolId, incidents.schoolId), eq(students.id, incidents.studentId)))
    .where(and(eq(incidents.schoolId, ctx.school.id), eq(incidents.id, d.incidentId), visibleIncidents(subject)))
    .limit(1);
  if (!inc) throw new NotFoundError('incident');
  if (d.actionId) {
    const [act] = await tx
      .select({ id: incidentActions.id })
      .from(incidentActions)
      .where(
        and(
          eq(incidentActions.schoolId, ctx.school.id),
          eq(incidentActions.id, d.actionId),
          eq(incidentActions.incidentId, inc.id),
          isNull(incidentActions.deletedAt),
        ),
      )
      .limit(1);
    if (!act) throw new NotFoundError('action');
  }
  return { incidentId: inc.id, actionId: d.actionId ?? null };
}

/** Replaces a join table's live set: rows no longer chosen get `removed_at`, new ones are added. */
async function syncShares(tx: Tx, schoolId: string, eventId: string, userIds: readonly string[], now: Date) {
  const live = await tx
    .select({ id: plannerEventShares.id, userId: plannerEventShares.userId })
    .from(plannerEventShares)
    .where(
      and(
        eq(plannerEventShares.schoolId, schoolId),
        eq(plannerEventShares.eventId, eventId),
        isNull(plannerEventShares.removedAt),
      ),
    );
  const gone = live.filter((r) => !userIds.includes(r.userId)).map((r) => r.id);
  if (gone.length > 0)
    await tx
      .update(plannerEventShares)
      .set({ removedAt: now })
      .where(and(eq(plannerEventShares.schoolId, schoolId), inArray(plannerEventShares.id, gone)));
  const have = new Set(live.map((r) => r.userId));
  const add = userIds.filter((u) => !have.has(u));
  if (add.length > 0)
    await tx
      .insert(plannerEventShares)
      .values(add.map((userId) => ({ schoolId, id: randomUUID(), eventId, userId, createdAt: now })));
}

async function syncPupils(tx: Tx, schoolId: string, eventId: string, studentIds: readonly string[], now: Date) {
  const live = await tx
    .select({ id: plannerEventPupils.id, studentId: plannerEventPupils.studentId })
    .from(plannerEventPupils)
    .where(
      and(
        eq(plannerEventPupils.schoolId, schoolId),
        eq(plannerEventPupils.eventId, eventId),
        isNull(plannerEventPupils.removedAt),
      ),
    );
  const gone = live.filter((r) => !studentIds.includes(r.studentId)).map((r) => r.id);
  if (gone.length > 0)
    await tx
      .update(plannerEventPupils)
      .set({ removedAt: now })
      .where(and(eq(plannerEventPupils.schoolId, schoolId), inArray(plannerEventPupils.id, gone)));
  const have = new Set(live.map((r) => r.studentId));
  const add = studentIds.filter((s) => !have.has(s));
  if (add.length > 0)
    await tx
      .insert(plannerEventPupils)
      .values(add.map((studentId) => ({ schoolId, id: randomUUID(), eventId, studentId, createdAt: now })));
}

export interface SavedEvent {
  eventId: string;
  /** The school-local day it starts: where the planner opens after saving. */
  day: string;
}

/** Creates an event, or changes one (`eventId` with the `version` the form showed). */
export async function savePlannerEvent(ctx: UserCtx, input: unknown, now = new Date()): Promise<SavedEvent> {
  const subject = await requirePlanner(ctx);
  const d = parse(input);
  const tz = ctx.school.timeZone;
  const times = resolveEventTimes(tz, d);
  if (!times.ok) throw new UserError(CHECK_FIELDS, times.fieldErrors);
  const due = reminderDueAt(tz, times.value.startsAt, specOf(d));
  if (!due.ok) throw new UserError(CHECK_FIELDS, due.fieldErrors);
  // Only a path on this site: anything else (another origin, a script URL) is refused, never stored.
  if (d.aboutPath !== undefined && safeReturnPath(d.aboutPath, '') !== d.aboutPath)
    throw new UserError(CHECK_FIELDS, { aboutPath: ['That page is not one of this school’s in Haven.'] });
  const day = times.value.startDay ?? new Intl.DateTimeFormat('en-CA', { timeZone: tz }).format(times.value.startsAt);

  return ctx.run(async (tx) => {
    const submission = d.eventId ? null : submissionOf(ctx, 'planner.event', d);
    if (submission) {
      const first = await claimSubmission<SavedEvent>(
        tx,
        submission,
        () => 'This event was already saved as first sent; your later changes were not. Open it to change it.',
        now,
      );
      if (first) return first;
    }
    await checkPupils(tx, ctx, subject, d.pupils);
    const record = await checkRecord(tx, ctx, subject, d);
    const values = {
      title: d.title,
      notes: d.notes,
      allDay: times.value.allDay,
      startsAt: times.value.startsAt,
      endsAt: times.value.endsAt,
      startDay: times.value.startDay,
      endDay: times.value.endDay,
      isPublic: d.visibility === 'public',
      aboutPath: d.aboutPath ?? null,
      reminderKind: d.reminder,
      reminderAt: due.value,
      reminderAmount: d.reminder === 'before' ? Number(d.reminderAmount) : null,
      reminderUnit: d.reminder === 'before' ? d.reminderUnit : null,
      updatedAt: now,
      ...record,
    };

    let eventId: string;
    let creator: string;
    let previousDue: Date | null = null;
    if (d.eventId) {
      const found = await eventResourceOf(tx, subject, d.eventId, true);
      if (!found) throw new NotFoundError('event');
      const decision = decidePlannerEvent(subject, 'planner_event.edit', found.resource);
      if (!decision.allowed) {
        if (decision.reason === 'not_allowed')
          throw new UserError('Only its creator or an administrator can change this event.');
        throw new NotFoundError('event');
      }
      if (d.version !== undefined && d.version !== found.row.version) throw new UserError(EVENT_CHANGED);
      eventId = found.row.id;
      creator = found.row.createdBy;
      previousDue = found.row.reminderAtDue;
      await tx
        .update(plannerEvents)
        .set({ ...values, version: found.row.version + 1 })
        .where(and(eq(plannerEvents.schoolId, ctx.school.id), eq(plannerEvents.id, eventId)));
    } else {
      eventId = randomUUID();
      creator = ctx.user.id;
      await tx
        .insert(plannerEvents)
        .values({ schoolId: ctx.school.id, id: eventId, createdBy: creator, createdAt: now, ...values });
    }
    // A reminder already past is refused only when it is new: keeping an event's sent reminder is no error.
    if (due.value && due.value <= now && due.value.getTime() !== previousDue?.getTime())
      throw new UserError(CHECK_FIELDS, {
        [d.reminder === 'at' ? 'reminderAt' : 'reminderAmount']: ['That reminder time has already passed.'],
      });
    // The creator gets the reminders as the owner, never as a share of their own event.
    const sharedWith = d.sharedWith.filter((u) => u !== creator);
    await checkColleagues(tx, ctx, sharedWith, now);
    await syncShares(tx, ctx.school.id, eventId, sharedWith, now);
    await syncPupils(tx, ctx.school.id, eventId, d.pupils, now);
    await syncReminders(tx, ctx.school.id, eventId, [creator, ...sharedWith], due.value, now);
    await writeAudit(tx, {
      schoolId: ctx.school.id,
      actorUserId: ctx.user.id,
      meta: ctx.meta,
      action: d.eventId ? 'planner.event_changed' : 'planner.event_created',
      entityType: 'planner_event',
      entityId: eventId,
      details: {
        public: values.isPublic,
        sharedWith: sharedWith.length,
        pupils: d.pupils,
        incidentId: record.incidentId,
        reminder: due.value?.toISOString() ?? null,
      },
      at: now,
    });
    const result = { eventId, day };
    return submission ? completeSubmission(tx, submission, result) : result;
  });
}

/** Deletes an event (kept, marked deleted) and cancels its reminders not yet sent. */
export async function deletePlannerEvent(ctx: UserCtx, input: unknown, now = new Date()): Promise<void> {
  const subject = await requirePlanner(ctx);
  const parsed = deletePlannerEventInput.safeParse(input);
  if (!parsed.success) throw new NotFoundError('event');
  await ctx.run(async (tx) => {
    const found = await eventResourceOf(tx, subject, parsed.data.eventId, true);
    if (!found) throw new NotFoundError('event');
    const decision = decidePlannerEvent(subject, 'planner_event.edit', found.resource);
    if (!decision.allowed) {
      if (decision.reason === 'not_allowed')
        throw new UserError('Only its creator or an administrator can delete this event.');
      throw new NotFoundError('event');
    }
    await tx
      .update(plannerEvents)
      .set({ deletedAt: now, deletedBy: ctx.user.id, updatedAt: now })
      .where(and(eq(plannerEvents.schoolId, ctx.school.id), eq(plannerEvents.id, found.row.id)));
    await syncReminders(tx, ctx.school.id, found.row.id, [], null, now);
    await writeAudit(tx, {
      schoolId: ctx.school.id,
      actorUserId: ctx.user.id,
      meta: ctx.meta,
      action: 'planner.event_deleted',
      entityType: 'planner_event',
      entityId: found.row.id,
      details: {},
      at: now,
    });
  });
}

/**
 * "Remind me": a private event at the chosen time with a reminder then, so it
 * is sent by the same job, once, and shows in the person's planner. The
 * page it was made on, if asked for, is kept as a path on this site.
 */
export async function addQuickReminder(ctx: UserCtx, input: unknown, now = new Date()): Promise<SavedEvent> {
  await requirePlanner(ctx);
  const parsed = quickReminderInput.safeParse(input);
  if (!parsed.success) throw new UserError(CHECK_FIELDS, fieldErrorsOf(parsed.error.issues));
  const d = parsed.data;
  const about = d.aboutThisPage ? safeReturnPath(d.from, '') : '';
  try {
    return await savePlannerEvent(
      ctx,
      {
        submissionKey: d.submissionKey,
        title: d.text,
        start: d.when,
        end: d.when,
        visibility: 'private',
        reminder: 'at',
        reminderAt: d.when,
        aboutPath: about || undefined,
      },
      now,
    );
  } catch (e) {
    // The event form's names are not this form's: its "when" is both the start and the reminder.
    if (e instanceof UserError && e.fieldErrors) {
      const f = e.fieldErrors;
      const when = f.start ?? f.reminderAt;
      throw new UserError(e.message, {
        ...(f.title ? { text: f.title } : {}),
        ...(when
          ? { when: when[0] === 'Enter the date and time it starts.' ? ['Enter when to remind you.'] : when }
          : {}),
      });
    }
    throw e;
  }
}
