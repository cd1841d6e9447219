/**
 * The isolation harness. `seedTwoSchools` makes schools A and B with a row in
 * every tenant table, each text field carrying its school's unique marker;
 * `expectNoLeak` asserts that nothing a function returned for A (rows, HTML,
 * file bytes) contains B's marker. Later features add their tables to the
 * fixture and their surfaces to tests/integration/isolation.test.ts; the guard
 * test fails if a tenant table is missing from the fixture.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { privileged } from '@/db/privileged';
import { alertGroupMembers, alertGroups, auditLog, categories, classRestrictionMembers, jobRuns, memberships, outbox, schools, schoolSwitchCodes, sessions, userGroupCategoryPermissions, userGroups, users } from '@/db/schema';

export interface FixtureSchool {
  id: string;
  slug: string;
  marker: string;
  userId: string;
  groupId: string;
}

/** Tables the fixture fills; the guard test compares this with the catalog. */
export const FIXTURE_TABLES = [
  'alert_group_members',
  'alert_groups',
  'audit_log',
  'categories',
  'class_restriction_members',
  'job_runs',
  'memberships',
  'outbox',
  'school_switch_codes',
  'sessions',
  'user_group_category_permissions',
  'user_groups',
];

async function seedSchool(label: 'a' | 'b'): Promise<FixtureSchool> {
  const marker = `MARKER_${label.toUpperCase()}_${randomUUID().slice(0, 8)}`;
  const s: FixtureSchool = { id: randomUUID(), slug: `iso-${label}-${marker.slice(-8).toLowerCase()}`, marker, userId: randomUUID(), groupId: randomUUID() };
  await privileged('school-setup', `isolation fixture ${label}`, async (tx) => {
    await tx.insert(schools).values({ id: s.id, slug: s.slug, name: `School ${marker}`, trustName: `Trust ${marker}` });
    await tx.insert(users).values({ id: s.userId, email: `${marker.toLowerCase()}@example.org`, displayName: `User ${marker}` });
    await tx.insert(userGroups).values({ id: s.groupId, schoolId: s.id, name: `Group ${marker}`, description: marker, permissions: [marker] });
    await tx.insert(memberships).values({ id: randomUUID(), schoolId: s.id, userId: s.userId, userGroupId: s.groupId, alertEmail: `${marker.toLowerCase()}@example.org`, misStaffId: marker });
    await tx.insert(auditLog).values({ id: randomUUID(), schoolId: s.id, actorUserId: s.userId, actorLabel: marker, action: `test.${marker}`, details: { marker } });
    await tx.insert(outbox).values({ id: randomUUID(), schoolId: s.id, toAddress: `${marker.toLowerCase()}@example.org`, subject: marker, bodyText: marker });
    await tx.insert(sessions).values({ id: randomUUID(), schoolId: s.id, userId: s.userId, tokenHash: `hash-${marker}`, expiresAt: new Date(Date.now() + 3_600_000), userAgent: marker, ip: marker });
    await tx.insert(schoolSwitchCodes).values({ id: randomUUID(), schoolId: s.id, codeHash: `code-${marker}`, userId: s.userId, nextPath: `/${marker.toLowerCase()}`, expiresAt: new Date(Date.now() + 30_000) });
    const alertGroupId = randomUUID();
    await tx.insert(alertGroups).values({ id: alertGroupId, schoolId: s.id, name: `Alert group ${marker}` });
    await tx.insert(alertGroupMembers).values({ id: randomUUID(), schoolId: s.id, alertGroupId, userId: s.userId });
    const categoryId = randomUUID();
    await tx.insert(categories).values({ id: categoryId, schoolId: s.id, name: `Category ${marker}`, colour: '#0f766e' });
    await tx.insert(userGroupCategoryPermissions).values({ schoolId: s.id, userGroupId: s.groupId, categoryId, viewStudents: true, viewIncidents: true, addIncidents: true });
    await tx.insert(classRestrictionMembers).values({ id: randomUUID(), schoolId: s.id, groupKind: 'tutor', groupName: `Group ${marker}`, userId: s.userId });
    await tx.insert(jobRuns).values({ id: randomUUID(), schoolId: s.id, job: `job-${marker}`, trigger: 'test', status: 'succeeded', summary: { marker } });
  });
  return s;
}

export async function seedTwoSchools(): Promise<{ a: FixtureSchool; b: FixtureSchool }> {
  return { a: await seedSchool('a'), b: await seedSchool('b') };
}

/** Fails if anything in `value` (rows, HTML, bytes) mentions the other school's marker. */
export function expectNoLeak(value: unknown, other: FixtureSchool): void {
  const text =
    typeof value === 'string'
      ? value
      : value instanceof Uint8Array
        ? Buffer.from(value).toString('utf8')
        : JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  expect(text.includes(other.marker), `output leaks ${other.marker}`).toBe(false);
}
