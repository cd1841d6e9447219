/**
 * Reading incidents: the chronology and a single record through the
 * permission engine's SQL (every category viewable, class restrictions,
 * elevation, a live alert), "My history", "My assigned", and alerts that
 * open a record only until they are marked read.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import { alerts, auditLog, categories, classRestrictionMembers } from '@/db/schema';
import { accessSubjectOf } from '@/lib/access';
import { listMyAlerts } from '@/lib/alerts/queries';
import { markAlertRead } from '@/lib/alerts/service';
import { NotFoundError } from '@/lib/errors';
import { createIncident } from '@/lib/incidents/create';
import { CHRONOLOGY_PAGE, chronologyFor, getIncident, myAssigned, myHistory } from '@/lib/incidents/queries';
import type { School, UserCtx } from '@/lib/tenancy/context';
import { DEFAULT_NAME_STYLE } from '@/lib/students/names';

withTestDatabase();

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const style = DEFAULT_NAME_STYLE;
let a: School;
let b: School;
let teacher: UserCtx;
let dsl: UserCtx;
let dslId: string;
let pastoralId: string;
let zoe: string;
let seun: string;
let cat: Record<string, string>;
let behaviourId: string;
let cpId: string;
let bIncident: string;

const settings = (school: School, s: Partial<School['settings']>): School => ({
  ...school,
  settings: { ...school.settings, ...s },
});
const chronology = async (ctx: UserCtx, studentId: string) => {
  // The subject is read in its own transaction first: transactions do not nest.
  const subject = await accessSubjectOf(ctx);
  return ctx.run((tx) => chronologyFor(tx, ctx, subject, studentId, style)).then((c) => c.incidents);
};

beforeAll(async () => {
  a = settings(await makeSchool('incidents-read-a'), { studentSearchOnAddIncident: true });
  b = settings(await makeSchool('incidents-read-b'), { studentSearchOnAddIncident: true });
  const teacherId = await makeUser({
    email: 'teacher@ir.example.org',
    displayName: 'Tom Hughes',
    memberships: { [a.slug]: 'Teachers' },
  });
  dslId = await makeUser({
    email: 'dsl@ir.example.org',
    displayName: 'David Okafor',
    memberships: { [a.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  pastoralId = await makeUser({
    email: 'hoy@ir.example.org',
    displayName: 'Ben Price',
    memberships: { [a.slug]: 'Pastoral' },
    totpSecret: SECRET,
  });
  teacher = (await signedIn(a, teacherId)).ctx;
  dsl = (await signedIn(a, dslId, { elevated: true })).ctx;
  [zoe, seun] = (await addPupils(a.id, [
    { legalForename: 'Zoë', legalSurname: "O'Brien", tutorGroup: '7A', yearGroup: 'Year 7' },
    { legalForename: 'Seun', legalSurname: 'Adeyemi', tutorGroup: '8B', yearGroup: 'Year 8' },
  ])) as [string, string];
  const rows = await inSchool(a.id, (tx) => tx.select({ id: categories.id, name: categories.name }).from(categories));
  cat = Object.fromEntries(rows.map((r) => [r.name, r.id]));
  const old = new Date('2026-03-01T13:00:00Z');
  behaviourId = (
    await createIncident(
      teacher,
      {
        studentId: zoe,
        text: 'Pushed in the lunch queue.',
        categoryIds: cat['Behaviour']!,
        occurredAt: '2026-03-01T12:30',
      },
      old,
    )
  ).incidentId;
  cpId = (
    await createIncident(teacher, {
      studentId: zoe,
      text: 'Disclosure at break.',
      categoryIds: cat['Child Protection']!,
      alertUserIds: `${dslId},${pastoralId}`,
    })
  ).incidentId;
  // Backdated: happened before the behaviour incident, recorded after it.
  await createIncident(teacher, {
    studentId: zoe,
    text: 'Late again, upset.',
    categoryIds: cat['Attendance']!,
    occurredAt: '2026-02-20T08:50',
  });
  await createIncident(teacher, {
    studentId: seun,
    text: 'Fight on the field.',
    categoryIds: cat['Behaviour']!,
    assigneeId: undefined,
  });
  const bTeacher = await makeUser({
    email: 'teacher@ir-b.example.org',
    displayName: 'B Teacher',
    memberships: { [b.slug]: 'Teachers' },
  });
  const [bPupil] = (await addPupils(b.id, [{ legalForename: 'Bea', legalSurname: 'Other' }])) as [string];
  const bCat = (
    await inSchool(b.id, (tx) =>
      tx.select({ id: categories.id }).from(categories).where(eq(categories.name, 'Behaviour')),
    )
  )[0]!.id;
  bIncident = (
    await createIncident((await signedIn(b, bTeacher)).ctx, {
      studentId: bPupil,
      text: 'B school record',
      categoryIds: bCat,
    })
  ).incidentId;
});

describe('the chronology', () => {
  it('shows a key holder every incident, newest first by when it happened, and audits the read', async () => {
    const list = await chronology(dsl, zoe);
    expect(list.map((i) => i.text)).toEqual([
      'Disclosure at break.',
      'Pushed in the lunch queue.',
      'Late again, upset.',
    ]);
    expect(list[1]).toMatchObject({
      number: 1,
      authorName: 'Tom Hughes',
      status: 'active',
      categories: [{ name: 'Behaviour', parentName: null, fromAction: false }],
    });
    const audit = await inSchool(a.id, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.action, 'incident.chronology_viewed')),
    );
    expect(audit.at(-1)).toMatchObject({ actorUserId: dslId, entityId: zoe });
  });

  it('hides an incident unless every one of its categories is viewable', async () => {
    const hoy = (await signedIn(a, pastoralId, { elevated: true })).ctx;
    // Pastoral may not view Child Protection incidents, but holds a live alert for this one.
    expect((await chronology(hoy, zoe)).map((i) => i.text)).toContain('Disclosure at break.');
    const [alert] = await inSchool(a.id, (tx) => tx.select().from(alerts).where(eq(alerts.userId, pastoralId)));
    await markAlertRead(hoy, { alertId: alert!.id });
    const after = (await signedIn(a, pastoralId, { elevated: true })).ctx;
    expect((await chronology(after, zoe)).map((i) => i.text)).toEqual([
      'Pushed in the lunch queue.',
      'Late again, upset.',
    ]);
    await expect(getIncident(after, cpId, style)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('keeps a class-restricted key holder to their classes', async () => {
    await inSchool(a.id, (tx) =>
      tx
        .insert(classRestrictionMembers)
        .values({ id: randomUUID(), schoolId: a.id, groupKind: 'tutor', groupName: '7A', userId: pastoralId }),
    );
    const restricted = (await signedIn(settings(a, { classRestrictions: 'tutor' }), pastoralId, { elevated: true }))
      .ctx;
    expect((await chronology(restricted, seun)).length).toBe(0);
    expect((await chronology(restricted, zoe)).length).toBe(2);
  });

  it('shows nothing without the key, and nothing of another school', async () => {
    const unelevated = (await signedIn(a, pastoralId)).ctx;
    expect(await chronology(unelevated, zoe)).toEqual([]);
    expect(await chronology(teacher, zoe)).toEqual([]);
    await expect(getIncident(dsl, bIncident, style)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getIncident(dsl, 'not-an-id', style)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('a long chronology', () => {
  it('reads the newest page in full, says how many there are, and reaches back to a highlighted incident', async () => {
    const [ruby] = (await addPupils(a.id, [
      { legalForename: 'Ruby', legalSurname: 'Long', tutorGroup: '7A', yearGroup: 'Year 7' },
    ])) as [string];
    const ids: string[] = [];
    for (let i = 0; i < CHRONOLOGY_PAGE + 5; i++) {
      const day = String(1 + (i % 28)).padStart(2, '0');
      const month = String(1 + Math.floor(i / 28)).padStart(2, '0');
      ids.push(
        (
          await createIncident(dsl, {
            studentId: ruby,
            text: `Entry ${i}`,
            categoryIds: cat['Behaviour']!,
            occurredAt: `2025-${month}-${day}T09:00`,
          })
        ).incidentId,
      );
    }
    const subject = await accessSubjectOf(dsl);
    const read = (range?: { show: number; highlight?: string }) =>
      dsl.run((tx) => chronologyFor(tx, dsl, subject, ruby, style, range));
    const first = await read({ show: CHRONOLOGY_PAGE });
    expect(first.total).toBe(CHRONOLOGY_PAGE + 5);
    expect(first.incidents).toHaveLength(CHRONOLOGY_PAGE);
    expect(first.incidents[0]!.text).toBe(`Entry ${CHRONOLOGY_PAGE + 4}`);
    // The oldest is beyond the first page: asking for it brings the page that holds it.
    const reaching = await read({ show: CHRONOLOGY_PAGE, highlight: ids[0] });
    expect(reaching.incidents.at(-1)!.id).toBe(ids[0]);
    expect((await read()).incidents).toHaveLength(CHRONOLOGY_PAGE + 5);
    // An id of something else (another school's incident) changes nothing.
    expect((await read({ show: CHRONOLOGY_PAGE, highlight: bIncident })).incidents).toHaveLength(CHRONOLOGY_PAGE);
  });

  it('names linked pupils only to those who may find them, and counts the others', async () => {
    const linkedId = (
      await createIncident(dsl, {
        studentId: zoe,
        text: 'Argument at the gate.',
        categoryIds: cat['Behaviour']!,
        linked: JSON.stringify([{ studentId: seun, role: 'involved', categoryIds: [] }]),
      })
    ).incidentId;
    expect((await getIncident(dsl, linkedId, style)).linked).toEqual([
      { studentName: 'Seun Adeyemi', role: 'involved' },
    ]);
    // Pastoral is kept to 7A by the class restriction above: Seun (8B) is counted, not named.
    const restricted = (await signedIn(settings(a, { classRestrictions: 'tutor' }), pastoralId, { elevated: true }))
      .ctx;
    const seen = await getIncident(restricted, linkedId, style);
    expect(seen.linked).toEqual([]);
    expect(seen.linkedHidden).toBe(1);
  });
});

describe('alerts open a record until they are read', () => {
  it('a non-key user reads the alerted record, marks it read, and can no longer open it', async () => {
    const unelevatedDsl = (await signedIn(a, dslId)).ctx;
    const mine = await listMyAlerts(unelevatedDsl, style);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      incidentId: cpId,
      raisedBy: 'Tom Hughes',
      studentName: "Zoë O'Brien",
      categories: [{ name: 'Child Protection' }],
    });
    expect((await getIncident(unelevatedDsl, cpId, style)).text).toBe('Disclosure at break.');
    await expect(getIncident(unelevatedDsl, behaviourId, style)).rejects.toBeInstanceOf(NotFoundError);

    await markAlertRead(unelevatedDsl, { alertId: mine[0]!.id });
    const next = (await signedIn(a, dslId)).ctx;
    expect(await listMyAlerts(next, style)).toEqual([]);
    await expect(getIncident(next, cpId, style)).rejects.toBeInstanceOf(NotFoundError);
    // With the key, the DSL's group reads it as before.
    expect((await getIncident(dsl, cpId, style)).number).toBe(2);
  });

  it('refuses marking someone else’s alert, twice, or a malformed id', async () => {
    const [other] = await inSchool(a.id, (tx) => tx.select().from(alerts).where(eq(alerts.userId, pastoralId)));
    await expect(markAlertRead(teacher, { alertId: other!.id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(markAlertRead(teacher, { alertId: 'x' })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('my history and my assigned', () => {
  it('lists what I recorded in the last 7 days, readable only where the engine allows', async () => {
    const history = await myHistory(teacher, style);
    expect(history.map((h) => h.number)).toEqual([4, 3, 2]);
    expect(history.every((h) => h.readable === false)).toBe(true);
    expect(history[2]).toMatchObject({ studentName: "Zoë O'Brien", categories: ['Child Protection'] });
  });

  it('lists open incidents assigned to me', async () => {
    const created = await createIncident(dsl, {
      studentId: seun,
      text: 'Call home.',
      categoryIds: cat['Behaviour']!,
      assigneeId: dslId,
    });
    expect((await myAssigned(dsl, style))?.map((i) => i.id)).toEqual([created.incidentId]);
    expect(await myAssigned((await signedIn(a, dslId)).ctx, style)).toBeNull();
  });
});
