/**
 * Admin → Categories: deleting a category nothing ever used, and merging one
 * category into another. Both need a DELETE the app role does not have (the
 * category and its permission rows; monitoring periods a merge folds
 * together), so they run on the named privileged path ('category-admin'),
 * which row-level security does not limit: every statement here names the
 * school, and every id was read with it. Only an administrator using their
 * key gets here (requireAdmin, through lib/access).
 *
 * A merge is one transaction. It locks both category rows first; the
 * add-incident, add-action and monitoring services read the categories they
 * write with FOR SHARE, so an add racing a merge either commits first (and
 * its rows are then moved) or waits and finds the category disabled (and is
 * refused, with what was typed kept). Nothing is lost and nothing doubled:
 * an incident or action already in the target keeps its target row (the
 * source row is marked removed, its history is in the versions), and a
 * pupil's overlapping periods in the two categories become one period
 * covering both, the folded rows written whole into the audit row.
 */
import 'server-only';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { privileged } from '@/db/privileged';
import type { Tx } from '@/db/scoped';
import {
  alertRules,
  categories,
  incidentCategories,
  monitoringPeriods,
  userGroupCategoryPermissions,
} from '@/db/schema';
import { NotFoundError, UserError } from '@/lib/errors';
import type { Ctx } from '@/lib/tenancy/context';
import { recordAdminEvent } from '@/lib/audit/admin-events';
import { categoryInUse } from './category-queries';
import { categoryRefInput, mergeCategoryInput, type MergeCounts } from './category-schema';
import { lockCategories, lockCategory } from './category-service';
import { requireAdmin } from './guard';

const NO_ACTION = sql`'00000000-0000-0000-0000-000000000000'::uuid`;

/** Deletes a category nothing refers to (with its rows of user group rights). */
export async function deleteCategory(ctx: Ctx, input: unknown, now = new Date()): Promise<void> {
  requireAdmin(ctx);
  const { categoryId } = categoryRefInput.parse(input);
  const schoolId = ctx.school.id;
  await privileged('category-admin', `delete unused category ${categoryId} of school ${schoolId}`, async (tx) => {
    // Locked before the check: an add that already read it holds it FOR SHARE until it commits.
    const row = await lockCategory(tx, schoolId, categoryId);
    if (await categoryInUse(tx, schoolId, row.id)) {
      throw new UserError('This category has been used, so it cannot be deleted. Disable it instead.');
    }
    const rights = await tx
      .delete(userGroupCategoryPermissions)
      .where(
        and(eq(userGroupCategoryPermissions.schoolId, schoolId), eq(userGroupCategoryPermissions.categoryId, row.id)),
      )
      .returning({ userGroupId: userGroupCategoryPermissions.userGroupId });
    await tx.delete(categories).where(and(eq(categories.schoolId, schoolId), eq(categories.id, row.id)));
    await recordAdminEvent(tx, ctx, {
      action: 'admin.category_deleted',
      entityType: 'category',
      entityId: row.id,
      details: { name: row.name, colour: row.colour, parentId: row.parentId, userGroupsWithRights: rights.length },
      at: now,
    });
  });
}

type Period = typeof monitoringPeriods.$inferSelect;

/** Groups a pupil's periods (sorted by start) into runs that overlap; an open end runs for ever. */
export function overlappingRuns<T extends { startedOn: string; endedOn: string | null }>(periods: T[]): T[][] {
  const sorted = [...periods].sort((a, b) => a.startedOn.localeCompare(b.startedOn));
  const runs: T[][] = [];
  let end: string | null | undefined;
  for (const p of sorted) {
    const last = runs.at(-1);
    if (last && (end === null || (end !== undefined && p.startedOn <= end))) {
      last.push(p);
      if (end !== null) end = p.endedOn === null || p.endedOn > end ? p.endedOn : end;
    } else {
      runs.push([p]);
      end = p.endedOn;
    }
  }
  return runs;
}

/** Folds every run of overlapping periods that holds a source period into its earliest row; returns the rows removed. */
async function foldMonitoring(tx: Tx, schoolId: string, sourceId: string, targetId: string): Promise<Period[]> {
  const sourceStudents = tx
    .select({ id: monitoringPeriods.studentId })
    .from(monitoringPeriods)
    .where(and(eq(monitoringPeriods.schoolId, schoolId), eq(monitoringPeriods.categoryId, sourceId)));
  const periods = await tx
    .select()
    .from(monitoringPeriods)
    .where(
      and(
        eq(monitoringPeriods.schoolId, schoolId),
        inArray(monitoringPeriods.categoryId, [sourceId, targetId]),
        inArray(monitoringPeriods.studentId, sourceStudents),
      ),
    )
    .for('update');
  const byStudent = new Map<string, Period[]>();
  for (const p of periods) byStudent.set(p.studentId, [...(byStudent.get(p.studentId) ?? []), p]);

  const removed: Period[] = [];
  for (const list of byStudent.values()) {
    for (const run of overlappingRuns(list)) {
      if (run.length < 2 || !run.some((p) => p.categoryId === sourceId)) continue;
      const [kept, ...others] = run as [Period, ...Period[]];
      const open = run.find((p) => p.endedOn === null);
      const latest = run.reduce((a, b) => ((b.endedOn ?? '') > (a.endedOn ?? '') ? b : a));
      const end = open ? { endedOn: null, endedVia: null, endedBy: null } : latest;
      // Removed before the kept row changes: two running periods of one pupil and category cannot coexist.
      await tx.delete(monitoringPeriods).where(
        and(
          eq(monitoringPeriods.schoolId, schoolId),
          inArray(
            monitoringPeriods.id,
            others.map((p) => p.id),
          ),
        ),
      );
      await tx
        .update(monitoringPeriods)
        .set({ categoryId: targetId, endedOn: end.endedOn, endedVia: end.endedVia, endedBy: end.endedBy })
        .where(and(eq(monitoringPeriods.schoolId, schoolId), eq(monitoringPeriods.id, kept.id)));
      removed.push(...others);
    }
  }
  return removed;
}

export async function mergeCategory(ctx: Ctx, input: unknown, now = new Date()): Promise<MergeCounts> {
  requireAdmin(ctx);
  const data = mergeCategoryInput.parse(input);
  const schoolId = ctx.school.id;
  if (data.categoryId === data.targetId) {
    const msg = 'Choose another category to merge into.';
    throw new UserError(msg, { targetId: [msg] });
  }
  const detail = `merge category ${data.categoryId} into ${data.targetId} at school ${schoolId}`;
  return privileged('category-admin', detail, async (tx) => {
    const locked = await lockCategories(tx, schoolId, [data.categoryId, data.targetId]);
    const source = locked.find((c) => c.id === data.categoryId);
    const target = locked.find((c) => c.id === data.targetId);
    if (!source) throw new NotFoundError('category');
    if (!target) {
      const msg = 'Choose the category to merge into from the list.';
      throw new UserError(msg, { targetId: [msg] });
    }
    if (source.mergedIntoId) throw new UserError('This category has already been merged into another.');
    if (data.confirmName !== source.name) {
      throw new UserError('Nothing was merged: the category’s name was not typed exactly.', {
        confirmName: [`Type the category’s name exactly as shown: ${source.name}`],
      });
    }
    if (target.archivedAt || target.mergedIntoId) {
      const msg = 'That category is disabled. Merge into an enabled category.';
      throw new UserError(msg, { targetId: [msg] });
    }
    const [child] = await tx
      .select({ id: categories.id })
      .from(categories)
      .where(
        and(eq(categories.schoolId, schoolId), eq(categories.parentId, source.id), isNull(categories.mergedIntoId)),
      )
      .limit(1);
    if (child) {
      const msg = 'This category has sub-categories: merge each of them first.';
      throw new UserError(msg, { targetId: [msg] });
    }

    const sourceRows = await tx
      .select({ incidentId: incidentCategories.incidentId, actionId: incidentCategories.actionId })
      .from(incidentCategories)
      .where(
        and(
          eq(incidentCategories.schoolId, schoolId),
          eq(incidentCategories.categoryId, source.id),
          isNull(incidentCategories.removedAt),
        ),
      );
    const already = await tx
      .update(incidentCategories)
      .set({ removedAt: now })
      .where(
        and(
          eq(incidentCategories.schoolId, schoolId),
          eq(incidentCategories.categoryId, source.id),
          isNull(incidentCategories.removedAt),
          sql`exists (select 1 from incident_categories t
                       where t.school_id = ${schoolId} and t.incident_id = ${incidentCategories.incidentId}
                         and t.category_id = ${target.id} and t.removed_at is null
                         and coalesce(t.action_id, ${NO_ACTION}) = coalesce(${incidentCategories.actionId}, ${NO_ACTION}))`,
        ),
      )
      .returning({ incidentId: incidentCategories.incidentId });
    await tx
      .update(incidentCategories)
      .set({ categoryId: target.id })
      .where(and(eq(incidentCategories.schoolId, schoolId), eq(incidentCategories.categoryId, source.id)));

    const monitoringCount = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(monitoringPeriods)
      .where(and(eq(monitoringPeriods.schoolId, schoolId), eq(monitoringPeriods.categoryId, source.id)));
    const folded = await foldMonitoring(tx, schoolId, source.id, target.id);
    await tx
      .update(monitoringPeriods)
      .set({ categoryId: target.id })
      .where(and(eq(monitoringPeriods.schoolId, schoolId), eq(monitoringPeriods.categoryId, source.id)));

    // A person alerted about both keeps one live rule.
    await tx
      .update(alertRules)
      .set({ removedAt: now })
      .where(
        and(
          eq(alertRules.schoolId, schoolId),
          eq(alertRules.categoryId, source.id),
          isNull(alertRules.removedAt),
          sql`exists (select 1 from alert_rules t where t.school_id = ${schoolId} and t.user_id = ${alertRules.userId}
                        and t.category_id = ${target.id} and t.removed_at is null)`,
        ),
      );
    const rules = await tx
      .update(alertRules)
      .set({ categoryId: target.id })
      .where(and(eq(alertRules.schoolId, schoolId), eq(alertRules.categoryId, source.id)))
      .returning({ id: alertRules.id });

    await tx
      .update(categories)
      .set({ mergedIntoId: target.id })
      .where(and(eq(categories.schoolId, schoolId), eq(categories.mergedIntoId, source.id)));
    await tx
      .update(categories)
      .set({ archivedAt: source.archivedAt ?? now, mergedIntoId: target.id })
      .where(and(eq(categories.schoolId, schoolId), eq(categories.id, source.id)));

    const counts: MergeCounts = {
      incidents: new Set(sourceRows.filter((r) => r.actionId === null).map((r) => r.incidentId)).size,
      actions: new Set(sourceRows.flatMap((r) => (r.actionId ? [r.actionId] : []))).size,
      alreadyInTarget: already.length,
      monitoringPeriods: monitoringCount[0]?.n ?? 0,
      monitoringFolded: folded.length,
      alertRules: rules.length,
    };
    await recordAdminEvent(tx, ctx, {
      action: 'admin.category_merged',
      entityType: 'category',
      entityId: source.id,
      details: {
        name: source.name,
        into: { id: target.id, name: target.name },
        ...counts,
        foldedPeriods: folded.map((p) => ({ ...p, createdAt: p.createdAt.toISOString() })),
      },
      at: now,
    });
    return counts;
  });
}
