/**
 * The Custom report's later filters and groupings against a real database,
 * with numbers counted by hand: categories matched all together, words of the
 * incident's text (whole words, any case or accent; Any / All / Exclude),
 * recorded by anyone but some, assigned to (or unassigned), agencies, the
 * linked pupils' copies left out, and groupings by assignee, agency, hour,
 * academic year, pupil and the pupil's attributes — each under the same
 * `incident.report` condition (a group without a category, a class
 * restriction), with another school's ids finding nothing and a definition
 * stored before these filters existed running as it did.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import { agencies, categories, classRestrictionMembers, incidents, students, userGroups } from '@/db/schema';
import { createIncident } from '@/lib/incidents/create';
import { DEFAULT_USER_GROUPS } from '@/lib/schools/defaults';
import type { NameStyle } from '@/lib/students/names';
import type { School, UserCtx } from '@/lib/tenancy/context';
import { getCustomReportPage, runReport, type ReportDefinition } from '@/lib/reports';
import type { ReportGrouping } from '@/lib/reports/definition';

withTestDatabase();

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const NOW = new Date('2026-06-01T12:00:00Z');
const SHOWN: NameStyle = { source: 'preferred', order: 'first-last', hidden: false };

let a: School;
let teacher: UserCtx;
let dsl: UserCtx;
let pastoral: UserCtx;
let pastoralId: string;
let dslB: UserCtx;
let cat: Record<string, string>;
let catB: Record<string, string>;
let police: string;
let social: string;
let policeB: string;
let i1: string;
let i2: string;
let i5: string;

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

async function addAgency(school: School, name: string) {
  const id = randomUUID();
  await inSchool(school.id, (tx) => tx.insert(agencies).values({ id, schoolId: school.id, name }));
  return id;
}

type By = ReportGrouping;

function definition(primary: By, filters: Partial<ReportDefinition['filters']> = {}, secondary: By | null = null) {
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
  } satisfies ReportDefinition;
}

/** Each row's label and total, and the grand total. */
async function counted(ctx: UserCtx, def: unknown, style: NameStyle | undefined = SHOWN) {
  const { table } = await runReport(ctx, def, undefined, style);
  return { rows: table.rows.map((r) => [r.label, ...r.cells, r.total]), total: table.total };
}
const totalOf = async (ctx: UserCtx, def: unknown) => (await counted(ctx, def)).total;

beforeAll(async () => {
  a = await makeSchool('filters-a');
  const b = await makeSchool('filters-b');
  await inSchool(a.id, (tx) =>
    tx
      .update(userGroups)
      .set({ permissions: [...DEFAULT_USER_GROUPS.find((g) => g.name === 'Pastoral')!.permissions, 'reports.run'] })
      .where(and(eq(userGroups.schoolId, a.id), eq(userGroups.name, 'Pastoral'))),
  );
  teacher = (await person(a, 'teacher@fa.example.org', 'Tom Hughes', 'Teachers', false)).ctx;
  dsl = (await person(a, 'dsl@fa.example.org', 'David Okafor', 'DSL', true)).ctx;
  const p = await person(a, 'hoy@fa.example.org', 'Ben Price', 'Pastoral', true);
  pastoral = p.ctx;
  pastoralId = p.id;
  dslB = (await person(b, 'dsl@fb.example.org', 'Imran Shah', 'DSL', true)).ctx;
  cat = await categoryIds(a);
  catB = await categoryIds(b);
  police = await addAgency(a, 'Police');
  social = await addAgency(a, 'Social Care');
  policeB = await addAgency(b, 'Police');

  const [ann, ben, cal] = (await addPupils(a.id, [
    { legalForename: 'Ann', legalSurname: 'Ashe', yearGroup: 'Year 7', tutorGroup: '7A' },
    { legalForename: 'Ben', legalSurname: 'Bell', yearGroup: 'Year 7', tutorGroup: '7B' },
    { legalForename: 'Cal', legalSurname: 'Cole', yearGroup: 'Year 8', tutorGroup: '8A' },
  ])) as [string, string, string];
  const [other] = (await addPupils(b.id, [{ legalForename: 'Other', legalSurname: 'School' }])) as [string];
  await inSchool(a.id, async (tx) => {
    const set = (id: string, v: Partial<typeof students.$inferInsert>) =>
      tx
        .update(students)
        .set(v)
        .where(and(eq(students.schoolId, a.id), eq(students.id, id)));
    await set(ann, {
      gender: 'Female',
      senStatus: 'K',
      pupilPremium: true,
      ethnicity: 'White British',
      religion: 'None',
    });
    await set(ben, { gender: 'Male', senStatus: 'N', eal: true, freeSchoolMeals: true, ethnicity: 'Black African' });
    await set(cal, { gender: 'Female', senStatus: 'E', lookedAfter: true, religion: 'Christian' });
  });

  const add = async (
    studentId: string,
    names: string[],
    occurredAt: string,
    text: string,
    more: { by?: UserCtx; agencyIds?: string[]; linked?: string } = {},
  ) =>
    (
      await createIncident(
        more.by ?? teacher,
        {
          studentId,
          text,
          categoryIds: names.map((n) => cat[n]!).join(','),
          occurredAt,
          agencyIds: (more.agencyIds ?? []).join(','),
          ...(more.linked ? { linked: JSON.stringify([{ studentId: more.linked, role: 'involved' }]) } : {}),
        },
        NOW,
      )
    ).incidentId;
  i1 = await add(ann, ['Behaviour'], '2026-03-02T10:00', 'Ann was pushed in the corridor.', {
    agencyIds: [police],
  });
  i2 = await add(ben, ['Behaviour', 'Bullying'], '2026-03-10T14:30', 'Bullying at lunch; Zoë was upset.', {
    agencyIds: [police, social],
    linked: cal,
  });
  // 09:15 in London in British Summer Time.
  const i3 = await add(cal, ['Child Protection'], '2026-04-01T09:15', 'Disclosure to the form tutor.', {
    agencyIds: [social],
  });
  // The summer of the academic year before.
  await add(ann, ['Bullying'], '2025-07-15T16:05', 'Pushed again, and name-calling.', { by: dsl });
  i5 = await add(ben, ['Behaviour'], '2026-05-04T10:00', "100% sure it was a 'joke' about Zoe_B.");
  await inSchool(a.id, async (tx) => {
    await tx
      .update(incidents)
      .set({ assigneeId: dsl.user.id })
      .where(and(eq(incidents.schoolId, a.id), eq(incidents.id, i1)));
    await tx
      .update(incidents)
      .set({ assigneeId: pastoralId })
      .where(and(eq(incidents.schoolId, a.id), inArray(incidents.id, [i3])));
  });
  await createIncident(
    dslB,
    {
      studentId: other,
      text: 'Pushed in the other school.',
      categoryIds: catB['Behaviour']!,
      occurredAt: '2026-03-02T10:00',
    },
    NOW,
  );
});

describe('filters', () => {
  it('categories: any of them, or all of them together', async () => {
    const both = [cat['Behaviour']!, cat['Bullying']!];
    expect(await totalOf(dsl, definition('tutor-group', { categories: { match: 'any', ids: both } }))).toBe(5);
    // Only the incident in Behaviour and Bullying (and its linked copy for Cal).
    expect(await counted(dsl, definition('pupil', { categories: { match: 'all', ids: both } }))).toEqual({
      rows: [
        ['Ben Bell', 1],
        ['Cal Cole', 1],
      ],
      total: 2,
    });
  });

  it('words: whole words, any case or accent; any, all or none of them', async () => {
    const words = (match: 'any' | 'all' | 'exclude', list: string[]) => definition('pupil', { words: { match, list } });
    expect(await counted(dsl, words('any', ['PUSHED']))).toEqual({ rows: [['Ann Ashe', 2]], total: 2 });
    // Part of a word is not the word.
    expect(await totalOf(dsl, words('any', ['push']))).toBe(0);
    // Zoë and its linked copy; not "Zoe_B", where _ joins the letters into one word.
    expect(await counted(dsl, words('any', ['zoe']))).toEqual({
      rows: [
        ['Ben Bell', 1],
        ['Cal Cole', 1],
      ],
      total: 2,
    });
    expect(await totalOf(dsl, words('any', ['ZOË']))).toBe(2);
    expect(await totalOf(dsl, words('any', ['joke', 'corridor']))).toBe(2);
    expect(await totalOf(dsl, words('all', ['pushed', 'again']))).toBe(1);
    expect(await totalOf(dsl, words('exclude', ['pushed']))).toBe(4);
    expect(await totalOf(dsl, words('any', ['name-calling']))).toBe(1);
  });

  it('recorded by: only them, or anyone but them', async () => {
    expect(await totalOf(dsl, definition('status', { recordedBy: { mode: 'only', ids: [dsl.user.id] } }))).toBe(1);
    expect(await totalOf(dsl, definition('status', { recordedBy: { mode: 'exclude', ids: [dsl.user.id] } }))).toBe(5);
  });

  it('assigned to: someone, no one, or either', async () => {
    const to = (ids: string[], unassigned: boolean) => definition('status', { assignedTo: { ids, unassigned } });
    expect(await totalOf(dsl, to([dsl.user.id], false))).toBe(1);
    expect(await totalOf(dsl, to([], true))).toBe(4);
    expect(await totalOf(dsl, to([dsl.user.id], true))).toBe(5);
  });

  it('agencies: an incident naming any of the chosen', async () => {
    expect(await totalOf(dsl, definition('status', { agencies: { ids: [police] } }))).toBe(3);
    expect(await totalOf(dsl, definition('status', { agencies: { ids: [social] } }))).toBe(3);
    expect(await totalOf(dsl, definition('status', { agencies: { ids: [police, social] } }))).toBe(4);
  });

  it('linked incidents: left out, each incident counts once, for the pupil it was recorded about', async () => {
    expect(await counted(dsl, definition('pupil', { includeLinked: false }))).toEqual({
      rows: [
        ['Ann Ashe', 2],
        ['Ben Bell', 2],
        ['Cal Cole', 1],
      ],
      total: 5,
    });
    expect(await totalOf(dsl, definition('pupil', { includeLinked: true }))).toBe(6);
  });

  it('another school’s category, staff and agency ids find nothing', async () => {
    expect(await totalOf(dsl, definition('status', { categories: { match: 'all', ids: [catB['Behaviour']!] } }))).toBe(
      0,
    );
    expect(await totalOf(dsl, definition('status', { recordedBy: { mode: 'only', ids: [dslB.user.id] } }))).toBe(0);
    expect(await totalOf(dsl, definition('status', { assignedTo: { ids: [dslB.user.id], unassigned: false } }))).toBe(
      0,
    );
    expect(await totalOf(dsl, definition('status', { agencies: { ids: [policeB] } }))).toBe(0);
    expect(await totalOf(dslB, definition('status', { words: { match: 'any', list: ['pushed'] } }))).toBe(1);
    expect(await totalOf(dslB, definition('status', { words: { match: 'any', list: ['corridor'] } }))).toBe(0);
  });

  it('refuses hostile words with a message, and runs nothing', async () => {
    for (const list of [
      ['%'],
      ['_'],
      ["'"],
      ["a' OR 1=1 --"],
      ['x'.repeat(51)],
      Array.from({ length: 1000 }, (_, i) => `w${i}`),
    ]) {
      await expect(runReport(dsl, definition('status', { words: { match: 'any', list } }))).rejects.toThrow();
    }
    const page = await getCustomReportPage(dsl, { primary: 'status', range: 'any', word: ['%', 'pushed'] });
    expect(page.run).toBeNull();
    expect(page.form.values.word).toEqual(['%', 'pushed']);
    expect(page.form.fieldErrors.word).toEqual(['Enter single words: letters and digits, no spaces or symbols.']);
  });

  it('a definition stored before these filters runs as it always did: linked copies counted', async () => {
    const old = definition('tutor-group');
    expect(Object.keys(old.filters)).toEqual(['dates', 'categories', 'status', 'recordedBy']);
    expect(await counted(dsl, old)).toEqual({
      rows: [
        ['7A', 2],
        ['7B', 2],
        ['8A', 2],
      ],
      total: 6,
    });
  });
});

describe('groupings', () => {
  it('by assignee, agency (an incident under each it names) and hour of day in the school’s zone', async () => {
    expect(await counted(dsl, definition('assigned-to'))).toEqual({
      rows: [
        ['Ben Price', 1],
        ['David Okafor', 1],
        ['Unassigned', 4],
      ],
      total: 6,
    });
    expect(await counted(dsl, definition('agency'))).toEqual({
      rows: [
        ['Police', 3],
        ['Social Care', 3],
        ['No agency from the list', 2],
      ],
      total: 6,
    });
    expect(await counted(dsl, definition('hour'))).toEqual({
      rows: [
        ['09:00–09:59', 1],
        ['10:00–10:59', 2],
        ['14:00–14:59', 2],
        ['16:00–16:59', 1],
      ],
      total: 6,
    });
    // Agency across category: each incident under each of its agencies and categories, totals once.
    const { table } = await runReport(dsl, definition('agency', {}, 'category'));
    expect(table.columns.map((c) => c.label)).toEqual(['Child Protection', 'Behaviour', 'Bullying']);
    expect(table.rows.map((r) => [r.label, ...r.cells, r.total])).toEqual([
      ['Police', 0, 3, 2, 3],
      ['Social Care', 1, 2, 2, 3],
      ['No agency from the list', 0, 1, 1, 2],
    ]);
    expect([table.columnTotals, table.total]).toEqual([[1, 4, 3], 6]);
  });

  it('by academic year from the calendar (England default without one)', async () => {
    expect(await counted(dsl, definition('academic-year'))).toEqual({
      rows: [
        ['2024/25', 1],
        ['2025/26', 5],
      ],
      total: 6,
    });
  });

  it('by pupil, in the runner’s name style, names hidden when asked or not told', async () => {
    expect((await counted(dsl, definition('pupil'))).rows).toEqual([
      ['Ann Ashe', 2],
      ['Ben Bell', 2],
      ['Cal Cole', 2],
    ]);
    expect((await counted(dsl, definition('pupil'), { ...SHOWN, hidden: true })).rows).toEqual([
      ['A*** A***', 2],
      ['B*** B***', 2],
      ['C*** C***', 2],
    ]);
    // A caller that gives no style shows initials only.
    const { table } = await runReport(dsl, definition('pupil'));
    expect(table.rows[0]?.label).toBe('A*** A***');
  });

  it('by the pupil’s attributes: each copy counts for its own pupil', async () => {
    const rowsBy = async (by: By) => (await counted(dsl, definition(by))).rows;
    expect(await rowsBy('gender')).toEqual([
      ['Female', 4],
      ['Male', 2],
    ]);
    expect(await rowsBy('sen-status')).toEqual([
      ['No special educational needs', 2],
      ['SEN support', 2],
      ['Education, health and care plan', 2],
    ]);
    expect(await rowsBy('pupil-premium')).toEqual([
      ['Pupil premium', 2],
      ['Not pupil premium', 4],
    ]);
    expect(await rowsBy('eal')).toEqual([
      ['English as an additional language', 2],
      ['Not EAL', 4],
    ]);
    expect(await rowsBy('fsm')).toEqual([
      ['Free school meals', 2],
      ['No free school meals', 4],
    ]);
    expect(await rowsBy('looked-after')).toEqual([
      ['Looked after', 2],
      ['Not looked after', 4],
    ]);
    expect(await rowsBy('ethnicity')).toEqual([
      ['Black African', 2],
      ['White British', 2],
      ['Ethnicity not recorded', 2],
    ]);
    expect(await rowsBy('religion')).toEqual([
      ['Christian', 2],
      ['None', 2],
      ['Religion not recorded', 2],
    ]);
  });

  it('a group that cannot view Child Protection counts none of it under any grouping', async () => {
    expect(await counted(pastoral, definition('agency'))).toEqual({
      rows: [
        ['Police', 3],
        ['Social Care', 2],
        ['No agency from the list', 2],
      ],
      total: 5,
    });
    expect((await counted(pastoral, definition('assigned-to'))).rows).toEqual([
      ['David Okafor', 1],
      ['Unassigned', 4],
    ]);
  });

  it('a key holder restricted to tutor group 7A counts only 7A’s pupil', async () => {
    await inSchool(a.id, (tx) =>
      tx
        .insert(classRestrictionMembers)
        .values({ id: randomUUID(), schoolId: a.id, groupKind: 'tutor', groupName: '7A', userId: pastoralId }),
    );
    const restricted = (await signedIn(withSettings(a, { classRestrictions: 'tutor' }), pastoralId, { elevated: true }))
      .ctx;
    expect(await counted(restricted, definition('pupil'))).toEqual({ rows: [['Ann Ashe', 2]], total: 2 });
    expect(await counted(restricted, definition('gender', { words: { match: 'any', list: ['zoe'] } }))).toEqual({
      rows: [],
      total: 0,
    });
  });
});

describe('the form', () => {
  it('runs from the form’s fields, every new choice at once', async () => {
    const page = await getCustomReportPage(
      dsl,
      {
        range: 'any',
        primary: 'pupil',
        category: [cat['Behaviour']!, cat['Bullying']!],
        categoryMatch: 'all',
        word: ['lunch'],
        wordMatch: 'any',
        recordedBy: dsl.user.id,
        recordedByMode: 'exclude',
        assignedTo: 'unassigned',
        agency: [social],
        linked: 'exclude',
      },
      SHOWN,
    );
    expect(page.form.fieldErrors).toEqual({});
    expect(page.agencies.map((x) => x.name)).toEqual(['Police', 'Social Care']);
    expect(page.run?.definition.filters).toMatchObject({
      categories: { match: 'all' },
      words: { match: 'any', list: ['lunch'] },
      recordedBy: { mode: 'exclude', ids: [dsl.user.id] },
      assignedTo: { ids: [], unassigned: true },
      agencies: { ids: [social] },
      includeLinked: false,
    });
    expect(page.run?.table.rows.map((r) => [r.label, r.total])).toEqual([['Ben Bell', 1]]);
  });

  it('keeps the words typed without JavaScript, parted by spaces and commas, and refuses too many', async () => {
    const typed = await getCustomReportPage(dsl, { primary: 'status', range: 'any', word: 'pushed, again' }, SHOWN);
    expect(typed.form.values.word).toEqual(['pushed', 'again']);
    expect(typed.run?.table.total).toBe(2);
    const many = await getCustomReportPage(dsl, {
      primary: 'status',
      word: Array.from({ length: 1000 }, (_, i) => `w${i}`),
    });
    expect(many.run).toBeNull();
    expect(many.form.fieldErrors.word).toEqual(['Enter at most 20 words.']);
    const long = await getCustomReportPage(dsl, { primary: 'status', word: 'x'.repeat(5000) });
    expect(long.form.fieldErrors.word).toEqual(['Enter words of at most 50 characters.']);
  });

  it('answers a forged choice next to its field', async () => {
    const page = await getCustomReportPage(dsl, { primary: 'status', wordMatch: 'some', assignedTo: 'nobody' });
    expect(page.run).toBeNull();
    expect(page.form.fieldErrors.wordMatch).toEqual(['Choose any, all or none of the words.']);
    const assignee = await getCustomReportPage(dsl, { primary: 'status', assignedTo: 'nobody' });
    expect(assignee.form.fieldErrors.assignedTo).toEqual(['Choose from the list.']);
  });
});

describe('a dropdown custom field as a grouping', () => {
  const FIELD = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
  const by = `custom-field:${FIELD}` as const;
  const withField = () => {
    const form = [
      ...a.settings.incidentForm,
      {
        kind: 'custom' as const,
        advice: '',
        field: {
          id: FIELD,
          label: 'Location',
          kind: 'dropdown' as const,
          options: ['Playground', 'Corridor', 'Online'],
          multiple: true,
          required: false,
          categoryIds: [],
          retired: false,
        },
      },
    ];
    return { ...dsl, school: withSettings(a, { incidentForm: form }) } as UserCtx;
  };

  beforeAll(async () => {
    const answer = (id: string, value: unknown) =>
      inSchool(a.id, (tx) =>
        tx
          .update(incidents)
          .set({ customFields: { [FIELD]: value } })
          .where(and(eq(incidents.schoolId, a.id), eq(incidents.id, id))),
      );
    await answer(i1, 'Corridor');
    await answer(i2, ['Playground', 'Online']);
    await answer(i5, 'Playground');
  });

  it('counts an incident under each option recorded, and once in the total', async () => {
    const { table } = await runReport(withField(), definition(by), undefined, SHOWN);
    expect(table.primary.label).toBe('Location');
    expect(table.rows.map((r) => [r.label, r.total])).toEqual([
      ['Corridor', 1],
      ['Online', 1],
      ['Playground', 2],
      ['No answer', 3],
    ]);
    expect(table.total).toBe(6);
    const page = await getCustomReportPage(withField(), { range: 'any', primary: 'status', secondary: by }, SHOWN);
    expect(page.groupingFields).toEqual([{ by, label: 'Location', deleted: false }]);
    expect(page.run?.table.columns.map((c) => c.label)).toEqual(['Corridor', 'Online', 'Playground', 'No answer']);
    expect(page.run?.table.rows.map((r) => [r.label, ...r.cells, r.total])).toEqual([['Active', 1, 1, 2, 3, 6]]);
  });

  it('refuses a field the school’s form never had beside the grouping, running nothing', async () => {
    const page = await getCustomReportPage(dsl, { range: 'any', primary: by });
    expect(page.run).toBeNull();
    expect(page.form.fieldErrors).toEqual({ primary: ['Choose a grouping from the list.'] });
    const forged = await getCustomReportPage(dsl, { range: 'any', primary: "custom-field:' or 1=1" });
    expect(forged.form.fieldErrors).toEqual({ primary: ['Choose a grouping from the list.'] });
  });
});
