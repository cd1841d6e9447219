/**
 * The same form submission sent twice — a double click, a resend after a
 * dropped connection, a save from the kept draft after the first one committed
 * unacknowledged — saves one record, sends one set of alerts and answers both
 * times the same. Run on PGlite and PostgreSQL (concurrency is real there).
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import { alerts, auditLog, categories, formSubmissions, incidentActions, incidents, outbox } from '@/db/schema';
import { UserError } from '@/lib/errors';
import { addAction } from '@/lib/incidents/add-action';
import { createIncident } from '@/lib/incidents/create';
import type { School, UserCtx } from '@/lib/tenancy/context';

withTestDatabase();

let a: School;
let b: School;
let teacher: UserCtx;
let dsl: UserCtx;
let otherTeacher: UserCtx;
let bTeacher: UserCtx;
let dslId: string;
let zoe: string;
let bPupil: string;
let safeguarding: string;
let bSafeguarding: string;

beforeAll(async () => {
  a = await makeSchool('retries-a');
  b = await makeSchool('retries-b');
  const teacherId = await makeUser({
    email: 'teacher@retries.example.org',
    displayName: 'Tom Hughes',
    memberships: { [a.slug]: 'Teachers', [b.slug]: 'Teachers' },
  });
  const otherId = await makeUser({
    email: 'other@retries.example.org',
    displayName: 'Olu Other',
    memberships: { [a.slug]: 'Teachers' },
  });
  dslId = await makeUser({
    email: 'dsl@retries.example.org',
    displayName: 'David Okafor',
    memberships: { [a.slug]: 'DSL' },
    totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  });
  teacher = (await signedIn(a, teacherId)).ctx;
  otherTeacher = (await signedIn(a, otherId)).ctx;
  bTeacher = (await signedIn(b, teacherId)).ctx;
  dsl = (await signedIn(a, dslId, { elevated: true })).ctx;
  [zoe] = (await addPupils(a.id, [
    { legalForename: 'Zoë', legalSurname: "O'Brien", tutorGroup: '7A', yearGroup: 'Year 7' },
  ])) as [string];
  [bPupil] = (await addPupils(b.id, [{ legalForename: 'Bea', legalSurname: 'Other' }])) as [string];
  const catOf = async (school: School) =>
    (
      await inSchool(school.id, (tx) =>
        tx.select({ id: categories.id }).from(categories).where(eq(categories.name, 'Safeguarding')),
      )
    )[0]!.id;
  safeguarding = await catOf(a);
  bSafeguarding = await catOf(b);
});

const counts = async (schoolId: string) =>
  inSchool(schoolId, async (tx) => ({
    incidents: (await tx.select({ id: incidents.id }).from(incidents)).length,
    actions: (await tx.select({ id: incidentActions.id }).from(incidentActions)).length,
    alerts: (await tx.select({ id: alerts.id }).from(alerts)).length,
    emails: (await tx.select({ id: outbox.id }).from(outbox)).length,
    created: (await tx.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.action, 'incident.created')))
      .length,
  }));

const form = (key: string, text = 'Zoë said she is scared to go home.') => ({
  studentId: zoe,
  text,
  categoryIds: safeguarding,
  occurredAt: '',
  alertUserIds: dslId,
  submissionKey: key,
});

describe('adding an incident twice with the same submission', () => {
  it('saves one incident and one alert, and answers the retry with the first result', async () => {
    const before = await counts(a.id);
    const key = randomUUID();
    const first = await createIncident(teacher, form(key));
    const again = await createIncident(teacher, form(key));
    expect(again).toEqual(first);
    expect(first.alerted).toBe(1);
    expect(await counts(a.id)).toEqual({
      ...before,
      incidents: before.incidents + 1,
      alerts: before.alerts + 1,
      emails: before.emails + 1,
      created: before.created + 1,
    });
    // The key is kept with the record's own transaction, for this school and person.
    const kept = await inSchool(a.id, (tx) => tx.select().from(formSubmissions).where(eq(formSubmissions.key, key)));
    expect(kept).toEqual([
      expect.objectContaining({ schoolId: a.id, userId: teacher.user.id, form: 'incident.add', result: first }),
    ]);
  });

  it('saves one incident when both copies arrive at once', async () => {
    const before = await counts(a.id);
    const key = randomUUID();
    const results = await Promise.all([
      createIncident(teacher, form(key)),
      createIncident(teacher, form(key)),
      createIncident(teacher, form(key)),
    ]);
    expect(new Set(results.map((r) => r.incidentId)).size).toBe(1);
    expect(await counts(a.id)).toEqual({
      ...before,
      incidents: before.incidents + 1,
      alerts: before.alerts + 1,
      emails: before.emails + 1,
      created: before.created + 1,
    });
  });

  it('saves again after a submission that failed (nothing was claimed)', async () => {
    const key = randomUUID();
    await expect(createIncident(teacher, { ...form(key), alertUserIds: randomUUID() })).rejects.toThrow(
      'That user could not be found.',
    );
    const before = await counts(a.id);
    const saved = await createIncident(teacher, form(key));
    expect(saved.number).toBeGreaterThan(0);
    expect((await counts(a.id)).incidents).toBe(before.incidents + 1);
  });

  it('refuses the same key with different content, keeping the first version, and says so', async () => {
    const key = randomUUID();
    const first = await createIncident(teacher, form(key, 'First version.'));
    const before = await counts(a.id);
    const changed = createIncident(teacher, form(key, 'First version, with more typed after the connection dropped.'));
    await expect(changed).rejects.toBeInstanceOf(UserError);
    await expect(createIncident(teacher, form(key, 'Another change.'))).rejects.toThrow(
      `Incident #${first.number} was already saved from this form`,
    );
    expect(await counts(a.id)).toEqual(before);
  });

  it('keys are per person and per school: another person’s or another school’s same key is a new submission', async () => {
    const key = randomUUID();
    const mine = await createIncident(teacher, form(key));
    const theirs = await createIncident(otherTeacher, form(key));
    expect(theirs.incidentId).not.toBe(mine.incidentId);
    const elsewhere = await createIncident(bTeacher, {
      studentId: bPupil,
      text: 'At the other school.',
      categoryIds: bSafeguarding,
      submissionKey: key,
    });
    expect(elsewhere.incidentId).not.toBe(mine.incidentId);
    // …and a retry never reveals the other's result.
    expect((await createIncident(teacher, form(key))).incidentId).toBe(mine.incidentId);
    expect((await createIncident(otherTeacher, form(key))).incidentId).toBe(theirs.incidentId);
  });

  it('refuses a malformed key like any bad field', async () => {
    await expect(createIncident(teacher, form('not-a-key'))).rejects.toThrow();
  });
});

describe('adding an action twice with the same submission', () => {
  it('saves one action and one alert, answering the retry with the first result, also at once', async () => {
    const { incidentId } = await createIncident(teacher, form(randomUUID()));
    const action = (key: string) => ({
      incidentId,
      text: 'Called the parent.',
      alertUserIds: teacher.user.id,
      submissionKey: key,
    });
    const alertsOn = async () =>
      inSchool(
        a.id,
        async (tx) =>
          (
            await tx
              .select({ id: alerts.id })
              .from(alerts)
              .where(and(eq(alerts.incidentId, incidentId), eq(alerts.userId, teacher.user.id)))
          ).length,
      );
    const actionsOn = async () =>
      inSchool(
        a.id,
        async (tx) =>
          (
            await tx
              .select({ id: incidentActions.id })
              .from(incidentActions)
              .where(eq(incidentActions.incidentId, incidentId))
          ).length,
      );

    const key = randomUUID();
    const first = await addAction(dsl, action(key));
    expect(await addAction(dsl, action(key))).toEqual(first);
    expect(await actionsOn()).toBe(1);
    expect(await alertsOn()).toBe(1);

    const concurrent = randomUUID();
    const both = await Promise.all([addAction(dsl, action(concurrent)), addAction(dsl, action(concurrent))]);
    expect(both[0]).toEqual(both[1]);
    expect(await actionsOn()).toBe(2);
    expect(await alertsOn()).toBe(2);

    await expect(addAction(dsl, { ...action(key), text: 'Called the parent again.' })).rejects.toThrow(
      'This action was already saved from this form',
    );
    // A key an incident was saved with is not an action's.
    const incidentKey = randomUUID();
    await createIncident(dsl, form(incidentKey));
    await expect(addAction(dsl, action(incidentKey))).rejects.toThrow(
      'This form could not be sent as it was: reload the page.',
    );
    expect(await actionsOn()).toBe(2);
  });
});
