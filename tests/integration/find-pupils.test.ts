/**
 * Finding pupils against a real database: Quick Student Search (accents,
 * apostrophes, partial words, legal and preferred names, keywords), the
 * monitored, class and category lists with their filters and counts, and the
 * abuse cases: another school's pupils and ids, no permission, no key, a
 * category the viewer may not see, and a key holder restricted to tutor group
 * 7A who must not reach 8B by search, list, category, count or suggestions.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { categoryIdByName } from '../support/categories';
import { expectNoLeak, seedTwoSchools } from '../support/isolation';
import { addPupils, monitor } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import { classRestrictionMembers, schools, studentProfiles } from '@/db/schema';
import { NotAllowedError } from '@/lib/errors';
import { findSchoolBySlug } from '@/lib/schools/queries';
import type { School, UserCtx } from '@/lib/tenancy/context';
import { DEFAULT_NAME_STYLE } from '@/lib/students/names';
import {
  finderCapabilities,
  listCategoryOptions,
  listGroupOptions,
  listStudents,
  searchStudents,
  studentSuggestions,
  type FoundStudent,
} from '@/lib/students/queries';
import { makeCtx } from '@/lib/tenancy/make-ctx';
import { SYSTEM_PERMISSIONS } from '@/lib/access';

withTestDatabase();

/** Elevation needs a key: every key holder here has this authenticator secret. */
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

const categoryId = (school: School, name: string) => categoryIdByName(school.id, name);

const names = (items: FoundStudent[]) => items.map((s) => `${s.preferredForename} ${s.preferredSurname}`);

let a: School;
let b: School;
let dsl: UserCtx;
let dslNoKey: UserCtx;
let pastoral: UserCtx;
let teacher: UserCtx;
let bDsl: UserCtx;
const ids: Record<string, string> = {};
const cat: Record<string, string> = {};

beforeAll(async () => {
  a = await makeSchool('finda', 'Finding School A');
  b = await makeSchool('findb', 'Finding School B');
  const [zoe, seun, jacob, lukasz, siobhan, leaver, groupless] = await addPupils(a.id, [
    { legalForename: 'Zoë', legalSurname: "O'Brien", tutorGroup: '7A', yearGroup: 'Year 7' },
    {
      legalForename: 'Oluwaseun',
      legalSurname: 'Adeyemi',
      preferredForename: 'Seun',
      tutorGroup: '8B',
      yearGroup: 'Year 8',
    },
    { legalForename: 'Jacob', legalSurname: 'Smith', tutorGroup: '7A', yearGroup: 'Year 7' },
    { legalForename: 'Łukasz', legalSurname: 'Kowalczyk', tutorGroup: '10A', yearGroup: 'Year 10' },
    { legalForename: 'Siobhán', legalSurname: 'Ní Bhriain', tutorGroup: '9C', yearGroup: 'Year 9' },
    { legalForename: 'Olive', legalSurname: 'Leaver', tutorGroup: '11A', yearGroup: 'Year 11', archived: true },
    { legalForename: 'Nadia', legalSurname: 'Nogroup', tutorGroup: null, yearGroup: null },
  ]);
  Object.assign(ids, { zoe, seun, jacob, lukasz, siobhan, leaver, groupless });
  ids.bZoe = (
    await addPupils(b.id, [{ legalForename: 'Zoe', legalSurname: 'Obrien', tutorGroup: '7A', yearGroup: 'Year 7' }])
  )[0]!;
  for (const n of ['Bullying', 'Child Protection', 'Neglect', 'Prevent', 'Medical']) cat[n] = await categoryId(a, n);
  cat.bBullying = await categoryId(b, 'Bullying');
  await monitor(a.id, zoe!, cat.Bullying!);
  await monitor(a.id, zoe!, cat.Medical!);
  await monitor(a.id, seun!, cat.Prevent!);
  await monitor(a.id, lukasz!, cat.Neglect!);
  await monitor(a.id, leaver!, cat.Bullying!);
  await monitor(b.id, ids.bZoe!, cat.bBullying!);
  // Haven's own keywords for Jacob, folded as the profile stores them.
  await inSchool(a.id, (tx) =>
    tx
      .insert(studentProfiles)
      .values({ schoolId: a.id, studentId: jacob!, keywords: ['County lines'], keywordKey: 'county lines' }),
  );

  const person = (school: School, email: string, group: string) =>
    makeUser({ email, displayName: email.split('@')[0]!, memberships: { [school.slug]: group }, totpSecret: SECRET });
  const dslId = await person(a, 'dsl@finda.test', 'DSL');
  dsl = (await signedIn(a, dslId, { elevated: true })).ctx;
  dslNoKey = (await signedIn(a, dslId)).ctx;
  pastoral = (await signedIn(a, await person(a, 'hoy@finda.test', 'Pastoral'), { elevated: true })).ctx;
  teacher = (await signedIn(a, await person(a, 'teacher@finda.test', 'Teachers'), { elevated: true })).ctx;
  bDsl = (await signedIn(b, await person(b, 'dsl@findb.test', 'DSL'), { elevated: true })).ctx;
});

describe('Quick Student Search', () => {
  it.each([
    ['zoe', 'Zoë'],
    ['ZOË', 'Zoë'],
    ['obrien', 'Zoë'],
    ["O'Brien", 'Zoë'],
    ['o’brien', 'Zoë'],
    ['zoe ob', 'Zoë'],
    ['ob zoe', 'Zoë'],
    ['brie', 'Zoë'],
    ['seun', 'Seun'],
    ['oluwaseun', 'Seun'],
    ['adeyemi', 'Seun'],
    ['lukasz', 'Łukasz'],
    ['kowal', 'Łukasz'],
    ['ni bhriain', 'Siobhán'],
    ['siobhan', 'Siobhán'],
    ['county', 'Jacob'],
    ['jacob lines', 'Jacob'],
  ])('"%s" finds %s', async (query, forename) => {
    const { items } = await searchStudents(dsl, query);
    expect(items.map((s) => s.preferredForename)).toContain(forename);
  });

  it('needs every typed word: "zoe smith" finds nobody', async () => {
    expect((await searchStudents(dsl, 'zoe smith')).items).toEqual([]);
  });

  it('nothing searchable typed is no search at all', async () => {
    expect(await searchStudents(dsl, "  '-. ")).toEqual({ terms: [], items: [], truncated: false });
  });

  it('names starting with the typed word come first, then by surname', async () => {
    const { items } = await searchStudents(dsl, 'ob');
    // O'Brien starts with "ob"; Jacob and Siobhán only contain it.
    expect(names(items)).toEqual(["Zoë O'Brien", 'Siobhán Ní Bhriain', 'Jacob Smith']);
  });

  it('returns groups, archive state and the lozenges the viewer may see, in category order', async () => {
    const [zoe] = (await searchStudents(dsl, 'zoe')).items;
    expect(zoe).toMatchObject({ id: ids.zoe, tutorGroup: '7A', yearGroup: 'Year 7', archived: false });
    expect(zoe!.categories.map((c) => c.name)).toEqual(['Bullying', 'Medical']);
    expect(zoe!.categories[0]).toMatchObject({ colour: '#7e22ce', textColour: '#ffffff' });
    const [seun] = (await searchStudents(pastoral, 'seun')).items;
    // Pastoral staff find Seun but may not see that he is monitored for Prevent.
    expect(seun!.categories).toEqual([]);
    expect((await searchStudents(dsl, 'seun')).items[0]!.categories.map((c) => c.name)).toEqual(['Prevent']);
  });

  it('archived pupils only when asked for, and only with "view students without a group"', async () => {
    expect((await searchStudents(dsl, 'leaver')).items).toEqual([]);
    const withArchived = await searchStudents(dsl, 'leaver', { includeArchived: true });
    expect(withArchived.items.map((s) => [s.id, s.archived])).toEqual([[ids.leaver, true]]);
    expect((await searchStudents(pastoral, 'leaver', { includeArchived: true })).items).toEqual([]);
    // Pupils without a group need the same permission.
    expect((await searchStudents(dsl, 'nadia')).items.map((s) => s.id)).toEqual([ids.groupless]);
    expect((await searchStudents(pastoral, 'nadia')).items).toEqual([]);
  });

  it('never returns another school’s pupils', async () => {
    expect((await searchStudents(dsl, 'zoe')).items.map((s) => s.id)).toEqual([ids.zoe]);
    expect((await searchStudents(bDsl, 'zoe')).items.map((s) => s.id)).toEqual([ids.bZoe]);
  });

  it('finds nothing without the key, or without the permission to list pupils', async () => {
    expect((await searchStudents(dslNoKey, 'zoe')).items).toEqual([]);
    expect((await searchStudents(teacher, 'zoe')).items).toEqual([]);
  });

  it('stops at the limit and says there were more', async () => {
    const r = await searchStudents(dsl, 'o', { limit: 2 });
    expect(r.items).toHaveLength(2);
    expect(r.truncated).toBe(true);
  });
});

describe('suggestions as you type', () => {
  it('sends formatted names (masked in hide-names mode), groups and lozenges', async () => {
    const { items } = await studentSuggestions(dsl, 'zoe ob', { includeArchived: false }, DEFAULT_NAME_STYLE);
    expect(items).toEqual([
      {
        id: ids.zoe,
        name: "Zoë O'Brien",
        group: '7A · Year 7',
        archived: false,
        categories: [
          { name: 'Bullying', colour: '#7e22ce', textColour: '#ffffff' },
          { name: 'Medical', colour: '#15803d', textColour: '#ffffff' },
        ],
      },
    ]);
    const hidden = await studentSuggestions(
      dsl,
      'zoe ob',
      { includeArchived: false },
      { ...DEFAULT_NAME_STYLE, hidden: true },
    );
    expect(hidden.items[0]!.name).toBe("Z*** O'B***");
    const legal = await studentSuggestions(
      dsl,
      'seun',
      { includeArchived: false },
      { source: 'legal', order: 'last-first', hidden: false },
    );
    expect(legal.items[0]!.name).toBe('Adeyemi, Oluwaseun');
  });

  it('refuses without the key or the permission', async () => {
    await expect(studentSuggestions(dslNoKey, 'zoe', { includeArchived: false }, DEFAULT_NAME_STYLE)).rejects.toThrow(
      'Elevate your access to search for pupils.',
    );
    await expect(
      studentSuggestions(teacher, 'zoe', { includeArchived: false }, DEFAULT_NAME_STYLE),
    ).rejects.toBeInstanceOf(NotAllowedError);
  });
});

describe('lists', () => {
  it('"Monitored students": everyone monitored in a category the viewer may see, with counts', async () => {
    const all = await listStudents(dsl);
    expect(all.kind).toBe('monitored');
    expect(names(all.items)).toEqual(['Seun Adeyemi', 'Łukasz Kowalczyk', "Zoë O'Brien"]);
    expect(all.total).toBe(3);
    const withArchived = await listStudents(dsl, { includeArchived: true });
    expect(withArchived.total).toBe(4);
    expect(withArchived.items.find((s) => s.id === ids.leaver)?.archived).toBe(true);
    // Pastoral staff do not see Prevent: Seun is not on their list at all.
    const theirs = await listStudents(pastoral);
    expect(names(theirs.items)).toEqual(['Łukasz Kowalczyk', "Zoë O'Brien"]);
    expect(theirs.total).toBe(2);
  });

  it('a class register lists the whole group with lozenges', async () => {
    const register = await listStudents(dsl, { group: '7A' });
    expect(register).toMatchObject({ kind: 'group', groupKind: 'tutor', total: 2 });
    expect(names(register.items)).toEqual(["Zoë O'Brien", 'Jacob Smith']);
    expect(register.items[0]!.categories.map((c) => c.name)).toEqual(['Bullying', 'Medical']);
    expect(register.items[1]!.categories).toEqual([]);
  });

  it('the register follows the school’s dashboard group type', async () => {
    await inSchool(a.id, (tx) =>
      tx
        .update(schools)
        .set({ settings: { ...a.settings, dashboardGroupType: 'year' } })
        .where(eq(schools.id, a.id)),
    );
    try {
      const yearCtx: UserCtx = { ...dsl, school: (await findSchoolBySlug('finda'))! };
      const list = await listStudents(yearCtx, { group: 'Year 7' });
      expect(list).toMatchObject({ groupKind: 'year', total: 2 });
      expect((await listGroupOptions(yearCtx)).groups.map((g) => g.name)).toEqual([
        'Year 7',
        'Year 8',
        'Year 9',
        'Year 10',
      ]);
    } finally {
      await inSchool(a.id, (tx) => tx.update(schools).set({ settings: a.settings }).where(eq(schools.id, a.id)));
    }
  });

  it('a category list includes its sub-categories; a sub-category only itself', async () => {
    const cp = await listStudents(dsl, { categoryId: cat['Child Protection'] });
    expect(cp).toMatchObject({ kind: 'category', total: 1 });
    expect(cp.items.map((s) => s.id)).toEqual([ids.lukasz]);
    expect((await listStudents(dsl, { categoryId: cat.Neglect })).items.map((s) => s.id)).toEqual([ids.lukasz]);
    expect((await listStudents(dsl, { categoryId: cat.Bullying })).items.map((s) => s.id)).toEqual([ids.zoe]);
    const both = await listStudents(dsl, { group: '7A', categoryId: cat.Bullying });
    expect(both).toMatchObject({ kind: 'group-category', total: 1 });
  });

  it('a category the viewer may not see, or another school’s, lists nobody', async () => {
    expect(await listStudents(pastoral, { categoryId: cat.Prevent })).toMatchObject({ items: [], total: 0 });
    expect(await listStudents(dsl, { categoryId: cat.bBullying })).toMatchObject({ items: [], total: 0 });
  });

  it('offers the groups with pupils the viewer may list, in natural order, with counts', async () => {
    expect((await listGroupOptions(dsl)).groups).toEqual([
      { name: '7A', pupils: 2 },
      { name: '8B', pupils: 1 },
      { name: '9C', pupils: 1 },
      { name: '10A', pupils: 1 },
    ]);
    expect((await listGroupOptions(dsl, { includeArchived: true })).groups.map((g) => g.name)).toContain('11A');
    expect((await listGroupOptions(pastoral, { includeArchived: true })).groups.map((g) => g.name)).not.toContain(
      '11A',
    );
  });

  it('offers the categories whose monitoring the viewer may see, with counts of pupils they may list', async () => {
    const options = await listCategoryOptions(dsl);
    const byName = Object.fromEntries(options.map((o) => [o.name, o.pupils]));
    expect(byName).toMatchObject({
      Bullying: 1,
      'Child Protection': 1,
      Neglect: 1,
      Prevent: 1,
      Medical: 1,
      Behaviour: 0,
    });
    // Sub-categories follow their parent.
    const order = options.map((o) => o.name);
    expect(order.indexOf('Neglect')).toBe(order.indexOf('Child Protection') + 4);
    expect(
      Object.fromEntries((await listCategoryOptions(dsl, { includeArchived: true })).map((o) => [o.name, o.pupils]))
        .Bullying,
    ).toBe(2);
    expect((await listCategoryOptions(pastoral)).map((o) => o.name)).not.toContain('Prevent');
  });

  it('without the key or the permission: no pupils, no counts, no filters', async () => {
    for (const ctx of [dslNoKey, teacher]) {
      expect(await listStudents(ctx)).toMatchObject({ items: [], total: 0 });
      expect(await listStudents(ctx, { group: '7A' })).toMatchObject({ items: [], total: 0 });
      expect((await listGroupOptions(ctx)).groups).toEqual([]);
      expect(await listCategoryOptions(ctx)).toEqual([]);
    }
  });

  it('rejects a malformed category id before it reaches the database', async () => {
    await expect(listStudents(dsl, { categoryId: "x' or 1=1 --" })).rejects.toThrow();
  });

  it('says what each person is offered', async () => {
    expect(await finderCapabilities(dsl)).toEqual({
      access: 'allowed',
      mayIncludeArchived: true,
      mayUpdateCategories: true,
    });
    expect(await finderCapabilities(pastoral)).toEqual({
      access: 'allowed',
      mayIncludeArchived: false,
      mayUpdateCategories: true,
    });
    expect(await finderCapabilities(dslNoKey)).toEqual({
      access: 'needs_elevation',
      mayIncludeArchived: false,
      mayUpdateCategories: false,
    });
    expect(await finderCapabilities(teacher)).toEqual({
      access: 'not_allowed',
      mayIncludeArchived: false,
      mayUpdateCategories: false,
    });
  });
});

describe('a key holder restricted to tutor group 7A', () => {
  let r: School;
  let tutor: UserCtx;
  let lead: UserCtx;
  const rIds: Record<string, string> = {};
  let bullying: string;

  beforeAll(async () => {
    r = await makeSchool('findr', 'Restricted School');
    await inSchool(r.id, (tx) =>
      tx
        .update(schools)
        .set({ settings: { ...r.settings, classRestrictions: 'tutor' } })
        .where(eq(schools.id, r.id)),
    );
    r = (await findSchoolBySlug('findr'))!;
    const [amy, ben] = await addPupils(r.id, [
      { legalForename: 'Amy', legalSurname: 'Able', tutorGroup: '7A', yearGroup: 'Year 7' },
      { legalForename: 'Ben', legalSurname: 'Bright', tutorGroup: '8B', yearGroup: 'Year 8' },
    ]);
    Object.assign(rIds, { amy, ben });
    bullying = await categoryId(r, 'Bullying');
    await monitor(r.id, amy!, bullying);
    await monitor(r.id, ben!, bullying);
    const tutorId = await makeUser({
      email: 'tutor@findr.test',
      displayName: 'Tutor Seven',
      memberships: { findr: 'Pastoral' },
      totpSecret: SECRET,
    });
    const leadId = await makeUser({
      email: 'lead@findr.test',
      displayName: 'Lead',
      memberships: { findr: 'DSL' },
      totpSecret: SECRET,
    });
    await inSchool(r.id, (tx) =>
      tx.insert(classRestrictionMembers).values([
        { id: randomUUID(), schoolId: r.id, groupKind: 'tutor', groupName: '7A', userId: tutorId },
        { id: randomUUID(), schoolId: r.id, groupKind: 'tutor', groupName: '7A', userId: leadId },
        { id: randomUUID(), schoolId: r.id, groupKind: 'tutor', groupName: '8B', userId: leadId },
      ]),
    );
    tutor = (await signedIn(r, tutorId, { elevated: true })).ctx;
    lead = (await signedIn(r, leadId, { elevated: true })).ctx;
  });

  it('finds 7A by search and never 8B', async () => {
    expect((await searchStudents(tutor, 'amy')).items.map((s) => s.id)).toEqual([rIds.amy]);
    expect((await searchStudents(tutor, 'ben')).items).toEqual([]);
    expect((await searchStudents(tutor, 'b')).items.map((s) => s.id)).toEqual([rIds.amy]);
    expect((await searchStudents(lead, 'ben')).items.map((s) => s.id)).toEqual([rIds.ben]);
  });

  it('sees no 8B pupil in suggestions', async () => {
    expect((await studentSuggestions(tutor, 'ben', { includeArchived: true }, DEFAULT_NAME_STYLE)).items).toEqual([]);
  });

  it('sees no 8B pupil in any list or count', async () => {
    expect(await listStudents(tutor, { group: '8B' })).toMatchObject({ items: [], total: 0 });
    const monitored = await listStudents(tutor);
    expect(monitored.items.map((s) => s.id)).toEqual([rIds.amy]);
    expect(monitored.total).toBe(1);
    const category = await listStudents(tutor, { categoryId: bullying });
    expect(category.items.map((s) => s.id)).toEqual([rIds.amy]);
    expect(category.total).toBe(1);
    expect((await listGroupOptions(tutor)).groups).toEqual([{ name: '7A', pupils: 1 }]);
    expect((await listCategoryOptions(tutor)).find((c) => c.id === bullying)?.pupils).toBe(1);
    expect((await listCategoryOptions(lead)).find((c) => c.id === bullying)?.pupils).toBe(2);
  });
});

describe('the isolation fixture: two schools whose every text carries a marker', () => {
  it('nothing school A’s key holder finds or counts mentions school B', async () => {
    const { a: fa, b: fb } = await seedTwoSchools();
    const school = (await findSchoolBySlug(fa.slug))!;
    const ctx = makeCtx(school, {
      id: fa.userId,
      email: 'lead@example.org',
      displayName: 'Lead',
      sessionId: randomUUID(),
      membershipId: randomUUID(),
      userGroupId: fa.groupId,
      userGroupName: 'Lead',
      permissions: [...SYSTEM_PERMISSIONS],
      keyCount: 1,
      elevated: true,
      mayElevate: true,
    }) as UserCtx;
    const outputs = [
      await searchStudents(ctx, 'marker', { includeArchived: true }),
      await searchStudents(ctx, fb.marker, { includeArchived: true }),
      await listStudents(ctx, { includeArchived: true }),
      await listStudents(ctx, { group: `Tutor ${fb.marker}`, includeArchived: true }),
      await listGroupOptions(ctx, { includeArchived: true }),
      await listCategoryOptions(ctx, { includeArchived: true }),
      await studentSuggestions(ctx, 'marker', { includeArchived: true }, DEFAULT_NAME_STYLE),
    ];
    for (const out of outputs) expectNoLeak(out, fb);
    // And school A's own rows are there: the checks above looked at real results.
    expect(JSON.stringify(outputs[0])).toContain(fa.marker);
    expect((outputs[2] as Awaited<ReturnType<typeof listStudents>>).total).toBe(1);
    expect(JSON.stringify(outputs[5])).toContain(fa.marker);
  });
});
