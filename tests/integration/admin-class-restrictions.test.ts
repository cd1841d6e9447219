/**
 * Admin → Class restrictions against a real database: the classes come from
 * pupils on roll, listing people and whole user groups is kept as history,
 * the overview names classes nobody may see, and the listed rows are exactly
 * what the permission engine reads for a restricted key holder.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import { auditLog, classRestrictionMembers, userGroups } from '@/db/schema';
import { loadAccessSubject } from '@/lib/access';
import {
  deactivateUser,
  getClassRestriction,
  getClassRestrictionOverview,
  listClassRestrictionCandidates,
  listUserGroupForEveryClass,
  updateClassRestriction,
} from '@/lib/admin';
import { ELEVATE_FOR_ADMIN } from '@/lib/admin/guard';
import { NotAllowedError, NotFoundError, UserError } from '@/lib/errors';
import type { School, UserCtx } from '@/lib/tenancy/context';

withTestDatabase();

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
let a: School;
let b: School;
let admin: UserCtx;
let ann: string;
let bob: string;
let bUser: string;
let pastoralId: string;
let bGroupId: string;

const restricted = (school: School, kind: 'off' | 'tutor' | 'year' = 'tutor'): School => ({
  ...school,
  settings: { ...school.settings, classRestrictions: kind },
});

beforeAll(async () => {
  a = restricted(await makeSchool('class-restrictions-a'));
  b = restricted(await makeSchool('class-restrictions-b'));
  const adminId = await makeUser({
    email: 'dsl@cr.example.org',
    displayName: 'Dee Lead',
    memberships: { [a.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  ann = await makeUser({ email: 'ann@cr.example.org', displayName: 'Ann Able', memberships: { [a.slug]: 'Pastoral' } });
  bob = await makeUser({ email: 'bob@cr.example.org', displayName: 'Bob Brown', memberships: { [a.slug]: 'SLT' } });
  bUser = await makeUser({
    email: 'other@cr-b.example.org',
    displayName: 'Other School',
    memberships: { [b.slug]: 'DSL' },
  });
  admin = (await signedIn(a, adminId, { elevated: true })).ctx;
  await addPupils(a.id, [
    { legalForename: 'Zoë', legalSurname: "O'Brien", tutorGroup: '7A', yearGroup: 'Year 7' },
    { legalForename: 'Seun', legalSurname: 'Adeyemi', tutorGroup: '8B', yearGroup: 'Year 8' },
    { legalForename: 'Left', legalSurname: 'School', tutorGroup: '9C', yearGroup: 'Year 9', archived: true },
  ]);
  await addPupils(b.id, [{ legalForename: 'Bea', legalSurname: 'Other', tutorGroup: '10Z', yearGroup: 'Year 10' }]);
  const groups = await inSchool(a.id, (tx) => tx.select({ id: userGroups.id, name: userGroups.name }).from(userGroups));
  pastoralId = groups.find((g) => g.name === 'Pastoral')!.id;
  bGroupId = (await inSchool(b.id, (tx) => tx.select({ id: userGroups.id }).from(userGroups)))[0]!.id;
});

describe('Admin → Class restrictions', () => {
  it('lists the classes of pupils on roll and names the ones nobody may see', async () => {
    const overview = await getClassRestrictionOverview(admin);
    expect(overview.kind).toBe('tutor');
    expect(overview.classes.map((c) => [c.name, c.pupils])).toEqual([
      ['7A', 1],
      ['8B', 1],
    ]);
    expect(overview.unassigned).toEqual(['7A', '8B']);
  });

  it('lists people and whole user groups, keeps removed rows as history, and audits', async () => {
    await updateClassRestriction(admin, { groupName: '7A', memberIds: `${ann},${bob}`, userGroupIds: '' });
    let detail = await getClassRestriction(admin, '7A');
    expect(new Set(detail.memberIds)).toEqual(new Set([ann, bob]));

    const result = await updateClassRestriction(admin, { groupName: '7A', memberIds: ann, userGroupIds: pastoralId });
    expect(result).toEqual({ added: 1, removed: 1 });
    detail = await getClassRestriction(admin, '7A');
    expect(detail.memberIds).toEqual([ann]);
    expect(detail.userGroupIds).toEqual([pastoralId]);

    const rows = await inSchool(a.id, (tx) =>
      tx
        .select()
        .from(classRestrictionMembers)
        .where(and(eq(classRestrictionMembers.groupKind, 'tutor'), eq(classRestrictionMembers.groupName, '7A'))),
    );
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => r.userId === bob)?.removedAt).toBeInstanceOf(Date);

    const audits = await inSchool(a.id, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.action, 'admin.class_restriction_changed')),
    );
    expect(audits).toHaveLength(2);
    expect(audits[1]?.details).toMatchObject({ class: '7A', addedUserGroups: [pastoralId], removedPeople: [bob] });

    const overview = await getClassRestrictionOverview(admin);
    expect(overview.unassigned).toEqual(['8B']);
    expect(overview.classes.find((c) => c.name === '7A')).toMatchObject({ people: 1, userGroups: ['Pastoral'] });
  });

  it('is what the permission engine reads for a restricted key holder, directly or through their group', async () => {
    const annCtx = (await signedIn(a, ann, { elevated: true })).ctx;
    const annSubject = await loadAccessSubject(annCtx, new Date());
    expect(annSubject.classRestriction).toEqual({ kind: 'tutor', groups: new Set(['7A']) });
    const bobCtx = (await signedIn(a, bob, { elevated: true })).ctx;
    expect((await loadAccessSubject(bobCtx, new Date())).classRestriction).toEqual({
      kind: 'tutor',
      groups: new Set(),
    });
    const unrestricted = (await signedIn(restricted(a, 'off'), ann, { elevated: true })).ctx;
    expect((await loadAccessSubject(unrestricted, new Date())).classRestriction).toBeNull();
  });

  it('lists a whole user group for every class that lacks it, once', async () => {
    const dsl = (
      await inSchool(a.id, (tx) => tx.select({ id: userGroups.id, name: userGroups.name }).from(userGroups))
    ).find((g) => g.name === 'DSL')!.id;
    expect(await listUserGroupForEveryClass(admin, { userGroupId: dsl })).toEqual({ added: 2 });
    expect(await listUserGroupForEveryClass(admin, { userGroupId: dsl })).toEqual({ added: 0 });
    expect((await getClassRestrictionOverview(admin)).unassigned).toEqual([]);
    await expect(listUserGroupForEveryClass(admin, { userGroupId: bGroupId })).rejects.toBeInstanceOf(NotFoundError);
    // Undo, through the per-class form, so the tests below start from 7A = Ann + Pastoral, 8B = nobody.
    await updateClassRestriction(admin, { groupName: '7A', memberIds: ann, userGroupIds: pastoralId });
    await updateClassRestriction(admin, { groupName: '8B', memberIds: '', userGroupIds: '' });
  });

  it('saving the same lists again changes nothing', async () => {
    const before = await inSchool(a.id, (tx) => tx.select().from(classRestrictionMembers));
    expect(await updateClassRestriction(admin, { groupName: '7A', memberIds: ann, userGroupIds: pastoralId })).toEqual({
      added: 0,
      removed: 0,
    });
    expect(await inSchool(a.id, (tx) => tx.select().from(classRestrictionMembers))).toEqual(before);
  });

  it('refuses another school’s classes, people and user groups, and changes nothing', async () => {
    await expect(getClassRestriction(admin, '10Z')).rejects.toBeInstanceOf(NotFoundError);
    await expect(getClassRestriction(admin, '9C')).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      updateClassRestriction(admin, { groupName: '10Z', memberIds: ann, userGroupIds: '' }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      updateClassRestriction(admin, { groupName: '8B', memberIds: bUser, userGroupIds: '' }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      updateClassRestriction(admin, { groupName: '8B', memberIds: '', userGroupIds: bGroupId }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect((await getClassRestriction(admin, '8B')).memberIds).toEqual([]);
    const candidates = await listClassRestrictionCandidates(admin, []);
    expect(candidates.map((c) => c.userId)).not.toContain(bUser);
  });

  it('lists only active people, and keeps someone deactivated after being listed', async () => {
    const leaver = await makeUser({
      email: 'cal@cr.example.org',
      displayName: 'Cal Leaver',
      memberships: { [a.slug]: 'Teachers' },
    });
    await updateClassRestriction(admin, { groupName: '8B', memberIds: leaver, userGroupIds: '' });
    await deactivateUser(admin, { userId: leaver });
    expect((await listClassRestrictionCandidates(admin, [])).map((c) => c.userId)).not.toContain(leaver);
    const kept = await listClassRestrictionCandidates(admin, [leaver]);
    expect(kept.find((c) => c.userId === leaver)?.displayName).toBe('Cal Leaver (deactivated)');
    expect(
      await updateClassRestriction(admin, { groupName: '8B', memberIds: `${leaver},${bob}`, userGroupIds: '' }),
    ).toEqual({ added: 1, removed: 0 });

    const refused = await updateClassRestriction(admin, {
      groupName: '7A',
      memberIds: `${ann},${leaver}`,
      userGroupIds: pastoralId,
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UserError);
    expect((refused as UserError).fieldErrors?.memberIds).toEqual(['Only active users can be listed for a class.']);
    expect((await getClassRestriction(admin, '7A')).memberIds).toEqual([ann]);
    await updateClassRestriction(admin, { groupName: '8B', memberIds: '', userGroupIds: '' });
  });

  it('refuses bad input with a message for the field', async () => {
    const bad = updateClassRestriction(admin, { groupName: '8B', memberIds: 'not-a-uuid', userGroupIds: '' });
    await expect(bad).rejects.toThrow();
    await expect(
      updateClassRestriction(admin, { groupName: '8B', memberIds: '', userGroupIds: '', extra: '1' }),
    ).rejects.toThrow();
  });

  it('says so when the school does not restrict by class', async () => {
    const off = (await signedIn(restricted(a, 'off'), admin.user.id, { elevated: true })).ctx;
    expect(await getClassRestrictionOverview(off)).toEqual({ kind: 'off', classes: [], unassigned: [] });
    await expect(
      updateClassRestriction(off, { groupName: '7A', memberIds: '', userGroupIds: '' }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const live = await inSchool(a.id, (tx) =>
      tx.select().from(classRestrictionMembers).where(isNull(classRestrictionMembers.removedAt)),
    );
    expect(live).toHaveLength(2);
  });

  it('needs administration and a key used this session', async () => {
    const unelevated = (await signedIn(a, admin.user.id, { elevated: false })).ctx;
    await expect(getClassRestrictionOverview(unelevated)).rejects.toThrow(ELEVATE_FOR_ADMIN);
    const annCtx = (await signedIn(a, ann, { elevated: true })).ctx;
    await expect(getClassRestrictionOverview(annCtx)).rejects.toBeInstanceOf(NotAllowedError);
    await expect(
      updateClassRestriction(annCtx, { groupName: '7A', memberIds: '', userGroupIds: '' }),
    ).rejects.toBeInstanceOf(NotAllowedError);
    expect((await getClassRestriction(admin, '7A')).memberIds).toEqual([ann]);
  });

  it('only active people can be newly listed', async () => {
    const { deactivateUser } = await import('@/lib/admin');
    await deactivateUser(admin, { userId: bob });
    await expect(
      updateClassRestriction(admin, { groupName: '8B', memberIds: bob, userGroupIds: '' }),
    ).rejects.toBeInstanceOf(UserError);
  });
});
