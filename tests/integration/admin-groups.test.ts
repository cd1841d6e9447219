/**
 * Admin → User groups against a real database: who may use it, the system
 * permissions and the category matrix as saved and as the members' next
 * request sees them, another school's ids, and the audit rows.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { inSchool } from '@/db/scoped';
import { auditLog, categories, userGroupCategoryPermissions, userGroups } from '@/db/schema';
import { createUserGroup, getEmptyMatrix, getUserGroup, listUserGroups, updateUserGroup } from '@/lib/admin';
import { ELEVATE_FOR_ADMIN } from '@/lib/admin/guard';
import { userGroupInput } from '@/lib/admin/schema';
import { resolveSession } from '@/lib/auth/sessions';
import { NotAllowedError, NotFoundError, UserError } from '@/lib/errors';
import type { School, Ctx, UserCtx } from '@/lib/tenancy/context';
import { makeCtx } from '@/lib/tenancy/make-ctx';

withTestDatabase();

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/** A new member of `group`, signed in; with `elevated`, they have a key and used it. */
async function signIn(
  school: School,
  email: string,
  group: string,
  elevated: boolean,
): Promise<{ ctx: UserCtx; token: string; userId: string }> {
  const userId = await makeUser({
    email,
    displayName: email,
    memberships: { [school.slug]: group },
    totpSecret: elevated ? SECRET : undefined,
  });
  const { ctx, token } = await signedIn(school, userId, { elevated });
  return { ctx, token, userId };
}

async function categoryIds(school: School): Promise<Map<string, string>> {
  const rows = await inSchool(school.id, (tx) =>
    tx.select({ id: categories.id, name: categories.name }).from(categories).where(eq(categories.schoolId, school.id)),
  );
  return new Map(rows.map((r) => [r.name, r.id]));
}

async function groupIdOf(school: School, name: string): Promise<string> {
  const rows = await inSchool(school.id, (tx) =>
    tx
      .select({ id: userGroups.id })
      .from(userGroups)
      .where(and(eq(userGroups.schoolId, school.id), eq(userGroups.name, name))),
  );
  if (!rows[0]) throw new Error(`no group ${name}`);
  return rows[0].id;
}

let a: School;
let b: School;
let admin: UserCtx;
let adminUnelevated: UserCtx;
let teacher: UserCtx;
let catA: Map<string, string>;
let catB: Map<string, string>;
let teachersA: string;
let dslA: string;
let teachersB: string;

const cat = (m: Map<string, string>, name: string) => {
  const id = m.get(name);
  if (!id) throw new Error(`no category ${name}`);
  return id;
};

beforeAll(async () => {
  a = await makeSchool('admin-groups-a');
  b = await makeSchool('admin-groups-b');
  admin = (await signIn(a, 'dsl@ga.example.org', 'DSL', true)).ctx;
  adminUnelevated = makeCtx(a, { ...admin.user, elevated: false }, admin.meta) as UserCtx;
  teacher = (await signIn(a, 'teacher@ga.example.org', 'Teachers', false)).ctx;
  catA = await categoryIds(a);
  catB = await categoryIds(b);
  teachersA = await groupIdOf(a, 'Teachers');
  dslA = await groupIdOf(a, 'DSL');
  teachersB = await groupIdOf(b, 'Teachers');
});

describe('who may use Admin → User groups', () => {
  let n = 0;
  const surfaces: [string, (ctx: Ctx) => Promise<unknown>][] = [
    ['list groups', (ctx) => listUserGroups(ctx)],
    ['open a group', (ctx) => getUserGroup(ctx, teachersA)],
    ['new group form', (ctx) => getEmptyMatrix(ctx)],
    ['create a group', (ctx) => createUserGroup(ctx, { name: `Table ${++n}`, permissions: 'planner', cells: '' })],
    [
      'edit a group',
      (ctx) =>
        updateUserGroup(ctx, {
          groupId: teachersA,
          name: 'Teachers',
          description: 'Record concerns; no key access.',
          permissions: 'incidents.add,library.view',
          cells: addAll(catA),
        }),
    ],
  ];
  const roles: [string, () => Ctx, 'allowed' | 'elevate' | 'refused'][] = [
    ['administrator using their key', () => admin, 'allowed'],
    ['administrator without their key', () => adminUnelevated, 'elevate'],
    ['teacher', () => teacher, 'refused'],
  ];
  for (const [role, ctxOf, expected] of roles) {
    for (const [surface, call] of surfaces) {
      it(`${role}: ${surface} → ${expected}`, async () => {
        const err = await call(ctxOf()).then(
          () => null,
          (e: unknown) => e,
        );
        if (expected === 'allowed') {
          expect(err).toBeNull();
        } else {
          expect(err).toBeInstanceOf(NotAllowedError);
          expect((err as Error).message).toBe(
            expected === 'elevate' ? ELEVATE_FOR_ADMIN : 'You do not have permission to do that.',
          );
        }
      });
    }
  }
});

/** Every "add incidents" cell, as the default groups have it. */
function addAll(categoriesByName: Map<string, string>): string {
  return [...categoriesByName.values()].map((id) => `${id}:addIncidents`).join(',');
}

describe('the group list and one group', () => {
  it('lists the default groups with their member counts', async () => {
    const groups = await listUserGroups(admin);
    // Sorted by name; the permission table above has added its own groups ("Table n").
    expect(groups.map((g) => g.name).filter((n) => !n.startsWith('Table'))).toEqual([
      'DSL',
      'Pastoral',
      'SLT',
      'Support staff',
      'Teachers',
    ]);
    expect(groups.find((g) => g.name === 'DSL')).toMatchObject({ activeMembers: 1, allMembers: 1 });
    expect(groups.find((g) => g.name === 'SLT')).toMatchObject({ activeMembers: 0, allMembers: 0 });
  });

  it('shows the matrix: top-level categories with their sub-categories and the group’s rights', async () => {
    const group = await getUserGroup(admin, (await listUserGroups(admin)).find((g) => g.name === 'Pastoral')!.id);
    const cp = group.matrix.find((c) => c.name === 'Child Protection');
    expect(cp?.rights).toEqual({ viewStudents: true, viewIncidents: false, addIncidents: true });
    expect(cp?.children.map((c) => c.name)).toEqual(['Physical abuse', 'Emotional abuse', 'Sexual abuse', 'Neglect']);
    expect(group.matrix.find((c) => c.name === 'Behaviour')?.rights).toEqual({
      viewStudents: true,
      viewIncidents: true,
      addIncidents: true,
    });
    expect(group.matrix.every((c) => c.children.every((child) => !('children' in child)))).toBe(true);
  });

  it('another school’s group, a missing one and a malformed id are all "not found"', async () => {
    const messages = await Promise.all(
      [teachersB, randomUUID(), 'nope'].map((id) =>
        getUserGroup(admin, id).then(
          () => null,
          (e: unknown) => e,
        ),
      ),
    );
    for (const m of messages) expect(m).toBeInstanceOf(NotFoundError);
    expect(new Set(messages.map((m) => (m as Error).message)).size).toBe(1);
    const edit = await updateUserGroup(admin, {
      groupId: teachersB,
      name: 'Mine now',
      permissions: 'administration',
      cells: '',
    }).catch((e: unknown) => e);
    expect(edit).toBeInstanceOf(NotFoundError);
    const [row] = await inSchool(b.id, (tx) =>
      tx
        .select({ name: userGroups.name, permissions: userGroups.permissions })
        .from(userGroups)
        .where(eq(userGroups.id, teachersB)),
    );
    expect(row).toEqual({ name: 'Teachers', permissions: ['incidents.add', 'library.view'] });
  });
});

describe('creating and editing groups', () => {
  it('creates a group with system permissions and category rights, and audits it', async () => {
    const behaviour = cat(catA, 'Behaviour');
    const bullying = cat(catA, 'Bullying');
    const { groupId } = await createUserGroup(admin, {
      name: 'Behaviour team',
      description: 'Heads of house',
      permissions: 'students.list,incidents.add,students.list',
      cells: `${behaviour}:viewStudents,${behaviour}:viewIncidents,${behaviour}:addIncidents,${bullying}:addIncidents`,
    });
    const group = await getUserGroup(admin, groupId);
    expect(group).toMatchObject({
      name: 'Behaviour team',
      description: 'Heads of house',
      permissions: ['students.list', 'incidents.add'],
      allMembers: 0,
    });
    expect(group.matrix.find((c) => c.id === behaviour)?.rights).toEqual({
      viewStudents: true,
      viewIncidents: true,
      addIncidents: true,
    });
    expect(group.matrix.find((c) => c.id === bullying)?.rights).toEqual({
      viewStudents: false,
      viewIncidents: false,
      addIncidents: true,
    });
    const audit = await inSchool(a.id, (tx) =>
      tx
        .select({ details: auditLog.details, actor: auditLog.actorUserId })
        .from(auditLog)
        .where(and(eq(auditLog.action, 'admin.group_created'), eq(auditLog.entityId, groupId))),
    );
    expect(audit[0]).toMatchObject({
      actor: admin.user.id,
      details: { name: 'Behaviour team', permissions: ['students.list', 'incidents.add'] },
    });
  });

  it('refuses a duplicate name, ignoring case', async () => {
    const err = await createUserGroup(admin, { name: 'teachers', permissions: '', cells: '' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).fieldErrors?.name).toEqual(['Another user group already has this name.']);
  });

  it('refuses another school’s category in the matrix, and saves nothing', async () => {
    const err = await createUserGroup(admin, {
      name: 'Sneaky',
      permissions: '',
      cells: `${cat(catB, 'Behaviour')}:viewIncidents`,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((await listUserGroups(admin)).map((g) => g.name)).not.toContain('Sneaky');
  });

  it('refuses unknown fields and unknown permissions', async () => {
    await expect(createUserGroup(admin, { name: 'X', permissions: 'superuser', cells: '' })).rejects.toThrow();
    await expect(createUserGroup(admin, { name: 'X', permissions: '', cells: '', isDefault: 'on' })).rejects.toThrow();
    await expect(
      createUserGroup(admin, { name: 'X', permissions: '', cells: `${cat(catA, 'Behaviour')}:deleteEverything` }),
    ).rejects.toThrow();
  });

  it('an edit reaches the members on their next request and records what changed', async () => {
    const member = await signIn(a, 'member@ga.example.org', 'Teachers', true);
    expect(await resolveSession(a.id, member.token, new Date())).toMatchObject({ mayElevate: false, elevated: false });
    const behaviour = cat(catA, 'Behaviour');

    await updateUserGroup(admin, {
      groupId: teachersA,
      name: 'Teachers',
      description: 'Class teachers',
      permissions: 'incidents.add,library.view,students.list',
      cells: `${addAll(catA)},${behaviour}:viewStudents`,
    });
    const next = await resolveSession(a.id, member.token, new Date());
    expect(next).toMatchObject({ mayElevate: true, elevated: true });
    expect(next?.permissions).toContain('students.list');

    const rows = await inSchool(a.id, (tx) =>
      tx
        .select({ action: auditLog.action, details: auditLog.details })
        .from(auditLog)
        .where(and(eq(auditLog.entityId, teachersA), eq(auditLog.entityType, 'user_group'))),
    );
    const changed = rows.filter((r) => r.action === 'admin.group_permissions_changed').at(-1);
    expect(changed?.details).toMatchObject({ added: ['students.list'], removed: [] });
    expect((changed?.details as { categories: { categoryId: string }[] }).categories.map((c) => c.categoryId)).toEqual([
      behaviour,
    ]);
    expect(rows.some((r) => r.action === 'admin.group_updated')).toBe(true);
  });

  it('switching a right off updates its row rather than deleting it', async () => {
    const behaviour = cat(catA, 'Behaviour');
    await updateUserGroup(admin, {
      groupId: teachersA,
      name: 'Teachers',
      description: 'Class teachers',
      permissions: 'incidents.add,library.view',
      cells: addAll(catA),
    });
    const rows = await inSchool(a.id, (tx) =>
      tx
        .select({
          viewStudents: userGroupCategoryPermissions.viewStudents,
          addIncidents: userGroupCategoryPermissions.addIncidents,
        })
        .from(userGroupCategoryPermissions)
        .where(
          and(
            eq(userGroupCategoryPermissions.userGroupId, teachersA),
            eq(userGroupCategoryPermissions.categoryId, behaviour),
          ),
        ),
    );
    expect(rows).toEqual([{ viewStudents: false, addIncidents: true }]);
  });

  it('an administrator cannot take Administration away from their own group', async () => {
    const err = await updateUserGroup(admin, {
      groupId: dslA,
      name: 'DSL',
      description: '',
      permissions: 'students.list',
      cells: '',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).fieldErrors?.permissions?.[0]).toMatch(/must keep Administration/);
    expect((await getUserGroup(admin, dslA)).permissions).toContain('administration');
  });

  it('accepts what the form action has already parsed (the service parses again)', async () => {
    const behaviour = cat(catA, 'Behaviour');
    const parsed = userGroupInput.parse({
      name: 'Parsed twice',
      permissions: 'planner,files',
      cells: `${behaviour.toUpperCase()}:viewStudents`,
    });
    const { groupId } = await createUserGroup(admin, parsed);
    const group = await getUserGroup(admin, groupId);
    expect(group.permissions).toEqual(['planner', 'files']);
    expect(group.matrix.find((c) => c.id === behaviour)?.rights.viewStudents).toBe(true);
  });

  it('saving without changes writes no audit row', async () => {
    const group = await getUserGroup(admin, teachersA);
    const cells = group.matrix
      .flatMap((c) => [c, ...c.children])
      .flatMap((c) =>
        (['viewStudents', 'viewIncidents', 'addIncidents'] as const)
          .filter((r) => c.rights[r])
          .map((r) => `${c.id}:${r}`),
      )
      .join(',');
    const count = async () =>
      (
        await inSchool(a.id, (tx) =>
          tx.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.entityId, teachersA)),
        )
      ).length;
    const before = await count();
    await updateUserGroup(admin, {
      groupId: teachersA,
      name: group.name,
      description: group.description,
      permissions: group.permissions.join(','),
      cells,
    });
    expect(await count()).toBe(before);
  });
});
