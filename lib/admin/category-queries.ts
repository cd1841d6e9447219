/**
 * Reads for Admin → Categories: the list with how much each category holds,
 * one category with what may be done to it, and the new category form's
 * choices (parents, colours to copy, the user groups of the permission grid).
 */
import 'server-only';
import { and, asc, desc, eq, or, sql } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { alertRules, auditLog, categories, incidentCategories, monitoringPeriods, userGroups } from '@/db/schema';
import { NotFoundError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import type { Ctx } from '@/lib/tenancy/context';
import type { MergeCounts } from './category-schema';
import { requireAdmin } from './guard';

export type CategoryStatus = 'enabled' | 'disabled' | 'merged';

export interface CategoryListItem {
  id: string;
  name: string;
  colour: string;
  parentId: string | null;
  parentName: string | null;
  status: CategoryStatus;
  legacy: boolean;
  mergedIntoName: string | null;
  /** Incidents where the category is live (its own or added by an action). */
  incidents: number;
  /** Pupils monitored in it now, and every period ever (ended ones included). */
  monitoredNow: number;
  monitoringPeriods: number;
}

export interface CategoryDetail extends CategoryListItem {
  /** For a merged category: what its merge moved, from the merge's audit row. */
  merge: { at: Date; counts: MergeCounts } | null;
  /** Nothing has ever used it, so it may be deleted rather than disabled. */
  neverUsed: boolean;
  hasChildren: boolean;
  /** Where it may be merged into: enabled categories other than itself and its sub-categories. */
  mergeTargets: { id: string; name: string }[];
}

export interface NewCategoryChoices {
  parents: { id: string; name: string }[];
  colours: { id: string; name: string; colour: string }[];
  groups: { id: string; name: string }[];
}

const statusOf = (r: { archivedAt: Date | null; mergedIntoId: string | null }): CategoryStatus =>
  r.mergedIntoId ? 'merged' : r.archivedAt ? 'disabled' : 'enabled';

/** Every category of the school with its counts, parents first then each one's sub-categories. */
async function loadCategories(tx: Tx, schoolId: string): Promise<CategoryListItem[]> {
  const incidentCount = tx
    .select({
      categoryId: incidentCategories.categoryId,
      n: sql<number>`count(distinct ${incidentCategories.incidentId})::int`.as('n'),
    })
    .from(incidentCategories)
    .where(and(eq(incidentCategories.schoolId, schoolId), sql`${incidentCategories.removedAt} is null`))
    .groupBy(incidentCategories.categoryId)
    .as('ic');
  const monitoringCount = tx
    .select({
      categoryId: monitoringPeriods.categoryId,
      now: sql<number>`count(*) filter (where ${monitoringPeriods.endedOn} is null)::int`.as('now'),
      all: sql<number>`count(*)::int`.as('all_periods'),
    })
    .from(monitoringPeriods)
    .where(eq(monitoringPeriods.schoolId, schoolId))
    .groupBy(monitoringPeriods.categoryId)
    .as('mp');
  const rows = await tx
    .select({
      id: categories.id,
      name: categories.name,
      colour: categories.colour,
      parentId: categories.parentId,
      sortOrder: categories.sortOrder,
      archivedAt: categories.archivedAt,
      mergedIntoId: categories.mergedIntoId,
      legacy: categories.legacy,
      incidents: incidentCount.n,
      monitoredNow: monitoringCount.now,
      monitoringPeriods: monitoringCount.all,
    })
    .from(categories)
    .leftJoin(incidentCount, eq(incidentCount.categoryId, categories.id))
    .leftJoin(monitoringCount, eq(monitoringCount.categoryId, categories.id))
    .where(eq(categories.schoolId, schoolId))
    .orderBy(asc(categories.sortOrder), asc(sql`lower(${categories.name})`));
  const names = new Map(rows.map((r) => [r.id, r.name]));
  const items = rows.map((r): CategoryListItem => ({
    id: r.id,
    name: r.name,
    colour: r.colour,
    parentId: r.parentId,
    parentName: r.parentId ? (names.get(r.parentId) ?? null) : null,
    status: statusOf(r),
    legacy: r.legacy,
    mergedIntoName: r.mergedIntoId ? (names.get(r.mergedIntoId) ?? null) : null,
    incidents: r.incidents ?? 0,
    monitoredNow: r.monitoredNow ?? 0,
    monitoringPeriods: r.monitoringPeriods ?? 0,
  }));
  const tops = items.filter((c) => c.parentId === null);
  return tops.flatMap((top) => [top, ...items.filter((c) => c.parentId === top.id)]);
}

export async function listCategories(ctx: Ctx): Promise<CategoryListItem[]> {
  requireAdmin(ctx);
  return ctx.run((tx) => loadCategories(tx, ctx.school.id));
}

/**
 * Whether anything refers to the category: an incident or action (live or
 * not), a monitoring period, an alert rule, a sub-category or a category
 * merged into it. Only such a category may be deleted outright.
 */
export async function categoryInUse(tx: Tx, schoolId: string, categoryId: string): Promise<boolean> {
  const checks = [
    tx
      .select({ x: sql`1` })
      .from(incidentCategories)
      .where(and(eq(incidentCategories.schoolId, schoolId), eq(incidentCategories.categoryId, categoryId)))
      .limit(1),
    tx
      .select({ x: sql`1` })
      .from(monitoringPeriods)
      .where(and(eq(monitoringPeriods.schoolId, schoolId), eq(monitoringPeriods.categoryId, categoryId)))
      .limit(1),
    tx
      .select({ x: sql`1` })
      .from(alertRules)
      .where(and(eq(alertRules.schoolId, schoolId), eq(alertRules.categoryId, categoryId)))
      .limit(1),
    tx
      .select({ x: sql`1` })
      .from(categories)
      .where(
        and(
          eq(categories.schoolId, schoolId),
          or(eq(categories.parentId, categoryId), eq(categories.mergedIntoId, categoryId)),
        ),
      )
      .limit(1),
  ];
  for (const check of checks) if ((await check).length > 0) return true;
  return false;
}

export async function getCategory(ctx: Ctx, categoryId: string): Promise<CategoryDetail> {
  requireAdmin(ctx);
  if (!isUuid(categoryId)) throw new NotFoundError('category');
  return ctx.run(async (tx) => {
    const all = await loadCategories(tx, ctx.school.id);
    const item = all.find((c) => c.id === categoryId);
    if (!item) throw new NotFoundError('category');
    const children = all.filter((c) => c.parentId === item.id);
    const [merged] =
      item.status === 'merged'
        ? await tx
            .select({ at: auditLog.at, details: auditLog.details })
            .from(auditLog)
            .where(
              and(
                eq(auditLog.schoolId, ctx.school.id),
                eq(auditLog.entityId, item.id),
                eq(auditLog.action, 'admin.category_merged'),
              ),
            )
            .orderBy(desc(auditLog.at))
            .limit(1)
        : [];
    return {
      ...item,
      merge: merged ? { at: merged.at, counts: merged.details as unknown as MergeCounts } : null,
      neverUsed: !(await categoryInUse(tx, ctx.school.id, item.id)),
      hasChildren: children.length > 0,
      mergeTargets: all
        .filter((c) => c.status === 'enabled' && c.id !== item.id && c.parentId !== item.id)
        .map((c) => ({ id: c.id, name: c.parentName ? `${c.parentName} › ${c.name}` : c.name })),
    };
  });
}

export async function getNewCategoryChoices(ctx: Ctx): Promise<NewCategoryChoices> {
  requireAdmin(ctx);
  return ctx.run(async (tx) => {
    const all = await loadCategories(tx, ctx.school.id);
    const groups = await tx
      .select({ id: userGroups.id, name: userGroups.name })
      .from(userGroups)
      .where(eq(userGroups.schoolId, ctx.school.id))
      .orderBy(asc(sql`lower(${userGroups.name})`));
    return {
      parents: all
        .filter((c) => c.parentId === null && c.status === 'enabled')
        .map((c) => ({ id: c.id, name: c.name })),
      colours: all
        .filter((c) => c.status !== 'merged')
        .map((c) => ({ id: c.id, name: c.parentName ? `${c.parentName} › ${c.name}` : c.name, colour: c.colour })),
      groups,
    };
  });
}
