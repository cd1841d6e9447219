/**
 * Writes for Admin → User groups: create a group, and change its name,
 * description, system permissions and per-category rights. Members feel a
 * change on their next request (resolveSession reads the group every time).
 *
 * There is no delete: the app role has no DELETE on tenant tables, and a group
 * with members must never vanish from under them. Removing an empty group
 * would need an `archived_at` on user_groups.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { categories, userGroupCategoryPermissions, userGroups } from '@/db/schema';
import { NotFoundError, UserError } from '@/lib/errors';
import type { SystemPermission } from '@/lib/access';
import { groupCategoryRights } from '@/lib/access/load-subject';
import type { Ctx, UserCtx } from '@/lib/tenancy/context';
import { recordAdminEvent } from '@/lib/audit/admin-events';
import { refusingDuplicates } from './db-errors';
import { findGroupOrThrow, knownPermissions } from './group-queries';
import { requireAdmin } from './guard';
import { CATEGORY_RIGHTS } from './labels';
import { parseCell, userGroupInput, type CategoryCell } from './schema';
import type { CategoryRights } from './types';

const NAME_TAKEN = 'Another user group already has this name.';

async function assertNameFree(tx: Tx, schoolId: string, name: string, exceptId: string | null): Promise<void> {
  const rows = await tx
    .select({ id: userGroups.id })
    .from(userGroups)
    .where(
      and(
        eq(userGroups.schoolId, schoolId),
        sql`lower(${userGroups.name}) = ${name.toLowerCase()}`,
        exceptId ? ne(userGroups.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  if (rows[0]) throw new UserError(NAME_TAKEN, { name: [NAME_TAKEN] });
}

interface CategoryChange {
  categoryId: string;
  name: string;
  from: CategoryRights;
  to: CategoryRights;
}

const noRights = (): CategoryRights => ({ viewStudents: false, viewIncidents: false, addIncidents: false });
const sameRights = (a: CategoryRights, b: CategoryRights) => CATEGORY_RIGHTS.every((r) => a[r] === b[r]);

/**
 * Makes the group's category rows match the ticked cells. Every category of
 * the school is considered, so an unticked cell switches its right off; rows
 * are updated, never deleted (a row with every right off grants nothing).
 */
async function saveMatrix(
  tx: Tx,
  schoolId: string,
  groupId: string,
  cells: readonly CategoryCell[],
): Promise<CategoryChange[]> {
  const schoolCategories = await tx
    .select({ id: categories.id, name: categories.name })
    .from(categories)
    .where(eq(categories.schoolId, schoolId));
  const known = new Map(schoolCategories.map((c) => [c.id, c.name]));
  const wanted = new Map<string, CategoryRights>();
  for (const cell of cells) {
    if (!known.has(cell.categoryId)) throw new NotFoundError('category');
    const rights = wanted.get(cell.categoryId) ?? noRights();
    rights[cell.right] = true;
    wanted.set(cell.categoryId, rights);
  }
  const existingRows = await groupCategoryRights(tx, schoolId, groupId);
  const existing = new Map(existingRows.map(({ categoryId, ...rights }) => [categoryId, rights]));

  const changes: CategoryChange[] = [];
  for (const [categoryId, name] of known) {
    const from = existing.get(categoryId) ?? noRights();
    const to = wanted.get(categoryId) ?? noRights();
    if (sameRights(from, to)) continue;
    if (existing.has(categoryId)) {
      await tx
        .update(userGroupCategoryPermissions)
        .set(to)
        .where(
          and(
            eq(userGroupCategoryPermissions.schoolId, schoolId),
            eq(userGroupCategoryPermissions.userGroupId, groupId),
            eq(userGroupCategoryPermissions.categoryId, categoryId),
          ),
        );
    } else {
      await tx.insert(userGroupCategoryPermissions).values({ schoolId, userGroupId: groupId, categoryId, ...to });
    }
    changes.push({ categoryId, name, from, to });
  }
  return changes;
}

function permissionDiff(before: readonly SystemPermission[], after: readonly SystemPermission[]) {
  return { added: after.filter((p) => !before.includes(p)), removed: before.filter((p) => !after.includes(p)) };
}

/** An administrator may not take administration away from their own group: they would lock themselves out mid-change. */
function refuseOwnLockout(ctx: UserCtx, groupId: string, permissions: readonly SystemPermission[]): void {
  if (groupId === ctx.user.userGroupId && !permissions.includes('administration')) {
    const message =
      'Your own group must keep Administration, or you would lose access to this page. Ask another administrator.';
    throw new UserError(message, { permissions: [message] });
  }
}

const withNameGuard = <T>(fn: () => Promise<T>) =>
  refusingDuplicates('user_groups_school_name_key', { message: NAME_TAKEN, field: 'name' }, fn);

export async function createUserGroup(ctx: Ctx, input: unknown, now = new Date()): Promise<{ groupId: string }> {
  requireAdmin(ctx);
  const data = userGroupInput.parse(input);
  if (data.groupId) throw new UserError('This form creates a new group.');
  const permissions = knownPermissions(data.permissions);
  return withNameGuard(() =>
    ctx.run(async (tx) => {
      await assertNameFree(tx, ctx.school.id, data.name, null);
      const groupId = randomUUID();
      await tx.insert(userGroups).values({
        id: groupId,
        schoolId: ctx.school.id,
        name: data.name,
        description: data.description,
        permissions,
        createdAt: now,
      });
      const changes = await saveMatrix(tx, ctx.school.id, groupId, data.cells.map(parseCell));
      await recordAdminEvent(tx, ctx, {
        action: 'admin.group_created',
        entityType: 'user_group',
        entityId: groupId,
        details: {
          name: data.name,
          description: data.description,
          permissions,
          categories: changes.map((c) => ({ categoryId: c.categoryId, name: c.name, rights: c.to })),
        },
        at: now,
      });
      return { groupId };
    }),
  );
}

export async function updateUserGroup(ctx: Ctx, input: unknown, now = new Date()): Promise<void> {
  requireAdmin(ctx);
  const data = userGroupInput.parse(input);
  if (!data.groupId) throw new NotFoundError('user group');
  const groupId = data.groupId;
  const permissions = knownPermissions(data.permissions);
  refuseOwnLockout(ctx, groupId, permissions);
  await withNameGuard(() =>
    ctx.run(async (tx) => {
      const group = await findGroupOrThrow(tx, ctx.school.id, groupId);
      const before = knownPermissions(group.permissions);
      if (group.name !== data.name) await assertNameFree(tx, ctx.school.id, data.name, groupId);
      await tx
        .update(userGroups)
        .set({ name: data.name, description: data.description, permissions })
        .where(and(eq(userGroups.schoolId, ctx.school.id), eq(userGroups.id, groupId)));
      if (group.name !== data.name || group.description !== data.description) {
        await recordAdminEvent(tx, ctx, {
          action: 'admin.group_updated',
          entityType: 'user_group',
          entityId: groupId,
          details: {
            from: { name: group.name, description: group.description },
            to: { name: data.name, description: data.description },
          },
          at: now,
        });
      }
      const system = permissionDiff(before, permissions);
      const changes = await saveMatrix(tx, ctx.school.id, groupId, data.cells.map(parseCell));
      if (system.added.length > 0 || system.removed.length > 0 || changes.length > 0) {
        await recordAdminEvent(tx, ctx, {
          action: 'admin.group_permissions_changed',
          entityType: 'user_group',
          entityId: groupId,
          details: { group: data.name, added: system.added, removed: system.removed, categories: changes },
          at: now,
        });
      }
    }),
  );
}
