/**
 * Writes for Admin → Categories: a new category with every user group's
 * rights in it (one transaction), rename and recolour, disable and enable.
 * Deleting an unused category and merging live in ./category-merge.ts (they
 * need the privileged path: the app role cannot DELETE).
 *
 * A category's name is read from its row wherever it is shown, so a rename
 * shows on every past incident and monitoring period at once; the page warns
 * not to change what a category means.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { categories, userGroupCategoryPermissions, userGroups } from '@/db/schema';
import { NotFoundError, UserError } from '@/lib/errors';
import type { Ctx } from '@/lib/tenancy/context';
import { recordAdminEvent } from '@/lib/audit/admin-events';
import { categoryRefInput, newCategoryInput, parseGroupRight, renameCategoryInput } from './category-schema';
import { isUniqueViolation } from './db-errors';
import { requireAdmin } from './guard';
import type { CategoryRights } from './types';

const NAME_TAKEN = 'Another category here already has this name (disabled and merged ones count too).';
const MERGED = 'This category was merged into another and stays only for history.';

/** The two partial unique indexes on names (top-level, and among one parent's sub-categories). */
async function withNameGuard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (
      isUniqueViolation(e, 'categories_school_top_name_key') ||
      isUniqueViolation(e, 'categories_school_sub_name_key')
    )
      throw new UserError(NAME_TAKEN, { name: [NAME_TAKEN] });
    throw e;
  }
}

async function assertNameFree(tx: Tx, schoolId: string, name: string, parentId: string | null, exceptId?: string) {
  const rows = await tx
    .select({ id: categories.id })
    .from(categories)
    .where(
      and(
        eq(categories.schoolId, schoolId),
        parentId ? eq(categories.parentId, parentId) : isNull(categories.parentId),
        sql`lower(${categories.name}) = ${name.toLowerCase()}`,
        exceptId ? ne(categories.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  if (rows[0]) throw new UserError(NAME_TAKEN, { name: [NAME_TAKEN] });
}

/** The categories' rows in this school, locked for the change, in id order (so two changes cannot deadlock). */
export async function lockCategories(tx: Tx, schoolId: string, ids: string[]) {
  return tx
    .select({
      id: categories.id,
      name: categories.name,
      colour: categories.colour,
      parentId: categories.parentId,
      archivedAt: categories.archivedAt,
      mergedIntoId: categories.mergedIntoId,
    })
    .from(categories)
    .where(and(eq(categories.schoolId, schoolId), inArray(categories.id, ids)))
    .orderBy(asc(categories.id))
    .for('update');
}

/** The category's row in this school, locked for the change; NotFoundError otherwise. */
export async function lockCategory(tx: Tx, schoolId: string, categoryId: string) {
  const [row] = await lockCategories(tx, schoolId, [categoryId]);
  if (!row) throw new NotFoundError('category');
  return row;
}

export async function createCategory(ctx: Ctx, input: unknown, now = new Date()): Promise<{ categoryId: string }> {
  requireAdmin(ctx);
  const data = newCategoryInput.parse(input);
  const schoolId = ctx.school.id;
  return withNameGuard(() =>
    ctx.run(async (tx) => {
      if (data.parentId) {
        const parent = await lockCategory(tx, schoolId, data.parentId).catch((e: unknown) => {
          throw e instanceof NotFoundError
            ? new UserError('Choose a parent from the list.', { parentId: ['Choose a parent from the list.'] })
            : e;
        });
        // One level only: the lists, the lozenges and the add-incident form show a parent with its children beneath.
        if (parent.parentId !== null) {
          const msg = 'A sub-category cannot have sub-categories of its own. Choose a top-level category.';
          throw new UserError(msg, { parentId: [msg] });
        }
        if (parent.archivedAt) {
          const msg = 'That category is disabled. Enable it first, or choose another parent.';
          throw new UserError(msg, { parentId: [msg] });
        }
      }
      await assertNameFree(tx, schoolId, data.name, data.parentId ?? null);

      const groups = await tx
        .select({ id: userGroups.id, name: userGroups.name })
        .from(userGroups)
        .where(eq(userGroups.schoolId, schoolId));
      const groupNames = new Map(groups.map((g) => [g.id, g.name]));
      const rights = new Map<string, CategoryRights>();
      for (const cell of data.rights.map(parseGroupRight)) {
        if (!groupNames.has(cell.userGroupId)) throw new NotFoundError('user group');
        const r = rights.get(cell.userGroupId) ?? { viewStudents: false, viewIncidents: false, addIncidents: false };
        r[cell.right] = true;
        rights.set(cell.userGroupId, r);
      }

      const [last] = await tx
        .select({ max: sql<number | null>`max(${categories.sortOrder})` })
        .from(categories)
        .where(
          and(
            eq(categories.schoolId, schoolId),
            data.parentId ? eq(categories.parentId, data.parentId) : isNull(categories.parentId),
          ),
        );
      const categoryId = randomUUID();
      await tx.insert(categories).values({
        schoolId,
        id: categoryId,
        name: data.name,
        colour: data.colour,
        parentId: data.parentId ?? null,
        sortOrder: (last?.max ?? 0) + 1,
        createdAt: now,
      });
      if (rights.size > 0) {
        await tx
          .insert(userGroupCategoryPermissions)
          .values([...rights].map(([userGroupId, r]) => ({ schoolId, userGroupId, categoryId, ...r })));
      }
      await recordAdminEvent(tx, ctx, {
        action: 'admin.category_created',
        entityType: 'category',
        entityId: categoryId,
        details: {
          name: data.name,
          colour: data.colour,
          parentId: data.parentId ?? null,
          rights: [...rights].map(([userGroupId, r]) => ({ userGroupId, group: groupNames.get(userGroupId), ...r })),
        },
        at: now,
      });
      return { categoryId };
    }),
  );
}

export async function renameCategory(ctx: Ctx, input: unknown, now = new Date()): Promise<void> {
  requireAdmin(ctx);
  const data = renameCategoryInput.parse(input);
  const schoolId = ctx.school.id;
  await withNameGuard(() =>
    ctx.run(async (tx) => {
      const row = await lockCategory(tx, schoolId, data.categoryId);
      if (row.mergedIntoId) throw new UserError(MERGED);
      if (row.name === data.name && row.colour === data.colour) return;
      if (row.name.toLowerCase() !== data.name.toLowerCase())
        await assertNameFree(tx, schoolId, data.name, row.parentId, row.id);
      await tx
        .update(categories)
        .set({ name: data.name, colour: data.colour })
        .where(and(eq(categories.schoolId, schoolId), eq(categories.id, row.id)));
      await recordAdminEvent(tx, ctx, {
        action: 'admin.category_renamed',
        entityType: 'category',
        entityId: row.id,
        details: { from: { name: row.name, colour: row.colour }, to: { name: data.name, colour: data.colour } },
        at: now,
      });
    }),
  );
}

/**
 * Disable: no new incidents or monitoring in it (the add forms and services
 * take only enabled categories); it stays in history, reports and filters.
 * A parent takes its enabled sub-categories with it, since a sub-category is
 * only offered under its parent.
 */
export async function disableCategory(ctx: Ctx, input: unknown, now = new Date()): Promise<void> {
  requireAdmin(ctx);
  const { categoryId } = categoryRefInput.parse(input);
  const schoolId = ctx.school.id;
  await ctx.run(async (tx) => {
    const row = await lockCategory(tx, schoolId, categoryId);
    if (row.archivedAt) return;
    const children = await tx
      .update(categories)
      .set({ archivedAt: now })
      .where(and(eq(categories.schoolId, schoolId), eq(categories.parentId, row.id), isNull(categories.archivedAt)))
      .returning({ id: categories.id, name: categories.name });
    await tx
      .update(categories)
      .set({ archivedAt: now })
      .where(and(eq(categories.schoolId, schoolId), eq(categories.id, row.id)));
    await recordAdminEvent(tx, ctx, {
      action: 'admin.category_disabled',
      entityType: 'category',
      entityId: row.id,
      details: { name: row.name, subCategories: children },
      at: now,
    });
  });
}

export async function enableCategory(ctx: Ctx, input: unknown, now = new Date()): Promise<void> {
  requireAdmin(ctx);
  const { categoryId } = categoryRefInput.parse(input);
  const schoolId = ctx.school.id;
  await ctx.run(async (tx) => {
    const row = await lockCategory(tx, schoolId, categoryId);
    if (row.mergedIntoId) throw new UserError(MERGED);
    if (!row.archivedAt) return;
    if (row.parentId) {
      const parent = await lockCategory(tx, schoolId, row.parentId);
      if (parent.archivedAt) throw new UserError(`Enable its parent category “${parent.name}” first.`);
    }
    await tx
      .update(categories)
      .set({ archivedAt: null })
      .where(and(eq(categories.schoolId, schoolId), eq(categories.id, row.id)));
    await recordAdminEvent(tx, ctx, {
      action: 'admin.category_enabled',
      entityType: 'category',
      entityId: row.id,
      details: { name: row.name },
      at: now,
    });
  });
}
