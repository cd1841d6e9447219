/**
 * Reads for Admin → User groups: the list with member counts, and one group
 * with its system permissions and its rights in every category of the school
 * (top-level categories with their sub-categories).
 */
import 'server-only';
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { categories, memberships, userGroupCategoryPermissions, userGroups } from '@/db/schema';
import { parseSystemPermissions, SYSTEM_PERMISSIONS, type SystemPermission } from '@/lib/access';
import { NotFoundError } from '@/lib/errors';
import type { Ctx } from '@/lib/tenancy/context';
import { requireAdmin } from './guard';
import type { MatrixCategory, MatrixTopCategory, UserGroupDetail, UserGroupListItem } from './types';

/** Stored permissions as known names, in the order the form shows them. */
export function knownPermissions(stored: unknown): SystemPermission[] {
  const held = parseSystemPermissions(stored);
  return SYSTEM_PERMISSIONS.filter((p) => held.has(p));
}

const memberCounts = {
  activeMembers: sql<number>`count(${memberships.id}) filter (where ${memberships.status} = 'active')::int`,
  allMembers: sql<number>`count(${memberships.id})::int`,
};

/** Groups with their member counts. */
function groupsWithCounts(tx: Tx, where: SQL | undefined) {
  return tx
    .select({
      id: userGroups.id,
      name: userGroups.name,
      description: userGroups.description,
      permissions: userGroups.permissions,
      ...memberCounts,
    })
    .from(userGroups)
    .leftJoin(
      memberships,
      and(eq(memberships.userGroupId, userGroups.id), eq(memberships.schoolId, userGroups.schoolId)),
    )
    .where(where)
    .groupBy(userGroups.id);
}

export async function listUserGroups(ctx: Ctx): Promise<UserGroupListItem[]> {
  requireAdmin(ctx);
  const rows = await ctx.run((tx) =>
    groupsWithCounts(tx, eq(userGroups.schoolId, ctx.school.id)).orderBy(asc(sql`lower(${userGroups.name})`)),
  );
  return rows.map((r) => ({ ...r, permissions: knownPermissions(r.permissions) }));
}

/** The group's row in this school, or NotFoundError (also for a malformed id). */
export async function findGroupOrThrow(tx: Tx, schoolId: string, groupId: string) {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(groupId))
    throw new NotFoundError('user group');
  const rows = await groupsWithCounts(tx, and(eq(userGroups.schoolId, schoolId), eq(userGroups.id, groupId))).limit(1);
  const row = rows[0];
  if (!row) throw new NotFoundError('user group');
  return row;
}

/** Every category of the school, parents before children, with this group's rights (none if no row). */
export async function loadMatrix(tx: Tx, schoolId: string, groupId: string | null): Promise<MatrixTopCategory[]> {
  const rows = await tx
    .select({
      id: categories.id,
      parentId: categories.parentId,
      name: categories.name,
      colour: categories.colour,
      archivedAt: categories.archivedAt,
      viewStudents: userGroupCategoryPermissions.viewStudents,
      viewIncidents: userGroupCategoryPermissions.viewIncidents,
      addIncidents: userGroupCategoryPermissions.addIncidents,
    })
    .from(categories)
    .leftJoin(
      userGroupCategoryPermissions,
      and(
        eq(userGroupCategoryPermissions.schoolId, categories.schoolId),
        eq(userGroupCategoryPermissions.categoryId, categories.id),
        // No group yet (a new one): the join matches nothing and every right is off.
        groupId ? eq(userGroupCategoryPermissions.userGroupId, groupId) : sql`false`,
      ),
    )
    .where(eq(categories.schoolId, schoolId))
    .orderBy(asc(categories.sortOrder), asc(sql`lower(${categories.name})`));
  const toCategory = (r: (typeof rows)[number]): MatrixCategory => ({
    id: r.id,
    name: r.name,
    colour: r.colour,
    archived: r.archivedAt !== null,
    rights: {
      viewStudents: r.viewStudents === true,
      viewIncidents: r.viewIncidents === true,
      addIncidents: r.addIncidents === true,
    },
  });
  const tops = new Map<string, MatrixTopCategory>();
  for (const r of rows) if (r.parentId === null) tops.set(r.id, { ...toCategory(r), children: [] });
  for (const r of rows) if (r.parentId !== null) tops.get(r.parentId)?.children.push(toCategory(r));
  return [...tops.values()];
}

export async function getUserGroup(ctx: Ctx, groupId: string): Promise<UserGroupDetail> {
  requireAdmin(ctx);
  return ctx.run(async (tx) => {
    const group = await findGroupOrThrow(tx, ctx.school.id, groupId);
    return {
      id: group.id,
      name: group.name,
      description: group.description,
      permissions: knownPermissions(group.permissions),
      activeMembers: group.activeMembers,
      allMembers: group.allMembers,
      isOwnGroup: group.id === ctx.user.userGroupId,
      matrix: await loadMatrix(tx, ctx.school.id, group.id),
    };
  });
}

/** The categories for a new group's form: every right off. */
export async function getEmptyMatrix(ctx: Ctx): Promise<MatrixTopCategory[]> {
  requireAdmin(ctx);
  return ctx.run((tx) => loadMatrix(tx, ctx.school.id, null));
}
