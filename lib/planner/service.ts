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
import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { plannerEvents, plannerEventShares } from '@/db/schema';
import { decidePlannerEvent, type AccessSubject } from '@/lib/access';
import { writeAudit } from '@/lib/audit/write';
import { NotFoundError, UserError, fieldErrorsOf } from '@/lib/errors';
import { claimSubmission, completeSubmission, submissionOf } from '@/lib/idempotency/submissions';
import type { UserCtx } from '@/lib/tenancy/context';
import { requirePlanner } from './access';
import { CHECK_FIELDS, checkColleagues, checkPupils, checkRecord, pupilsKeptUnseen, syncLinks } from './links';
import { syncReminders } from './reminders';
import { safeReturnPath } from '@/lib/tenancy/return-path';
import { deletePlannerEventInput, plannerEventInput, quickReminderInput, type PlannerEventInput } from './schema';
import { reminderDueAt, resolveEventTimes, type EventTimes, type ReminderSpec } from './when';

export const EVENT_CHANGED =
  'Someone else changed this event while you were editing it. Reload to see their change, then make yours again.';

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

export interface SavedEvent {
  eventId: string;
  /** The school-local day it starts: where the planner opens after saving. */
  day: string;
}

/** An event's input checked before any transaction: parsed, its times resolved (field errors by the event form's names). */
export interface PreparedEvent {
  d: PlannerEventInput;
  times: EventTimes;
  due: Date | null;
  /** The school-local day it starts: where the planner opens after saving. */
  day: string;
}

export function prepareEvent(ctx: UserCtx, input: unknown): PreparedEvent {
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
  return { d, times: times.value, due: due.value, day };
}

/** Creates an event, or changes one (`eventId` with the `version` the form showed). */
export async function savePlannerEvent(ctx: UserCtx, input: unknown, now = new Date()): Promise<SavedEvent> {
  const subject = await requirePlanner(ctx);
  const prepared = prepareEvent(ctx, input);
  const { d } = prepared;
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
    const result = await writePlannerEvent(tx, ctx, subject, prepared, now);
    return submission ? completeSubmission(tx, submission, result) : result;
  });
}

/**
 * Writes a prepared event in the caller's transaction, with its shares,
 * pupils, reminders and audit row; a refusal throws and so refuses the whole
 * transaction (the event form's, or the record's it is made with). The
 * caller has claimed the submission and asked `requirePlanner`.
 */
export async function writePlannerEvent(
  tx: Tx,
  ctx: UserCtx,
  subject: AccessSubject,
  { d, times: t, due, day }: PreparedEvent,
  now: Date,
): Promise<SavedEvent> {
  await checkPupils(tx, ctx, subject, d.pupils);
  const record = await checkRecord(tx, ctx, subject, d);
  const values = {
    title: d.title,
    notes: d.notes,
    allDay: t.allDay,
    startsAt: t.startsAt,
    endsAt: t.endsAt,
    startDay: t.startDay,
    endDay: t.endDay,
    isPublic: d.visibility === 'public',
    aboutPath: d.aboutPath ?? null,
    reminderKind: d.reminder,
    reminderAt: due,
    reminderAmount: d.reminder === 'before' ? Number(d.reminderAmount) : null,
    reminderUnit: d.reminder === 'before' ? d.reminderUnit : null,
    updatedAt: now,
    ...record,
  };

  let eventId: string;
  let creator: string;
  let previousDue: Date | null = null;
  let pupils = d.pupils;
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
    const unseen = await pupilsKeptUnseen(tx, ctx, subject, eventId);
    pupils = [...pupils, ...unseen.filter((id) => !pupils.includes(id))];
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
  if (due && due <= now && due.getTime() !== previousDue?.getTime())
    throw new UserError(CHECK_FIELDS, {
      [d.reminder === 'at' ? 'reminderAt' : 'reminderAmount']: ['That reminder time has already passed.'],
    });
  // The creator gets the reminders as the owner, never as a share of their own event.
  const sharedWith = d.sharedWith.filter((u) => u !== creator);
  await checkColleagues(tx, ctx, sharedWith, now);
  await syncLinks(tx, 'shares', ctx.school.id, eventId, sharedWith, now);
  await syncLinks(tx, 'pupils', ctx.school.id, eventId, pupils, now);
  await syncReminders(tx, ctx.school.id, eventId, [creator, ...sharedWith], due, now);
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
      pupils,
      incidentId: record.incidentId,
      reminder: due?.toISOString() ?? null,
    },
    at: now,
  });
  return { eventId, day };
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
