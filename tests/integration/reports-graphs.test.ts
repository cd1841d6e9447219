/**
 * Reporting → Graphs and Overview, and summary charts, against a real
 * database: each figure is counted under the permission engine. A runner
 * whose group cannot see a category gets neither its count nor its name
 * (incidents: Child Protection for Pastoral; monitoring: Prevent); a key
 * holder restricted to a tutor group counts only its pupils; archived pupils
 * and another school's pupils, incidents, monitoring and marks never count; a
 * teacher or a key holder without their key is refused and nothing is
 * written; each view leaves an audit row.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils, monitor } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import { attendanceMarks, auditLog, categories, classRestrictionMembers, students, userGroups } from '@/db/schema';
import { academicYearOn } from '@/lib/calendar/rule';
import { NotAllowedError } from '@/lib/errors';
import { createIncident } from '@/lib/incidents/create';
import {
  ELEVATE_FOR_REPORTS,
  getGraphsPage,
  getOverviewPage,
  runReport,
  type ChartSpec,
  type GraphsPage,
  type IncidentGrouping,
  type ReportDefinition,
} from '@/lib/reports';
import { DEFAULT_USER_GROUPS } from '@/lib/schools/defaults';
import { DEFAULT_NAME_STYLE } from '@/lib/students/names';
import type { School, UserCtx } from '@/lib/tenancy/context';
import { dateInZone } from '@/lib/time';

withTestDatabase();

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

let a: School;
let b: School;
let teacher: UserCtx;
let dsl: UserCtx;
let dslNoKey: UserCtx;
let pastoral: UserCtx;
let pastoralId: string;
let dslB: UserCtx;
let cat: Record<string, string>;
let colours: Record<string, string>;
let ids: Record<'ann' | 'ben' | 'cal', string>;
// The first day of this academic year (the England default: these schools have no calendar of their own).
let day: string;

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

async function categoryRows(school: School) {
  return inSchool(school.id, (tx) =>
    tx.select({ id: categories.id, name: categories.name, colour: categories.colour }).from(categories),
  );
}

/** A chart as a person reads it: each group with the count (and share) of each series. */
const read = (spec: ChartSpec) =>
  spec.labels.map((label, i) => [
    label,
    ...spec.series.flatMap((s) => (spec.unit === 'percent' ? [s.counts[i], s.values[i]] : [s.counts[i]])),
  ]);
const graph = (page: GraphsPage, id: string) => read(page.graphs.find((g) => g.id === id)!.spec);

async function marks(school: School, studentId: string, am: string, pm: string) {
  await inSchool(school.id, (tx) =>
    tx.insert(attendanceMarks).values([
      { schoolId: school.id, studentId, date: day, session: 'AM', code: am },
      { schoolId: school.id, studentId, date: day, session: 'PM', code: pm },
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

async function runs() {
  return (
    await inSchool(a.id, (tx) =>
      tx
        .select({ details: auditLog.details })
        .from(auditLog)
        .where(and(eq(auditLog.schoolId, a.id), eq(auditLog.action, 'report.run'))),
    )
  ).map((r) => (r.details as { view?: string }).view ?? 'custom');
}

beforeAll(async () => {
  a = await makeSchool('graphs-a');
  b = await makeSchool('graphs-b');
  day = academicYearOn([], dateInZone(a.timeZone)).startsOn;
  await inSchool(a.id, (tx) =>
    tx
      .update(userGroups)
      .set({ permissions: [...DEFAULT_USER_GROUPS.find((g) => g.name === 'Pastoral')!.permissions, 'reports.run'] })
      .where(and(eq(userGroups.schoolId, a.id), eq(userGroups.name, 'Pastoral'))),
  );
  teacher = (await person(a, 'teacher@ga.example.org', 'Tom Hughes', 'Teachers', false)).ctx;
  dsl = (await person(a, 'dsl@ga.example.org', 'David Okafor', 'DSL', true)).ctx;
  dslNoKey = { ...dsl, user: { ...dsl.user, elevated: false } } as UserCtx;
  const p = await person(a, 'hoy@ga.example.org', 'Ben Price', 'Pastoral', true);
  pastoral = p.ctx;
  pastoralId = p.id;
  dslB = (await person(b, 'dsl@gb.example.org', 'Imran Shah', 'DSL', true)).ctx;
  const rows = await categoryRows(a);
  cat = Object.fromEntries(rows.map((r) => [r.name, r.id]));
  colours = Object.fromEntries(rows.map((r) => [r.name, r.colour]));
  const catB = Object.fromEntries((await categoryRows(b)).map((r) => [r.name, r.id]));

  const [ann, ben, cal, dee] = (await addPupils(a.id, [
    { legalForename: 'Ann', legalSurname: 'Ashe', yearGroup: 'Year 7', tutorGroup: '7A' },
    { legalForename: 'Ben', legalSurname: 'Bell', yearGroup: 'Year 7', tutorGroup: '7B' },
    { legalForename: 'Cal', legalSurname: 'Cole', yearGroup: 'Year 8', tutorGroup: '8A' },
    { legalForename: 'Dee', legalSurname: 'Dale', yearGroup: 'Year 7', tutorGroup: '7A', archived: true },
  ])) as [string, string, string, string];
  ids = { ann, ben, cal };
  const [other] = (await addPupils(b.id, [{ legalForename: 'Other', legalSurname: 'School', tutorGroup: '7A' }])) as [
    string,
  ];
  await describePupil(a, ann, { senStatus: 'K', ethnicity: 'White British', religion: 'Christian' });
  await describePupil(a, ben, { senStatus: 'N', ethnicity: 'Indian', religion: 'Hindu' });
  await describePupil(a, cal, { senStatus: 'N', ethnicity: 'White British', religion: null });
  await describePupil(a, dee, { senStatus: 'E', ethnicity: 'Polish', religion: 'Catholic' });
  await describePupil(b, other, { senStatus: 'E', ethnicity: 'Polish', religion: 'Catholic' });

  // Before the incidents: an incident starts monitoring in its categories by itself when none is running.
  await monitor(a.id, ann, cat['Prevent']!);
  await monitor(a.id, ben, cat['Behaviour']!);
  await monitor(a.id, cal, cat['Child Protection']!);
  await monitor(a.id, cal, cat['Behaviour']!);
  await monitor(a.id, dee, cat['Behaviour']!);
  await monitor(b.id, other, catB['Behaviour']!);

  const add = async (by: UserCtx, studentId: string, names: string[], ofCat = cat) =>
    createIncident(by, {
      studentId,
      text: 'On the first day.',
      categoryIds: names.map((n) => ofCat[n]!).join(','),
      occurredAt: `${day}T00:30`,
    });
  await add(teacher, ann, ['Behaviour']);
  await add(teacher, ben, ['Behaviour', 'Bullying']);
  await add(teacher, cal, ['Child Protection']);
  await add(dslB, other, ['Behaviour'], catB);

  await marks(a, ann, '/', 'O'); // half a day, unauthorised
  await marks(a, ben, '/', '/');
  await marks(a, cal, 'I', '/'); // half a day, authorised (illness)
  await marks(a, dee, 'O', 'O');
  await marks(b, other, 'O', 'O');
});

describe('Graphs', () => {
  it('counts incidents, monitoring, pupils and attendance this year, archived pupils left out', async () => {
    const page = await getGraphsPage(dsl);
    expect(graph(page, 'incidents-by-category')).toEqual([
      ['Child Protection', 1],
      ['Behaviour', 2],
      ['Bullying', 1],
    ]);
    // Each category in its own colour.
    expect(page.graphs[0]!.spec.series[0]!.colours).toEqual([
      colours['Child Protection'],
      colours['Behaviour'],
      colours['Bullying'],
    ]);
    const months = graph(page, 'incidents-by-month');
    expect(months).toHaveLength(12);
    expect(months[0]).toEqual([expect.stringMatching(/^September \d{4}$/), 3]);
    expect(months.slice(1).every(([, n]) => n === 0)).toBe(true);
    expect(graph(page, 'monitored')).toEqual([
      ['Child Protection', 1],
      ['Behaviour', 3],
      ['Bullying', 1],
      ['Prevent', 1],
    ]);
    expect(graph(page, 'sen')).toEqual([
      ['No special educational needs', 2],
      ['SEN support', 1],
    ]);
    expect(graph(page, 'ethnicity')).toEqual([
      ['White British', 2],
      ['Indian', 1],
    ]);
    expect(graph(page, 'religion')).toEqual([
      ['Christian', 1],
      ['Hindu', 1],
      ['Not recorded', 1],
    ]);
    // Authorised then unauthorised: sessions and share of the class's possible sessions.
    expect(graph(page, 'absences-by-class')).toEqual([
      ['7A', 0, 0, 1, 50],
      ['7B', 0, 0, 0, 0],
      ['8A', 1, 50, 0, 0],
    ]);
    expect(graph(page, 'unauthorised-absences')).toEqual([[expect.stringMatching(/^September \d{4}$/), 1, 16.7]]);
  });

  it('a runner who cannot see a category gets neither its count nor its name', async () => {
    const page = await getGraphsPage(pastoral);
    expect(graph(page, 'incidents-by-category')).toEqual([
      ['Behaviour', 2],
      ['Bullying', 1],
    ]);
    expect(graph(page, 'incidents-by-month')[0]![1]).toBe(2);
    // Pastoral see Child Protection pupils but not Prevent's.
    expect(graph(page, 'monitored')).toEqual([
      ['Child Protection', 1],
      ['Behaviour', 3],
      ['Bullying', 1],
    ]);
    expect(JSON.stringify(page)).not.toContain('Prevent');
  });

  it('a key holder restricted to tutor group 7A counts only 7A', async () => {
    await inSchool(a.id, (tx) =>
      tx
        .insert(classRestrictionMembers)
        .values({ id: randomUUID(), schoolId: a.id, groupKind: 'tutor', groupName: '7A', userId: pastoralId }),
    );
    const restricted = (await signedIn(withSettings(a, { classRestrictions: 'tutor' }), pastoralId, { elevated: true }))
      .ctx;
    const page = await getGraphsPage(restricted);
    expect(graph(page, 'incidents-by-category')).toEqual([['Behaviour', 1]]);
    // Ann's Prevent monitoring is not Pastoral's to see; her Behaviour incident started Behaviour monitoring.
    expect(graph(page, 'monitored')).toEqual([['Behaviour', 1]]);
    expect(graph(page, 'sen')).toEqual([['SEN support', 1]]);
    expect(graph(page, 'absences-by-class')).toEqual([['7A', 0, 0, 1, 50]]);
    const overview = await getOverviewPage(restricted, DEFAULT_NAME_STYLE);
    expect(overview.incidents.total).toBe(1);
    expect(overview.attendance).toMatchObject({ possible: 2, percentage: 50 });
    // One pupil: not "highest" and "lowest" at once.
    expect([...overview.highest, ...overview.lowest]).toEqual([]);
  });

  it('another school’s pupils, incidents, monitoring and marks are its own', async () => {
    const page = await getGraphsPage(dslB);
    expect(graph(page, 'incidents-by-category')).toEqual([['Behaviour', 1]]);
    expect(graph(page, 'monitored')).toEqual([['Behaviour', 1]]);
    expect(graph(page, 'sen')).toEqual([['Education, health and care plan', 1]]);
    expect(graph(page, 'absences-by-class')).toEqual([['7A', 0, 0, 2, 100]]);
    expect(JSON.stringify(await getGraphsPage(dsl))).not.toMatch(/Polish|Catholic|Education, health/);
  });
});

describe('Overview', () => {
  it('monitored pupils, incidents this year, whole-school attendance, highest and lowest attendees', async () => {
    const page = await getOverviewPage(dsl, DEFAULT_NAME_STYLE);
    expect(page.monitored.total).toBe(3);
    expect(read(page.monitored.spec)).toEqual([
      ['Child Protection', 1],
      ['Behaviour', 3],
      ['Bullying', 1],
      ['Prevent', 1],
    ]);
    expect(page.incidents.total).toBe(3);
    expect(read(page.incidents.spec)).toEqual([
      ['Child Protection', 1],
      ['Behaviour', 2],
      ['Bullying', 1],
    ]);
    expect(page.attendance).toMatchObject({ possible: 6, percentage: 66.7, authorised: 16.7, unauthorised: 16.7 });
    expect(page.highest).toEqual([{ id: ids.ben, name: 'Ben Bell', group: '7B · Year 7', percentage: 100 }]);
    expect(page.lowest).toEqual([
      { id: expect.any(String), name: expect.any(String), group: expect.any(String), percentage: 50 },
    ]);
    expect([ids.ann, ids.cal]).toContain(page.lowest[0]!.id);
  });

  it('hides names when the viewer asks, and leaves out what a runner may not see', async () => {
    const hidden = await getOverviewPage(dsl, { ...DEFAULT_NAME_STYLE, hidden: true });
    expect(hidden.highest[0]!.name).not.toContain('Ben');
    const page = await getOverviewPage(pastoral, DEFAULT_NAME_STYLE);
    expect(page.incidents.total).toBe(2);
    expect(JSON.stringify(page)).not.toContain('Prevent');
    expect(read(page.incidents.spec).map(([l]) => l)).not.toContain('Child Protection');
  });
});

describe('refusals and the audit log', () => {
  it('refuses a teacher and a key holder without their key, and writes nothing', async () => {
    const before = (await runs()).length;
    await expect(getGraphsPage(teacher)).rejects.toBeInstanceOf(NotAllowedError);
    await expect(getOverviewPage(teacher, DEFAULT_NAME_STYLE)).rejects.toBeInstanceOf(NotAllowedError);
    await expect(getGraphsPage(dslNoKey)).rejects.toThrow(ELEVATE_FOR_REPORTS);
    await expect(getOverviewPage(dslNoKey, DEFAULT_NAME_STYLE)).rejects.toThrow(ELEVATE_FOR_REPORTS);
    expect((await runs()).length).toBe(before);
  });

  it('each view is recorded as a report run', async () => {
    const before = await runs();
    await getGraphsPage(dsl);
    await getOverviewPage(dsl, DEFAULT_NAME_STYLE);
    expect((await runs()).slice(before.length)).toEqual(['graphs', 'overview']);
  });
});

describe('a summary chart through the engine', () => {
  const chart = (secondary: { by: IncidentGrouping } | null): ReportDefinition => ({
    version: 1,
    subject: 'incidents',
    filters: {
      dates: { kind: 'quick', range: 'this-academic-year' },
      categories: { match: 'any', ids: [] },
      status: 'any',
      recordedBy: { mode: 'only', ids: [] },
    },
    report: {
      type: 'summary-chart',
      chart: 'column',
      values: 'counts',
      series: 'stacked',
      primary: { by: 'tutor-group' },
      secondary,
    },
  });

  it('draws the table’s counts, a series per category in its colour, and only what the runner may see', async () => {
    const run = await runReport(dsl, chart({ by: 'category' }));
    expect(run.chart!.labels).toEqual(['7A', '7B', '8A']);
    expect(run.chart!.series.map((s) => [s.label, s.colours[0], ...s.counts])).toEqual([
      ['Child Protection', colours['Child Protection'], 0, 0, 1],
      ['Behaviour', colours['Behaviour'], 1, 1, 0],
      ['Bullying', colours['Bullying'], 0, 1, 0],
    ]);
    const limited = await runReport(pastoral, chart({ by: 'category' }));
    expect(limited.chart!.series.map((s) => s.label)).toEqual(['Behaviour', 'Bullying']);
    const table = {
      ...chart(null),
      report: { type: 'summary-table', primary: { by: 'tutor-group' }, secondary: null },
    };
    expect((await runReport(dsl, table)).chart).toBeNull();
  });
});
