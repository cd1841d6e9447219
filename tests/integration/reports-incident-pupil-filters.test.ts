/**
 * The pupil filters and the incident form's dropdown custom fields on
 * incident reports, against a real database with numbers counted by hand:
 * each pupil filter on the incident's own pupil (pupils who have left only
 * when asked), monitoring only in categories the runner may see, a class
 * restriction still applied, the listing and the files going through the
 * same condition, and another school's ids or a field's unknown option
 * refused beside the field with nothing run.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils, monitor } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import { categories, classRestrictionMembers, incidents, studentProfiles, students, userGroups } from '@/db/schema';
import { createIncident } from '@/lib/incidents/create';
import { DEFAULT_USER_GROUPS } from '@/lib/schools/defaults';
import { defaultForm } from '@/lib/settings/form-definition';
import type { NameStyle } from '@/lib/students/names';
import type { School, UserCtx } from '@/lib/tenancy/context';
import { getCustomReportPage, runReport } from '@/lib/reports';
import { prepareReportExport } from '@/lib/reports/export';
import { NO_PUPIL_FILTERS, type PupilFilters } from '@/lib/reports/pupil-filters';

withTestDatabase();

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const NOW = new Date('2026-06-01T12:00:00Z');
const SHOWN: NameStyle = { source: 'preferred', order: 'first-last', hidden: false };
const LOCATION = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
const TRAVEL = '7a2e3d4c-5b6f-4a71-8b8c-0d1e2f3a4b5c';

let a: School;
let dsl: UserCtx;
let pastoral: UserCtx;
let head8: UserCtx;
let cat: Record<string, string>;
let catB: Record<string, string>;

const withForms = (school: School): School => ({
  ...school,
  settings: {
    ...school.settings,
    incidentForm: [
      ...school.settings.incidentForm,
      {
        kind: 'custom',
        advice: '',
        field: {
          id: LOCATION,
          label: 'Location',
          kind: 'dropdown',
          options: ['Playground', 'Corridor', 'Online'],
          multiple: true,
          required: false,
          categoryIds: [],
          retired: false,
        },
      },
    ],
    studentForm: [
      ...defaultForm('student'),
      {
        kind: 'custom',
        advice: '',
        field: {
          id: TRAVEL,
          label: 'Travel',
          kind: 'dropdown',
          options: ['Bus', 'Walk'],
          multiple: false,
          required: false,
          categoryIds: [],
          retired: false,
        },
      },
    ],
  },
});

async function person(school: School, email: string, group: string) {
  const id = await makeUser({
    email,
    displayName: email.split('@')[0]!,
    memberships: { [school.slug]: group },
    totpSecret: SECRET,
  });
  return { id, ctx: (await signedIn(school, id, { elevated: true })).ctx };
}

const definition = (filters: { pupils?: PupilFilters; customFields?: Record<string, string[]> } = {}) => ({
  version: 1,
  subject: 'incidents',
  filters: {
    dates: { kind: 'any' },
    categories: { match: 'any', ids: [] },
    status: 'any',
    recordedBy: { mode: 'only', ids: [] },
    ...filters,
  },
  report: { type: 'summary-table', primary: { by: 'pupil' }, secondary: null },
});

/** The pupils counted, each with their number of incidents, and the total. */
async function counted(ctx: UserCtx, def: unknown) {
  const { table } = await runReport(ctx, def, undefined, SHOWN);
  return { rows: table.rows.map((r) => [r.label, r.total]), total: table.total };
}
const pupils = (f: Partial<PupilFilters>) => definition({ pupils: { ...NO_PUPIL_FILTERS, ...f } });

beforeAll(async () => {
  a = withForms(await makeSchool('incpupil-a'));
  const b = await makeSchool('incpupil-b');
  await inSchool(a.id, (tx) =>
    tx
      .update(userGroups)
      .set({ permissions: [...DEFAULT_USER_GROUPS.find((g) => g.name === 'Pastoral')!.permissions, 'reports.run'] })
      .where(and(eq(userGroups.schoolId, a.id), eq(userGroups.name, 'Pastoral'))),
  );
  dsl = (await person(a, 'dsl@ip.example.org', 'DSL')).ctx;
  pastoral = (await person(a, 'pastoral@ip.example.org', 'Pastoral')).ctx;
  const h = await person(a, 'hoy8@ip.example.org', 'DSL');
  await inSchool(a.id, (tx) =>
    tx
      .insert(classRestrictionMembers)
      .values({ id: randomUUID(), schoolId: a.id, groupKind: 'year', groupName: 'Year 8', userId: h.id }),
  );
  head8 = (await signedIn({ ...a, settings: { ...a.settings, classRestrictions: 'year' } }, h.id, { elevated: true }))
    .ctx;
  const names = async (school: School) =>
    Object.fromEntries(
      (await inSchool(school.id, (tx) => tx.select({ id: categories.id, name: categories.name }).from(categories))).map(
        (r) => [r.name, r.id],
      ),
    );
  cat = await names(a);
  catB = await names(b);

  const [ann, ben, cal] = (await addPupils(a.id, [
    { legalForename: 'Ann', legalSurname: 'Ashe', yearGroup: 'Year 7', tutorGroup: '7A', dateOfBirth: '2014-01-10' },
    { legalForename: 'Ben', legalSurname: 'Bell', yearGroup: 'Year 8', tutorGroup: '8A', dateOfBirth: '2013-01-10' },
    { legalForename: 'Cal', legalSurname: 'Cole', yearGroup: 'Year 8', tutorGroup: '8B', dateOfBirth: '2012-11-10' },
  ])) as [string, string, string];
  const set = (id: string, v: Partial<typeof students.$inferInsert>) =>
    inSchool(a.id, (tx) =>
      tx
        .update(students)
        .set(v)
        .where(and(eq(students.schoolId, a.id), eq(students.id, id))),
    );
  await set(ann, { pupilPremium: true, gender: 'Female' });
  await set(cal, { pupilPremium: true, gender: 'Male' });
  await monitor(a.id, ann, cat['Child Protection']!);
  await inSchool(a.id, (tx) =>
    tx.insert(studentProfiles).values({ schoolId: a.id, studentId: ann, customFields: { [TRAVEL]: 'Bus' } }),
  );
  const add = async (studentId: string, category: string, location: unknown) => {
    const { incidentId } = await createIncident(
      dsl,
      { studentId, text: 'Something happened.', categoryIds: cat[category]!, occurredAt: '2026-03-02T10:00' },
      NOW,
    );
    await inSchool(a.id, (tx) =>
      tx
        .update(incidents)
        .set({ customFields: { [LOCATION]: location } })
        .where(and(eq(incidents.schoolId, a.id), eq(incidents.id, incidentId))),
    );
  };
  await add(ann, 'Behaviour', 'Playground');
  await add(ann, 'Child Protection', ['Corridor', 'Online']);
  await add(ben, 'Behaviour', 'Online');
  await add(cal, 'Bullying', 'Playground');
  // Cal has left since.
  await set(cal, { archivedAt: new Date('2026-04-01T00:00:00Z'), archivedReason: 'left' });
});

describe('pupil filters on incident reports', () => {
  it('without them every pupil counts, those who have left too (as stored reports always did)', async () => {
    expect(await counted(dsl, definition())).toEqual({
      rows: [
        ['Ann Ashe', 2],
        ['Ben Bell', 1],
        ['Cal Cole', 1],
      ],
      total: 4,
    });
  });

  it('counts only incidents whose pupil matches; pupils who have left only when included', async () => {
    expect(await counted(dsl, pupils({ pupilPremium: true }))).toEqual({ rows: [['Ann Ashe', 2]], total: 2 });
    expect(await counted(dsl, pupils({ pupilPremium: true, includeArchived: true }))).toEqual({
      rows: [
        ['Ann Ashe', 2],
        ['Cal Cole', 1],
      ],
      total: 3,
    });
    expect(await counted(dsl, pupils({ yearGroup: 'Year 8' }))).toEqual({ rows: [['Ben Bell', 1]], total: 1 });
    expect(await counted(dsl, pupils({ gender: 'Female', age: { from: 12, to: 12 } }))).toEqual({
      rows: [['Ann Ashe', 2]],
      total: 2,
    });
    expect(await counted(dsl, pupils({ custom: [{ fieldId: TRAVEL, value: 'Bus' }] }))).toEqual({
      rows: [['Ann Ashe', 2]],
      total: 2,
    });
  });

  it('monitoring matches only in categories the runner may see: a forged one counts nothing', async () => {
    const cp = pupils({
      monitored: { when: 'now', from: null, to: null, categoryIds: [cat['Child Protection']!], match: 'any' },
    });
    expect(await counted(dsl, cp)).toEqual({ rows: [['Ann Ashe', 2]], total: 2 });
    // Pastoral sees who is monitored in Child Protection but not its incidents: only Ann's other one counts.
    expect(await counted(pastoral, cp)).toEqual({ rows: [['Ann Ashe', 1]], total: 1 });
    const other = pupils({
      monitored: { when: 'ever', from: null, to: null, categoryIds: [catB['Child Protection']!], match: 'any' },
    });
    expect(await counted(dsl, other)).toEqual({ rows: [], total: 0 });
  });

  it('a head restricted to Year 8 still counts only Year 8’s pupils', async () => {
    expect(await counted(head8, pupils({ includeArchived: true }))).toEqual({
      rows: [
        ['Ben Bell', 1],
        ['Cal Cole', 1],
      ],
      total: 2,
    });
    expect(await counted(head8, pupils({ pupilPremium: true }))).toEqual({ rows: [], total: 0 });
  });
});

describe('incident custom fields as filters', () => {
  it('an incident with any chosen option of a field, every field chosen', async () => {
    expect(await counted(dsl, definition({ customFields: { [LOCATION]: ['Playground'] } }))).toEqual({
      rows: [
        ['Ann Ashe', 1],
        ['Cal Cole', 1],
      ],
      total: 2,
    });
    expect(await counted(dsl, definition({ customFields: { [LOCATION]: ['Online'] } }))).toEqual({
      rows: [
        ['Ann Ashe', 1],
        ['Ben Bell', 1],
      ],
      total: 2,
    });
    expect(
      await counted(
        dsl,
        definition({ customFields: { [LOCATION]: ['Online'] }, pupils: { ...NO_PUPIL_FILTERS, yearGroup: 'Year 8' } }),
      ),
    ).toEqual({ rows: [['Ben Bell', 1]], total: 1 });
  });
});

describe('the Custom report page and its files', () => {
  const query = { range: 'any', primary: 'pupil' };

  it('runs the table and the listing from the pupil filter fields', async () => {
    const page = await getCustomReportPage(
      dsl,
      { ...query, yearGroup: 'Year 8', [`icf-${LOCATION}`]: 'Online' },
      SHOWN,
    );
    expect(page.form.fieldErrors).toEqual({});
    expect(page.run?.table.rows.map((r) => [r.label, r.total])).toEqual([['Ben Bell', 1]]);
    expect(page.filterChoices.incidentFields.map((f) => f.label)).toEqual(['Location']);
    expect(page.filterChoices.pupilOptions.yearGroup).toEqual(['Year 7', 'Year 8']);
    const listing = await getCustomReportPage(
      dsl,
      { ...query, display: 'listing', include: 'incidents', pupilPremium: 'yes' },
      SHOWN,
    );
    expect(listing.listing?.total).toBe(2);
  });

  it('names the pupil filters in the file’s head, and the file counts what the page does', async () => {
    const exp = await prepareReportExport(
      dsl,
      { ...query, yearGroup: 'Year 8', [`icf-${LOCATION}`]: 'Online' },
      'xlsx',
      SHOWN,
    );
    expect(exp.filters).toEqual(
      expect.arrayContaining([
        ['Year group', 'Year 8'],
        ['Location', 'Online'],
        ['Pupils who have left', 'Left out'],
      ]),
    );
    expect(exp.run.table.total).toBe(1);
  });

  it('refuses another school’s category, an unknown field or option beside the field, keeping what was typed', async () => {
    const page = await getCustomReportPage(dsl, {
      ...query,
      monitored: 'now',
      monitoredCategory: catB['Child Protection']!,
      [`icf-${LOCATION}`]: ['Online', 'Roof'],
      [`icf-${randomUUID()}`]: 'Anything',
      [`cf-${TRAVEL}`]: 'Rocket',
    });
    expect(page.run).toBeNull();
    expect(page.form.fieldErrors.monitoredCategory).toEqual(['Choose categories from the list.']);
    expect(page.form.fieldErrors[`icf-${LOCATION}`]).toEqual(['Choose Location options from the list.']);
    expect(page.form.fieldErrors[`cf-${TRAVEL}`]).toEqual(['Choose Travel options from the list.']);
    expect(Object.keys(page.form.fieldErrors).filter((k) => k.startsWith('icf-'))).toHaveLength(2);
    expect(page.form.values.incidentFields[LOCATION]).toEqual(['Online', 'Roof']);
    expect(page.form.values.pupils.custom[TRAVEL]).toBe('Rocket');
    await expect(prepareReportExport(dsl, { ...query, [`icf-${LOCATION}`]: 'Roof' }, 'xlsx', SHOWN)).rejects.toThrow(
      /Correct the report’s fields/,
    );
  });
});
