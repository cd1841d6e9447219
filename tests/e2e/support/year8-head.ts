/**
 * Makes the demo school's head of Year 8 for the saved-reports spec: a new
 * key holder in the Pastoral group (which is given "Run reports"), with class
 * restrictions by year group switched on, the DSL group listed for every year
 * group and the new person for Year 8 alone, as Admin → Class restrictions
 * would. For e2e set-up only, and only while no server owns the data
 * directory (like set-forms.ts).
 * Run: HAVEN_DATA_DIR=… tsx --conditions=react-server tests/e2e/support/year8-head.ts
 */
import { randomUUID } from 'node:crypto';
import { and, eq, isNotNull } from 'drizzle-orm';
import { closeDb } from '@/db/client';
import { readLockOwner } from '@/db/embedded-lock';
import { inSchool } from '@/db/scoped';
import { classRestrictionMembers, schools, students, userGroups } from '@/db/schema';
import { becomeEmbeddedHost } from '@/lib/cli/embedded-host';
import { getConfig } from '@/lib/config';
import { findSchoolBySlug } from '@/lib/schools/queries';
import { provisionUser } from '@/lib/users/provision';
import { DEMO_PASSWORD } from '../../../db/seed/demo-users';
import { YEAR8_HEAD } from './year8-head-user';

async function main(): Promise<void> {
  const cfg = getConfig();
  if (cfg.database.driver !== 'pglite' || !cfg.database.dataDir)
    throw new Error('year8-head writes an embedded database only');
  if (readLockOwner(cfg.database.dataDir) !== null)
    throw new Error('a running process owns the database; stop it first');
  const host = await becomeEmbeddedHost();
  try {
    const school = await findSchoolBySlug('demo');
    if (!school) throw new Error('no demo school');
    const userId = await provisionUser({ ...YEAR8_HEAD, password: DEMO_PASSWORD, memberships: { demo: 'Pastoral' } });
    await inSchool(school.id, async (tx) => {
      const groups = await tx
        .select({ id: userGroups.id, name: userGroups.name, permissions: userGroups.permissions })
        .from(userGroups);
      const pastoral = groups.find((g) => g.name === 'Pastoral');
      const dsl = groups.find((g) => g.name === 'DSL');
      if (!pastoral || !dsl) throw new Error('the demo school has no Pastoral or DSL group');
      await tx
        .update(userGroups)
        .set({ permissions: [...new Set([...(pastoral.permissions as string[]), 'reports.run'])] })
        .where(eq(userGroups.id, pastoral.id));
      const years = await tx
        .selectDistinct({ name: students.yearGroup })
        .from(students)
        .where(and(eq(students.schoolId, school.id), isNotNull(students.yearGroup)));
      await tx.insert(classRestrictionMembers).values([
        ...years.map((y) => ({
          id: randomUUID(),
          schoolId: school.id,
          groupKind: 'year' as const,
          groupName: y.name!,
          userGroupId: dsl.id,
        })),
        { id: randomUUID(), schoolId: school.id, groupKind: 'year' as const, groupName: 'Year 8', userId },
      ]);
      await tx
        .update(schools)
        .set({ settings: { ...school.settings, classRestrictions: 'year' } })
        .where(eq(schools.id, school.id));
    });
  } finally {
    await host?.close();
    await closeDb();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
