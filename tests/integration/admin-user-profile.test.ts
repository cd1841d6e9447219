/**
 * Admin → Users → a user, the parts added with complete editing: reactivation
 * asks for the address and the group (each change under its own rules, all
 * or nothing), the per-school alert email (validated, the person told, alerts
 * then sent there), and the Permissions section (the group's rights per
 * category and the person's class permissions).
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import { auditLog, categories, classRestrictionMembers, memberships, outbox, userGroups } from '@/db/schema';
import { deactivateUser, getMemberPermissions, getMemberProfile, reactivateUser, setAlertEmail } from '@/lib/admin';
import { NotFoundError, UserError } from '@/lib/errors';
import { createIncident } from '@/lib/incidents/create';
import type { School, UserCtx } from '@/lib/tenancy/context';

withTestDatabase();

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
let a: School;
let b: School;
let admin: UserCtx;
let teacher: UserCtx;
let adminId: string;
let teachersA: string;
let pastoralA: string;
let teachersB: string;

async function groupId(school: School, name: string): Promise<string> {
  const rows = await inSchool(school.id, (tx) =>
    tx
      .select({ id: userGroups.id })
      .from(userGroups)
      .where(and(eq(userGroups.schoolId, school.id), eq(userGroups.name, name))),
  );
  return rows[0]!.id;
}
const person = (school: School, email: string, group: string) =>
  makeUser({ email, displayName: email.split('@')[0]!, memberships: { [school.slug]: group } });
const auditOf = (action: string, entityId: string) =>
  inSchool(a.id, (tx) =>
    tx
      .select({ details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.action, action), eq(auditLog.entityId, entityId))),
  );
const mailTo = async (to: string) =>
  (await inSchool(a.id, (tx) => tx.select().from(outbox))).filter((m) => m.toAddress === to);

beforeAll(async () => {
  a = await makeSchool('admin-profile-a');
  b = await makeSchool('admin-profile-b');
  adminId = await makeUser({
    email: 'dsl@ap.example.org',
    displayName: 'Dee Admin',
    memberships: { [a.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  admin = (await signedIn(a, adminId, { elevated: true })).ctx;
  teacher = (await signedIn(a, await person(a, 'teacher@ap.example.org', 'Teachers'))).ctx;
  teachersA = await groupId(a, 'Teachers');
  pastoralA = await groupId(a, 'Pastoral');
  teachersB = await groupId(b, 'Teachers');
});

describe('reactivating asks for the address and the group', () => {
  it('reactivates with a new address and group, audited, the old address told', async () => {
    const id = await person(a, 'leaver@ap.example.org', 'Teachers');
    await deactivateUser(admin, { userId: id });
    await reactivateUser(admin, { userId: id, email: ' Returner@AP.example.org ', userGroupId: pastoralA });
    const profile = await getMemberProfile(admin, id);
    expect(profile).toMatchObject({ status: 'active', email: 'returner@ap.example.org', group: { id: pastoralA } });
    const [row] = await auditOf('admin.user_reactivated', id);
    expect(row?.details).toMatchObject({
      email: 'returner@ap.example.org',
      group: { id: pastoralA, name: 'Pastoral' },
    });
    expect(await auditOf('admin.user_email_changed', id)).toHaveLength(1);
    expect(await auditOf('admin.user_group_changed', id)).toHaveLength(1);
    expect(await mailTo('leaver@ap.example.org')).toHaveLength(1);
  });

  it('refuses a taken address, another school’s group or a malformed address, and stays deactivated', async () => {
    const id = await person(a, 'away@ap.example.org', 'Teachers');
    await deactivateUser(admin, { userId: id });
    const taken = await reactivateUser(admin, {
      userId: id,
      email: 'teacher@ap.example.org',
      userGroupId: teachersA,
    }).catch((e: unknown) => e);
    expect(taken).toBeInstanceOf(UserError);
    expect((taken as UserError).fieldErrors?.email).toBeDefined();
    const foreignGroup = await reactivateUser(admin, {
      userId: id,
      email: 'away@ap.example.org',
      userGroupId: teachersB,
    }).catch((e: unknown) => e);
    expect((foreignGroup as UserError).fieldErrors?.userGroupId).toEqual(['Choose one of this school’s user groups.']);
    await expect(
      reactivateUser(admin, { userId: id, email: 'not an address', userGroupId: teachersA }),
    ).rejects.toThrow();
    const profile = await getMemberProfile(admin, id);
    expect(profile).toMatchObject({ status: 'deactivated', email: 'away@ap.example.org', group: { id: teachersA } });
    expect(await auditOf('admin.user_reactivated', id)).toEqual([]);
  });

  it('refuses an address outside the school’s domain list', async () => {
    const id = await person(a, 'domain@ap.example.org', 'Teachers');
    await deactivateUser(admin, { userId: id });
    const strict = (
      await signedIn({ ...a, settings: { ...a.settings, emailDomainWhitelist: ['ap.example.org'] } }, adminId, {
        elevated: true,
      })
    ).ctx;
    await expect(
      reactivateUser(strict, { userId: id, email: 'someone@elsewhere.example', userGroupId: teachersA }),
    ).rejects.toMatchObject({ fieldErrors: { email: [expect.stringContaining('ap.example.org')] } });
    expect((await getMemberProfile(admin, id)).status).toBe('deactivated');
  });
});

describe('the alert email', () => {
  it('is set, validated and cleared; the person is told; alerts are emailed there', async () => {
    const id = await person(a, 'alerted@ap.example.org', 'Teachers');
    await expect(setAlertEmail(admin, { userId: id, alertEmail: 'not-an-address' })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ['alertEmail'] })],
    });
    await setAlertEmail(admin, { userId: id, alertEmail: 'Phone@AP.example.org' });
    expect((await getMemberProfile(admin, id)).alertEmail).toBe('phone@ap.example.org');
    expect(await mailTo('alerted@ap.example.org')).toHaveLength(1);
    const [audit] = await auditOf('admin.user_alert_email_changed', id);
    expect(audit?.details).toMatchObject({ from: null, to: 'phone@ap.example.org' });

    // An alert about an incident now goes to the alert address, not the sign-in one.
    const [pupil] = (await addPupils(a.id, [{ legalForename: 'Ana', legalSurname: 'Test' }])) as [string];
    const [cat] = await inSchool(a.id, (tx) =>
      tx.select({ id: categories.id }).from(categories).where(eq(categories.name, 'Behaviour')),
    );
    await createIncident(teacher, { studentId: pupil, text: 'A concern.', categoryIds: cat!.id, alertUserIds: id });
    expect(await mailTo('phone@ap.example.org')).toHaveLength(1);
    expect(await mailTo('alerted@ap.example.org')).toHaveLength(1);

    await setAlertEmail(admin, { userId: id, alertEmail: '' });
    const [row] = await inSchool(a.id, (tx) =>
      tx.select({ alertEmail: memberships.alertEmail }).from(memberships).where(eq(memberships.userId, id)),
    );
    expect(row?.alertEmail).toBeNull();
  });

  it('is refused outside the domain list, keeping what was there', async () => {
    const id = await person(a, 'kept@ap.example.org', 'Teachers');
    const strict = (
      await signedIn({ ...a, settings: { ...a.settings, emailDomainWhitelist: ['ap.example.org'] } }, adminId, {
        elevated: true,
      })
    ).ctx;
    await expect(setAlertEmail(strict, { userId: id, alertEmail: 'me@gmail.example' })).rejects.toMatchObject({
      fieldErrors: { alertEmail: [expect.stringContaining('ap.example.org')] },
    });
    expect((await getMemberProfile(admin, id)).alertEmail).toBeNull();
    await expect(setAlertEmail(admin, { userId: randomUUID(), alertEmail: '' })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('the Permissions section', () => {
  it('lists the group’s permissions and rights per category, and the person’s class permissions', async () => {
    const id = await person(a, 'tutor@ap.example.org', 'Pastoral');
    const open = await getMemberPermissions(admin, id);
    expect(open.group).toEqual({ id: pastoralA, name: 'Pastoral' });
    expect(open.permissions).toContain('students.list');
    expect(open.permissions).not.toContain('administration');
    const behaviour = open.categories.find((c) => c.name === 'Behaviour');
    const cp = open.categories.find((c) => c.name === 'Child Protection');
    expect(behaviour?.rights.viewIncidents).toBe(true);
    expect(cp?.rights.viewIncidents).toBe(false);
    expect(open).toMatchObject({ classKind: 'off', classes: [] });

    const restricted = { ...a, settings: { ...a.settings, classRestrictions: 'tutor' as const } };
    const adminR = (await signedIn(restricted, adminId, { elevated: true })).ctx;
    expect((await getMemberPermissions(adminR, id)).classes).toEqual([]);
    await inSchool(a.id, (tx) =>
      tx.insert(classRestrictionMembers).values([
        { id: randomUUID(), schoolId: a.id, groupKind: 'tutor', groupName: '10B', userId: id },
        { id: randomUUID(), schoolId: a.id, groupKind: 'tutor', groupName: '7A', userId: id },
        { id: randomUUID(), schoolId: a.id, groupKind: 'tutor', groupName: '7A', userGroupId: pastoralA },
        { id: randomUUID(), schoolId: a.id, groupKind: 'tutor', groupName: '8C', userGroupId: pastoralA },
        { id: randomUUID(), schoolId: a.id, groupKind: 'year', groupName: 'Year 9', userId: id },
        {
          id: randomUUID(),
          schoolId: a.id,
          groupKind: 'tutor',
          groupName: '9D',
          userId: id,
          removedAt: new Date(),
        },
      ]),
    );
    expect((await getMemberPermissions(adminR, id)).classes).toEqual([
      { name: '7A', via: 'both' },
      { name: '8C', via: 'group' },
      { name: '10B', via: 'person' },
    ]);
    await expect(getMemberPermissions(teacher, id)).rejects.toThrow();
  });
});
