/**
 * One order for categories with their sub-categories (lib/monitoring/category-order.ts):
 * the profile's lozenges, the lozenges in lists of pupils and the category
 * filter agree. Top-level categories sharing a sort order go by name (they
 * went by their random ids in lists before), each followed by its own
 * sub-categories.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils, monitor } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import { categories, userGroupCategoryPermissions, userGroups } from '@/db/schema';
import { accessSubjectOf } from '@/lib/access';
import { currentMonitoring } from '@/lib/monitoring/queries';
import { listCategoryOptions } from '@/lib/students/queries';
import { loadLozenges } from '@/lib/students/lozenges';
import type { UserCtx } from '@/lib/tenancy/context';

withTestDatabase();

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const OURS = ['Alpha', 'Alpha child', 'Zeta', 'Zeta child', 'Zeta second child'];
let dsl: UserCtx;
let pupil: string;

beforeAll(async () => {
  const a = await makeSchool('category-order');
  const userId = await makeUser({
    email: 'dsl@order.example.org',
    displayName: 'Dee Lead',
    memberships: { [a.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  dsl = (await signedIn(a, userId, { elevated: true })).ctx;
  // Zeta's id sorts before Alpha's, and they are created in neither order; the two share a sort order.
  const zeta = '00000000-0000-4000-8000-00000000000a';
  const alpha = 'ffffffff-0000-4000-8000-00000000000a';
  const rows = [
    { id: zeta, name: 'Zeta', parentId: null, sortOrder: 500 },
    { id: randomUUID(), name: 'Zeta second child', parentId: zeta, sortOrder: 2 },
    { id: randomUUID(), name: 'Zeta child', parentId: zeta, sortOrder: 1 },
    { id: alpha, name: 'Alpha', parentId: null, sortOrder: 500 },
    { id: randomUUID(), name: 'Alpha child', parentId: alpha, sortOrder: 1 },
  ];
  [pupil] = (await addPupils(a.id, [{ legalForename: 'Ada', legalSurname: 'Order' }])) as [string];
  await inSchool(a.id, async (tx) => {
    await tx.insert(categories).values(rows.map((r) => ({ ...r, schoolId: a.id, colour: '#336699' })));
    const [group] = await tx
      .select({ id: userGroups.id })
      .from(userGroups)
      .where(and(eq(userGroups.schoolId, a.id), eq(userGroups.name, 'DSL')));
    await tx.insert(userGroupCategoryPermissions).values(
      rows.map((r) => ({
        schoolId: a.id,
        userGroupId: group!.id,
        categoryId: r.id,
        viewStudents: true,
        viewIncidents: true,
        addIncidents: true,
      })),
    );
  });
  for (const r of rows) await monitor(a.id, pupil, r.id);
});

describe('the category order', () => {
  it('is the same on the profile, in lists of pupils and in the category filter', async () => {
    const subject = await accessSubjectOf(dsl);
    const profile = await dsl.run((tx) => currentMonitoring(tx, subject, pupil));
    const lists = await dsl.run((tx) => loadLozenges(tx, subject, [pupil]));
    const filter = await listCategoryOptions(dsl);
    const ours = (names: string[]) => names.filter((n) => OURS.includes(n));
    expect(ours(profile.map((c) => c.name))).toEqual(OURS);
    expect(ours((lists.get(pupil) ?? []).map((c) => c.name))).toEqual(OURS);
    expect(ours(filter.map((c) => c.name))).toEqual(OURS);
  });
});
