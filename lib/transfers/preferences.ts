/**
 * Manage preferences: the categories whose incidents this school sends when it
 * authorises a transfer, kept in the school's settings (transferCategoryIds).
 * Nothing ticked sends no incidents, and the authorise page says so. Only the
 * school's own live categories can be chosen; the ids are written with
 * jsonb_set so a settings save elsewhere cannot drop them.
 */
import 'server-only';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { categories, schools } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write';
import { UserError } from '@/lib/errors';
import type { UserCtx } from '@/lib/tenancy/context';
import { transferPreferencesInput } from './schema';
import { requireTransferAdmin } from './admin';

export interface TransferPreferences {
  categories: { id: string; name: string; sent: boolean }[];
}

export async function getTransferPreferences(ctx: UserCtx): Promise<TransferPreferences> {
  requireTransferAdmin(ctx);
  const chosen = new Set(ctx.school.settings.transferCategoryIds);
  const rows = await ctx.run((tx) =>
    tx
      .select({ id: categories.id, name: categories.name })
      .from(categories)
      .where(and(eq(categories.schoolId, ctx.school.id), isNull(categories.mergedIntoId)))
      .orderBy(asc(categories.sortOrder), asc(categories.name)),
  );
  return { categories: rows.map((r) => ({ ...r, sent: chosen.has(r.id) })) };
}

export async function saveTransferPreferences(ctx: UserCtx, input: unknown, now = new Date()): Promise<number> {
  requireTransferAdmin(ctx);
  const { categoryIds } = transferPreferencesInput.parse(input);
  const ids = [...new Set(categoryIds)];
  return ctx.run(async (tx) => {
    if (ids.length > 0) {
      const own = await tx
        .select({ id: categories.id })
        .from(categories)
        .where(and(eq(categories.schoolId, ctx.school.id), inArray(categories.id, ids)));
      if (own.length !== ids.length) throw new UserError('Choose categories of this school only.');
    }
    await tx
      .update(schools)
      .set({
        settings: sql`jsonb_set(coalesce(${schools.settings}, '{}'::jsonb), '{transferCategoryIds}', ${JSON.stringify(ids)}::jsonb, true)`,
        updatedAt: now,
      })
      .where(eq(schools.id, ctx.school.id));
    await writeAudit(tx, {
      schoolId: ctx.school.id,
      actorUserId: ctx.user.id,
      action: 'transfer.preferences_changed',
      entityType: 'school',
      entityId: ctx.school.id,
      meta: ctx.meta,
      details: { categories: ids.length },
      at: now,
    });
    return ids.length;
  });
}

/** The categories the school sends now (what the authorise page previews). */
export function sentCategoryIds(ctx: UserCtx): string[] {
  return ctx.school.settings.transferCategoryIds;
}
