/**
 * Bulk monitoring ("Update categories") against a real database: what is
 * stored (periods started and ended through lib/monitoring/periods.ts, dates
 * in the school's time zone, audit rows), and all-or-nothing refusals: another
 * school's pupil or category, a pupil out of the user's class, a category they
 * may not see, no key, no permission, bad input. A refused request writes nothing.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { categoryIdByName } from '../support/categories';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils, monitor } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import {
  auditLog,
  classRestrictionMembers,
  monitoringPeriods,
  schools,
  userGroupCategoryPermissions,
  userGroups,
} from '@/db/schema';
import { NotAllowedError, NotFoundError, UserError } from '@/lib/errors';
import { bulkUpdateMonitoring } from '@/lib/monitoring/bulk';
import { findSchoolBySlug } from '@/lib/schools/queries';
import { finderCapabilities } from '@/lib/students/queries';
import type { School, UserCtx } from '@/lib/tenancy/context';

withTestDatabase();

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

let a: School;
let b: School;
let dsl: UserCtx;
let dslNoKey: UserCtx;
let pastoral: UserCtx;
let teacher: UserCtx;
const p: Record<string, string> = {};
const cat: Record<string, string> = {};

async function periods(school: School, studentIds: string[]) {
  return inSchool(school.id, (tx) =>
    tx
      .select({
        studentId: monitoringPeriods.studentId,
        categoryId: monitoringPeriods.categoryId,
        startedOn: monitoringPeriods.startedOn,
        startedVia: monitoringPeriods.startedVia,
        startedBy: monitoringPeriods.startedBy,
        endedOn: monitoringPeriods.endedOn,
        endedVia: monitoringPeriods.endedVia,
        endedBy: monitoringPeriods.endedBy,
      })
      .from(monitoringPeriods)
      .where(inArray(monitoringPeriods.studentId, studentIds))
      .orderBy(asc(monitoringPeriods.createdAt)),
  );
}

async function running(school: School, studentId: string) {
  const rows = await inSchool(school.id, (tx) =>
    tx
      .select({ categoryId: monitoringPeriods.categoryId })
      .from(monitoringPeriods)
      .where(and(eq(monitoringPeriods.studentId, studentId), isNull(monitoringPeriods.endedOn))),
  );
  return rows.map((r) => r.categoryId).sort();
}

async function snapshot(school: School) {
  const rows = (q: ReturnType<typeof sql>) =>
    inSchool(school.id, async (tx) => (await tx.execute(q)) as unknown as { rows: unknown[] });
  return {
    periods: (await rows(sql`select count(*)::int as n, count(ended_on)::int as ended from monitoring_periods`)).rows,
    audit: (await rows(sql`select count(*)::int as n from audit_log where action like 'monitoring.%'`)).rows,
  };
}

beforeAll(async () => {
  a = await makeSchool('bulka', 'Bulk School A');
  b = await makeSchool('bulkb', 'Bulk School B');
  const [amy, ben, cara, dev, leaver] = await addPupils(a.id, [
    { legalForename: 'Amy', legalSurname: 'Able', tutorGroup: '7A' },
    { legalForename: 'Ben', legalSurname: 'Bright', tutorGroup: '7A' },
    { legalForename: 'Cara', legalSurname: 'Cole', tutorGroup: '7A' },
    { legalForename: 'Dev', legalSurname: 'Dale', tutorGroup: '8B', yearGroup: 'Year 8' },
    { legalForename: 'Lee', legalSurname: 'Leaver', tutorGroup: '11A', archived: true },
  ]);
  Object.assign(p, { amy, ben, cara, dev, leaver });
  p.other = (await addPupils(b.id, [{ legalForename: 'Oli', legalSurname: 'Other' }]))[0]!;
  for (const n of ['Bullying', 'Prevent', 'Neglect', 'Medical']) cat[n] = await categoryIdByName(a.id, n);
  cat.bBullying = await categoryIdByName(b.id, 'Bullying');
  const person = (email: string, group: string) =>
    makeUser({ email, displayName: email.split('@')[0]!, memberships: { bulka: group }, totpSecret: SECRET });
  const dslId = await person('dsl@bulka.test', 'DSL');
  dsl = (await signedIn(a, dslId, { elevated: true })).ctx;
  dslNoKey = (await signedIn(a, dslId)).ctx;
  pastoral = (await signedIn(a, await person('hoy@bulka.test', 'Pastoral'), { elevated: true })).ctx;
  teacher = (await signedIn(a, await person('teacher@bulka.test', 'Teachers'), { elevated: true })).ctx;
});

describe('adding and removing a category', () => {
  it('starts monitoring for the ticked pupils, keeps a running period, and audits each change', async () => {
    await monitor(a.id, p.ben!, cat.Bullying!, '2025-01-10');
    const result = await bulkUpdateMonitoring(dsl, {
      studentIds: [p.amy!, p.ben!],
      change: 'add',
      categoryId: cat.Bullying,
      date: '2025-03-03',
    });
    expect(result).toEqual({
      change: 'add',
      categoryName: 'Bullying',
      date: '2025-03-03',
      pupils: 2,
      changed: 1,
      unchanged: 1,
    });
    const stored = await periods(a, [p.amy!, p.ben!]);
    expect(stored).toEqual([
      expect.objectContaining({ studentId: p.ben, startedOn: '2025-01-10', startedVia: 'profile', endedOn: null }),
      {
        studentId: p.amy,
        categoryId: cat.Bullying,
        startedOn: '2025-03-03',
        startedVia: 'bulk',
        startedBy: dsl.user.id,
        endedOn: null,
        endedVia: null,
        endedBy: null,
      },
    ]);
    const audit = await inSchool(a.id, (tx) =>
      tx
        .select({
          action: auditLog.action,
          entityId: auditLog.entityId,
          actor: auditLog.actorUserId,
          details: auditLog.details,
          ip: auditLog.ip,
        })
        .from(auditLog)
        .where(sql`${auditLog.action} like 'monitoring.%'`),
    );
    expect(audit).toEqual(
      expect.arrayContaining([
        {
          action: 'monitoring.started',
          entityId: p.amy,
          actor: dsl.user.id,
          details: { categoryId: cat.Bullying, date: '2025-03-03', via: 'bulk', studentId: p.amy },
          ip: '203.0.113.7',
        },
        expect.objectContaining({
          action: 'monitoring.bulk_updated',
          entityId: null,
          details: expect.objectContaining({ change: 'add', changed: 1 }),
        }),
      ]),
    );
    expect(audit.filter((r) => r.action === 'monitoring.started')).toHaveLength(1);
  });

  it('ends the running periods on the given date; an end before the start ends it on its first day', async () => {
    const result = await bulkUpdateMonitoring(dsl, {
      studentIds: `${p.amy},${p.ben},${p.cara}`,
      change: 'remove',
      categoryId: cat.Bullying,
      date: '2025-02-01',
    });
    expect(result).toMatchObject({ changed: 2, unchanged: 1 });
    const stored = await periods(a, [p.amy!, p.ben!]);
    expect(stored.map((r) => [r.studentId, r.startedOn, r.endedOn, r.endedVia, r.endedBy])).toEqual([
      [p.ben, '2025-01-10', '2025-02-01', 'bulk', dsl.user.id],
      [p.amy, '2025-03-03', '2025-03-03', 'bulk', dsl.user.id],
    ]);
  });
});

describe('wiping categories', () => {
  beforeEach(async () => {
    for (const c of ['Prevent', 'Neglect', 'Medical'])
      await bulkUpdateMonitoring(dsl, { studentIds: [p.cara!], change: 'add', categoryId: cat[c], date: '2025-04-01' });
  });

  it('ends only the categories the user may see', async () => {
    const result = await bulkUpdateMonitoring(pastoral, { studentIds: [p.cara!], change: 'wipe', date: '2025-05-01' });
    expect(result).toMatchObject({ change: 'wipe', categoryName: null, changed: 2 });
    // Pastoral staff cannot see Prevent monitoring, so they cannot end it.
    expect(await running(a, p.cara!)).toEqual([cat.Prevent]);
    await bulkUpdateMonitoring(dsl, { studentIds: [p.cara!], change: 'wipe', date: '2025-05-01' });
    expect(await running(a, p.cara!)).toEqual([]);
  });
});

describe('all or nothing', () => {
  const refused = async (
    ctx: UserCtx,
    input: Parameters<typeof bulkUpdateMonitoring>[1],
    error: new (...args: never[]) => Error,
    message?: string,
  ) => {
    const before = await snapshot(a);
    const attempt = bulkUpdateMonitoring(ctx, input);
    await expect(attempt).rejects.toBeInstanceOf(error);
    if (message) await expect(attempt).rejects.toThrow(message);
    expect(await snapshot(a)).toEqual(before);
  };
  const add = (studentIds: string[], categoryId = cat.Medical) => ({
    studentIds,
    change: 'add' as const,
    categoryId,
    date: '2025-06-01',
  });

  it('another school’s pupil among the ticked ones refuses the whole request as not found', async () => {
    await refused(dsl, add([p.amy!, p.other!]), NotFoundError, 'That pupil could not be found.');
    await refused(dsl, add([p.amy!, randomUUID()]), NotFoundError);
  });

  it('another school’s category, or one the user may not see, is not found', async () => {
    await refused(dsl, add([p.amy!], cat.bBullying), NotFoundError, 'That category could not be found.');
    await refused(pastoral, add([p.amy!], cat.Prevent), NotFoundError);
    await refused(
      pastoral,
      { studentIds: [p.amy!], change: 'remove', categoryId: cat.Prevent, date: '2025-06-01' },
      NotFoundError,
    );
  });

  it('an archived pupil needs "view students without a group"', async () => {
    await refused(pastoral, add([p.amy!, p.leaver!]), NotFoundError);
    await expect(bulkUpdateMonitoring(dsl, add([p.leaver!]))).resolves.toMatchObject({ changed: 1 });
  });

  it('needs the key and the permission', async () => {
    await refused(dslNoKey, add([p.amy!]), NotAllowedError, 'Elevate your access to change monitoring.');
    await refused(teacher, add([p.amy!]), NotAllowedError);
  });

  it('needs the list of pupils as well as their details, as the page that offers it does', async () => {
    // A group that may open a pupil and see Bullying, but not list pupils: the list never offered
    // it "Update categories", and the service refuses it the same way (the stricter reading).
    const groupId = randomUUID();
    await inSchool(a.id, async (tx) => {
      await tx.insert(userGroups).values({
        id: groupId,
        schoolId: a.id,
        name: 'Details only',
        permissions: ['students.details', 'incidents.add'],
      });
      await tx.insert(userGroupCategoryPermissions).values({
        schoolId: a.id,
        userGroupId: groupId,
        categoryId: cat.Bullying!,
        viewStudents: true,
        viewIncidents: true,
        addIncidents: true,
      });
    });
    const detailsOnly = (
      await signedIn(
        a,
        await makeUser({
          email: 'details@bulka.test',
          displayName: 'Dee',
          memberships: { bulka: 'Details only' },
          totpSecret: SECRET,
        }),
        { elevated: true },
      )
    ).ctx;
    expect(await finderCapabilities(detailsOnly)).toMatchObject({ access: 'not_allowed', mayUpdateCategories: false });
    await refused(detailsOnly, add([p.amy!], cat.Bullying), NotAllowedError);
    expect(await finderCapabilities(dsl)).toMatchObject({
      access: 'allowed',
      mayUpdateCategories: true,
      mayIncludeArchived: true,
    });
  });

  it('bad input is a message by its field, and nothing is written', async () => {
    const fields = async (input: Parameters<typeof bulkUpdateMonitoring>[1]) => {
      const before = await snapshot(a);
      const e = await bulkUpdateMonitoring(dsl, input).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(UserError);
      expect(await snapshot(a)).toEqual(before);
      return (e as UserError).fieldErrors;
    };
    expect(await fields({ studentIds: '', change: 'add', categoryId: cat.Medical, date: '2025-06-01' })).toEqual({
      studentIds: ['Tick at least one pupil.'],
    });
    expect(await fields({ studentIds: [p.amy!], change: 'add', categoryId: '', date: '2025-06-01' })).toEqual({
      categoryId: ['Choose a category.'],
    });
    expect(await fields({ studentIds: [p.amy!], change: 'add', categoryId: cat.Medical, date: '3025-01-01' })).toEqual({
      date: ['Choose today or an earlier date.'],
    });
    expect(await fields({ studentIds: [p.amy!], change: 'add', categoryId: cat.Medical, date: '1 June' })).toEqual({
      date: ['Enter a date.'],
    });
    expect(
      await fields({ studentIds: ['not-a-pupil'], change: 'add', categoryId: cat.Medical, date: '2025-06-01' }),
    ).toEqual({ studentIds: ['That pupil could not be found.'] });
    const extra = {
      studentIds: [p.amy!],
      change: 'add',
      categoryId: cat.Medical,
      date: '2025-06-01',
      schoolId: b.id,
    } as Parameters<typeof bulkUpdateMonitoring>[1];
    expect(Object.keys((await fields(extra)) ?? {})).toEqual(['form']);
  });

  it('"today" is the school’s day: late evening in London in summer is already tomorrow in UTC terms', async () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in London: 1 July is today there, not the future.
    const now = new Date('2025-06-30T23:30:00Z');
    await expect(bulkUpdateMonitoring(dsl, { ...add([p.amy!]), date: '2025-07-01' }, now)).resolves.toMatchObject({
      changed: 1,
    });
    await expect(bulkUpdateMonitoring(dsl, { ...add([p.ben!]), date: '2025-07-02' }, now)).rejects.toBeInstanceOf(
      UserError,
    );
  });
});

describe('a key holder restricted to tutor group 7A', () => {
  it('cannot change an 8B pupil, even among 7A pupils', async () => {
    await inSchool(a.id, (tx) =>
      tx
        .update(schools)
        .set({ settings: { ...a.settings, classRestrictions: 'tutor' } })
        .where(eq(schools.id, a.id)),
    );
    try {
      const restricted = await findSchoolBySlug('bulka');
      const tutorId = await makeUser({
        email: 'tutor@bulka.test',
        displayName: 'Tutor',
        memberships: { bulka: 'Pastoral' },
        totpSecret: SECRET,
      });
      await inSchool(a.id, (tx) =>
        tx
          .insert(classRestrictionMembers)
          .values({ id: randomUUID(), schoolId: a.id, groupKind: 'tutor', groupName: '7A', userId: tutorId }),
      );
      const tutor = (await signedIn(restricted!, tutorId, { elevated: true })).ctx;
      const before = await running(a, p.amy!);
      await expect(
        bulkUpdateMonitoring(tutor, {
          studentIds: [p.amy!, p.dev!],
          change: 'add',
          categoryId: cat.Neglect,
          date: '2025-06-01',
        }),
      ).rejects.toBeInstanceOf(NotFoundError);
      await expect(
        bulkUpdateMonitoring(tutor, { studentIds: [p.dev!], change: 'wipe', date: '2025-06-01' }),
      ).rejects.toBeInstanceOf(NotFoundError);
      expect(await running(a, p.amy!)).toEqual(before);
      await expect(
        bulkUpdateMonitoring(tutor, {
          studentIds: [p.amy!],
          change: 'add',
          categoryId: cat.Neglect,
          date: '2025-06-01',
        }),
      ).resolves.toMatchObject({ changed: 1 });
    } finally {
      await inSchool(a.id, (tx) => tx.update(schools).set({ settings: a.settings }).where(eq(schools.id, a.id)));
    }
  });
});
