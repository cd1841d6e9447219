/**
 * Categories on incidents: those chosen on an incident or action form, checked
 * against the school's live ones, and those an incident or action carries now.
 */
import 'server-only';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Tx } from '@/db/scoped';
import { categories, incidentCategories } from '@/db/schema';
import { UserError } from '@/lib/errors';
import { startMonitoring } from '@/lib/monitoring/periods';
import type { Ctx } from '@/lib/tenancy/context';
import { dateInZone } from '@/lib/time/school-date';

/** Live categories of this school; on the incident a sub-category needs its parent ticked too (the form shows it under the parent). */
export async function liveCategories(
  tx: Tx,
  chosen: readonly string[],
  field: string,
  requireParents = true,
): Promise<Map<string, { name: string; parentId: string | null }>> {
  if (chosen.length === 0) return new Map();
  const rows = await tx
    .select({ id: categories.id, name: categories.name, parentId: categories.parentId })
    .from(categories)
    .where(and(inArray(categories.id, [...chosen]), isNull(categories.archivedAt)))
    // Held until the record commits: a merge or delete of these categories waits for it,
    // and an add that waits for a merge then finds the category disabled.
    .for('share');
  const byId = new Map(rows.map((r) => [r.id, { name: r.name, parentId: r.parentId }]));
  for (const id of chosen) {
    const c = byId.get(id);
    if (!c)
      throw new UserError('Please correct the highlighted fields.', { [field]: ['Choose categories from the list.'] });
    if (requireParents && c.parentId && !byId.has(c.parentId)) {
      throw new UserError('Please correct the highlighted fields.', {
        [field]: [`Tick the parent category of “${c.name}” too.`],
      });
    }
  }
  return byId;
}

export interface CategoryOnRecord {
  incidentId: string;
  /** The action that added it; null for the incident's own. */
  actionId: string | null;
  id: string;
  name: string;
  colour: string;
  parentName: string | null;
}

const parentCategory = alias(categories, 'parent_category');

/**
 * The live (not removed) categories on these incidents, their own and their
 * actions', or on these actions: one row each, in the school's category order.
 */
export async function categoriesOn(
  tx: Tx,
  ids: readonly string[],
  by: 'incident' | 'action' = 'incident',
): Promise<CategoryOnRecord[]> {
  if (ids.length === 0) return [];
  return tx
    .select({
      incidentId: incidentCategories.incidentId,
      actionId: incidentCategories.actionId,
      id: categories.id,
      name: categories.name,
      colour: categories.colour,
      parentName: parentCategory.name,
    })
    .from(incidentCategories)
    .innerJoin(categories, eq(categories.id, incidentCategories.categoryId))
    .leftJoin(parentCategory, eq(parentCategory.id, categories.parentId))
    .where(
      and(
        inArray(by === 'incident' ? incidentCategories.incidentId : incidentCategories.actionId, [...ids]),
        isNull(incidentCategories.removedAt),
      ),
    )
    .orderBy(asc(categories.sortOrder), asc(categories.name));
}

/** Categories newly on an incident start monitoring its pupil in them, from the day it happened (the school's date). */
export async function monitorFromIncident(
  tx: Tx,
  ctx: Ctx,
  incident: { id: string; studentId: string },
  categoryIds: readonly string[],
  occurredAt: Date,
): Promise<void> {
  const day = dateInZone(ctx.school.timeZone, occurredAt);
  for (const categoryId of categoryIds) {
    await startMonitoring(tx, {
      schoolId: ctx.school.id,
      studentId: incident.studentId,
      categoryId,
      startedOn: day,
      via: 'incident',
      by: ctx.user?.id ?? null,
      incidentId: incident.id,
    });
  }
}
