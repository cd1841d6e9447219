/**
 * Admin → Alert groups against a real database. Needs the alert_groups and
 * alert_group_members tables (db/schema/alerts.ts) in the migrations: until
 * they are generated, every test here fails with "relation does not exist".
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { inSchool, rowsOf } from '@/db/scoped';
import { auditLog } from '@/db/schema';
import { alertGroupMembers } from '@/db/schema/alerts';
import {
  archiveAlertGroup,
  createAlertGroup,
  deactivateUser,
  getAlertGroup,
  listAlertGroupCandidates,
  listAlertGroups,
  updateAlertGroup,
} from '@/lib/admin';
import { ELEVATE_FOR_ADMIN } from '@/lib/admin/guard';
import { NotAllowedError, NotFoundError, UserError } from '@/lib/errors';
import type { School, Ctx, UserCtx } from '@/lib/tenancy/context';

withTestDatabase();

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

const signIn = async (school: School, userId: string, elevated: boolean): Promise<UserCtx> =>
  (await signedIn(school, userId, { elevated })).ctx;

let a: School;
let b: School;
let admin: UserCtx;
let adminUnelevated: UserCtx;
let teacher: UserCtx;
let ann: string;
let bob: string;
let cat: string;
let leaver: string;
let bUser: string;

beforeAll(async () => {
  a = await makeSchool('admin-alerts-a');
  const [found] = await inSchool(a.id, async (tx) =>
    rowsOf<{ t: string | null }>(await tx.execute(sql`select to_regclass('public.alert_groups')::text as t`)),
  );
  if (!found?.t)
    throw new Error(
      'The alert_groups table is missing: generate the migration for db/schema/alerts.ts (and its FORCE ROW LEVEL SECURITY).',
    );
  b = await makeSchool('admin-alerts-b');
  const adminId = await makeUser({
    email: 'dsl@aa.example.org',
    displayName: 'Dee Lead',
    memberships: { [a.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  const teacherId = await makeUser({
    email: 'teacher@aa.example.org',
    displayName: 'Tia Teacher',
    memberships: { [a.slug]: 'Teachers' },
  });
  ann = await makeUser({ email: 'ann@aa.example.org', displayName: 'Ann Able', memberships: { [a.slug]: 'Pastoral' } });
  bob = await makeUser({
    email: 'bob@aa.example.org',
    displayName: 'Bob Brown',
    memberships: { [a.slug]: 'Pastoral' },
  });
  cat = await makeUser({ email: 'cat@aa.example.org', displayName: 'Cat Cole', memberships: { [a.slug]: 'SLT' } });
  leaver = await makeUser({
    email: 'leaver@aa.example.org',
    displayName: 'Lee Leaver',
    memberships: { [a.slug]: 'Teachers' },
  });
  bUser = await makeUser({
    email: 'other@ab.example.org',
    displayName: 'Other School',
    memberships: { [b.slug]: 'DSL' },
  });
  admin = await signIn(a, adminId, true);
  adminUnelevated = await signIn(a, adminId, false);
  teacher = await signIn(a, teacherId, false);
  await deactivateUser(admin, { userId: leaver });
});

describe('who may use Admin → Alert groups', () => {
  let n = 0;
  const surfaces: [string, (ctx: Ctx) => Promise<unknown>][] = [
    ['list', (ctx) => listAlertGroups(ctx)],
    ['candidates', (ctx) => listAlertGroupCandidates(ctx)],
    ['create', (ctx) => createAlertGroup(ctx, { name: `Table ${++n}`, memberIds: ann })],
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

describe('alert groups', () => {
  it('offers the school’s active members only', async () => {
    const names = (await listAlertGroupCandidates(admin)).map((c) => c.displayName);
    expect(names).toEqual(expect.arrayContaining(['Ann Able', 'Bob Brown', 'Cat Cole', 'Dee Lead', 'Tia Teacher']));
    expect(names.join()).not.toMatch(/Lee Leaver|Other School/);
  });

  it('creates a group with members, lists it with its size, and audits it', async () => {
    const { alertGroupId } = await createAlertGroup(admin, {
      name: 'Safeguarding team',
      memberIds: `${ann},${bob},${ann}`,
    });
    expect(await getAlertGroup(admin, alertGroupId)).toMatchObject({
      name: 'Safeguarding team',
      memberIds: expect.arrayContaining([ann, bob]),
    });
    expect((await listAlertGroups(admin)).find((g) => g.id === alertGroupId)?.memberCount).toBe(2);
    const audit = await inSchool(a.id, (tx) =>
      tx
        .select({ details: auditLog.details })
        .from(auditLog)
        .where(and(eq(auditLog.action, 'admin.alert_group_created'), eq(auditLog.entityId, alertGroupId))),
    );
    expect(audit).toHaveLength(1);
  });

  it('moving people in and out keeps the history: removed rows are marked, re-adding inserts a new row', async () => {
    const { alertGroupId } = await createAlertGroup(admin, { name: 'Heads of year', memberIds: `${ann},${bob}` });
    await updateAlertGroup(admin, { alertGroupId, name: 'Heads of year', memberIds: `${bob},${cat}` });
    expect((await getAlertGroup(admin, alertGroupId)).memberIds.sort()).toEqual([bob, cat].sort());
    await updateAlertGroup(admin, { alertGroupId, name: 'Heads of Year', memberIds: `${ann},${bob},${cat}` });
    const rows = await inSchool(a.id, (tx) =>
      tx
        .select({ userId: alertGroupMembers.userId, removedAt: alertGroupMembers.removedAt })
        .from(alertGroupMembers)
        .where(and(eq(alertGroupMembers.alertGroupId, alertGroupId), eq(alertGroupMembers.userId, ann)))
        .orderBy(asc(alertGroupMembers.createdAt)),
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]?.removedAt).not.toBeNull();
    expect(rows[1]?.removedAt).toBeNull();
    const audit = await inSchool(a.id, (tx) =>
      tx
        .select({ details: auditLog.details })
        .from(auditLog)
        .where(and(eq(auditLog.action, 'admin.alert_group_updated'), eq(auditLog.entityId, alertGroupId)))
        .orderBy(asc(auditLog.at)),
    );
    expect(audit.map((r) => r.details)).toEqual([
      { added: [cat], removed: [ann] },
      { renamed: { from: 'Heads of year', to: 'Heads of Year' }, added: [ann], removed: [] },
    ]);
  });

  it('refuses another school’s person and a deactivated person, like an unknown one', async () => {
    const foreign = await createAlertGroup(admin, { name: 'Poach', memberIds: bUser }).catch((e: unknown) => e);
    const absent = await createAlertGroup(admin, { name: 'Poach', memberIds: randomUUID() }).catch((e: unknown) => e);
    expect(foreign).toBeInstanceOf(NotFoundError);
    expect((foreign as Error).message).toBe((absent as Error).message);
    const deactivated = await createAlertGroup(admin, { name: 'Poach', memberIds: leaver }).catch((e: unknown) => e);
    expect((deactivated as UserError).fieldErrors?.memberIds).toEqual([
      'Only active users can be added to an alert group.',
    ]);
    expect((await listAlertGroups(admin)).map((g) => g.name)).not.toContain('Poach');
  });

  it('keeps a member who was deactivated after joining, and shows them as such', async () => {
    const id = await makeUser({
      email: 'later@aa.example.org',
      displayName: 'Lou Later',
      memberships: { [a.slug]: 'Teachers' },
    });
    const { alertGroupId } = await createAlertGroup(admin, { name: 'Duty team', memberIds: `${id},${ann}` });
    await deactivateUser(admin, { userId: id });
    const candidates = await listAlertGroupCandidates(admin, alertGroupId);
    expect(candidates.find((c) => c.userId === id)?.displayName).toBe('Lou Later (deactivated)');
    await updateAlertGroup(admin, { alertGroupId, name: 'Duty team', memberIds: `${id},${ann},${bob}` });
    expect((await getAlertGroup(admin, alertGroupId)).memberIds).toContain(id);
  });

  it('refuses a duplicate live name, ignoring case', async () => {
    const err = await createAlertGroup(admin, { name: 'SAFEGUARDING TEAM', memberIds: '' }).catch((e: unknown) => e);
    expect((err as UserError).fieldErrors?.name).toEqual(['Another alert group already has this name.']);
  });

  it('archives a group: gone from the list, "not found" to open, its name free again', async () => {
    const { alertGroupId } = await createAlertGroup(admin, { name: 'Temporary', memberIds: ann });
    await archiveAlertGroup(admin, { alertGroupId });
    expect((await listAlertGroups(admin)).map((g) => g.id)).not.toContain(alertGroupId);
    await expect(getAlertGroup(admin, alertGroupId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(createAlertGroup(admin, { name: 'Temporary', memberIds: '' })).resolves.toBeTruthy();
  });

  it('another school’s alert group is "not found" to open, edit or archive', async () => {
    const bAdmin = await signIn(
      b,
      await makeUser({
        email: 'dsl@ab.example.org',
        displayName: 'B Lead',
        memberships: { [b.slug]: 'DSL' },
        totpSecret: SECRET,
      }),
      true,
    );
    const { alertGroupId } = await createAlertGroup(bAdmin, { name: 'B team', memberIds: bUser });
    await expect(getAlertGroup(admin, alertGroupId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateAlertGroup(admin, { alertGroupId, name: 'Mine', memberIds: ann })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(archiveAlertGroup(admin, { alertGroupId })).rejects.toBeInstanceOf(NotFoundError);
    expect(await getAlertGroup(bAdmin, alertGroupId)).toMatchObject({ name: 'B team', memberIds: [bUser] });
  });
});
