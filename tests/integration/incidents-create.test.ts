/**
 * Adding an incident, against a real database: the copies for linked pupils,
 * numbers, versions, categories, monitoring per pupil, alerts from every
 * source, one content-free email per person, audit rows — and the refusals,
 * which leave nothing behind.
 */
import { randomUUID } from 'node:crypto';
import { eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import {
  alertGroupMembers,
  alertGroups,
  alertRules,
  alerts,
  auditLog,
  categories,
  incidentCategories,
  incidents,
  incidentVersions,
  memberships,
  monitoringPeriods,
  outbox,
  studentAlertStaff,
} from '@/db/schema';
import { NotAllowedError, NotFoundError, UserError } from '@/lib/errors';
import { createIncident } from '@/lib/incidents/create';
import type { School, UserCtx } from '@/lib/tenancy/context';

withTestDatabase();

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const NOW = new Date('2026-03-10T10:00:00Z');
let a: School;
let b: School;
let teacher: UserCtx;
let dsl: UserCtx;
let dslUnelevated: UserCtx;
let dslId: string;
let slt: string;
let pastoral: string;
let tutor: string;
let zoe: string;
let seun: string;
let bPupil: string;
let cat: Record<string, string>;
let bCategory: string;

const withSettings = (school: School, settings: Partial<School['settings']>): School => ({
  ...school,
  settings: { ...school.settings, ...settings },
});

async function count(
  table: typeof incidents | typeof alerts | typeof outbox | typeof monitoringPeriods,
): Promise<number> {
  return (await inSchool(a.id, (tx) => tx.select().from(table))).length;
}

beforeAll(async () => {
  a = withSettings(await makeSchool('incidents-a'), { studentSearchOnAddIncident: true });
  b = await makeSchool('incidents-b');
  const teacherId = await makeUser({
    email: 'teacher@inc.example.org',
    displayName: 'Tom Hughes',
    memberships: { [a.slug]: 'Teachers' },
  });
  dslId = await makeUser({
    email: 'dsl@inc.example.org',
    displayName: 'David Okafor',
    memberships: { [a.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  slt = await makeUser({ email: 'slt@inc.example.org', displayName: 'Sam Lee', memberships: { [a.slug]: 'SLT' } });
  pastoral = await makeUser({
    email: 'hoy@inc.example.org',
    displayName: 'Ben Price',
    memberships: { [a.slug]: 'Pastoral' },
  });
  tutor = await makeUser({
    email: 'tutor@inc.example.org',
    displayName: 'Amy Fletcher',
    memberships: { [a.slug]: 'Pastoral' },
  });
  teacher = (await signedIn(a, teacherId)).ctx;
  dsl = (await signedIn(a, dslId, { elevated: true })).ctx;
  dslUnelevated = (await signedIn(a, dslId)).ctx;
  [zoe, seun] = (await addPupils(a.id, [
    { legalForename: 'Zoë', legalSurname: "O'Brien", tutorGroup: '7A', yearGroup: 'Year 7' },
    { legalForename: 'Seun', legalSurname: 'Adeyemi', tutorGroup: '8B', yearGroup: 'Year 8' },
  ])) as [string, string];
  [bPupil] = (await addPupils(b.id, [{ legalForename: 'Bea', legalSurname: 'Other' }])) as [string];
  const rows = await inSchool(a.id, (tx) => tx.select({ id: categories.id, name: categories.name }).from(categories));
  cat = Object.fromEntries(rows.map((r) => [r.name, r.id]));
  bCategory = (await inSchool(b.id, (tx) => tx.select({ id: categories.id }).from(categories)))[0]!.id;
  // An alert group of the DSL and SLT, a rule for the head of year, the tutor listed on Zoë's profile.
  await inSchool(a.id, async (tx) => {
    const groupId = randomUUID();
    await tx.insert(alertGroups).values({ id: groupId, schoolId: a.id, name: 'DSL team' });
    await tx.insert(alertGroupMembers).values([
      { id: randomUUID(), schoolId: a.id, alertGroupId: groupId, userId: dslId },
      { id: randomUUID(), schoolId: a.id, alertGroupId: groupId, userId: slt },
    ]);
    await tx
      .insert(alertRules)
      .values({ id: randomUUID(), schoolId: a.id, userId: pastoral, kind: 'year_group', groupName: 'Year 8' });
    await tx.insert(studentAlertStaff).values({ id: randomUUID(), schoolId: a.id, studentId: zoe, userId: tutor });
  });
});

const dslTeam = async () => (await inSchool(a.id, (tx) => tx.select({ id: alertGroups.id }).from(alertGroups)))[0]!.id;

describe('adding an incident', () => {
  it('writes the incident, a copy for the linked pupil, monitoring, alerts, emails and audit in one go', async () => {
    const created = await createIncident(
      teacher,
      {
        studentId: zoe,
        text: 'Zoë said at break that she is scared to go home.\r\nShe asked me not to tell anyone.',
        categoryIds: `${cat['Safeguarding']},${cat['Child-on-child abuse']}`,
        linked: JSON.stringify([{ studentId: seun, role: 'alleged_harm', categoryIds: [cat['Behaviour']] }]),
        markers: JSON.stringify([{ mapId: 'body-front', x: 0.41, y: 0.32, note: 'Bruise on the arm' }]),
        occurredAt: '2026-03-10T09:15',
        alertGroupIds: await dslTeam(),
        agencies: 'Police\nChildren’s Social Care',
      },
      NOW,
    );
    expect(created.number).toBe(1);
    expect(created.linked).toEqual([{ incidentId: expect.any(String), number: 2, studentId: seun }]);

    const rows = await inSchool(a.id, (tx) => tx.select().from(incidents));
    expect(rows).toHaveLength(2);
    const main = rows.find((r) => r.id === created.incidentId)!;
    expect(main).toMatchObject({
      studentId: zoe,
      role: 'subject',
      text: 'Zoë said at break that she is scared to go home.\nShe asked me not to tell anyone.',
      status: 'active',
      agencies: ['Police', 'Children’s Social Care'],
      markers: [{ mapId: 'body-front', x: 0.41, y: 0.32, note: 'Bruise on the arm', number: 1 }],
      authorId: teacher.user.id,
      training: false,
      version: 1,
    });
    expect(main.occurredAt.toISOString()).toBe('2026-03-10T09:15:00.000Z');
    const copy = rows.find((r) => r.id !== created.incidentId)!;
    expect(copy).toMatchObject({ studentId: seun, role: 'alleged_harm', recordId: main.recordId, text: main.text });

    const cats = await inSchool(a.id, (tx) => tx.select().from(incidentCategories));
    expect(
      cats
        .filter((c) => c.incidentId === copy.id)
        .map((c) => c.categoryId)
        .sort(),
    ).toEqual([cat['Safeguarding'], cat['Child-on-child abuse']].sort());
    expect(await inSchool(a.id, (tx) => tx.select().from(incidentVersions))).toHaveLength(2);

    // Zoë is monitored under the incident's categories; Seun, who is alleged to have caused harm, only under Behaviour.
    const monitoring = await inSchool(a.id, (tx) =>
      tx.select().from(monitoringPeriods).where(isNull(monitoringPeriods.endedOn)),
    );
    expect(
      monitoring
        .filter((m) => m.studentId === zoe)
        .map((m) => m.categoryId)
        .sort(),
    ).toEqual([cat['Safeguarding'], cat['Child-on-child abuse']].sort());
    expect(monitoring.filter((m) => m.studentId === seun).map((m) => m.categoryId)).toEqual([cat['Behaviour']]);
    expect(monitoring.every((m) => m.startedVia === 'incident' && m.startedOn === '2026-03-10')).toBe(true);

    // Alerts: the alert group (DSL, SLT), Zoë's listed tutor, the Year 8 rule (on Seun's copy).
    const alertRows = await inSchool(a.id, (tx) => tx.select().from(alerts));
    const got = alertRows.map((r) => [r.userId, r.incidentId === main.id ? 'main' : 'copy', r.reason]).sort();
    expect(got).toEqual(
      [
        [dslId, 'main', 'alert_group'],
        [slt, 'main', 'alert_group'],
        [tutor, 'main', 'pupil_staff'],
        [pastoral, 'copy', 'rule'],
      ].sort(),
    );
    expect(created.alerted).toBe(4);

    // One email per person, and none of them says who or what.
    const mail = await inSchool(a.id, (tx) => tx.select().from(outbox));
    expect(mail.map((m) => m.toAddress).sort()).toEqual([
      'dsl@inc.example.org',
      'hoy@inc.example.org',
      'slt@inc.example.org',
      'tutor@inc.example.org',
    ]);
    for (const m of mail) {
      expect(m.bodyText).toContain('Tom Hughes has alerted you');
      expect(m.bodyText).toContain('Safeguarding, Child-on-child abuse');
      expect(m.bodyText).toContain('/login');
      for (const secret of ['Zoë', "O'Brien", 'Seun', 'Adeyemi', 'scared', 'Bruise', 'Police'])
        expect(`${m.subject}\n${m.bodyText}`).not.toContain(secret);
    }

    const audit = await inSchool(a.id, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.action, 'incident.created')),
    );
    expect(audit.map((r) => (r.details as { studentId: string }).studentId).sort()).toEqual([zoe, seun].sort());
  });

  it('numbers incidents on, monitors only what is not yet monitored, and uses the alert address', async () => {
    await inSchool(a.id, (tx) =>
      tx.update(memberships).set({ alertEmail: 'dsl.alerts@inc.example.org' }).where(eq(memberships.userId, dslId)),
    );
    const before = await count(monitoringPeriods);
    const created = await createIncident(
      teacher,
      { studentId: zoe, text: 'Again upset.', categoryIds: cat['Safeguarding']!, alertUserIds: dslId },
      NOW,
    );
    expect(created.number).toBe(3);
    expect(await count(monitoringPeriods)).toBe(before);
    const mail = await inSchool(a.id, (tx) =>
      tx.select().from(outbox).where(eq(outbox.toAddress, 'dsl.alerts@inc.example.org')),
    );
    expect(mail).toHaveLength(1);
  });

  it('never alerts the author, and lets a key holder assign', async () => {
    const created = await createIncident(
      dsl,
      {
        studentId: seun,
        text: 'Follow-up call with parent.',
        categoryIds: cat['Behaviour']!,
        alertUserIds: dslId,
        assigneeId: slt,
      },
      NOW,
    );
    const rows = await inSchool(a.id, (tx) =>
      tx.select().from(alerts).where(eq(alerts.incidentId, created.incidentId)),
    );
    expect(rows.map((r) => [r.userId, r.reason]).sort()).toEqual(
      [
        [pastoral, 'rule'],
        [slt, 'assignee'],
      ].sort(),
    );
  });

  it('flags incidents in training mode', async () => {
    const training = (await signedIn(withSettings(a, { trainingMode: true }), teacher.user.id)).ctx;
    const created = await createIncident(
      training,
      { studentId: zoe, text: 'Practice.', categoryIds: cat['Behaviour']! },
      NOW,
    );
    const row = (
      await inSchool(a.id, (tx) => tx.select().from(incidents).where(eq(incidents.id, created.incidentId)))
    )[0];
    expect(row?.training).toBe(true);
  });
});

describe('the pupil search of the add-incident form', () => {
  it('finds pupils for anyone who may add incidents when the school allows it, and nobody else’s', async () => {
    const { searchPickablePupils } = await import('@/lib/students/pick-search');
    const { DEFAULT_NAME_STYLE } = await import('@/lib/students/names');
    expect((await searchPickablePupils(teacher, 'zoe ob', DEFAULT_NAME_STYLE)).map((p) => p.name)).toEqual([
      "Zoë O'Brien",
    ]);
    expect(await searchPickablePupils(teacher, 'bea', DEFAULT_NAME_STYLE)).toEqual([]);
    const closed = (await signedIn(withSettings(a, { studentSearchOnAddIncident: false }), teacher.user.id)).ctx;
    expect(await searchPickablePupils(closed, 'zoe', DEFAULT_NAME_STYLE)).toEqual([]);
    expect((await searchPickablePupils(dsl, 'seun', DEFAULT_NAME_STYLE)).map((p) => p.group)).toEqual(['8B']);
  });
});

describe('refusals leave nothing behind', () => {
  const refusals: [string, () => Promise<unknown>, new (...args: never[]) => Error, Record<string, unknown>?][] = [];
  const add = (
    label: string,
    run: () => Promise<unknown>,
    type: new (...args: never[]) => Error,
    fields?: Record<string, unknown>,
  ) => refusals.push([label, run, type, fields]);

  add(
    'another school’s pupil',
    () => createIncident(teacher, { studentId: bPupil, text: 'x', categoryIds: cat['Behaviour']! }, NOW),
    NotFoundError,
  );
  add(
    'another school’s pupil as a linked pupil',
    () =>
      createIncident(
        teacher,
        {
          studentId: zoe,
          text: 'x',
          categoryIds: cat['Behaviour']!,
          linked: JSON.stringify([{ studentId: bPupil, role: 'witness' }]),
        },
        NOW,
      ),
    NotFoundError,
  );
  add(
    'another school’s category',
    () => createIncident(teacher, { studentId: zoe, text: 'x', categoryIds: bCategory }, NOW),
    NotAllowedError,
  );
  add('no category', () => createIncident(teacher, { studentId: zoe, text: 'x', categoryIds: '' }, NOW), Error);
  add(
    'empty text',
    () => createIncident(teacher, { studentId: zoe, text: '  \n ', categoryIds: cat['Behaviour']! }, NOW),
    Error,
  );
  add(
    'text over 50,000 characters',
    () => createIncident(teacher, { studentId: zoe, text: 'a'.repeat(50_001), categoryIds: cat['Behaviour']! }, NOW),
    Error,
  );
  add(
    'a time in the future',
    () =>
      createIncident(
        teacher,
        { studentId: zoe, text: 'x', categoryIds: cat['Behaviour']!, occurredAt: '2026-03-10T11:30' },
        NOW,
      ),
    UserError,
    { occurredAt: ['The date and time cannot be in the future.'] },
  );
  add(
    'a date that does not exist',
    () =>
      createIncident(
        teacher,
        { studentId: zoe, text: 'x', categoryIds: cat['Behaviour']!, occurredAt: '2026-02-30T09:00' },
        NOW,
      ),
    UserError,
    { occurredAt: ['Enter a valid date and time.'] },
  );
  add(
    'a sub-category without its parent',
    () => createIncident(teacher, { studentId: zoe, text: 'x', categoryIds: cat['Neglect']! }, NOW),
    UserError,
  );
  add(
    'a teacher assigning',
    () => createIncident(teacher, { studentId: zoe, text: 'x', categoryIds: cat['Behaviour']!, assigneeId: slt }, NOW),
    NotAllowedError,
  );
  add(
    'alerting another school’s person',
    async () => {
      const other = await makeUser({
        email: `other-${randomUUID().slice(0, 6)}@b.example.org`,
        displayName: 'Other',
        memberships: { [b.slug]: 'DSL' },
      });
      return createIncident(
        teacher,
        { studentId: zoe, text: 'x', categoryIds: cat['Behaviour']!, alertUserIds: other },
        NOW,
      );
    },
    NotFoundError,
  );
  add(
    'linking the same pupil',
    () =>
      createIncident(
        teacher,
        {
          studentId: zoe,
          text: 'x',
          categoryIds: cat['Behaviour']!,
          linked: JSON.stringify([{ studentId: zoe, role: 'witness' }]),
        },
        NOW,
      ),
    UserError,
  );
  add(
    'no alert when the school asks for one',
    async () => {
      const strict = (await signedIn(withSettings(a, { enforceAlert: true }), teacher.user.id)).ctx;
      return createIncident(strict, { studentId: zoe, text: 'x', categoryIds: cat['Behaviour']! }, NOW);
    },
    UserError,
  );
  add(
    'a pupil the school does not let non-key users search',
    async () => {
      const closed = (await signedIn(withSettings(a, { studentSearchOnAddIncident: false }), teacher.user.id)).ctx;
      return createIncident(closed, { studentId: zoe, text: 'x', categoryIds: cat['Behaviour']! }, NOW);
    },
    NotFoundError,
  );

  it.each(refusals.map(([label, run, type, fields]) => ({ label, run, type, fields })))(
    'refuses $label',
    async ({ run, type, fields }) => {
      const before = await Promise.all([count(incidents), count(alerts), count(outbox), count(monitoringPeriods)]);
      const p = run();
      await expect(p).rejects.toBeInstanceOf(type);
      if (fields) await expect(p).rejects.toMatchObject({ fieldErrors: fields });
      expect(await Promise.all([count(incidents), count(alerts), count(outbox), count(monitoringPeriods)])).toEqual(
        before,
      );
    },
  );

  it('an unelevated key holder adds like a non-key user, and a pupil out of their reach is not found', async () => {
    const restricted = (await signedIn(withSettings(a, { studentSearchOnAddIncident: false }), dslId)).ctx;
    await expect(
      createIncident(restricted, { studentId: zoe, text: 'x', categoryIds: cat['Behaviour']! }, NOW),
    ).rejects.toBeInstanceOf(NotFoundError);
    const created = await createIncident(
      dslUnelevated,
      { studentId: zoe, text: 'Noted in the corridor.', categoryIds: cat['Behaviour']! },
      NOW,
    );
    expect(created.number).toBeGreaterThan(0);
    await expect(
      createIncident(
        dslUnelevated,
        { studentId: zoe, text: 'x', categoryIds: cat['Behaviour']!, assigneeId: slt },
        NOW,
      ),
    ).rejects.toBeInstanceOf(NotAllowedError);
  });
});
