/**
 * "New user" from the MIS staff list: who is offered (mis-format.md: started,
 * not ended, full-time, not already a user here), adding them with the MIS
 * address or one the admin gives, the MIS staff id on the membership, and the
 * refusals (another school's staff row, someone no longer offered, no key).
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { inSchool } from '@/db/scoped';
import { auditLog, memberships, misStaff, userGroups } from '@/db/schema';
import { addStaffUser, listOfferableStaff } from '@/lib/admin';
import { ELEVATE_FOR_ADMIN } from '@/lib/admin/guard';
import { NotAllowedError, UserError } from '@/lib/errors';
import type { School, UserCtx } from '@/lib/tenancy/context';

withTestDatabase();

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const NOW = new Date('2026-03-10T12:00:00Z');
let a: School;
let b: School;
let admin: UserCtx;
let teachersId: string;
const ids: Record<string, string> = {};

type Staff = {
  misId: string;
  forename: string;
  surname: string;
  email?: string | null;
  startDate?: string | null;
  endDate?: string | null;
  contract?: 'full-time' | 'part-time' | null;
  archived?: boolean;
};

async function addStaff(school: School, rows: Staff[]): Promise<void> {
  await inSchool(school.id, (tx) =>
    tx.insert(misStaff).values(
      rows.map((r) => {
        const id = randomUUID();
        ids[`${school.slug}:${r.misId}`] = id;
        return {
          id,
          schoolId: school.id,
          misId: r.misId,
          forename: r.forename,
          surname: r.surname,
          email: r.email === undefined ? `${r.forename.toLowerCase()}@staff.example.org` : r.email,
          jobTitle: 'Teacher',
          startDate: r.startDate === undefined ? '2020-09-01' : r.startDate,
          endDate: r.endDate ?? null,
          contract: r.contract === undefined ? 'full-time' : r.contract,
          misRowHash: 'test',
          archivedAt: r.archived ? NOW : null,
        };
      }),
    ),
  );
}

beforeAll(async () => {
  a = await makeSchool('staff-users-a');
  b = await makeSchool('staff-users-b');
  const adminId = await makeUser({
    email: 'dsl@su.example.org',
    displayName: 'Dee Lead',
    memberships: { [a.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  admin = (await signedIn(a, adminId, { elevated: true })).ctx;
  await addStaff(a, [
    { misId: 'T01', forename: 'Helen', surname: 'Carter' },
    { misId: 'T02', forename: 'David', surname: 'Okafor', email: null },
    { misId: 'T03', forename: 'Future', surname: 'Starter', startDate: '2026-04-01' },
    { misId: 'T04', forename: 'Gone', surname: 'Leaver', endDate: '2026-03-09' },
    { misId: 'T05', forename: 'Last', surname: 'Day', endDate: '2026-03-10' },
    { misId: 'T06', forename: 'Part', surname: 'Timer', contract: 'part-time' },
    { misId: 'T07', forename: 'Old', surname: 'Row', archived: true },
    { misId: 'T08', forename: 'No', surname: 'Start', startDate: null },
  ]);
  await addStaff(b, [{ misId: 'T01', forename: 'Other', surname: 'School' }]);
  teachersId = (
    await inSchool(a.id, (tx) =>
      tx.select({ id: userGroups.id }).from(userGroups).where(eq(userGroups.name, 'Teachers')),
    )
  )[0]!.id;
});

describe('New user from the MIS staff list', () => {
  it('offers only staff who have started, have not left, work full-time and are not users here', async () => {
    const offered = await listOfferableStaff(admin, NOW);
    expect(offered.map((s) => s.displayName)).toEqual(['Helen Carter', 'Last Day', 'David Okafor']);
  });

  it('adds someone with the MIS address and keeps their MIS staff id', async () => {
    const { userId } = await addStaffUser(
      admin,
      { misStaffId: ids['staff-users-a:T01'], userGroupId: teachersId },
      NOW,
    );
    const rows = await inSchool(a.id, (tx) => tx.select().from(memberships).where(eq(memberships.userId, userId)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ misStaffId: 'T01', userGroupId: teachersId, status: 'active' });
    const audit = await inSchool(a.id, (tx) => tx.select().from(auditLog).where(eq(auditLog.entityId, userId)));
    expect(audit[0]?.details).toMatchObject({
      source: 'mis',
      misStaffId: 'T01',
      email: 'helen@staff.example.org',
      displayName: 'Helen Carter',
    });
    expect((await listOfferableStaff(admin, NOW)).map((s) => s.misId)).toEqual(['T05', 'T02']);
  });

  it('asks for an address when the MIS has none, and takes the one given', async () => {
    const noEmail = addStaffUser(admin, { misStaffId: ids['staff-users-a:T02'], userGroupId: teachersId }, NOW);
    await expect(noEmail).rejects.toBeInstanceOf(UserError);
    await expect(noEmail).rejects.toMatchObject({
      fieldErrors: { email: [expect.stringContaining('MIS has no address')] },
    });
    const { userId } = await addStaffUser(
      admin,
      { misStaffId: ids['staff-users-a:T02'], userGroupId: teachersId, email: 'D.Okafor@staff.example.org' },
      NOW,
    );
    const rows = await inSchool(a.id, (tx) => tx.select().from(memberships).where(eq(memberships.userId, userId)));
    expect(rows[0]?.misStaffId).toBe('T02');
  });

  it('refuses staff who are not offered and another school’s staff rows, adding nobody', async () => {
    const count = async () => (await inSchool(a.id, (tx) => tx.select().from(memberships))).length;
    const before = await count();
    for (const key of [
      'staff-users-a:T03',
      'staff-users-a:T04',
      'staff-users-a:T06',
      'staff-users-a:T07',
      'staff-users-a:T01',
      'staff-users-b:T01',
    ]) {
      await expect(addStaffUser(admin, { misStaffId: ids[key], userGroupId: teachersId }, NOW)).rejects.toMatchObject({
        fieldErrors: { misStaffId: ['Choose someone from the staff list.'] },
      });
    }
    await expect(addStaffUser(admin, { misStaffId: 'nope', userGroupId: teachersId }, NOW)).rejects.toThrow();
    expect(await count()).toBe(before);
  });

  it('needs administration and a key used this session', async () => {
    const unelevated = (await signedIn(a, admin.user.id, { elevated: false })).ctx;
    await expect(listOfferableStaff(unelevated, NOW)).rejects.toThrow(ELEVATE_FOR_ADMIN);
    await expect(
      addStaffUser(unelevated, { misStaffId: ids['staff-users-a:T05'], userGroupId: teachersId }, NOW),
    ).rejects.toThrow(ELEVATE_FOR_ADMIN);
    const teacherId = await makeUser({
      email: 'teacher@su.example.org',
      displayName: 'Tia Teacher',
      memberships: { [a.slug]: 'Teachers' },
    });
    const teacher = (await signedIn(a, teacherId, { elevated: true })).ctx;
    await expect(listOfferableStaff(teacher, NOW)).rejects.toBeInstanceOf(NotAllowedError);
  });
});
