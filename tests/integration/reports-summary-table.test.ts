/**
 * The report engine against a real database: a summary table of incidents
 * counted in SQL — by category × month (in the school's time zone), parent
 * category, tutor group, status, weekday and who recorded them, with totals
 * that count an incident once — and what each runner's
 * reports may count: a group without a category sees no count from it and no
 * row for it (a live alert for such an incident changes nothing), a
 * class-restricted key holder counts only their class, deleted, merged-away
 * and training records are left out, another school's category ids in the
 * filters find nothing, and a teacher or a key holder without their key is
 * refused. Every run leaves an audit row with its definition.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import { alerts, auditLog, categories, classRestrictionMembers, incidents, userGroups } from '@/db/schema';
import { NotAllowedError } from '@/lib/errors';
import { createIncident } from '@/lib/incidents/create';
import { deleteIncident } from '@/lib/incidents';
import { DEFAULT_USER_GROUPS } from '@/lib/schools/defaults';
import type { School, UserCtx } from '@/lib/tenancy/context';
import {
  ELEVATE_FOR_REPORTS,
  getCustomReportPage,
  runReport,
  type IncidentGrouping,
  type ReportDefinition,
} from '@/lib/reports';

withTestDatabase();

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const NOW = new Date('2026-06-01T12:00:00Z');

let a: School;
let b: School;
let teacher: UserCtx;
let dsl: UserCtx;
let dslNoKey: UserCtx;
let pastoralId: string;
let dslB: UserCtx;
let cat: Record<string, string>;
let catB: Record<string, string>;
let cpIncident: string;

const withSettings = (school: School, s: Partial<School['settings']>): School => ({
  ...school,
  settings: { ...school.settings, ...s },
});

async function person(school: School, email: string, name: string, group: string, elevated: boolean) {
  const id = await makeUser({
    email,
    displayName: name,
    memberships: { [school.slug]: group },
    totpSecret: elevated ? SECRET : undefined,
  });
  return { id, ctx: (await signedIn(school, id, { elevated })).ctx };
}

async function categoryIds(school: School) {
  const rows = await inSchool(school.id, (tx) =>
    tx.select({ id: categories.id, name: categories.name }).from(categories),
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.id]));
}

function definition(
  primary: IncidentGrouping,
  secondary: IncidentGrouping | null = null,
  filters: Partial<ReportDefinition['filters']> = {},
): ReportDefinition {
  return {
    version: 1,
    subject: 'incidents',
    filters: {
      dates: { kind: 'any' },
      categories: { match: 'any', ids: [] },
      status: 'any',
      recordedBy: { mode: 'only', ids: [] },
      ...filters,
    },
    report: { type: 'summary-table', primary: { by: primary }, secondary: secondary ? { by: secondary } : null },
  };
}

/** The table as a person reads it: each row's label with its cells and total. */
async function tableOf(ctx: UserCtx, def: ReportDefinition) {
  const { table } = await runReport(ctx, def);
  return {
    columns: table.columns.map((c) => c.label),
    rows: table.rows.map((r) => [r.label, ...r.cells, r.total]),
    columnTotals: table.columnTotals,
    total: table.total,
  };
}

beforeAll(async () => {
  a = await makeSchool('reports-a');
  b = await makeSchool('reports-b');
  // Pastoral staff here may run reports: a runner who still cannot view Child Protection incidents.
  await inSchool(a.id, (tx) =>
    tx
      .update(userGroups)
      .set({ permissions: [...DEFAULT_USER_GROUPS.find((g) => g.name === 'Pastoral')!.permissions, 'reports.run'] })
      .where(and(eq(userGroups.schoolId, a.id), eq(userGroups.name, 'Pastoral'))),
  );
  teacher = (await person(a, 'teacher@ra.example.org', 'Tom Hughes', 'Teachers', false)).ctx;
  dsl = (await person(a, 'dsl@ra.example.org', 'David Okafor', 'DSL', true)).ctx;
  dslNoKey = { ...dsl, user: { ...dsl.user, elevated: false } } as UserCtx;
  pastoralId = (await person(a, 'hoy@ra.example.org', 'Ben Price', 'Pastoral', true)).id;
  dslB = (await person(b, 'dsl@rb.example.org', 'Imran Shah', 'DSL', true)).ctx;
  cat = await categoryIds(a);
  catB = await categoryIds(b);

  const [ann, ben, cal] = (await addPupils(a.id, [
    { legalForename: 'Ann', legalSurname: 'Ashe', yearGroup: 'Year 7', tutorGroup: '7A' },
    { legalForename: 'Ben', legalSurname: 'Bell', yearGroup: 'Year 7', tutorGroup: '7B' },
    { legalForename: 'Cal', legalSurname: 'Cole', yearGroup: 'Year 8', tutorGroup: '8A' },
  ])) as [string, string, string];
  const [other] = (await addPupils(b.id, [{ legalForename: 'Other', legalSurname: 'School' }])) as [string];

  const add = async (studentId: string, names: string[], occurredAt: string, by = teacher) =>
    (
      await createIncident(
        by,
        { studentId, text: `About ${occurredAt}.`, categoryIds: names.map((n) => cat[n]!).join(','), occurredAt },
        NOW,
      )
    ).incidentId;
  await add(ann, ['Behaviour'], '2026-03-02T10:00');
  await add(ann, ['Behaviour', 'Bullying'], '2026-03-10T10:00');
  await add(ben, ['Behaviour'], '2026-04-01T10:00');
  cpIncident = await add(cal, ['Child Protection'], '2026-03-05T10:00');
  // 00:30 on 1 April in London is still 31 March in UTC: the month is the school's.
  await add(cal, ['Behaviour'], '2026-04-01T00:30');
  // One incident in a category and its sub-category, recorded by the DSL.
  await add(ben, ['Bullying', 'Cyberbullying'], '2026-05-04T10:00', dsl);
  const deleted = await add(ann, ['Behaviour'], '2026-03-03T10:00');
  await deleteIncident(dsl, { incidentId: deleted, reason: 'Recorded twice.' });
  const training = await add(ben, ['Behaviour'], '2026-03-04T10:00');
  await inSchool(a.id, (tx) =>
    tx
      .update(incidents)
      .set({ training: true })
      .where(and(eq(incidents.schoolId, a.id), eq(incidents.id, training))),
  );
  await createIncident(
    dslB,
    {
      studentId: other,
      text: 'Another school’s concern.',
      categoryIds: catB['Behaviour']!,
      occurredAt: '2026-03-02T10:00',
    },
    NOW,
  );
});

describe('counts', () => {
  it('by category × month: each incident once per category, totals once per incident, months in the school’s zone', async () => {
    expect(await tableOf(dsl, definition('category', 'month'))).toEqual({
      columns: ['March 2026', 'April 2026', 'May 2026'],
      rows: [
        ['Child Protection', 1, 0, 0, 1],
        ['Behaviour', 2, 2, 0, 4],
        ['Bullying', 1, 0, 1, 2],
        ['Cyberbullying', 0, 0, 1, 1],
      ],
      columnTotals: [3, 2, 1],
      total: 6,
    });
  });

  it('by parent category: a category and its sub-category count once for the family', async () => {
    expect(await tableOf(dsl, definition('parent-category'))).toMatchObject({
      rows: [
        ['Child Protection', 1],
        ['Behaviour', 4],
        ['Bullying', 2],
      ],
      total: 6,
    });
  });

  it('by tutor group, status, day of the week (in the school’s zone) and who recorded them', async () => {
    expect(await tableOf(dsl, definition('tutor-group'))).toEqual({
      columns: [],
      rows: [
        ['7A', 2],
        ['7B', 2],
        ['8A', 2],
      ],
      columnTotals: [],
      total: 6,
    });
    expect((await tableOf(dsl, definition('status'))).rows).toEqual([['Active', 6]]);
    expect((await tableOf(dsl, definition('weekday'))).rows).toEqual([
      ['Monday', 2],
      ['Tuesday', 1],
      ['Wednesday', 2],
      ['Thursday', 1],
    ]);
    expect((await tableOf(dsl, definition('recorded-by'))).rows).toEqual([
      ['David Okafor', 1],
      ['Tom Hughes', 5],
    ]);
  });

  it('filters by dates, category and who recorded them', async () => {
    const between = definition('year-group', null, {
      dates: { kind: 'between', from: '2026-03-01', to: '2026-03-31' },
    });
    expect((await tableOf(dsl, between)).rows).toEqual([
      ['Year 7', 2],
      ['Year 8', 1],
    ]);
    const bullying = definition('category', null, { categories: { match: 'any', ids: [cat['Bullying']!] } });
    // Only the chosen categories become rows: the Cyberbullying of the same incident is left out.
    expect(await tableOf(dsl, bullying)).toMatchObject({ rows: [['Bullying', 2]], total: 2 });
    const byDsl = definition('category', null, { recordedBy: { mode: 'only', ids: [dsl.user.id] } });
    expect(await tableOf(dsl, byDsl)).toMatchObject({
      rows: [
        ['Bullying', 1],
        ['Cyberbullying', 1],
      ],
      total: 1,
    });
  });

  it('counts training records only while the school is in training mode', async () => {
    const training = { ...dsl, school: withSettings(a, { trainingMode: true }) } as UserCtx;
    expect((await tableOf(training, definition('tutor-group'))).total).toBe(7);
  });
});

describe('what each runner may count', () => {
  it('a group that cannot view Child Protection gets no count and no row from it, even with a live alert', async () => {
    await inSchool(a.id, (tx) =>
      tx.insert(alerts).values({
        id: randomUUID(),
        schoolId: a.id,
        userId: pastoralId,
        incidentId: cpIncident,
        reason: 'chosen',
      }),
    );
    const alerted = (await signedIn(a, pastoralId, { elevated: true })).ctx;
    expect(await tableOf(alerted, definition('category', 'month'))).toEqual({
      columns: ['March 2026', 'April 2026', 'May 2026'],
      rows: [
        ['Behaviour', 2, 2, 0, 4],
        ['Bullying', 1, 0, 1, 2],
        ['Cyberbullying', 0, 0, 1, 1],
      ],
      columnTotals: [2, 2, 1],
      total: 5,
    });
    const page = await getCustomReportPage(alerted, {});
    expect(page.categories.map((c) => c.name)).not.toContain('Child Protection');
  });

  it('a key holder restricted to tutor group 7A counts only 7A', async () => {
    await inSchool(a.id, (tx) =>
      tx
        .insert(classRestrictionMembers)
        .values({ id: randomUUID(), schoolId: a.id, groupKind: 'tutor', groupName: '7A', userId: pastoralId }),
    );
    const restricted = (await signedIn(withSettings(a, { classRestrictions: 'tutor' }), pastoralId, { elevated: true }))
      .ctx;
    expect(await tableOf(restricted, definition('tutor-group'))).toMatchObject({ rows: [['7A', 2]], total: 2 });
  });

  it('refuses a teacher and a key holder without their key, and writes nothing', async () => {
    const before = await runs();
    await expect(runReport(teacher, definition('category'))).rejects.toBeInstanceOf(NotAllowedError);
    await expect(getCustomReportPage(teacher, {})).rejects.toBeInstanceOf(NotAllowedError);
    await expect(runReport(dslNoKey, definition('category'))).rejects.toThrow(ELEVATE_FOR_REPORTS);
    expect(await runs()).toBe(before);
  });

  it('another school’s category ids find nothing, and its incidents are never counted', async () => {
    const foreign = definition('category', null, { categories: { match: 'any', ids: [catB['Behaviour']!] } });
    expect(await tableOf(dsl, foreign)).toEqual({ columns: [], rows: [], columnTotals: [], total: 0 });
    expect(await tableOf(dslB, definition('category'))).toMatchObject({ rows: [['Behaviour', 1]], total: 1 });
  });

  it('refuses a definition that is not one', async () => {
    await expect(runReport(dsl, { ...definition('category'), report: { type: 'pie' } })).rejects.toThrow();
    await expect(runReport(dsl, { ...definition('category'), extra: 1 })).rejects.toThrow();
  });
});

async function runs() {
  return (
    await inSchool(a.id, (tx) =>
      tx
        .select({ id: auditLog.id })
        .from(auditLog)
        .where(and(eq(auditLog.schoolId, a.id), eq(auditLog.action, 'report.run'))),
    )
  ).length;
}

describe('the form and the audit', () => {
  it('runs from the form’s fields and records the definition, never a pupil', async () => {
    const page = await getCustomReportPage(dsl, {
      range: 'between',
      from: '2026-03-01',
      to: '2026-04-30',
      category: [cat['Behaviour']!],
      status: 'any',
      recordedBy: '',
      primary: 'tutor-group',
      secondary: '',
    });
    expect(page.form.fieldErrors).toEqual({});
    expect(page.run?.table.rows.map((r) => [r.label, r.total])).toEqual([
      ['7A', 2],
      ['7B', 1],
      ['8A', 1],
    ]);
    const rows = await inSchool(a.id, (tx) =>
      tx
        .select({ details: auditLog.details, actor: auditLog.actorUserId, entity: auditLog.entityType })
        .from(auditLog)
        .where(and(eq(auditLog.schoolId, a.id), eq(auditLog.action, 'report.run'))),
    );
    const row = rows.find((r) => (r.details as { to?: string }).to === '2026-04-30');
    expect(row).toMatchObject({ actor: dsl.user.id, entity: null });
    expect(row!.details).toEqual({ definition: page.run!.definition, from: '2026-03-01', to: '2026-04-30' });
    expect(JSON.stringify(row!.details)).not.toMatch(/Ann|Ashe|studentId/);
  });

  it('keeps what was typed and answers bad fields next to them, running nothing', async () => {
    const before = await runs();
    const page = await getCustomReportPage(dsl, {
      range: 'between',
      from: '2026-04-30',
      to: '2026-03-01',
      primary: 'shoe-size',
      secondary: '',
    });
    expect(page.run).toBeNull();
    expect(page.form.values).toMatchObject({ from: '2026-04-30', to: '2026-03-01', primary: 'shoe-size' });
    expect(page.form.fieldErrors.primary).toEqual(['Choose a grouping from the list.']);
    const dates = await getCustomReportPage(dsl, {
      range: 'between',
      from: '2026-04-30',
      to: '2026-03-01',
      primary: 'category',
    });
    expect(dates.form.fieldErrors).toEqual({ to: ['Choose an end date on or after the start date.'] });
    expect(await runs()).toBe(before);
  });
});
