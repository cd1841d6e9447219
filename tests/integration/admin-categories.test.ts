/**
 * Admin → Categories against a real database: who may use it, another
 * school's ids, a new sub-category with its permission grid, rename,
 * disable (refused by the add-incident service) and enable, delete only when
 * unused, and merging — what moves, what is folded, the counts, and a merge
 * racing an add.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import {
  alertRules,
  auditLog,
  categories,
  incidentCategories,
  incidents,
  monitoringPeriods,
  userGroupCategoryPermissions,
  userGroups,
} from '@/db/schema';
import {
  createCategory,
  deleteCategory,
  disableCategory,
  enableCategory,
  getCategory,
  getNewCategoryChoices,
  listCategories,
  mergeCategory,
  mergeSummary,
  renameCategory,
} from '@/lib/admin';
import { ELEVATE_FOR_ADMIN } from '@/lib/admin/guard';
import { overlappingRuns } from '@/lib/admin/category-merge';
import { NotAllowedError, NotFoundError, UserError } from '@/lib/errors';
import { addAction } from '@/lib/incidents/add-action';
import { createIncident } from '@/lib/incidents/create';
import type { Ctx, School, UserCtx } from '@/lib/tenancy/context';
import { makeCtx } from '@/lib/tenancy/make-ctx';

withTestDatabase();

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
let a: School;
let b: School;
let admin: UserCtx;
let adminUnelevated: UserCtx;
let teacher: UserCtx;
let pupils: string[];
let groups: Record<string, string>;
let bCategory: string;
let bGroup: string;

async function categoryId(school: School, name: string): Promise<string> {
  const rows = await inSchool(school.id, (tx) =>
    tx
      .select({ id: categories.id })
      .from(categories)
      .where(and(eq(categories.schoolId, school.id), eq(categories.name, name))),
  );
  if (!rows[0]) throw new Error(`no category ${name}`);
  return rows[0].id;
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e,
  );

/** A new top-level category in which the DSL group (the administrator's) may do everything. */
async function newTop(name: string, colour = '#336699'): Promise<string> {
  const rights = ['viewStudents', 'viewIncidents', 'addIncidents'].map((r) => `${groups['DSL']}:${r}`).join(',');
  return (await createCategory(admin, { name, colour, rights })).categoryId;
}

/** A new request's context: the permission subject is read once per request, so new categories show only in the next. */
const nextRequest = (ctx: UserCtx) => makeCtx(ctx.school, ctx.user, ctx.meta) as UserCtx;

async function addIncident(categoryIds: string[], studentId = pupils[0]!) {
  return createIncident(nextRequest(admin), {
    studentId,
    text: 'Something happened at lunch.',
    categoryIds: categoryIds.join(','),
    occurredAt: '2026-03-10T09:15',
  });
}

beforeAll(async () => {
  a = await makeSchool('admin-categories-a');
  b = await makeSchool('admin-categories-b');
  const adminId = await makeUser({
    email: 'dsl@cat.example.org',
    displayName: 'Dee Ess',
    memberships: { [a.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  admin = (await signedIn(a, adminId, { elevated: true })).ctx;
  adminUnelevated = makeCtx(a, { ...admin.user, elevated: false }, admin.meta) as UserCtx;
  const teacherId = await makeUser({
    email: 'teacher@cat.example.org',
    displayName: 'Tee Cher',
    memberships: { [a.slug]: 'Teachers' },
  });
  teacher = (await signedIn(a, teacherId)).ctx;
  pupils = await addPupils(a.id, [
    { legalForename: 'Ada', legalSurname: 'One' },
    { legalForename: 'Ben', legalSurname: 'Two' },
    { legalForename: 'Cal', legalSurname: 'Three' },
  ]);
  const g = await inSchool(a.id, (tx) => tx.select({ id: userGroups.id, name: userGroups.name }).from(userGroups));
  groups = Object.fromEntries(g.map((r) => [r.name, r.id]));
  bCategory = await categoryId(b, 'Behaviour');
  bGroup = (await inSchool(b.id, (tx) => tx.select({ id: userGroups.id }).from(userGroups)))[0]!.id;
});

describe('who may use Admin → Categories', () => {
  let n = 0;
  const surfaces: [string, (ctx: Ctx) => Promise<unknown>][] = [
    ['list', (ctx) => listCategories(ctx)],
    ['open one', async (ctx) => getCategory(ctx, await categoryId(a, 'Behaviour'))],
    ['new form', (ctx) => getNewCategoryChoices(ctx)],
    ['create', (ctx) => createCategory(ctx, { name: `Table ${++n}`, colour: '#123456', rights: '' })],
    [
      'rename',
      async (ctx) =>
        renameCategory(ctx, { categoryId: await categoryId(a, 'Other'), name: 'Other', colour: '#000000' }),
    ],
    ['disable', async (ctx) => disableCategory(ctx, { categoryId: await categoryId(a, 'Other') })],
    ['enable', async (ctx) => enableCategory(ctx, { categoryId: await categoryId(a, 'Other') })],
    ['delete', async (ctx) => deleteCategory(ctx, { categoryId: await categoryId(a, 'Other') })],
    [
      'merge',
      async (ctx) =>
        mergeCategory(ctx, {
          categoryId: await categoryId(a, 'Other'),
          targetId: await categoryId(a, 'Medical'),
          confirmName: 'Other',
        }),
    ],
  ];
  for (const [role, ctxOf, message] of [
    ['administrator without their key', () => adminUnelevated, ELEVATE_FOR_ADMIN],
    ['teacher', () => teacher, undefined],
  ] as const) {
    for (const [surface, call] of surfaces) {
      it(`${role}: ${surface} → not allowed, nothing changed`, async () => {
        const before = await inSchool(a.id, (tx) => tx.select().from(categories));
        const err = await refusal(call(ctxOf()));
        expect(err).toBeInstanceOf(NotAllowedError);
        if (message) expect((err as Error).message).toBe(message);
        expect(await inSchool(a.id, (tx) => tx.select().from(categories))).toEqual(before);
      });
    }
  }
});

describe("another school's ids", () => {
  it('are not found, and nothing changes in either school', async () => {
    const before = await inSchool(b.id, (tx) => tx.select().from(categories));
    const other = await categoryId(a, 'Medical');
    // One at a time: each call starts only when the one before has been answered.
    for (const call of [
      () => getCategory(admin, bCategory),
      () => getCategory(admin, 'not-a-uuid'),
      () => renameCategory(admin, { categoryId: bCategory, name: 'Taken over', colour: '#000000' }),
      () => disableCategory(admin, { categoryId: bCategory }),
      () => enableCategory(admin, { categoryId: bCategory }),
      () => deleteCategory(admin, { categoryId: bCategory }),
      () => mergeCategory(admin, { categoryId: bCategory, targetId: other, confirmName: 'Behaviour' }),
      () => createCategory(admin, { name: 'Foreign grid', colour: '#123456', rights: `${bGroup}:viewIncidents` }),
    ]) {
      expect(await refusal(call())).toBeInstanceOf(NotFoundError);
    }
    // As a merge target or a parent, another school's category is one not on the list.
    const merged = await refusal(
      mergeCategory(admin, { categoryId: other, targetId: bCategory, confirmName: 'Medical' }),
    );
    expect((merged as UserError).fieldErrors?.targetId).toBeDefined();
    const parent = await refusal(
      createCategory(admin, { name: 'Under B', colour: '#123456', parentId: bCategory, rights: '' }),
    );
    expect((parent as UserError).fieldErrors?.parentId).toEqual(['Choose a parent from the list.']);
    expect(await inSchool(b.id, (tx) => tx.select().from(categories))).toEqual(before);
    const names = (await listCategories(admin)).map((c) => c.name);
    expect(names).not.toContain('Foreign grid');
    expect(names).not.toContain('Under B');
  });
});

describe('a new category', () => {
  it('is saved with its parent and the rights of two groups, in one go, and audited', async () => {
    const parent = await categoryId(a, 'Bullying');
    const { categoryId: id } = await createCategory(admin, {
      name: '  Sexist  ',
      colour: '#AB12CD',
      parentId: parent,
      rights: [
        `${groups['Pastoral']}:viewStudents`,
        `${groups['Pastoral']}:viewIncidents`,
        `${groups['Teachers']}:addIncidents`,
      ].join(','),
    });
    const [row] = await inSchool(a.id, (tx) => tx.select().from(categories).where(eq(categories.id, id)));
    expect(row).toMatchObject({ name: 'Sexist', colour: '#ab12cd', parentId: parent, archivedAt: null, legacy: false });
    const rights = await inSchool(a.id, (tx) =>
      tx.select().from(userGroupCategoryPermissions).where(eq(userGroupCategoryPermissions.categoryId, id)),
    );
    expect(
      rights.map(({ userGroupId, viewStudents, viewIncidents, addIncidents }) => ({
        userGroupId,
        viewStudents,
        viewIncidents,
        addIncidents,
      })),
    ).toEqual(
      expect.arrayContaining([
        { userGroupId: groups['Pastoral'], viewStudents: true, viewIncidents: true, addIncidents: false },
        { userGroupId: groups['Teachers'], viewStudents: false, viewIncidents: false, addIncidents: true },
      ]),
    );
    expect(rights).toHaveLength(2);
    const list = await listCategories(admin);
    const item = list.find((c) => c.id === id)!;
    expect(item).toMatchObject({ parentName: 'Bullying', status: 'enabled', incidents: 0 });
    // Listed right under its parent's other sub-categories.
    expect(list.findIndex((c) => c.id === id)).toBeGreaterThan(list.findIndex((c) => c.id === parent));
    const [audit] = await inSchool(a.id, (tx) => tx.select().from(auditLog).where(eq(auditLog.entityId, id)));
    expect(audit).toMatchObject({
      action: 'admin.category_created',
      entityType: 'category',
      actorUserId: admin.user.id,
    });
  });

  it('refuses a sub-category of a sub-category, a clashing name, a bad colour — saving nothing', async () => {
    const before = (await listCategories(admin)).length;
    const sub = await categoryId(a, 'Cyberbullying');
    const deep = await refusal(createCategory(admin, { name: 'Deeper', colour: '#123456', parentId: sub, rights: '' }));
    expect((deep as UserError).fieldErrors?.parentId?.[0]).toMatch(/cannot have sub-categories/);
    const clash = await refusal(createCategory(admin, { name: 'behaviour', colour: '#123456', rights: '' }));
    expect((clash as UserError).fieldErrors?.name?.[0]).toMatch(/already has this name/);
    const grid = `${groups['DSL']}:viewIncidents`;
    const colour = await refusal(createCategory(admin, { name: 'Fine', colour: 'red', rights: grid }));
    expect(colour).toBeDefined();
    expect((await listCategories(admin)).length).toBe(before);
  });
});

describe('rename, disable, enable, delete', () => {
  it('renames (shown wherever the category is read) and audits from and to', async () => {
    const id = await newTop('Uniform');
    await addIncident([id]);
    await renameCategory(admin, { categoryId: id, name: 'Uniform and dress', colour: '#112233' });
    expect((await getCategory(admin, id)).name).toBe('Uniform and dress');
    const [audit] = await inSchool(a.id, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'admin.category_renamed'))),
    );
    expect(audit?.details).toMatchObject({
      from: { name: 'Uniform' },
      to: { name: 'Uniform and dress', colour: '#112233' },
    });
  });

  it('a disabled category is refused by the add-incident service and takes nothing; enabled, it works again', async () => {
    const id = await newTop('Lateness');
    await addIncident([id]);
    await disableCategory(admin, { categoryId: id });
    const before = (await inSchool(a.id, (tx) => tx.select().from(incidents))).length;
    const err = await refusal(addIncident([id]));
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).fieldErrors?.categoryIds).toEqual(['Choose categories from the list.']);
    expect((await inSchool(a.id, (tx) => tx.select().from(incidents))).length).toBe(before);
    // Still listed, with what it holds.
    expect((await getCategory(admin, id)).incidents).toBe(1);
    expect((await getCategory(admin, id)).neverUsed).toBe(false);
    await enableCategory(admin, { categoryId: id });
    await addIncident([id]);
    expect((await getCategory(admin, id)).incidents).toBe(2);
  });

  it('disabling a parent disables its sub-categories; a sub-category waits for its parent to be enabled', async () => {
    const parent = await categoryId(a, 'Family');
    const child = await categoryId(a, 'Bereavement');
    await disableCategory(admin, { categoryId: parent });
    expect((await getCategory(admin, child)).status).toBe('disabled');
    const err = await refusal(enableCategory(admin, { categoryId: child }));
    expect((err as Error).message).toMatch(/Enable its parent category “Family” first/);
    await enableCategory(admin, { categoryId: parent });
    await enableCategory(admin, { categoryId: child });
    expect((await getCategory(admin, child)).status).toBe('enabled');
  });

  it('deletes a category nothing used, with its rights; a used one is refused and stays', async () => {
    const unused = (
      await createCategory(admin, { name: 'Typo', colour: '#123456', rights: `${groups['DSL']}:viewIncidents` })
    ).categoryId;
    expect((await getCategory(admin, unused)).neverUsed).toBe(true);
    await deleteCategory(admin, { categoryId: unused });
    expect(await refusal(getCategory(admin, unused))).toBeInstanceOf(NotFoundError);
    const rights = await inSchool(a.id, (tx) =>
      tx.select().from(userGroupCategoryPermissions).where(eq(userGroupCategoryPermissions.categoryId, unused)),
    );
    expect(rights).toEqual([]);
    const [audit] = await inSchool(a.id, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, unused), eq(auditLog.action, 'admin.category_deleted'))),
    );
    expect(audit?.details).toMatchObject({ name: 'Typo', userGroupsWithRights: 1 });

    const used = await newTop('Used once');
    await addIncident([used]);
    const err = await refusal(deleteCategory(admin, { categoryId: used }));
    expect((err as Error).message).toMatch(/cannot be deleted/);
    expect((await getCategory(admin, used)).status).toBe('enabled');
    // A parent counts as used by its sub-categories.
    expect(await refusal(deleteCategory(admin, { categoryId: await categoryId(a, 'Prevent') }))).toBeNull();
    expect(await refusal(deleteCategory(admin, { categoryId: await categoryId(a, 'Mental Health') }))).toBeInstanceOf(
      UserError,
    );
  });
});

describe('legacy categories', () => {
  it('are listed as legacy, disabled, with no rights to any group', async () => {
    const id = randomUUID();
    await inSchool(a.id, (tx) =>
      tx.insert(categories).values({
        schoolId: a.id,
        id,
        name: 'Transferred: Concerns',
        colour: '#999999',
        legacy: true,
        archivedAt: new Date(),
      }),
    );
    expect((await listCategories(admin)).find((c) => c.id === id)).toMatchObject({ legacy: true, status: 'disabled' });
    const rights = await inSchool(a.id, (tx) =>
      tx.select().from(userGroupCategoryPermissions).where(eq(userGroupCategoryPermissions.categoryId, id)),
    );
    expect(rights).toEqual([]);
  });
});

describe('overlapping runs of monitoring periods', () => {
  it('joins periods that overlap, an open one running for ever', () => {
    const p = (startedOn: string, endedOn: string | null) => ({ startedOn, endedOn });
    expect(
      overlappingRuns([p('2025-01-01', '2025-02-01'), p('2025-03-01', null), p('2025-01-15', '2025-01-20')]),
    ).toEqual([[p('2025-01-01', '2025-02-01'), p('2025-01-15', '2025-01-20')], [p('2025-03-01', null)]]);
    expect(overlappingRuns([p('2025-01-01', null), p('2026-01-01', '2026-02-01')])).toHaveLength(1);
    expect(overlappingRuns([p('2025-01-01', '2025-02-01'), p('2025-02-01', '2025-03-01')])).toHaveLength(1);
  });
});

describe('merging a category into another', () => {
  it('moves incidents, actions and monitoring in one go, doubling nothing, and counts them', async () => {
    const source = await newTop('Fighting', '#aa0000');
    const target = await newTop('Physical behaviour', '#0000aa');
    const [ada, ben, cal] = pupils as [string, string, string];
    const onlySource = await addIncident([source], ada);
    const inBoth = await addIncident([source, target], ada);
    const raised = await addIncident([target], ben);
    await addAction(nextRequest(admin), {
      incidentId: raised.incidentId,
      text: 'Raised to fighting.',
      categoryIds: source,
    });
    // Ada: monitored in both now (both started by the incidents). Ben: in both from the action.
    // Cal: an ended period in the source, and a later one in the target that does not overlap it.
    await inSchool(a.id, (tx) =>
      tx.insert(monitoringPeriods).values([
        {
          id: randomUUID(),
          schoolId: a.id,
          studentId: cal,
          categoryId: source,
          startedOn: '2025-09-01',
          endedOn: '2025-10-01',
          startedVia: 'profile',
          endedVia: 'profile',
        },
        {
          id: randomUUID(),
          schoolId: a.id,
          studentId: cal,
          categoryId: target,
          startedOn: '2025-11-01',
          startedVia: 'profile',
        },
      ]),
    );
    await inSchool(a.id, (tx) =>
      tx.insert(alertRules).values([
        { id: randomUUID(), schoolId: a.id, userId: teacher.user.id, kind: 'category', categoryId: source },
        { id: randomUUID(), schoolId: a.id, userId: teacher.user.id, kind: 'category', categoryId: target },
      ]),
    );
    const periodsBefore = await inSchool(a.id, (tx) => tx.select().from(monitoringPeriods));

    const wrong = await refusal(
      mergeCategory(admin, { categoryId: source, targetId: target, confirmName: 'fighting' }),
    );
    expect((wrong as UserError).fieldErrors?.confirmName?.[0]).toMatch(/exactly as shown: Fighting/);
    expect(await inSchool(a.id, (tx) => tx.select().from(monitoringPeriods))).toEqual(periodsBefore);

    const counts = await mergeCategory(admin, { categoryId: source, targetId: target, confirmName: 'Fighting' });
    expect(counts).toEqual({
      incidents: 2,
      actions: 1,
      alreadyInTarget: 1,
      monitoringPeriods: 3,
      monitoringFolded: 2,
      alertRules: 1,
    });

    const live = await inSchool(a.id, (tx) =>
      tx.select().from(incidentCategories).where(isNull(incidentCategories.removedAt)),
    );
    expect(live.filter((r) => r.categoryId === source)).toEqual([]);
    const inTarget = (incidentId: string) => live.filter((r) => r.incidentId === incidentId && r.categoryId === target);
    expect(inTarget(onlySource.incidentId)).toHaveLength(1);
    expect(inTarget(inBoth.incidentId)).toHaveLength(1);
    // The incident's own row and the action's row, each once.
    expect(inTarget(raised.incidentId)).toHaveLength(2);

    const periods = await inSchool(a.id, (tx) => tx.select().from(monitoringPeriods));
    expect(periods.filter((p) => p.categoryId === source)).toEqual([]);
    const of = (studentId: string) =>
      periods.filter((p) => p.studentId === studentId && p.categoryId === target).map((p) => [p.startedOn, p.endedOn]);
    expect(of(ada)).toHaveLength(1);
    expect(of(ada)[0]![1]).toBeNull();
    expect(of(ben)).toHaveLength(1);
    expect(of(cal).sort()).toEqual([
      ['2025-09-01', '2025-10-01'],
      ['2025-11-01', null],
    ]);

    const rules = await inSchool(a.id, (tx) =>
      tx
        .select()
        .from(alertRules)
        .where(and(eq(alertRules.userId, teacher.user.id), isNull(alertRules.removedAt))),
    );
    expect(rules.map((r) => r.categoryId)).toEqual([target]);

    const merged = await getCategory(admin, source);
    expect(merged).toMatchObject({ status: 'merged', mergedIntoName: 'Physical behaviour', incidents: 0 });
    // The merged category's page says what moved, from the merge's audit row.
    expect(merged.merge?.counts).toMatchObject(counts);
    expect(mergeSummary(merged.merge!.counts)).toBe(
      'Merged: 2 incidents, 1 action, 3 monitoring periods moved. 1 record already in both kept once; 2 overlapping periods joined with the target’s.',
    );
    expect((await getCategory(admin, target)).incidents).toBe(3);
    const [audit] = await inSchool(a.id, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, source), eq(auditLog.action, 'admin.category_merged'))),
    );
    expect(audit?.details).toMatchObject({ ...counts, into: { id: target, name: 'Physical behaviour' } });
    expect((audit?.details as { foldedPeriods: unknown[] }).foldedPeriods).toHaveLength(2);

    // Merged is for good: no second merge, no rename, no enable; and no new incidents in it.
    expect(
      (
        (await refusal(
          mergeCategory(admin, { categoryId: source, targetId: target, confirmName: 'Fighting' }),
        )) as Error
      ).message,
    ).toMatch(/already been merged/);
    expect(
      await refusal(renameCategory(admin, { categoryId: source, name: 'Back', colour: '#000000' })),
    ).toBeInstanceOf(UserError);
    expect(await refusal(enableCategory(admin, { categoryId: source }))).toBeInstanceOf(UserError);
    expect(await refusal(addIncident([source]))).toBeInstanceOf(UserError);
  });

  it('refuses a disabled target and a category with sub-categories', async () => {
    const source = await newTop('Graffiti');
    const disabled = await newTop('Vandalism');
    await disableCategory(admin, { categoryId: disabled });
    const err = await refusal(
      mergeCategory(admin, { categoryId: source, targetId: disabled, confirmName: 'Graffiti' }),
    );
    expect((err as UserError).fieldErrors?.targetId?.[0]).toMatch(/disabled/);
    const withChildren = await refusal(
      mergeCategory(admin, {
        categoryId: await categoryId(a, 'Attendance'),
        targetId: source,
        confirmName: 'Attendance',
      }),
    );
    expect((withChildren as UserError).fieldErrors?.targetId?.[0]).toMatch(/sub-categories/);
  });

  it('a merge racing adds loses nothing: every saved incident ends in the target, every refused one saved nothing', async () => {
    const source = await newTop('Racing source');
    const target = await newTop('Racing target');
    const before = (await inSchool(a.id, (tx) => tx.select().from(incidents))).length;
    // Adds started one after another, the merge among them: some commit before it, the rest meet it.
    const later = <T>(ms: number, fn: () => Promise<T>) =>
      new Promise<T>((resolve, reject) => setTimeout(() => fn().then(resolve, reject), ms));
    const adds = Array.from({ length: 8 }, (_, i) => later(i * 40, () => addIncident([source], pupils[i % 3])));
    // Started once the first add is in, so at least one commits before the merge whatever the machine's speed.
    const merge = adds[0]!.then(() =>
      mergeCategory(admin, { categoryId: source, targetId: target, confirmName: 'Racing source' }),
    );
    const results = await Promise.allSettled([merge, ...adds]);
    expect(results[0]!.status).toBe('fulfilled');
    const saved = results.filter((r, i) => i > 0 && r.status === 'fulfilled').length;
    expect(saved).toBeGreaterThan(0);
    for (const r of results) {
      if (r.status === 'rejected') {
        expect(r.reason).toBeInstanceOf(UserError);
        expect((r.reason as UserError).fieldErrors?.categoryIds).toEqual(['Choose categories from the list.']);
      }
    }
    const after = await inSchool(a.id, (tx) => tx.select().from(incidents));
    expect(after.length - before).toBe(saved);
    const live = await inSchool(a.id, (tx) =>
      tx.select().from(incidentCategories).where(isNull(incidentCategories.removedAt)),
    );
    expect(live.filter((r) => r.categoryId === source)).toEqual([]);
    expect(new Set(live.filter((r) => r.categoryId === target).map((r) => r.incidentId)).size).toBe(saved);
    // Once merged, the source takes nothing: every add that was saved committed before the merge and was moved.
    expect((results[0] as PromiseFulfilledResult<{ incidents: number }>).value.incidents).toBe(saved);
  });
});
