/**
 * Admin → Users against a real database: who may use it (a permission table),
 * another school's ids answered as missing ones, and the effects that must
 * reach a signed-in person on their very next request (deactivation, group
 * change, 2FA removal), the email whitelist, and the audit rows.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { inSchool } from '@/db/scoped';
import { auditLog, memberships, outbox, schools, userGroups, userKeys, users } from '@/db/schema';
import {
  addUser,
  changeUserEmail,
  changeUserGroup,
  deactivateUser,
  getMemberPermissions,
  getMemberProfile,
  listDeactivatedMembers,
  listGroupOptions,
  listMembers,
  listSecurityLog,
  listUserActivity,
  reactivateUser,
  removeAllKeys,
  setAlertEmail,
} from '@/lib/admin';
import { ELEVATE_FOR_ADMIN } from '@/lib/admin/guard';
import { resolveSession } from '@/lib/auth/sessions';
import { NotAllowedError, NotFoundError, UserError } from '@/lib/errors';
import { findSchoolBySlug } from '@/lib/schools/queries';
import type { School, Ctx, UserCtx } from '@/lib/tenancy/context';
import { DEFAULT_NAME_STYLE } from '@/lib/students/names';
import { makeCtx } from '@/lib/tenancy/make-ctx';

withTestDatabase();

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
/** What tests/support/identity.ts records as the request's origin. */
const meta = { ip: '203.0.113.7', userAgent: 'vitest' };

async function person(school: School, email: string, group: string, withKey = false): Promise<string> {
  return makeUser({
    email,
    displayName: email.split('@')[0] ?? email,
    memberships: { [school.slug]: group },
    totpSecret: withKey ? SECRET : undefined,
  });
}

/** A session as sign-in (and, with `elevated`, the key) would leave it, resolved as the next request would. */
const signIn = (school: School, userId: string, elevated: boolean) => signedIn(school, userId, { elevated });

const nextRequest = (school: School, token: string) => resolveSession(school.id, token, new Date());

async function groupId(school: School, name: string): Promise<string> {
  const rows = await inSchool(school.id, (tx) =>
    tx
      .select({ id: userGroups.id })
      .from(userGroups)
      .where(and(eq(userGroups.schoolId, school.id), eq(userGroups.name, name))),
  );
  if (!rows[0]) throw new Error(`no group ${name}`);
  return rows[0].id;
}

async function auditRows(school: School, action: string, entityId: string) {
  return inSchool(school.id, (tx) =>
    tx
      .select({ actorUserId: auditLog.actorUserId, details: auditLog.details, ip: auditLog.ip })
      .from(auditLog)
      .where(and(eq(auditLog.schoolId, school.id), eq(auditLog.action, action), eq(auditLog.entityId, entityId))),
  );
}

let a: School;
let b: School;
let admin: UserCtx;
let adminUnelevated: UserCtx;
let teacher: UserCtx;
let pastoral: UserCtx;
let adminId: string;
let pawnId: string;
let bUserId: string;
let teachersA: string;
let pastoralA: string;
let teachersB: string;

beforeAll(async () => {
  a = await makeSchool('admin-users-a');
  b = await makeSchool('admin-users-b');
  adminId = await person(a, 'dsl@a.example.org', 'DSL', true);
  const teacherId = await person(a, 'teacher@a.example.org', 'Teachers');
  const pastoralId = await person(a, 'hoy@a.example.org', 'Pastoral', true);
  pawnId = await person(a, 'pawn@a.example.org', 'Teachers');
  bUserId = await person(b, 'teacher@b.example.org', 'Teachers', true);
  admin = (await signIn(a, adminId, true)).ctx;
  adminUnelevated = (await signIn(a, adminId, false)).ctx;
  teacher = (await signIn(a, teacherId, false)).ctx;
  pastoral = (await signIn(a, pastoralId, true)).ctx;
  teachersA = await groupId(a, 'Teachers');
  pastoralA = await groupId(a, 'Pastoral');
  teachersB = await groupId(b, 'Teachers');
});

describe('who may use Admin → Users', () => {
  let n = 0;
  const fresh = () => `new${++n}@a.example.org`;
  const surfaces: [string, (ctx: Ctx) => Promise<unknown>][] = [
    ['list users', (ctx) => listMembers(ctx)],
    ['list deactivated users', (ctx) => listDeactivatedMembers(ctx)],
    ['list group options', (ctx) => listGroupOptions(ctx)],
    ['open a profile', (ctx) => getMemberProfile(ctx, pawnId)],
    ['permissions', (ctx) => getMemberPermissions(ctx, pawnId)],
    ['set the alert email', (ctx) => setAlertEmail(ctx, { userId: pawnId, alertEmail: '' })],
    ['security log', (ctx) => listSecurityLog(ctx, pawnId)],
    ['activity', (ctx) => listUserActivity(ctx, pawnId, DEFAULT_NAME_STYLE)],
    ['add a user', (ctx) => addUser(ctx, { displayName: 'New Person', email: fresh(), userGroupId: teachersA })],
    ['change group', (ctx) => changeUserGroup(ctx, { userId: pawnId, userGroupId: teachersA })],
    ['change email', (ctx) => changeUserEmail(ctx, { userId: pawnId, email: 'pawn@a.example.org' })],
    [
      'deactivate and reactivate',
      async (ctx) => (await deactivateUser(ctx, { userId: pawnId }), reactivateUser(ctx, { userId: pawnId })),
    ],
    ['remove all 2FA devices', (ctx) => removeAllKeys(ctx, { userId: pawnId, understood: 'on' })],
  ];
  const roles: [string, () => Ctx, 'allowed' | 'elevate' | 'refused'][] = [
    ['administrator using their key', () => admin, 'allowed'],
    ['administrator without their key', () => adminUnelevated, 'elevate'],
    ['teacher', () => teacher, 'refused'],
    ['pastoral key holder (no administration)', () => pastoral, 'refused'],
    ['nobody signed in', () => makeCtx(a, null, meta), 'refused'],
  ];

  for (const [role, ctxOf, expected] of roles) {
    for (const [surface, call] of surfaces) {
      it(`${role}: ${surface} → ${expected}`, async () => {
        const result = call(ctxOf());
        if (expected === 'allowed') {
          await expect(result).resolves.not.toThrow();
        } else {
          const err = await result.then(
            () => null,
            (e: unknown) => e,
          );
          expect(err).toBeInstanceOf(NotAllowedError);
          expect((err as Error).message).toBe(
            expected === 'elevate' ? ELEVATE_FOR_ADMIN : 'You do not have permission to do that.',
          );
        }
      });
    }
  }

  it('a refused call changes nothing', async () => {
    const before = await inSchool(a.id, (tx) => tx.select({ n: sql<number>`count(*)::int` }).from(auditLog));
    await expect(deactivateUser(teacher, { userId: pawnId })).rejects.toBeInstanceOf(NotAllowedError);
    await expect(changeUserGroup(adminUnelevated, { userId: pawnId, userGroupId: pastoralA })).rejects.toBeInstanceOf(
      NotAllowedError,
    );
    const after = await inSchool(a.id, (tx) => tx.select({ n: sql<number>`count(*)::int` }).from(auditLog));
    expect(after[0]?.n).toBe(before[0]?.n);
    expect((await getMemberProfile(admin, pawnId)).status).toBe('active');
  });
});

describe('another school’s ids are answered like ids that do not exist', () => {
  const missing = randomUUID();

  it.each([
    ['open a profile', (id: string) => getMemberProfile(admin, id)],
    ['permissions', (id: string) => getMemberPermissions(admin, id)],
    ['set the alert email', (id: string) => setAlertEmail(admin, { userId: id, alertEmail: 'x@a.example.org' })],
    ['security log', (id: string) => listSecurityLog(admin, id)],
    ['activity', (id: string) => listUserActivity(admin, id, DEFAULT_NAME_STYLE)],
    ['change group', (id: string) => changeUserGroup(admin, { userId: id, userGroupId: teachersA })],
    ['change email', (id: string) => changeUserEmail(admin, { userId: id, email: 'someone@a.example.org' })],
    ['deactivate', (id: string) => deactivateUser(admin, { userId: id })],
    ['reactivate', (id: string) => reactivateUser(admin, { userId: id })],
    [
      'reactivate with an address and a group',
      (id: string) => reactivateUser(admin, { userId: id, email: 'back@a.example.org', userGroupId: teachersA }),
    ],
    ['remove all 2FA devices', (id: string) => removeAllKeys(admin, { userId: id, understood: 'on' })],
  ])('%s', async (_label, call) => {
    const foreign = await call(bUserId).then(
      () => null,
      (e: unknown) => e,
    );
    const absent = await call(missing).then(
      () => null,
      (e: unknown) => e,
    );
    expect(foreign).toBeInstanceOf(NotFoundError);
    expect(absent).toBeInstanceOf(NotFoundError);
    expect((foreign as Error).message).toBe((absent as Error).message);
  });

  it('a malformed id is not found either', async () => {
    await expect(getMemberProfile(admin, 'not-a-uuid')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('another school’s user group cannot be given to a member', async () => {
    const foreign = await changeUserGroup(admin, { userId: pawnId, userGroupId: teachersB }).catch((e: unknown) => e);
    const absent = await changeUserGroup(admin, { userId: pawnId, userGroupId: randomUUID() }).catch((e: unknown) => e);
    expect(foreign).toBeInstanceOf(UserError);
    expect((foreign as UserError).fieldErrors).toEqual((absent as UserError).fieldErrors);
    expect((await getMemberProfile(admin, pawnId)).group.id).toBe(teachersA);
  });

  it('nothing of school B changed: its user is active with their key', async () => {
    const rows = await inSchool(b.id, (tx) =>
      tx
        .select({ status: memberships.status })
        .from(memberships)
        .where(and(eq(memberships.schoolId, b.id), eq(memberships.userId, bUserId))),
    );
    expect(rows[0]?.status).toBe('active');
    const keys = await inSchool(b.id, (tx) =>
      tx.select({ removedAt: userKeys.removedAt }).from(userKeys).where(eq(userKeys.userId, bUserId)),
    );
    expect(keys.map((k) => k.removedAt)).toEqual([null]);
  });

  it('lists show only this school’s members', async () => {
    const list = await listMembers(admin);
    expect(list.items.map((m) => m.email)).not.toContain('teacher@b.example.org');
    expect(list.items.map((m) => m.email)).toContain('teacher@a.example.org');
  });
});

describe('changes reach the person on their next request', () => {
  it('a deactivated user’s open session resolves to nothing on the next call, and stays ended after reactivation', async () => {
    const id = await person(a, 'leaver@a.example.org', 'Teachers');
    const { token } = await signIn(a, id, false);
    expect(await nextRequest(a, token)).not.toBeNull();

    await deactivateUser(admin, { userId: id });
    expect(await nextRequest(a, token)).toBeNull();
    expect((await listDeactivatedMembers(admin)).items.map((m) => m.userId)).toContain(id);
    expect((await listMembers(admin)).items.map((m) => m.userId)).not.toContain(id);

    await reactivateUser(admin, { userId: id });
    expect(await nextRequest(a, token)).toBeNull();
    const again = await signIn(a, id, false);
    expect(await nextRequest(a, again.token)).toMatchObject({ id });
  });

  it('resolveSession itself checks the membership status on every request, not only the session row', async () => {
    const id = await person(a, 'status-check@a.example.org', 'Teachers');
    const { token } = await signIn(a, id, false);
    await inSchool(a.id, (tx) =>
      tx
        .update(memberships)
        .set({ status: 'deactivated' })
        .where(and(eq(memberships.schoolId, a.id), eq(memberships.userId, id))),
    );
    expect(await nextRequest(a, token)).toBeNull();
  });

  it('deactivating an SSO person in one school leaves their other school alone', async () => {
    const id = await makeUser({
      email: 'sso@trust.example.org',
      displayName: 'Trust Lead',
      memberships: { [a.slug]: 'Teachers', [b.slug]: 'Teachers' },
    });
    const inB = await signIn(b, id, false);
    await deactivateUser(admin, { userId: id });
    expect(await nextRequest(b, inB.token)).toMatchObject({ id });
  });

  it('a group change is visible on the next resolveSession', async () => {
    const id = await person(a, 'mover@a.example.org', 'Pastoral', true);
    const { token } = await signIn(a, id, true);
    expect(await nextRequest(a, token)).toMatchObject({ userGroupName: 'Pastoral', elevated: true, mayElevate: true });

    await changeUserGroup(admin, { userId: id, userGroupId: teachersA });
    const next = await nextRequest(a, token);
    expect(next).toMatchObject({
      userGroupId: teachersA,
      userGroupName: 'Teachers',
      elevated: false,
      mayElevate: false,
    });
    expect(next?.permissions).not.toContain('students.list');

    const rows = await auditRows(a, 'admin.user_group_changed', id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorUserId: adminId,
      ip: meta.ip,
      details: { from: { id: pastoralA, name: 'Pastoral' }, to: { id: teachersA, name: 'Teachers' } },
    });
  });

  it('removing all 2FA devices makes `elevated` false at once, and the person is told', async () => {
    const id = await person(a, 'lost-phone@a.example.org', 'Pastoral', true);
    const { token } = await signIn(a, id, true);
    expect(await nextRequest(a, token)).toMatchObject({ elevated: true, keyCount: 1 });
    expect((await listMembers(admin, { q: 'lost-phone' })).items[0]?.keyHolder).toBe(true);

    await expect(removeAllKeys(admin, { userId: id, understood: 'on' })).resolves.toEqual({ removed: 1 });
    expect(await nextRequest(a, token)).toMatchObject({ elevated: false, keyCount: 0 });
    expect((await listMembers(admin, { q: 'lost-phone' })).items[0]?.keyHolder).toBe(false);
    expect((await getMemberProfile(admin, id)).keys).toEqual([]);

    const rows = await auditRows(a, 'admin.keys_removed', id);
    expect(rows[0]).toMatchObject({ actorUserId: adminId, details: { count: 1 } });
    const log = await listSecurityLog(admin, id);
    expect(log.entries[0]?.action).toBe('admin.keys_removed');
    const mail = await inSchool(a.id, (tx) =>
      tx.select({ subject: outbox.subject }).from(outbox).where(eq(outbox.toAddress, 'lost-phone@a.example.org')),
    );
    expect(mail.map((m) => m.subject)).toContain('Your Haven 2FA devices were removed');
  });

  it('removing 2FA devices needs the notice confirmed', async () => {
    await expect(removeAllKeys(admin, { userId: pawnId })).rejects.toThrow();
    await expect(removeAllKeys(admin, { userId: pawnId, understood: 'yes' })).rejects.toThrow();
  });

  it('an administrator cannot deactivate, regroup or strip the keys of their own account', async () => {
    await expect(deactivateUser(admin, { userId: adminId })).rejects.toThrow(/your own account/);
    await expect(changeUserGroup(admin, { userId: adminId, userGroupId: teachersA })).rejects.toThrow(
      /your own account/,
    );
    await expect(removeAllKeys(admin, { userId: adminId, understood: 'on' })).rejects.toThrow(/your own account/);
    expect(await nextRequest(a, (await signIn(a, adminId, true)).token)).toMatchObject({
      elevated: true,
      userGroupName: 'DSL',
    });
  });
});

describe('adding people and changing addresses', () => {
  it('adds a non-MIS user: a new person with a membership, visible in the list, with an audit row', async () => {
    const { userId } = await addUser(admin, {
      displayName: '  Nia Cole ',
      email: 'Nia.Cole@A.example.org',
      userGroupId: pastoralA,
    });
    const profile = await getMemberProfile(admin, userId);
    expect(profile).toMatchObject({
      displayName: 'Nia Cole',
      email: 'nia.cole@a.example.org',
      status: 'active',
      group: { name: 'Pastoral' },
      misStaffId: null,
      keys: [],
    });
    expect((await listMembers(admin, { q: 'nia', groupId: pastoralA })).items.map((m) => m.userId)).toEqual([userId]);
    expect((await listMembers(admin, { q: 'nia', groupId: teachersA })).items).toEqual([]);
    const rows = await auditRows(a, 'admin.user_added', userId);
    expect(rows[0]).toMatchObject({ actorUserId: adminId, details: { newAccount: true, group: 'Pastoral' } });
  });

  it('refuses an address already used here, whatever its case', async () => {
    const err = await addUser(admin, {
      displayName: 'Again',
      email: 'TEACHER@a.example.org',
      userGroupId: teachersA,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).fieldErrors?.email?.[0]).toMatch(/already uses this address/);
  });

  it('refuses an address of a person it cannot see (another school’s), and creates nothing', async () => {
    const err = await addUser(admin, {
      displayName: 'Poacher',
      email: 'teacher@b.example.org',
      userGroupId: teachersA,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).fieldErrors?.email?.[0]).toMatch(/already used by another Haven account/);
    const rows = await inSchool(a.id, (tx) =>
      tx
        .select({ id: users.id })
        .from(users)
        .where(sql`lower(${users.email}) = 'teacher@b.example.org'`),
    );
    expect(rows).toEqual([]);
  });

  it('validates the form: name, email and group', async () => {
    await expect(
      addUser(admin, { displayName: '', email: 'x@a.example.org', userGroupId: teachersA }),
    ).rejects.toThrow();
    await expect(addUser(admin, { displayName: 'X', email: 'not an email', userGroupId: teachersA })).rejects.toThrow();
    await expect(
      addUser(admin, { displayName: 'X', email: 'x@a.example.org', userGroupId: teachersA, isAdmin: true }),
    ).rejects.toThrow();
  });

  it('changes an address, cancels nothing it should not, tells the old address, and audits', async () => {
    const id = await person(a, 'old@a.example.org', 'Teachers');
    await changeUserEmail(admin, { userId: id, email: 'New@a.example.org' });
    expect((await getMemberProfile(admin, id)).email).toBe('new@a.example.org');
    const rows = await auditRows(a, 'admin.user_email_changed', id);
    expect(rows[0]).toMatchObject({ details: { from: 'old@a.example.org', to: 'new@a.example.org' } });
    const mail = await inSchool(a.id, (tx) =>
      tx.select({ subject: outbox.subject }).from(outbox).where(eq(outbox.toAddress, 'old@a.example.org')),
    );
    expect(mail.map((m) => m.subject)).toEqual(['Your Haven email address was changed']);
    const clash = await changeUserEmail(admin, { userId: id, email: 'teacher@b.example.org' }).catch((e: unknown) => e);
    expect((clash as UserError).fieldErrors?.email?.[0]).toMatch(/already used by another Haven account/);
  });

  it('refuses to change the address of someone who signs in with it at another school too', async () => {
    // A trust's lead in both schools: school A may not repoint how they sign in at school B.
    const shared = await makeUser({
      email: 'lead@trust.example.org',
      displayName: 'Trust Lead',
      memberships: { [a.slug]: 'Teachers', [b.slug]: 'DSL' },
    });
    const err = await changeUserEmail(admin, { userId: shared, email: 'lead@a.example.org' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).fieldErrors?.email?.[0]).toMatch(/sign in with this address at another school too/);
    expect((await getMemberProfile(admin, shared)).email).toBe('lead@trust.example.org');
    expect(await auditRows(a, 'admin.user_email_changed', shared)).toEqual([]);
    // Deactivated there still counts: they may come back to it.
    const left = await makeUser({
      email: 'left@trust.example.org',
      displayName: 'Left B',
      memberships: { [a.slug]: 'Teachers', [b.slug]: 'Teachers' },
    });
    await deactivateUser((await signIn(b, await person(b, 'dsl2@b.example.org', 'DSL', true), true)).ctx, {
      userId: left,
    });
    await expect(changeUserEmail(admin, { userId: left, email: 'left@a.example.org' })).rejects.toBeInstanceOf(
      UserError,
    );
    // Someone of school B only is "not found" here, as before: nothing is said about their other schools.
    await expect(changeUserEmail(admin, { userId: bUserId, email: 'x@a.example.org' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe('the school’s email-domain whitelist', () => {
  let w: School;
  let wAdmin: UserCtx;
  let wTeachers: string;

  beforeAll(async () => {
    w = await makeSchool('admin-users-whitelist');
    await inSchool(w.id, (tx) =>
      tx
        .update(schools)
        .set({ settings: { emailDomainWhitelist: ['school.org', '@trust.org'] } })
        .where(eq(schools.id, w.id)),
    );
    const wAdminId = await person(w, 'admin@school.org', 'DSL', true);
    w = (await findSchoolBySlug(w.slug))!;
    wAdmin = (await signIn(w, wAdminId, true)).ctx;
    wTeachers = await groupId(w, 'Teachers');
  });

  it('refuses other domains, and sub-domains, next to the email field', async () => {
    for (const email of ['someone@gmail.com', 'someone@mail.school.org', 'someone@school.org.evil.com']) {
      const err = await addUser(wAdmin, { displayName: 'Someone', email, userGroupId: wTeachers }).catch(
        (e: unknown) => e,
      );
      expect(err, email).toBeInstanceOf(UserError);
      expect((err as UserError).fieldErrors?.email?.[0]).toBe(
        'This school only allows addresses at school.org, trust.org.',
      );
    }
    expect((await listMembers(wAdmin, { q: 'someone' })).items).toEqual([]);
  });

  it('accepts the listed domains, for new users and changed addresses', async () => {
    const { userId } = await addUser(wAdmin, { displayName: 'Ok', email: 'ok@school.org', userGroupId: wTeachers });
    await changeUserEmail(wAdmin, { userId, email: 'ok@trust.org' });
    const err = await changeUserEmail(wAdmin, { userId, email: 'ok@hotmail.com' }).catch((e: unknown) => e);
    expect((err as UserError).fieldErrors?.email).toBeDefined();
    expect((await getMemberProfile(wAdmin, userId)).email).toBe('ok@trust.org');
  });
});

describe('security log and activity', () => {
  it('shows the person’s sign-in events newest first, and their own actions as activity', async () => {
    const log = await listSecurityLog(admin, adminId);
    expect(log.person.userId).toBe(adminId);
    const activity = await listUserActivity(admin, adminId, DEFAULT_NAME_STYLE);
    expect(activity.entries.length).toBeGreaterThan(3);
    expect(activity.entries.every((e) => e.action.startsWith('admin.'))).toBe(true);
    const times = activity.entries.map((e) => e.at.getTime());
    expect([...times].sort((x, y) => y - x)).toEqual(times);
  });

  it('pages through older rows without repeats', async () => {
    for (let i = 0; i < 3; i++) {
      await changeUserGroup(admin, { userId: pawnId, userGroupId: pastoralA });
      await changeUserGroup(admin, { userId: pawnId, userGroupId: teachersA });
    }
    const all = await listUserActivity(admin, adminId, DEFAULT_NAME_STYLE);
    const first = all.entries.slice(0, 2);
    const second = await listUserActivity(admin, adminId, DEFAULT_NAME_STYLE, { before: first[1]?.id });
    expect(second.entries[0]?.id).toBe(all.entries[2]?.id);
  });
});
