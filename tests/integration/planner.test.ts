/**
 * The Planner against a real database: events saved with their shares,
 * pupils and reminders; what each person sees and may change (lib/access);
 * and the planner-reminders job sending each reminder once — two runs at
 * once, a late run, and a reminder at 09:00 local on the days Europe/London's
 * clocks change. The refusals: another school's event, a teacher without the
 * planner permission, a key holder without their key, a private event asked
 * for by someone else, a colleague who may not use the planner, a pupil or
 * record from another school, a double-sent form.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { inSchool } from '@/db/scoped';
import {
  auditLog,
  categories,
  memberships,
  outbox,
  plannerEventPupils,
  plannerReminders,
  students,
  userGroups,
} from '@/db/schema';
import { dismissPlannerReminder, listMyPlannerReminders } from '@/lib/alerts';
import { NotAllowedError, NotFoundError, UserError } from '@/lib/errors';
import { createIncident } from '@/lib/incidents/create';
import { runJob } from '@/lib/jobs/run-job';
import {
  addQuickReminder,
  deletePlannerEvent,
  getPlannerEvent,
  linkableRecord,
  listPlannerColleagues,
  listPlannerEvents,
  NO_PLANNER,
  PLANNER_NEEDS_KEY,
  REMINDER_SUBJECT,
  savePlannerEvent,
} from '@/lib/planner';
import { DEFAULT_NAME_STYLE } from '@/lib/students/names';
import type { School, UserCtx } from '@/lib/tenancy/context';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';

withTestDatabase();

let a: School;
let b: School;
let dsl: UserCtx;
let pastoral: UserCtx;
let pastoralNoKey: UserCtx;
let slt: UserCtx;
let teacher: UserCtx;
let dslB: UserCtx;
let pupilA: string;
let pupilB: string;

const BEFORE = new Date('2026-03-20T12:00:00Z');

function event(over: Record<string, unknown> = {}) {
  return {
    title: 'Case review',
    notes: 'Bring the chronology.',
    start: '2026-03-30T10:00',
    end: '2026-03-30T11:00',
    visibility: 'private',
    sharedWith: '',
    pupils: '',
    reminder: 'none',
    ...over,
  };
}

async function emailsTo(school: School, email: string): Promise<number> {
  const rows = await inSchool(school.id, (tx) =>
    tx
      .select({ id: outbox.id, text: outbox.bodyText })
      .from(outbox)
      .where(and(eq(outbox.toAddress, email), eq(outbox.subject, REMINDER_SUBJECT))),
  );
  for (const r of rows) {
    expect(r.text).not.toContain('Case review');
    expect(r.text).not.toContain('Ava');
  }
  return rows.length;
}

const job = (now: Date) => () => runJob('planner-reminders', { trigger: 'test', now });

async function refusal(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  a = await makeSchool('planner-a');
  b = await makeSchool('planner-b');
  const u = async (email: string, memberships: Record<string, string>, name: string) =>
    makeUser({ email, displayName: name, memberships, totpSecret: 'JBSWY3DPEHPK3PXP' });
  dsl = (await signedIn(a, await u('dsl@planner.test', { 'planner-a': 'DSL' }, 'Dana DSL'), { elevated: true })).ctx;
  const pastoralId = await u('pastoral@planner.test', { 'planner-a': 'Pastoral' }, 'Pat Pastoral');
  pastoral = (await signedIn(a, pastoralId, { elevated: true })).ctx;
  pastoralNoKey = (await signedIn(a, pastoralId)).ctx;
  slt = (await signedIn(a, await u('slt@planner.test', { 'planner-a': 'SLT' }, 'Sam SLT'), { elevated: true })).ctx;
  teacher = (
    await signedIn(a, await u('t@planner.test', { 'planner-a': 'Teachers' }, 'Tia Teacher'), { elevated: true })
  ).ctx;
  dslB = (await signedIn(b, await u('dslb@planner.test', { 'planner-b': 'DSL' }, 'Bea DSL'), { elevated: true })).ctx;
  pupilA = (await addPupils(a.id, [{ legalForename: 'Ava', legalSurname: 'Planner', tutorGroup: '7A' }]))[0]!;
  pupilB = (await addPupils(b.id, [{ legalForename: 'Ben', legalSurname: 'Other', tutorGroup: '7A' }]))[0]!;
});

describe('saving and seeing events', () => {
  it('a private event linked to a pupil and shared with a colleague shows to both, not to others', async () => {
    const saved = await savePlannerEvent(
      dsl,
      event({ pupils: pupilA, sharedWith: pastoral.user.id, submissionKey: randomUUID() }),
      BEFORE,
    );
    expect(saved.day).toBe('2026-03-30');
    const mine = await listPlannerEvents(dsl, '2026-03-01', '2026-03-31');
    expect(mine.map((e) => e.id)).toContain(saved.eventId);
    const shared = await getPlannerEvent(pastoral, saved.eventId, DEFAULT_NAME_STYLE);
    expect(shared).toMatchObject({
      title: 'Case review',
      startWall: '2026-03-30T10:00',
      isPublic: false,
      mayEdit: false,
      createdByName: 'Dana DSL',
      // Pastoral may open the pupil but not run reports: no "Run report" for them.
      pupils: [{ id: pupilA, name: 'Ava Planner', mayRunReport: false }],
      sharedWith: [{ id: pastoral.user.id, name: 'Pat Pastoral' }],
    });
    // The DSL runs reports: the pupil's report is offered from the event.
    expect((await getPlannerEvent(dsl, saved.eventId, DEFAULT_NAME_STYLE)).pupils).toEqual([
      { id: pupilA, name: 'Ava Planner', mayRunReport: true },
    ]);
    // Summer time: 10:00 in London is 09:00 UTC.
    expect(shared.startsAt.toISOString()).toBe('2026-03-30T09:00:00.000Z');

    // A colleague it is not shared with neither lists nor opens it.
    expect((await listPlannerEvents(slt, '2026-03-01', '2026-03-31')).map((e) => e.id)).not.toContain(saved.eventId);
    expect(await refusal(getPlannerEvent(slt, saved.eventId, DEFAULT_NAME_STYLE))).toBeInstanceOf(NotFoundError);
    // Another school's person gets "not found" for this id, whether reading, changing or deleting it.
    expect(await refusal(getPlannerEvent(dslB, saved.eventId, DEFAULT_NAME_STYLE))).toBeInstanceOf(NotFoundError);
    expect(await refusal(savePlannerEvent(dslB, event({ eventId: saved.eventId }), BEFORE))).toBeInstanceOf(
      NotFoundError,
    );
    expect(await refusal(deletePlannerEvent(dslB, { eventId: saved.eventId }, BEFORE))).toBeInstanceOf(NotFoundError);
    // The shared colleague may see it but not change or delete it.
    const e = await refusal(savePlannerEvent(pastoral, event({ eventId: saved.eventId, title: 'Mine now' }), BEFORE));
    expect(e.message).toBe('Only its creator or an administrator can change this event.');
    expect((await getPlannerEvent(dsl, saved.eventId, DEFAULT_NAME_STYLE)).title).toBe('Case review');
  });

  it('a public event shows to every planner user; its creator or an administrator may change it', async () => {
    const saved = await savePlannerEvent(
      pastoral,
      event({ title: 'Safeguarding briefing', visibility: 'public' }),
      BEFORE,
    );
    const seen = await getPlannerEvent(slt, saved.eventId, DEFAULT_NAME_STYLE);
    expect(seen).toMatchObject({ isPublic: true, mayEdit: false });
    expect((await refusal(savePlannerEvent(slt, event({ eventId: saved.eventId }), BEFORE))).message).toBe(
      'Only its creator or an administrator can change this event.',
    );
    // The DSL holds Administration: moves it to the next day.
    await savePlannerEvent(
      dsl,
      event({
        eventId: saved.eventId,
        title: 'Safeguarding briefing',
        visibility: 'public',
        start: '2026-03-31T10:00',
        end: '2026-03-31T11:00',
      }),
      BEFORE,
    );
    const moved = await getPlannerEvent(pastoral, saved.eventId, DEFAULT_NAME_STYLE);
    expect(moved).toMatchObject({ startWall: '2026-03-31T10:00', createdBy: pastoral.user.id, version: 2 });
    // A stale form (the version it showed) is refused rather than overwriting the move.
    expect(
      (await refusal(savePlannerEvent(pastoral, event({ eventId: saved.eventId, version: 1 }), BEFORE))).message,
    ).toMatch(/Someone else changed this event/);
    await deletePlannerEvent(pastoral, { eventId: saved.eventId }, BEFORE);
    expect(await refusal(getPlannerEvent(slt, saved.eventId, DEFAULT_NAME_STYLE))).toBeInstanceOf(NotFoundError);
    const audit = await inSchool(a.id, (tx) =>
      tx.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, saved.eventId)),
    );
    expect(audit.map((r) => r.action).sort()).toEqual([
      'planner.event_changed',
      'planner.event_created',
      'planner.event_deleted',
    ]);
  });

  it('an edit keeps the linked pupils its editor cannot open, unseen', async () => {
    const [leaving] = await addPupils(a.id, [{ legalForename: 'Lia', legalSurname: 'Leaving', tutorGroup: '7B' }]);
    const saved = await savePlannerEvent(
      pastoral,
      event({ title: 'Transition', pupils: `${pupilA},${leaving}` }),
      BEFORE,
    );
    // The pupil is archived: Pastoral (no "view students without a group") can no longer open them.
    await inSchool(a.id, (tx) =>
      tx
        .update(students)
        .set({ archivedAt: BEFORE, archivedReason: 'left' })
        .where(and(eq(students.schoolId, a.id), eq(students.id, leaving!))),
    );
    const seen = await getPlannerEvent(pastoral, saved.eventId, DEFAULT_NAME_STYLE);
    // Both were linked in the same instant: their order is not the point.
    expect([...seen.pupils].sort((x, y) => (x.name ?? '').localeCompare(y.name ?? ''))).toEqual([
      { id: leaving, name: null, mayRunReport: false },
      { id: pupilA, name: 'Ava Planner', mayRunReport: false },
    ]);
    // The form sends only the pupils it shows; the one it could not show stays linked.
    await savePlannerEvent(
      pastoral,
      event({ eventId: saved.eventId, version: 1, title: 'Transition meeting', pupils: pupilA }),
      BEFORE,
    );
    const live = await inSchool(a.id, (tx) =>
      tx
        .select({ studentId: plannerEventPupils.studentId, removedAt: plannerEventPupils.removedAt })
        .from(plannerEventPupils)
        .where(eq(plannerEventPupils.eventId, saved.eventId)),
    );
    expect(
      live
        .filter((r) => r.removedAt === null)
        .map((r) => r.studentId)
        .sort(),
    ).toEqual([pupilA, leaving].sort());
    // Removing a pupil one can see still removes them; the unseen one is still kept.
    await savePlannerEvent(
      pastoral,
      event({ eventId: saved.eventId, version: 2, title: 'Transition meeting', pupils: '' }),
      BEFORE,
    );
    expect((await getPlannerEvent(pastoral, saved.eventId, DEFAULT_NAME_STYLE)).pupils).toEqual([
      { id: leaving, name: null, mayRunReport: false },
    ]);
    // Someone who may not open them cannot add them by id either.
    const forged = (await refusal(
      savePlannerEvent(pastoral, event({ eventId: saved.eventId, version: 3, pupils: leaving }), BEFORE),
    )) as UserError;
    expect(forged.fieldErrors?.pupils?.[0]).toMatch(/not one you can open/);
  });

  it('refuses a teacher without the planner permission and a key holder without their key', async () => {
    expect((await refusal(listPlannerEvents(teacher, '2026-03-01', '2026-03-31'))).message).toBe(NO_PLANNER);
    expect((await refusal(savePlannerEvent(teacher, event(), BEFORE))).message).toBe(NO_PLANNER);
    const noKey = await refusal(savePlannerEvent(pastoralNoKey, event(), BEFORE));
    expect(noKey).toBeInstanceOf(NotAllowedError);
    expect(noKey.message).toBe(PLANNER_NEEDS_KEY);
    expect((await refusal(listPlannerEvents(pastoralNoKey, '2026-03-01', '2026-03-31'))).message).toBe(
      PLANNER_NEEDS_KEY,
    );
  });

  it('offers and accepts only colleagues who use the planner; refuses other schools’ pupils and records', async () => {
    const colleagues = (await listPlannerColleagues(dsl)).map((c) => c.name);
    expect(colleagues).toEqual(['Pat Pastoral', 'Sam SLT']);
    const teacherShare = (await refusal(
      savePlannerEvent(dsl, event({ sharedWith: teacher.user.id }), BEFORE),
    )) as UserError;
    expect(teacherShare.fieldErrors?.sharedWith?.[0]).toMatch(/colleagues who use the planner/);
    const otherSchool = (await refusal(
      savePlannerEvent(dsl, event({ sharedWith: dslB.user.id }), BEFORE),
    )) as UserError;
    expect(otherSchool.fieldErrors?.sharedWith).toBeDefined();
    const pupil = (await refusal(savePlannerEvent(dsl, event({ pupils: pupilB }), BEFORE))) as UserError;
    expect(pupil.fieldErrors?.pupils?.[0]).toMatch(/not one you can open/);
    expect(await refusal(savePlannerEvent(dsl, event({ incidentId: randomUUID() }), BEFORE))).toBeInstanceOf(
      NotFoundError,
    );
  });

  it('"Add to planner" links no record it cannot read: a malformed, unknown or another school\'s id', async () => {
    expect(await linkableRecord(dsl, 'not-an-id', undefined, DEFAULT_NAME_STYLE)).toBeNull();
    expect(await linkableRecord(dsl, randomUUID(), undefined, DEFAULT_NAME_STYLE)).toBeNull();
    expect(await linkableRecord(dsl, randomUUID(), 'x', DEFAULT_NAME_STYLE)).toBeNull();
    expect((await refusal(linkableRecord(teacher, randomUUID(), undefined, DEFAULT_NAME_STYLE))).message).toBe(
      NO_PLANNER,
    );
  });

  it('"Add to planner" links an incident the person may read, with its pupil, and the saved event keeps the link', async () => {
    const rows = await inSchool(a.id, (tx) => tx.select({ id: categories.id, name: categories.name }).from(categories));
    const cat = Object.fromEntries(rows.map((r) => [r.name, r.id]));
    const { incidentId } = await createIncident(dsl, {
      studentId: pupilA,
      text: 'Disclosure at break.',
      categoryIds: cat['Behaviour']!,
    });
    const record = await linkableRecord(dsl, incidentId, undefined, DEFAULT_NAME_STYLE);
    expect(record).toMatchObject({ incidentId, actionId: null, pupil: { id: pupilA, name: 'Ava Planner' } });
    const saved = await savePlannerEvent(dsl, event({ title: 'Follow up', incidentId, pupils: pupilA }), BEFORE);
    expect(await getPlannerEvent(dsl, saved.eventId, DEFAULT_NAME_STYLE)).toMatchObject({
      incidentId,
      incidentNumber: record!.number,
    });
    // Someone who may not read that incident neither gets the link offered nor may save it.
    expect(await linkableRecord(dslB, incidentId, undefined, DEFAULT_NAME_STYLE)).toBeNull();
    expect(await refusal(savePlannerEvent(dslB, event({ incidentId }), BEFORE))).toBeInstanceOf(NotFoundError);
  });

  it('answers bad input by its field, and a double-sent form saves one event', async () => {
    const bad = (await refusal(
      savePlannerEvent(
        dsl,
        event({ title: ' ', end: '2026-03-30T09:00', reminder: 'before', reminderAmount: 'x' }),
        BEFORE,
      ),
    )) as UserError;
    expect(Object.keys(bad.fieldErrors ?? {}).sort()).toEqual(['reminderAmount', 'title']);
    const backwards = (await refusal(savePlannerEvent(dsl, event({ end: '2026-03-30T09:00' }), BEFORE))) as UserError;
    expect(backwards.fieldErrors?.end).toEqual(['It cannot end before it starts.']);
    const past = (await refusal(
      savePlannerEvent(dsl, event({ reminder: 'at', reminderAt: '2026-03-19T09:00' }), BEFORE),
    )) as UserError;
    expect(past.fieldErrors?.reminderAt).toEqual(['That reminder time has already passed.']);
    const unknown = await refusal(savePlannerEvent(dsl, { ...event(), createdBy: pastoral.user.id }, BEFORE));
    expect((unknown as UserError).fieldErrors).toBeDefined();

    const key = randomUUID();
    const once = event({ title: 'Sent twice', start: '2026-04-02T09:00', end: '2026-04-02T09:30', submissionKey: key });
    const first = await savePlannerEvent(dsl, once, BEFORE);
    const second = await savePlannerEvent(dsl, once, BEFORE);
    expect(second).toEqual(first);
    const april = await listPlannerEvents(dsl, '2026-04-02', '2026-04-02');
    expect(april.filter((e) => e.title === 'Sent twice')).toHaveLength(1);
  });
});

describe('the planner-reminders job', () => {
  it('sends a due reminder once to the creator and the shared colleague, even with two runs at once', async () => {
    const saved = await savePlannerEvent(
      dsl,
      event({
        title: 'Case review',
        start: '2026-05-04T10:00',
        end: '2026-05-04T11:00',
        sharedWith: pastoral.user.id,
        pupils: pupilA,
        reminder: 'before',
        reminderAmount: '5',
        reminderUnit: 'minutes',
      }),
      BEFORE,
    );
    // 10:00 BST is 09:00 UTC; five minutes before is 08:55 UTC.
    expect((await runJob('planner-reminders', { trigger: 'test', now: new Date('2026-05-04T08:54:59Z') })).sent).toBe(
      0,
    );
    const runs = [job(new Date('2026-05-04T08:55:00Z')), job(new Date('2026-05-04T08:55:01Z'))];
    const results = await Promise.all(runs.map((run) => run()));
    expect(results.map((r) => r.sent).sort()).toEqual([0, 2]);
    expect(await emailsTo(a, 'dsl@planner.test')).toBe(1);
    expect(await emailsTo(a, 'pastoral@planner.test')).toBe(1);
    expect((await job(new Date('2026-05-04T09:30:00Z'))()).sent).toBe(0);

    const entries = await listMyPlannerReminders(pastoral);
    const entry = entries.find((e) => e.event?.id === saved.eventId);
    expect(entry?.event).toMatchObject({ title: 'Case review', startWall: '2026-05-04T10:00' });
    // Without the key the dashboard says there is a reminder, not what it is about.
    expect((await listMyPlannerReminders(pastoralNoKey)).find((e) => e.id === entry!.id)?.event).toBeNull();
    expect(await refusal(dismissPlannerReminder(dsl, { reminderId: entry!.id }))).toBeInstanceOf(NotFoundError);
    await dismissPlannerReminder(pastoral, { reminderId: entry!.id });
    expect((await listMyPlannerReminders(pastoral)).map((e) => e.id)).not.toContain(entry!.id);
  });

  it('a late run sends what fell due meanwhile, once; a deleted event’s reminders are never sent', async () => {
    await savePlannerEvent(
      slt,
      event({
        title: 'Late one',
        start: '2026-06-01T09:00',
        end: '2026-06-01T09:30',
        reminder: 'at',
        reminderAt: '2026-06-01T08:00',
      }),
      BEFORE,
    );
    const gone = await savePlannerEvent(
      slt,
      event({
        title: 'Cancelled one',
        start: '2026-06-01T09:00',
        end: '2026-06-01T09:30',
        reminder: 'at',
        reminderAt: '2026-06-01T08:00',
      }),
      BEFORE,
    );
    await deletePlannerEvent(slt, { eventId: gone.eventId }, BEFORE);
    // The job did not run for three hours.
    expect((await job(new Date('2026-06-01T10:00:00Z'))()).sent).toBe(1);
    expect((await job(new Date('2026-06-01T10:01:00Z'))()).sent).toBe(0);
    expect(await emailsTo(a, 'slt@planner.test')).toBe(1);
    const rows = await inSchool(a.id, (tx) =>
      tx
        .select({ sentAt: plannerReminders.sentAt, cancelledAt: plannerReminders.cancelledAt })
        .from(plannerReminders)
        .where(eq(plannerReminders.eventId, gone.eventId)),
    );
    expect(rows).toEqual([{ sentAt: null, cancelledAt: BEFORE }]);
  });

  it('a change of time before the reminder moves it; keeping the time never sends it twice', async () => {
    const saved = await savePlannerEvent(
      dsl,
      event({
        title: 'Moved',
        start: '2026-07-01T10:00',
        end: '2026-07-01T10:30',
        reminder: 'before',
        reminderAmount: '1',
        reminderUnit: 'hours',
      }),
      BEFORE,
    );
    await savePlannerEvent(
      dsl,
      event({
        eventId: saved.eventId,
        title: 'Moved',
        start: '2026-07-02T10:00',
        end: '2026-07-02T10:30',
        reminder: 'before',
        reminderAmount: '1',
        reminderUnit: 'hours',
      }),
      BEFORE,
    );
    expect((await job(new Date('2026-07-01T09:00:00Z'))()).sent).toBe(0);
    expect((await job(new Date('2026-07-02T08:00:00Z'))()).sent).toBe(1);
    // Saved again after it was sent, with the same reminder: no second reminder.
    await savePlannerEvent(
      dsl,
      event({
        eventId: saved.eventId,
        title: 'Moved, notes added',
        notes: 'x',
        start: '2026-07-02T10:00',
        end: '2026-07-02T10:30',
        reminder: 'before',
        reminderAmount: '1',
        reminderUnit: 'hours',
      }),
      new Date('2026-07-02T08:30:00Z'),
    );
    expect((await job(new Date('2026-07-02T09:00:00Z'))()).sent).toBe(0);
  });

  it('a reminder is not sent to someone whose group lost the planner permission, and never retried', async () => {
    const leaverId = await makeUser({
      email: 'leaver@planner.test',
      displayName: 'Lee Leaver',
      memberships: { 'planner-a': 'Pastoral' },
      totpSecret: 'JBSWY3DPEHPK3PXP',
    });
    const leaver = (await signedIn(a, leaverId, { elevated: true })).ctx;
    const saved = await savePlannerEvent(
      leaver,
      event({
        title: 'Handover',
        start: '2026-09-07T10:00',
        end: '2026-09-07T10:30',
        sharedWith: dsl.user.id,
        reminder: 'at',
        reminderAt: '2026-09-07T09:00',
      }),
      BEFORE,
    );
    // Moved to a group without the planner (still an active member of the school).
    await inSchool(a.id, async (tx) => {
      const [teachers] = await tx
        .select({ id: userGroups.id })
        .from(userGroups)
        .where(and(eq(userGroups.schoolId, a.id), eq(userGroups.name, 'Teachers')));
      await tx
        .update(memberships)
        .set({ userGroupId: teachers!.id })
        .where(and(eq(memberships.schoolId, a.id), eq(memberships.userId, leaverId)));
    });
    // 09:00 BST is 08:00 UTC: the colleague who still uses the planner gets theirs, the leaver nothing.
    expect(await job(new Date('2026-09-07T08:00:00Z'))()).toMatchObject({ sent: 1, cancelled: 1 });
    expect(await job(new Date('2026-09-07T12:00:00Z'))()).toMatchObject({ sent: 0, cancelled: 0 });
    expect(await emailsTo(a, 'leaver@planner.test')).toBe(0);
    const rows = await inSchool(a.id, (tx) =>
      tx
        .select({
          userId: plannerReminders.userId,
          sentAt: plannerReminders.sentAt,
          cancelledAt: plannerReminders.cancelledAt,
        })
        .from(plannerReminders)
        .where(eq(plannerReminders.eventId, saved.eventId)),
    );
    expect(rows.find((r) => r.userId === leaverId)).toEqual({
      userId: leaverId,
      sentAt: null,
      cancelledAt: new Date('2026-09-07T08:00:00Z'),
    });
    expect(rows.find((r) => r.userId === dsl.user.id)?.sentAt).toEqual(new Date('2026-09-07T08:00:00Z'));
  });

  it('a reminder at 09:00 on the days the clocks change arrives at 09:00 in London', async () => {
    // 29 March 2026: the clocks go forward at 01:00 UTC, so 09:00 is 08:00 UTC.
    await savePlannerEvent(
      pastoral,
      event({
        title: 'Spring',
        start: '2026-03-30T09:00',
        end: '2026-03-30T10:00',
        reminder: 'before',
        reminderAmount: '1',
        reminderUnit: 'days',
      }),
      BEFORE,
    );
    expect((await job(new Date('2026-03-29T07:59:59Z'))()).sent).toBe(0);
    expect((await job(new Date('2026-03-29T08:00:00Z'))()).sent).toBe(1);
    // 25 October 2026: the clocks go back at 01:00 UTC, so 09:00 is 09:00 UTC.
    await savePlannerEvent(
      pastoral,
      event({
        title: 'Autumn',
        start: '2026-10-25T09:30',
        end: '2026-10-25T10:00',
        reminder: 'at',
        reminderAt: '2026-10-25T09:00',
      }),
      BEFORE,
    );
    expect((await job(new Date('2026-10-25T08:59:59Z'))()).sent).toBe(0);
    expect((await job(new Date('2026-10-25T09:00:00Z'))()).sent).toBe(1);
  });

  it('"Remind me" is a private reminder to oneself at that time, about the page it was made on', async () => {
    const saved = await addQuickReminder(
      pastoral,
      { text: 'Ring the social worker', when: '2026-08-03T14:00', aboutThisPage: 'on', from: `/students/${pupilA}` },
      BEFORE,
    );
    expect(await getPlannerEvent(pastoral, saved.eventId, DEFAULT_NAME_STYLE)).toMatchObject({
      title: 'Ring the social worker',
      isPublic: false,
      aboutPath: `/students/${pupilA}`,
      reminder: 'at',
      reminderAtWall: '2026-08-03T14:00',
      sharedWith: [],
    });
    expect(await refusal(getPlannerEvent(dsl, saved.eventId, DEFAULT_NAME_STYLE))).toBeInstanceOf(NotFoundError);
    expect((await job(new Date('2026-08-03T13:00:00Z'))()).sent).toBe(1);
    expect((await listMyPlannerReminders(pastoral)).some((r) => r.event?.id === saved.eventId)).toBe(true);

    // Not about another site, and answered by this form's own fields.
    const offsite = await addQuickReminder(
      pastoral,
      { text: 'x', when: '2026-08-03T14:00', aboutThisPage: 'on', from: '//evil.example/' },
      BEFORE,
    );
    expect((await getPlannerEvent(pastoral, offsite.eventId, DEFAULT_NAME_STYLE)).aboutPath).toBeNull();
    const forged = (await refusal(
      savePlannerEvent(pastoral, event({ aboutPath: 'javascript:alert(1)' }), BEFORE),
    )) as UserError;
    expect(forged.fieldErrors?.aboutPath).toBeDefined();
    const empty = (await refusal(addQuickReminder(pastoral, { text: ' ', when: '' }, BEFORE))) as UserError;
    expect(empty.fieldErrors).toEqual({ text: ['Write what to remind you of.'] });
    const noWhen = (await refusal(addQuickReminder(pastoral, { text: 'Call', when: '' }, BEFORE))) as UserError;
    expect(noWhen.fieldErrors).toEqual({ when: ['Enter when to remind you.'] });
    expect((await refusal(addQuickReminder(teacher, { text: 'Call', when: '2026-08-03T14:00' }, BEFORE))).message).toBe(
      NO_PLANNER,
    );
  });
});
