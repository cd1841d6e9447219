/**
 * "Add to planner" on the add-incident and add-action forms: the event is
 * saved in the record's own transaction, linked to the record and its pupils,
 * or nothing is saved. A wrong planner field (checked before, or only inside
 * the transaction), a doubled submission, a person without the planner who
 * forges the fields, another school's ids and a field the form does not have.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { inSchool } from '@/db/scoped';
import { auditLog, categories, incidentActions, incidents, plannerEventPupils, plannerEvents } from '@/db/schema';
import { NotFoundError, UserError } from '@/lib/errors';
import { addActionWithEvent, createIncidentWithEvent, NO_PLANNER, PLANNER_NEEDS_KEY } from '@/lib/planner';
import type { School, UserCtx } from '@/lib/tenancy/context';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';

withTestDatabase();

let a: School;
let b: School;
let dsl: UserCtx;
let pastoralNoKey: UserCtx;
let teacher: UserCtx;
let dslB: UserCtx;
let pupilA: string;
let pupilA2: string;
let pupilB: string;
let behaviour: string;

async function refusal(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a refusal');
}

/** The add-incident form as sent, with "Add to planner" ticked (a meeting on 11 January 2027, 09:30 in London). */
function incidentForm(text: string, over: Record<string, unknown> = {}) {
  return {
    studentId: pupilA,
    text,
    categoryIds: behaviour,
    submissionKey: randomUUID(),
    plannerAdd: 'on',
    plannerTitle: '',
    plannerDay: '2027-01-11',
    plannerTime: '09:30',
    plannerReminder: 'before',
    plannerReminderAmount: '1',
    plannerReminderUnit: 'days',
    plannerVisibility: 'public',
    ...over,
  };
}

const incidentsWith = (school: School, text: string) =>
  inSchool(school.id, (tx) => tx.select({ id: incidents.id }).from(incidents).where(eq(incidents.text, text)));

const eventsOf = (incidentId: string) =>
  inSchool(a.id, (tx) =>
    tx
      .select({
        id: plannerEvents.id,
        title: plannerEvents.title,
        isPublic: plannerEvents.isPublic,
        actionId: plannerEvents.actionId,
        startsAt: plannerEvents.startsAt,
        reminderAt: plannerEvents.reminderAt,
        createdBy: plannerEvents.createdBy,
      })
      .from(plannerEvents)
      .where(and(eq(plannerEvents.schoolId, a.id), eq(plannerEvents.incidentId, incidentId))),
  );

const allEvents = () => inSchool(a.id, (tx) => tx.select({ id: plannerEvents.id }).from(plannerEvents));

beforeAll(async () => {
  a = await makeSchool('record-event-a');
  b = await makeSchool('record-event-b');
  const u = async (email: string, memberships: Record<string, string>, name: string) =>
    makeUser({ email, displayName: name, memberships, totpSecret: 'JBSWY3DPEHPK3PXP' });
  dsl = (
    await signedIn(a, await u('dsl@record-event.test', { 'record-event-a': 'DSL' }, 'Dana DSL'), { elevated: true })
  ).ctx;
  pastoralNoKey = (await signedIn(a, await u('p@record-event.test', { 'record-event-a': 'Pastoral' }, 'Pat'))).ctx;
  teacher = (
    await signedIn(a, await u('t@record-event.test', { 'record-event-a': 'Teachers' }, 'Tia'), { elevated: true })
  ).ctx;
  dslB = (await signedIn(b, await u('b@record-event.test', { 'record-event-b': 'DSL' }, 'Bea'), { elevated: true }))
    .ctx;
  [pupilA, pupilA2] = (await addPupils(a.id, [
    { legalForename: 'Ava', legalSurname: 'Record', tutorGroup: '7A' },
    { legalForename: 'Abe', legalSurname: 'Record', tutorGroup: '7A' },
  ])) as [string, string];
  pupilB = (await addPupils(b.id, [{ legalForename: 'Ben', legalSurname: 'Other', tutorGroup: '7A' }]))[0]!;
  const rows = await inSchool(a.id, (tx) =>
    tx.select({ id: categories.id, name: categories.name }).from(categories).where(eq(categories.schoolId, a.id)),
  );
  behaviour = rows.find((r) => r.name === 'Behaviour')!.id;
});

describe('"Add to planner" on the add-incident form', () => {
  it('saves the event with the incident, linked to it and its pupils, titled by its number', async () => {
    const created = await createIncidentWithEvent(
      dsl,
      incidentForm('Planner: saved together.', {
        linked: JSON.stringify([{ studentId: pupilA2, role: 'involved', categoryIds: [behaviour] }]),
      }),
    );
    const [event, ...more] = await eventsOf(created.incidentId);
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      title: `Follow up: incident #${created.number}`,
      isPublic: true,
      actionId: null,
      createdBy: dsl.user.id,
      // 09:30 in London in January is 09:30 UTC; a day before, the same time.
      startsAt: new Date('2027-01-11T09:30:00Z'),
      reminderAt: new Date('2027-01-10T09:30:00Z'),
    });
    const pupils = await inSchool(a.id, (tx) =>
      tx
        .select({ studentId: plannerEventPupils.studentId })
        .from(plannerEventPupils)
        .where(eq(plannerEventPupils.eventId, event!.id)),
    );
    expect(pupils.map((p) => p.studentId).sort()).toEqual([pupilA, pupilA2].sort());
    const audit = await inSchool(a.id, (tx) =>
      tx.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, event!.id)),
    );
    expect(audit.map((r) => r.action)).toEqual(['planner.event_created']);
  });

  it('an all-day event with a title of its own, and no event when the box is not ticked', async () => {
    const titled = await createIncidentWithEvent(
      dsl,
      incidentForm('Planner: all day.', {
        plannerTitle: 'Review with Early Help',
        plannerTime: '',
        plannerReminder: 'none',
      }),
    );
    expect(await eventsOf(titled.incidentId)).toMatchObject([
      { title: 'Review with Early Help', startsAt: new Date('2027-01-11T00:00:00Z'), reminderAt: null },
    ]);
    const unticked = await createIncidentWithEvent(dsl, incidentForm('Planner: not asked.', { plannerAdd: '' }));
    expect(await eventsOf(unticked.incidentId)).toEqual([]);
  });

  it('a wrong planner field refuses the whole save by its field, and nothing is saved', async () => {
    const before = (await allEvents()).length;
    const amount = (await refusal(
      createIncidentWithEvent(dsl, incidentForm('Planner: bad fields.', { plannerReminderAmount: 'soon' })),
    )) as UserError;
    expect(amount.fieldErrors).toEqual({ plannerReminderAmount: ['Enter a whole number from 0 to 365.'] });
    const day = (await refusal(
      createIncidentWithEvent(dsl, incidentForm('Planner: bad fields.', { plannerDay: '2027-02-30' })),
    )) as UserError;
    expect(day.fieldErrors).toEqual({ plannerDay: ['Enter the day as a date, and a time or none for all day.'] });
    expect(await incidentsWith(a, 'Planner: bad fields.')).toEqual([]);

    // Found only inside the transaction, after the incident was written: the incident goes too.
    const past = (await refusal(
      createIncidentWithEvent(
        dsl,
        incidentForm('Planner: past reminder.', { plannerDay: '2026-01-05', plannerReminderAmount: '2' }),
      ),
    )) as UserError;
    expect(past.fieldErrors).toEqual({ plannerReminderAmount: ['That reminder time has already passed.'] });
    expect(await incidentsWith(a, 'Planner: past reminder.')).toEqual([]);

    const long = (await refusal(
      createIncidentWithEvent(dsl, incidentForm('Planner: long title.', { plannerTitle: 'x'.repeat(201) })),
    )) as UserError;
    expect(Object.keys(long.fieldErrors ?? {})).toEqual(['plannerTitle']);
    expect(await incidentsWith(a, 'Planner: long title.')).toEqual([]);
    expect((await allEvents()).length).toBe(before);
  });

  it('a doubled submission saves one incident and one event', async () => {
    const form = incidentForm('Planner: sent twice.');
    const sends = [() => createIncidentWithEvent(dsl, form), () => createIncidentWithEvent(dsl, form)];
    const results = await Promise.all(sends.map((send) => send()));
    expect(results[1]).toEqual(results[0]);
    const again = await createIncidentWithEvent(dsl, form);
    expect(again).toEqual(results[0]);
    expect(await incidentsWith(a, 'Planner: sent twice.')).toHaveLength(1);
    expect(await eventsOf(results[0]!.incidentId)).toHaveLength(1);
    // The same key with the planner fields changed: the first version stands, and the person is told.
    const changed = await refusal(createIncidentWithEvent(dsl, { ...form, plannerTitle: 'Something else' }));
    expect(changed.message).toMatch(/already saved from this form/);
    expect(await eventsOf(results[0]!.incidentId)).toHaveLength(1);
  });

  it('someone without the planner who sends its fields is refused, and so is the incident', async () => {
    const forged = (await refusal(
      createIncidentWithEvent(teacher, incidentForm('Planner: forged by a teacher.')),
    )) as UserError;
    expect(forged.fieldErrors).toEqual({ plannerAdd: [NO_PLANNER] });
    expect(await incidentsWith(a, 'Planner: forged by a teacher.')).toEqual([]);
    const noKey = (await refusal(
      createIncidentWithEvent(pastoralNoKey, incidentForm('Planner: key not in use.')),
    )) as UserError;
    expect(noKey.fieldErrors).toEqual({ plannerAdd: [PLANNER_NEEDS_KEY] });
    expect(await incidentsWith(a, 'Planner: key not in use.')).toEqual([]);
    // Without the box ticked the teacher's incident saves as always, with no event.
    const plain = await createIncidentWithEvent(teacher, incidentForm('Planner: teacher.', { plannerAdd: '' }));
    expect(await eventsOf(plain.incidentId)).toEqual([]);
  });

  it('refuses another school’s pupil and any field the form does not have, saving nothing', async () => {
    const before = (await allEvents()).length;
    expect(
      await refusal(createIncidentWithEvent(dsl, incidentForm('Planner: other school.', { studentId: pupilB }))),
    ).toBeInstanceOf(NotFoundError);
    expect(await refusal(createIncidentWithEvent(dslB, incidentForm('Planner: from B.')))).toBeInstanceOf(Error);
    expect(await incidentsWith(b, 'Planner: from B.')).toEqual([]);
    // No pupils or records of the event's own to set: an unknown field is refused.
    await refusal(createIncidentWithEvent(dsl, incidentForm('Planner: extra field.', { plannerPupils: pupilB })));
    await refusal(createIncidentWithEvent(dsl, incidentForm('Planner: extra id.', { incidentId: randomUUID() })));
    expect(await incidentsWith(a, 'Planner: extra field.')).toEqual([]);
    expect(await incidentsWith(a, 'Planner: extra id.')).toEqual([]);
    expect((await allEvents()).length).toBe(before);
  });
});

describe('"Add to planner" on the add-action form', () => {
  it('saves the event with the action, linked to the action, its incident and pupil; or neither', async () => {
    const incident = await createIncidentWithEvent(dsl, incidentForm('Planner: has actions.', { plannerAdd: '' }));
    const action = {
      incidentId: incident.incidentId,
      text: 'Rang home.',
      submissionKey: randomUUID(),
      plannerAdd: 'on',
      plannerTitle: '',
      plannerDay: '2027-01-12',
      plannerTime: '',
      plannerReminder: 'none',
      plannerVisibility: 'private',
    };
    const sends = [() => addActionWithEvent(dsl, action), () => addActionWithEvent(dsl, action)];
    const [added] = await Promise.all(sends.map((send) => send()));
    expect(await eventsOf(incident.incidentId)).toMatchObject([
      { title: `Follow up: incident #${incident.number}`, actionId: added!.actionId, isPublic: false },
    ]);
    const actions = await inSchool(a.id, (tx) =>
      tx.select({ id: incidentActions.id }).from(incidentActions).where(eq(incidentActions.text, 'Rang home.')),
    );
    expect(actions).toHaveLength(1);

    // A wrong field refuses the action too.
    const bad = (await refusal(
      addActionWithEvent(dsl, { ...action, text: 'Rang again.', submissionKey: randomUUID(), plannerDay: '' }),
    )) as UserError;
    expect(bad.fieldErrors?.plannerDay).toBeDefined();
    const again = await inSchool(a.id, (tx) =>
      tx.select({ id: incidentActions.id }).from(incidentActions).where(eq(incidentActions.text, 'Rang again.')),
    );
    expect(again).toEqual([]);
    // Another school's person cannot reach this incident, with or without the planner.
    expect(
      await refusal(addActionWithEvent(dslB, { ...action, text: 'From B.', submissionKey: randomUUID() })),
    ).toBeInstanceOf(NotFoundError);
    expect(await eventsOf(incident.incidentId)).toHaveLength(1);
  });
});
