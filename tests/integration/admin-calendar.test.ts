import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import { academicYears, attendanceMarks, auditLog } from '@/db/schema';
import { getAcademicYear, listAcademicYears, removeAcademicYear, saveAcademicYear } from '@/lib/admin';
import { addDays } from '@/lib/attendance';
import { NotFoundError } from '@/lib/errors';
import { getProfileAttendance } from '@/lib/profile';
import { DEFAULT_NAME_STYLE } from '@/lib/students/names';
import type { School, UserCtx } from '@/lib/tenancy/context';
import { dateInZone } from '@/lib/time';

withTestDatabase();

let a: School;
let b: School;
let admin: UserCtx;
let bAdmin: UserCtx;
let unelevated: UserCtx;
let teacher: UserCtx;
beforeAll(async () => {
  a = await makeSchool('cal-a', 'Calendar Academy');
  b = await makeSchool('cal-b', 'Other School');
  const totpSecret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  const adminId = await makeUser({
    email: 'admin@cal.test',
    displayName: 'Ada',
    memberships: { 'cal-a': 'DSL' },
    totpSecret,
  });
  const bId = await makeUser({
    email: 'admin@calb.test',
    displayName: 'Bo',
    memberships: { 'cal-b': 'DSL' },
    totpSecret,
  });
  const teacherId = await makeUser({ email: 't@cal.test', displayName: 'Tess', memberships: { 'cal-a': 'Teachers' } });
  admin = (await signedIn(a, adminId, { elevated: true })).ctx;
  bAdmin = (await signedIn(b, bId, { elevated: true })).ctx;
  unelevated = (await signedIn(a, adminId)).ctx;
  teacher = (await signedIn(a, teacherId)).ctx;
});

const year = (over: Record<string, string> = {}) => ({
  name: '2031/32',
  startsOn: '2031-09-03',
  endsOn: '2032-07-21',
  term1Name: 'Autumn',
  term1Start: '2031-09-03',
  term1End: '2031-12-19',
  term2Name: 'Spring',
  term2Start: '2032-01-06',
  term2End: '2032-03-26',
  term3Name: 'Summer',
  term3Start: '2032-04-13',
  term3End: '2032-07-21',
  closures: '2031-10-24 INSET day',
  ...over,
});
const audits = (school: School, action: string) =>
  inSchool(school.id, (tx) =>
    tx
      .select({ details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.schoolId, school.id), eq(auditLog.action, action))),
  );
const issuesOf = async (p: Promise<unknown>) => {
  const e = (await p.then(
    () => null,
    (x: unknown) => x,
  )) as { issues?: { path: PropertyKey[]; message: string }[]; fieldErrors?: Record<string, string[]> } | null;
  if (e?.issues) return Object.fromEntries(e.issues.map((i) => [String(i.path[0]), i.message]));
  return e?.fieldErrors ? Object.fromEntries(Object.entries(e.fieldErrors).map(([k, v]) => [k, v[0]])) : e;
};

describe('Admin → Calendar', () => {
  it('an administrator adds a year with its terms and closures, for this school only, audited', async () => {
    const { id } = await saveAcademicYear(admin, year());
    const { years } = await listAcademicYears(admin);
    expect(years).toEqual([
      {
        id,
        name: '2031/32',
        startsOn: '2031-09-03',
        endsOn: '2032-07-21',
        version: 1,
        terms: [
          { name: 'Autumn', startsOn: '2031-09-03', endsOn: '2031-12-19' },
          { name: 'Spring', startsOn: '2032-01-06', endsOn: '2032-03-26' },
          { name: 'Summer', startsOn: '2032-04-13', endsOn: '2032-07-21' },
        ],
        closures: [{ startsOn: '2031-10-24', endsOn: '2031-10-24', name: 'INSET day' }],
      },
    ]);
    expect((await listAcademicYears(bAdmin)).years).toEqual([]);
    expect(await audits(a, 'admin.calendar_year_added')).toEqual([
      { details: expect.objectContaining({ yearId: id, name: '2031/32', closures: 1 }) },
    ]);
  });

  it('changes a year with the version shown; a stale form or an overlapping year is refused by the field', async () => {
    const [y] = (await listAcademicYears(admin)).years;
    await saveAcademicYear(admin, year({ yearId: y!.id, version: '1', term1Name: 'Michaelmas' }));
    const saved = await getAcademicYear(admin, y!.id);
    expect(saved).toMatchObject({ version: 2, terms: [expect.objectContaining({ name: 'Michaelmas' }), {}, {}] });
    // The same form again (version 1) would overwrite a change it never saw.
    await expect(saveAcademicYear(admin, year({ yearId: y!.id, version: '1', name: 'Stale' }))).rejects.toThrow(
      /Someone else changed this year/,
    );
    expect(
      await issuesOf(
        saveAcademicYear(
          admin,
          year({
            name: 'Overlap',
            startsOn: '2032-07-01',
            endsOn: '2033-06-30',
            term1Start: '2032-09-01',
            term1End: '2032-12-18',
            term2Start: '',
            term2End: '',
            term3Start: '',
            term3End: '',
            closures: '',
          }),
        ),
      ),
    ).toEqual({
      startsOn: 'These dates overlap 2031/32 (2031-09-03 to 2032-07-21).',
    });
    expect(await audits(a, 'admin.calendar_year_changed')).toHaveLength(1);
    expect((await listAcademicYears(admin)).years).toHaveLength(1);
  });

  it('bad input gets its message by the field and saves nothing', async () => {
    expect(
      await issuesOf(
        saveAcademicYear(
          admin,
          year({ name: '2040/41', startsOn: '2040-09-01', endsOn: '2041-08-31', term1Start: '2040-08-01' }),
        ),
      ),
    ).toMatchObject({
      term1Start: 'The term must be inside the year (2040-09-01 to 2041-08-31).',
    });
    expect(await issuesOf(saveAcademicYear(admin, year({ name: '', endsOn: 'soon' })))).toMatchObject({
      name: 'Name the year, such as 2026/27.',
      endsOn: 'Enter the year’s last day as a date.',
    });
    await expect(saveAcademicYear(admin, { ...year(), schoolId: b.id })).rejects.toMatchObject({
      issues: [expect.objectContaining({ code: 'unrecognized_keys' })],
    });
    expect((await listAcademicYears(admin)).years).toHaveLength(1);
  });

  it('another school’s year ids are not found: reading, changing, removing', async () => {
    const { id: bYear } = await saveAcademicYear(bAdmin, year({ name: 'B year' }));
    await expect(getAcademicYear(admin, bYear)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getAcademicYear(admin, 'not-an-id')).rejects.toBeInstanceOf(NotFoundError);
    await expect(saveAcademicYear(admin, year({ yearId: bYear, version: '1', name: 'Taken' }))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(removeAcademicYear(admin, { yearId: bYear })).rejects.toBeInstanceOf(NotFoundError);
    await expect(removeAcademicYear(admin, { yearId: randomUUID() })).rejects.toBeInstanceOf(NotFoundError);
    expect(await getAcademicYear(bAdmin, bYear)).toMatchObject({ name: 'B year', version: 1 });
  });

  it('refuses without the key and to a teacher, changing nothing', async () => {
    const [y] = (await listAcademicYears(admin)).years;
    for (const ctx of [unelevated, teacher]) {
      await expect(
        saveAcademicYear(
          ctx,
          year({
            name: 'Nope',
            startsOn: '2050-09-01',
            endsOn: '2051-07-01',
            term1Start: '2050-09-01',
            term1End: '2050-12-01',
            term2Start: '',
            term2End: '',
            term3Start: '',
            term3End: '',
            closures: '',
          }),
        ),
      ).rejects.toThrow(/Elevate your access|permission/);
      await expect(removeAcademicYear(ctx, { yearId: y!.id })).rejects.toThrow(/Elevate your access|permission/);
      await expect(listAcademicYears(ctx)).rejects.toThrow(/Elevate your access|permission/);
    }
    expect((await listAcademicYears(admin)).years.map((x) => x.id)).toEqual([y!.id]);
  });

  it('removing a year keeps its row (marked removed) and audits it', async () => {
    const [y] = (await listAcademicYears(admin)).years;
    await removeAcademicYear(admin, { yearId: y!.id });
    expect((await listAcademicYears(admin)).years).toEqual([]);
    const [row] = await inSchool(a.id, (tx) =>
      tx.select({ removedAt: academicYears.removedAt }).from(academicYears).where(eq(academicYears.id, y!.id)),
    );
    expect(row!.removedAt).toBeInstanceOf(Date);
    expect(await audits(a, 'admin.calendar_year_removed')).toHaveLength(1);
    await expect(getAcademicYear(admin, y!.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('this academic year in a pupil’s attendance', () => {
  it('follows the school’s calendar, and the England default without one', async () => {
    const [pupil] = await addPupils(a.id, [{ legalForename: 'Ada', legalSurname: 'Lovelace' }]);
    const today = dateInZone(a.timeZone);
    const start = addDays(today, -10);
    const marks = [
      { date: addDays(today, -12), session: 'AM' as const, code: 'O' }, // before the school's year
      { date: start, session: 'AM' as const, code: '/' },
      { date: start, session: 'PM' as const, code: '/' },
    ];
    await inSchool(a.id, (tx) =>
      tx.insert(attendanceMarks).values(marks.map((m) => ({ ...m, schoolId: a.id, studentId: pupil! }))),
    );
    const englandStart = `${Number(today.slice(0, 4)) - (today.slice(5) >= '09-01' ? 0 : 1)}-09-01`;
    expect((await getProfileAttendance(admin, pupil!, DEFAULT_NAME_STYLE)).data.yearStart).toBe(englandStart);

    await saveAcademicYear(admin, {
      name: 'This year',
      startsOn: start,
      endsOn: addDays(start, 300),
      term1Name: 'First',
      term1Start: start,
      term1End: addDays(start, 100),
    });
    const page = await getProfileAttendance(admin, pupil!, DEFAULT_NAME_STYLE);
    expect(page.data).toMatchObject({ yearStart: start, yearName: 'This year' });
    expect(page.data.year).toMatchObject({ possible: 2, attending: 2, unauthorised: 0 });
  });
});
