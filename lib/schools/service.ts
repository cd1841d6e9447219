/**
 * Creating schools: a platform operation (the command line's `school create`,
 * the demo seed, later the platform console), so it uses the privileged path.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { privileged } from '@/db/privileged';
import { categories, schools, userGroupCategoryPermissions, userGroups } from '@/db/schema';
import { planDefaultCategories, planDefaultCategoryPermissions } from '@/lib/access';
import { writeAudit } from '@/lib/audit/write';
import { UserError } from '@/lib/errors';
import { DEFAULT_USER_GROUPS } from './defaults';
import { createSchoolInput, type CreateSchoolInput } from './schema';

export async function createSchool(input: CreateSchoolInput): Promise<{ id: string; slug: string; created: boolean }> {
  const data = createSchoolInput.parse(input);
  return privileged('school-setup', `create school ${data.slug}`, async (tx) => {
    const existing = await tx.select({ id: schools.id }).from(schools).where(eq(schools.slug, data.slug)).limit(1);
    if (existing[0]) {
      throw new UserError(`A school with the address "${data.slug}" already exists.`);
    }
    const id = randomUUID();
    await tx
      .insert(schools)
      .values({ id, slug: data.slug, name: data.name, trustName: data.trustName ?? null, timeZone: data.timeZone });
    const groups = DEFAULT_USER_GROUPS.map((g) => ({
      id: randomUUID(),
      schoolId: id,
      name: g.name,
      description: g.description,
      permissions: g.permissions,
      isDefault: true,
    }));
    await tx.insert(userGroups).values(groups);
    const planned = planDefaultCategories(randomUUID);
    await tx.insert(categories).values(planned.map((c) => ({ ...c, schoolId: id })));
    const rights = planDefaultCategoryPermissions(groups, planned);
    if (rights.length > 0)
      await tx.insert(userGroupCategoryPermissions).values(rights.map((r) => ({ ...r, schoolId: id })));
    await writeAudit(tx, {
      schoolId: id,
      actorUserId: null,
      actorLabel: 'platform',
      action: 'school.created',
      entityType: 'school',
      entityId: id,
      details: { slug: data.slug, name: data.name },
    });
    return { id, slug: data.slug, created: true };
  });
}
