/**
 * Reporting → Attendance against a real database: attendance by class
 * against the average, a class's pupils, the pupil filters and the year
 * picker, each equal to a count by hand of a small school. A head of year
 * restricted to Year 8 counts only Year 8; a runner who may not see Prevent's
 * pupils is not offered Prevent and a forged Prevent id is refused; another
 * school's class, a class outside the restriction and a made-up one are not
 * found; a teacher or a key holder without their key is refused and nothing
 * is written; each view leaves an audit row without a pupil's name.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import {
  attendanceMarks,
  auditLog,
  categories,
  classRestrictionMembers,
  monitoringPeriods,
  students,
  userGroups,
} from '@/db/schema';
import { addDays } from '@/lib/attendance/dates';
import { academicYearOn } from '@/lib/calendar/rule';
import { NotAllowedError, NotFoundError } from '@/lib/errors';
import { ELEVATE_FOR_REPORTS, getAttendancePage, getClassAttendance, type AttendancePage } from '@/lib/reports';
import { DEFAULT_USER_GROUPS } from '@/lib/schools/defaults';
import { DEFAULT_NAME_STYLE } from '@/lib/students/names';
import type { School, UserCtx } from '@/lib/tenancy/context';
import { dateInZone } from '@/lib/time';

withTestDatabase();

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

let a: School;
let b: School;
let dsl: UserCtx;
let dslByYear: UserCtx;
let dslNoKey: UserCtx;
let teacher: UserCtx;
let pastoral: UserCtx;
let headOfYear8: UserCtx;
let dslB: UserCtx;
let cat: Record<string, string>;
let ids: Record<'ann' | 'ben' | 'cal' | 'eve' | 'fin', string>;
let day: string;
let lastYear: string;

const withSettings = (school: School, s: Partial<School['settings']>): School => ({
  ...school,
  settings: { ...school.settings, ...s },
});

async function person(school: School, email: string, group: string, elevated: boolean) {
  const id = await makeUser({
    email,
    displayName: email,
    memberships: { [school.slug]: group },
    totpSecret: elevated ? SECRET : undefined,
  });
  return { id, ctx: (await signedIn(school, id, { elevated })).ctx };
}

async function marks(school: School, studentId: string, on: string, am: string, pm: string) {
  await inSchool(school.id, (tx) =>
    tx.insert(attendanceMarks).values([
      { schoolId: school.id, studentId, date: on, session: 'AM', code: am },
      { schoolId: school.id, studentId, date: on, session: 'PM', code: pm },
    ]),
  );
}

async function describePupil(school: School, id: string, values: Partial<typeof students.$inferInsert>) {
  await inSchool(school.id, (tx) =>
    tx
      .update(students)
      .set(values)
      .where(and(eq(students.schoolId, school.id), eq(students.id, id))),
  );
}

async function period(studentId: string, categoryId: string, startedOn: string, endedOn: string | null = null) {
  await inSchool(a.id, (tx) =>
    tx.insert(monitoringPeriods).values({
      id: randomUUID(),
      schoolId: a.id,
      studentId,
      categoryId,
      startedOn,
      startedVia: 'profile',
      endedOn,
      endedVia: endedOn ? 'profile' : null,
    }),
  );
}

/** The table as a person reads it: class, pupils, attendance, difference from the average. */
const table = (page: AttendancePage) => page.classes.map((c) => [c.label, c.pupils, c.percentage, c.difference]);

async function auditDetails() {
  return (
    await inSchool(a.id, (tx) =>
      tx
        .select({ details: auditLog.details })
        .from(auditLog)
        .where(and(eq(auditLog.schoolId, a.id), eq(auditLog.action, 'report.run'))),
    )
  ).map((r) => r.details as Record<string, unknown>);
}

beforeAll(async () => {
  a = await makeSchool('attendance-a');
  b = await makeSchool('attendance-b');
  const byTutor = withSettings(a, { reportingGroupType: 'tutor' });
  day = academicYearOn([], dateInZone(a.timeZone)).startsOn;
  lastYear = academicYearOn([], addDays(day, -1)).startsOn;
  await inSchool(a.id, (tx) =>
    tx
      .update(userGroups)
      .set({ permissions: [...DEFAULT_USER_GROUPS.find((g) => g.name === 'Pastoral')!.permissions, 'reports.run'] })
      .where(and(eq(userGroups.schoolId, a.id), eq(userGroups.name, 'Pastoral'))),
  );
  const d = await person(a, 'dsl@aa.example.org', 'DSL', true);
  dsl = (await signedIn(byTutor, d.id, { elevated: true })).ctx;
  dslByYear = d.ctx;
  dslNoKey = (await signedIn(byTutor, d.id, { elevated: false })).ctx;
  teacher = (await person(byTutor, 'teacher@aa.example.org', 'Teachers', false)).ctx;
  const p = await person(byTutor, 'pastoral@aa.example.org', 'Pastoral', true);
  pastoral = p.ctx;
  const h = await person(a, 'hoy8@aa.example.org', 'DSL', true);
  await inSchool(a.id, (tx) =>
    tx
      .insert(classRestrictionMembers)
      .values({ id: randomUUID(), schoolId: a.id, groupKind: 'year', groupName: 'Year 8', userId: h.id }),
  );
  headOfYear8 = (
    await signedIn(withSettings(byTutor, { classRestrictions: 'year' }), h.id, {
      elevated: true,
    })
  ).ctx;
  dslB = (
    await signedIn(
      withSettings(b, { reportingGroupType: 'tutor' }),
      (await person(b, 'dsl@ab.example.org', 'DSL', true)).id,
      { elevated: true },
    )
  ).ctx;

  const rows = await inSchool(a.id, (tx) => tx.select({ id: categories.id, name: categories.name }).from(categories));
  cat = Object.fromEntries(rows.map((r) => [r.name, r.id]));

  const [ann, ben, cal, eve, fin, dee] = (await addPupils(a.id, [
    { legalForename: 'Ann', legalSurname: 'Ashe', yearGroup: 'Year 7', tutorGroup: '7A' },
    { legalForename: 'Ben', legalSurname: 'Bell', yearGroup: 'Year 7', tutorGroup: '7B' },
    { legalForename: 'Cal', legalSurname: 'Cole', yearGroup: 'Year 8', tutorGroup: '8A' },
    { legalForename: 'Eve', legalSurname: 'Eden', yearGroup: 'Year 8', tutorGroup: '8A' },
    { legalForename: 'Fin', legalSurname: 'Ford', yearGroup: 'Year 7', tutorGroup: '7A' },
    { legalForename: 'Dee', legalSurname: 'Dale', yearGroup: 'Year 7', tutorGroup: '7A', archived: true },
  ])) as [string, string, string, string, string, string];
  ids = { ann, ben, cal, eve, fin };
  const [other] = (await addPupils(b.id, [
    { legalForename: 'Other', legalSurname: 'School', yearGroup: 'Year 9', tutorGroup: 'Z9' },
  ])) as [string];

  await describePupil(a, ben, { pupilPremium: true, religion: 'Hindu', gender: 'M' });
  await describePupil(a, cal, { religion: 'Christian', gender: 'F', senStatus: 'K' });
  await describePupil(a, eve, { gender: 'F', senStatus: 'E', dateOfBirth: '2011-01-01' });
  await describePupil(b, other, { religion: 'Jedi' });

  await marks(a, ann, day, '/', 'O'); // 1 of 2
  await marks(a, ben, day, '/', '/'); // 2 of 2
  await marks(a, cal, day, 'I', '/'); // 1 of 2, authorised absence
  await marks(a, eve, day, '/', '/');
  await marks(a, eve, addDays(day, 1), '/', '/'); // 4 of 4
  await marks(a, dee, day, 'O', 'O'); // archived: never counted
  await marks(a, ann, lastYear, '/', '/'); // last year: 2 of 2
  await marks(b, other, day, 'O', 'O');

  await period(ann, cat['Prevent']!, '2025-09-01');
  await period(cal, cat['Behaviour']!, '2025-09-01');
  await period(eve, cat['Child Protection']!, '2025-09-01', '2025-10-01');
});

describe('attendance by class', () => {
  it('equals a count by hand: each tutor group against the average of every pupil counted', async () => {
    const page = await getAttendancePage(dsl, {});
    expect(page.classKind).toBe('tutor');
    // 7A: Ann 1 of 2, Fin no marks; 7B: Ben 2 of 2; 8A: Cal 1 of 2, Eve 4 of 4. Archived Dee is left out.
    expect(page.average).toEqual({ pupils: 5, possible: 10, percentage: 80 });
    expect(table(page)).toEqual([
      ['7A', 2, 50, -30],
      ['7B', 1, 100, 20],
      ['8A', 2, 83.3, 3.3],
    ]);
    expect(page.chart.labels).toEqual(['Average', '7A', '7B', '8A']);
    expect(page.chart.series[0]!.values).toEqual([80, 50, 100, 83.3]);
    expect(page.restrictedTo).toBeNull();
    expect(page.year).toMatchObject({ startsOn: day, current: true });
  });

  it('groups by year group when that is the school’s main group type', async () => {
    const page = await getAttendancePage(dslByYear, {});
    expect(table(page)).toEqual([
      ['Year 7', 3, 75, -5],
      ['Year 8', 2, 83.3, 3.3],
    ]);
  });

  it('offers the earlier years the school holds marks for, and counts the chosen one', async () => {
    const page = await getAttendancePage(dsl, { year: lastYear });
    expect(page.years.map((y) => y.startsOn)).toEqual([day, lastYear]);
    expect(page.year).toMatchObject({ startsOn: lastYear, current: false });
    expect(table(page)).toEqual([
      ['7A', 2, 100, 0],
      ['7B', 1, null, null],
      ['8A', 2, null, null],
    ]);
    // A year with no marks, or anything else typed, is this year.
    expect((await getAttendancePage(dsl, { year: '1999-09-01' })).year.startsOn).toBe(day);
  });

  it('a head of year restricted to Year 8 sees only Year 8 classes and their average', async () => {
    const page = await getAttendancePage(headOfYear8, {});
    expect(page.restrictedTo).toEqual(['Year 8']);
    expect(page.average).toEqual({ pupils: 2, possible: 6, percentage: 83.3 });
    expect(table(page)).toEqual([['8A', 2, 83.3, 0]]);
    expect(page.options.religion).toEqual(['Christian']);
    await expect(getClassAttendance(headOfYear8, '7A', {}, DEFAULT_NAME_STYLE)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('a class’s pupils', () => {
  it('lists each pupil from highest attendance to lowest, pupils without marks last', async () => {
    const eightA = await getClassAttendance(dsl, '8A', {}, DEFAULT_NAME_STYLE);
    expect(eightA.pupils.map((p) => [p.id, p.name, p.percentage])).toEqual([
      [ids.eve, 'Eve Eden', 100],
      [ids.cal, 'Cal Cole', 50],
    ]);
    expect(eightA.classFigure).toEqual({ pupils: 2, possible: 6, percentage: 83.3 });
    expect(eightA.average.percentage).toBe(80);
    const sevenA = await getClassAttendance(dsl, '7A', {}, DEFAULT_NAME_STYLE);
    expect(sevenA.pupils.map((p) => [p.name, p.percentage])).toEqual([
      ['Ann Ashe', 50],
      ['Fin Ford', null],
    ]);
    const hidden = await getClassAttendance(dsl, '8A', {}, { ...DEFAULT_NAME_STYLE, hidden: true });
    expect(JSON.stringify(hidden.pupils)).not.toMatch(/Eve|Cal/);
  });

  it('another school’s class, a made-up class and an empty name are not found', async () => {
    await expect(getClassAttendance(dsl, 'Z9', {}, DEFAULT_NAME_STYLE)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getClassAttendance(dsl, 'nope', {}, DEFAULT_NAME_STYLE)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getClassAttendance(dsl, '', {}, DEFAULT_NAME_STYLE)).rejects.toBeInstanceOf(NotFoundError);
    // School B's own class is its own.
    const z9 = await getClassAttendance(dslB, 'Z9', {}, DEFAULT_NAME_STYLE);
    expect(z9.pupils.map((p) => [p.name, p.percentage])).toEqual([['Other School', 0]]);
    expect(JSON.stringify(await getAttendancePage(dsl, {}))).not.toMatch(/Z9|Jedi/);
  });
});

describe('pupil filters', () => {
  it('pupil premium, SEN, gender, religion and age count only the pupils that match', async () => {
    expect(table(await getAttendancePage(dsl, { pupilPremium: 'yes' }))).toEqual([['7B', 1, 100, 0]]);
    expect(table(await getAttendancePage(dsl, { sen: 'K+E' }))).toEqual([['8A', 2, 83.3, 0]]);
    expect(table(await getAttendancePage(dsl, { sen: 'E' }))).toEqual([['8A', 1, 100, 0]]);
    expect(table(await getAttendancePage(dsl, { gender: 'F', religion: 'Christian' }))).toEqual([['8A', 1, 50, 0]]);
    // Eve was born in 2011, the others in 2013.
    const older = await getAttendancePage(dsl, { ageFrom: String(Number(day.slice(0, 4)) - 2011 - 1), ageTo: '25' });
    expect(older.classes.map((c) => [c.label, c.pupils])).toEqual([['8A', 1]]);
    const cal = await getClassAttendance(dsl, '8A', { religion: 'Christian' }, DEFAULT_NAME_STYLE);
    expect(cal.pupils.map((p) => p.name)).toEqual(['Cal Cole']);
  });

  it('monitored now, ever and between dates, by category and its sub-categories', async () => {
    // Now: Ann (Prevent) and Cal (Behaviour); Eve's Child Protection period has ended.
    const now = await getAttendancePage(dsl, { monitored: 'now' });
    expect(table(now)).toEqual([
      ['7A', 1, 50, 0],
      ['8A', 1, 50, 0],
    ]);
    const ever = await getAttendancePage(dsl, { monitored: 'ever' });
    expect(ever.classes.map((c) => [c.label, c.pupils])).toEqual([
      ['7A', 1],
      ['8A', 2],
    ]);
    const prevent = await getAttendancePage(dsl, { monitored: 'now', monitoredCategory: cat['Prevent'] });
    expect(prevent.classes.map((c) => [c.label, c.pupils, c.percentage])).toEqual([['7A', 1, 50]]);
    const during = await getAttendancePage(dsl, {
      monitored: 'between',
      monitoredFrom: '2025-09-15',
      monitoredTo: '2025-09-20',
      monitoredCategory: cat['Child Protection'],
    });
    expect(during.classes.map((c) => [c.label, c.pupils])).toEqual([['8A', 1]]);
    const after = await getAttendancePage(dsl, {
      monitored: 'between',
      monitoredFrom: '2025-11-01',
      monitoredTo: '2025-12-01',
      monitoredCategory: cat['Child Protection'],
    });
    expect(after.classes).toEqual([]);
    expect(after.average).toEqual({ pupils: 0, possible: 0, percentage: null });
  });

  it('a runner who may not see Prevent’s pupils is not offered it, and a forged Prevent id is refused', async () => {
    const page = await getAttendancePage(pastoral, { monitored: 'now' });
    expect(page.categories.map((c) => c.name)).not.toContain('Prevent');
    expect(page.categories.map((c) => c.name)).toContain('Behaviour');
    // Ann is monitored only in Prevent: not a monitored pupil to Pastoral.
    expect(page.classes.map((c) => [c.label, c.pupils])).toEqual([['8A', 1]]);
    const forged = await getAttendancePage(pastoral, { monitored: 'now', monitoredCategory: cat['Prevent'] });
    expect(forged.form.fieldErrors.monitoredCategory).toEqual(['Choose categories from the list.']);
    expect(forged.form.values.monitoredCategory).toEqual([cat['Prevent']]);
    expect(forged.classes).toEqual([]);
    expect(JSON.stringify(forged)).not.toContain('Prevent');
  });

  it('invalid filters show their messages, keep what was typed and count nobody', async () => {
    const page = await getAttendancePage(dsl, { ageFrom: '12', ageTo: 'ten', monitored: 'between' });
    expect(page.form.values).toMatchObject({ ageFrom: '12', ageTo: 'ten', monitored: 'between' });
    expect(page.form.fieldErrors.ageTo).toEqual([expect.stringContaining('Enter an age')]);
    expect(page.form.fieldErrors.monitoredFrom).toEqual(['Enter the first day.']);
    expect(page.classes).toEqual([]);
  });
});

describe('refusals and the audit log', () => {
  it('refuses a teacher and a key holder without their key, and writes nothing', async () => {
    const before = (await auditDetails()).length;
    await expect(getAttendancePage(teacher, {})).rejects.toBeInstanceOf(NotAllowedError);
    await expect(getClassAttendance(teacher, '7A', {}, DEFAULT_NAME_STYLE)).rejects.toBeInstanceOf(NotAllowedError);
    await expect(getAttendancePage(dslNoKey, {})).rejects.toThrow(ELEVATE_FOR_REPORTS);
    await expect(getClassAttendance(dslNoKey, '7A', {}, DEFAULT_NAME_STYLE)).rejects.toThrow(ELEVATE_FOR_REPORTS);
    expect((await auditDetails()).length).toBe(before);
  });

  it('each view is recorded as a report run with its year, class and filters, never a pupil', async () => {
    const before = (await auditDetails()).length;
    await getAttendancePage(dsl, { pupilPremium: 'yes' });
    await getClassAttendance(dsl, '8A', {}, DEFAULT_NAME_STYLE);
    const added = (await auditDetails()).slice(before);
    expect(added).toEqual([
      expect.objectContaining({
        view: 'attendance',
        from: day,
        filters: expect.objectContaining({ pupilPremium: true }),
      }),
      expect.objectContaining({ view: 'attendance', group: '8A', groupKind: 'tutor' }),
    ]);
    expect(JSON.stringify(added)).not.toMatch(/Eve|Cal|Eden|Cole/);
  });
});
